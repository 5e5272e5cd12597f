"""R-LR-1..7 in a real browser: the legal reviewer takes the demo's major penalty from the queue, checks
its materials (the clock starts), records the eight review points, issues the opinion letter, sees it
printed with its number and outcome, and records where its two copies went."""

from __future__ import annotations

from tests.web.test_browser import _login, browser, server  # noqa: F401 - shared fixtures
from tests.web.test_case_browser import _shots


def test_legal_reviewer_works_a_case_from_the_queue_to_the_opinion_letter(server, browser, tmp_path):  # noqa: F811
    base, logins = server
    shots = _shots(tmp_path)
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    _login(page, base, "legal", logins["legal"])
    page.click("nav.main >> text=法制审核")
    assert "鑫达建材公司违法建设案" in page.inner_text("main")
    page.screenshot(path=str(shots / "review-queue.png"), full_page=True)
    page.click("table.queue tr:has-text('鑫达建材公司违法建设案') a")
    assert "已送审" in page.inner_text("main")
    assert "处理决定审批表" in page.inner_text("section.case-records")  # the case's records beside the review
    page.click("#check-materials")
    main = page.inner_text("main")
    assert "审核中" in main and "材料齐备" in main
    page.select_option("select[name=finding_discretion]", "problem")
    page.click("form.findings button")
    assert "请说明问题所在" in page.inner_text("main")  # a problem needs its note (R-LR-4)
    page.fill("input[name=note_discretion]", "裁量档次适当，但理由应引用面积标准")
    page.select_option("select[name=finding_discretion]", "ok")
    page.click("form.findings button")
    page.select_option("#op-outcome", "agree")
    page.fill("#op-text", "经审核，案件事实清楚，证据确凿，程序合法，适用法律正确，裁量适当，同意作出处罚决定。")
    page.click("text=出具审核意见书")
    main = page.inner_text("main")
    assert "已出具意见" in main and "同意" in main
    page.screenshot(path=str(shots / "review-decided.png"), full_page=True)
    page.click("a.button >> text=法制审核意见书")
    letter = page.inner_text("body")
    assert "重大行政执法决定法制审核意见书" in letter and "法审字〔" in letter and "第1号" in letter
    assert "同意：合法合理" in letter and "裁量档次适当" in letter
    page.screenshot(path=str(shots / "review-letter.png"), full_page=True)
    page.go_back()
    page.select_option("#cp-which", "returned")
    page.click("form:has(#cp-which) button")
    page.select_option("#cp-which", "filed")
    page.click("form:has(#cp-which) button")
    page.click("a.button >> text=法制审核意见书")
    letter = page.inner_text("body")
    assert "退回承办机构（已退回）" in letter and "留存归档（已归档）" in letter
