"""R-ARC-3, R-ARC-4 in a real browser: the custodian registers a court's request to view and copy a case for
an account outside the case (the administrator's, standing in for the court clerk's); the handling unit's head
approves it; that account, which could not open the case before, views it; the custodian makes a watermarked
copy of a record; the register shows the view and the copy with the court's data, the approver and the
custodian."""

from __future__ import annotations

import io
import json
import zipfile

from tests.web.test_browser import _login, browser, server  # noqa: F401 - shared fixtures
from tests.web.test_case_browser import _shots


def test_court_request_approved_viewed_and_registered(server, browser, tmp_path):  # noqa: F811
    base, logins = server
    shots = _shots(tmp_path)

    def as_user(username):
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        _login(page, base, username, logins[username])
        return page

    custodian = as_user("custodian")
    custodian.goto(f"{base}/cases/?q=擅自占道经营")
    link = custodian.locator("table a").first
    number = link.inner_text()
    case_url = base + link.get_attribute("href")
    viewer = as_user("admin")  # the account the court's clerk views with
    assert viewer.goto(case_url).status == 404  # not theirs to see (R-ARC-3)

    custodian.goto(f"{base}/access/requests/")
    custodian.fill("#ar-case", number)
    custodian.select_option("#ar-kind", "court")
    custodian.fill("#ar-name", "刘法官")
    custodian.fill("#ar-unit", "示例区人民法院")
    custodian.fill("#ar-phone", "027-12345678")
    custodian.fill("#ar-reason", "行政诉讼审理需要调阅案卷")
    custodian.fill("#ar-matter", "全部案卷及音像记录")
    custodian.select_option("#ar-account", "admin")
    custodian.check("input[name=wants_copy]")
    custodian.click("form.form button.primary")
    assert "示例区人民法院" in custodian.inner_text("main")

    head = as_user("unithead")
    head.goto(f"{base}/access/requests/")
    assert "刘法官" in head.inner_text("section.alerts")
    head.fill("form.decision input[name=opinion]", "同意调阅")
    head.click("form.decision button[value=true]")
    assert "张伟" in head.inner_text("main table")  # the decision, by the unit head, is on the request
    head.screenshot(path=str(shots / "access-approved.png"), full_page=True)

    response = viewer.goto(case_url)
    assert response.status == 200 and number in viewer.inner_text("h1")
    assert "仅供查阅" in viewer.inner_text("body")  # HY-A6 22: the viewer's watermark across the page
    viewer.screenshot(path=str(shots / "access-viewed.png"))

    # The custodian makes the copy (HY-A6 21) — the record's printable form with the watermark across it.
    custodian.goto(f"{base}/access/requests/")
    custodian.click("text=制作复制件")
    custodian.locator("input[name=records]").first.check()
    with custodian.expect_download() as download:
        custodian.click("form.copies button.primary")
    package = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    root = package.namelist()[0].split("/")[0]
    manifest = json.loads(package.read(f"{root}/manifest.json"))
    assert "刘法官" in manifest["watermark"] and len(manifest["items"]) == 1
    copy_html = tmp_path / "copy.html"
    copy_html.write_bytes(package.read(f"{root}/{manifest['items'][0]['file']}"))
    viewer = browser.new_context(locale="zh-CN", viewport={"width": 900, "height": 1100}).new_page()
    viewer.goto(copy_html.as_uri())
    assert manifest["watermark"] in viewer.inner_text("body")
    viewer.screenshot(path=str(shots / "copy-watermarked.png"), full_page=True)

    custodian.goto(f"{base}/access/register/")
    register = custodian.inner_text("main")
    assert "刘法官" in register and "示例区人民法院" in register and "张伟" in register and "郑红" in register
    assert "复制" in register  # the copy's row
    custodian.screenshot(path=str(shots / "access-register.png"), full_page=True)
