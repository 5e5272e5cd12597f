"""R-ARC-5 in a real browser, at a phone's size (390×844): the administrator opens a portal account for the
party 张建华 on /users/; the party logs in, finds its cases, reads the penalty decision as a document in plain
Chinese — no internal approval forms, no codes — and opens its printable copy. The officer's workbench and
case page are looked at on the same phone; the screenshots are kept (issue 12 §3, §5)."""

from __future__ import annotations

from tests.web.test_browser import _login, browser, server  # noqa: F401 - shared fixtures
from tests.web.test_case_browser import _shots

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


def test_a_party_reads_its_case_on_a_phone(server, browser, tmp_path):  # noqa: F811
    base, logins = server
    shots = _shots(tmp_path)
    admin = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    _login(admin, base, "admin", logins["admin"])
    admin.goto(f"{base}/users/")
    admin.fill("#id_username", "zhangjianhua")
    admin.fill("#id_full_name", "张建华")
    admin.fill("#id_password", "Zjh-portal-2026")
    admin.check("input[name=roles][value=party]")
    admin.fill("#id_id_no", "11010519491231002X")
    admin.click("form.form button.primary")
    assert "zhangjianhua" in admin.inner_text("main table")

    phone = browser.new_context(**PHONE).new_page()
    _login(phone, base, "zhangjianhua", "Zjh-portal-2026")
    assert "我的案件" in phone.inner_text("main h1")
    phone.screenshot(path=str(shots / "portal-home-phone.png"), full_page=True)
    phone.click("main a:has-text('张建华擅自占道经营案')")
    main = phone.inner_text("main")
    assert "行政处罚决定书" in main and "罚决" in main  # the decision as a document, with its number
    assert "立案审批表" not in main and "处理决定审批表" not in main and "考量因素" not in main
    assert "年" in main and "T0" not in main and "direct" not in main and "True" not in main
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, width  # nothing pushes the page sideways on a phone
    phone.screenshot(path=str(shots / "portal-case-phone.png"), full_page=True)
    phone.click("section.document >> nth=-1 >> a[href*='/copy/']")
    assert "张建华 当事人查阅复制" in phone.inner_text("body")
    phone.screenshot(path=str(shots / "portal-copy-phone.png"), full_page=True)

    officer = browser.new_context(**PHONE).new_page()
    _login(officer, base, "officer", logins["officer"])
    assert officer.locator("nav.main").is_hidden()  # the menu collapses on a phone …
    officer.click("button.menu-toggle")
    assert officer.locator("nav.main").is_visible()  # … and opens from its button
    officer.click("button.menu-toggle")
    width = officer.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, width
    officer.screenshot(path=str(shots / "workbench-phone.png"), full_page=True)
    officer.click("main table a >> nth=0")
    assert officer.locator("h1").count() == 1
    officer.screenshot(path=str(shots / "case-phone.png"), full_page=True)
