"""R-PROC-1, R-PROC-6, R-PROC-7 in a real browser: an officer records a penalty case from intake to
closure through the web pages only (Debian's Chromium driven by Playwright against `lawtrail serve`),
the unit head and the agency head approve from their inboxes, and the pages are screenshotted.
The screenshots land in $LAWTRAIL_SCREENSHOTS (or the test's temporary directory)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.web.test_browser import _login, browser, server  # noqa: F401 - shared fixtures

FILL_FORM = """
(overrides) => {
  const form = document.querySelector('form.recordform');
  const when = form.elements['occurred_at'].value;
  const set = (el, v) => { el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); };
  form.querySelectorAll('fieldset.content .field').forEach((box) => {
    const kind = box.dataset.kind, name = 'c_' + box.dataset.name;
    if (name in overrides) {
      const el = form.elements[name];
      if (el.tagName === 'SELECT') {
        const opt = [...el.options].find(o => o.text.includes(overrides[name]) || o.value === overrides[name]);
        set(el, opt.value);
      } else set(el, overrides[name]);
      return;
    }
    if (kind === 'multichoice') {
      box.querySelectorAll('input[type=checkbox]').forEach(c => { c.checked = true; });
      return;
    }
    const el = form.elements[name];
    if (kind === 'true') { el.checked = true; return; }
    if (kind === 'signatures') {
      box.querySelectorAll('.sigrow').forEach((row) => {
        const name = row.querySelector('input[name$="_name"]');
        if (row.querySelector('label').textContent.includes('*')) name.value = '张建华';
      });
      return;
    }
    if (!el || el.value) return;
    if (kind === 'persons') set(el, '张建华, 11010519491231002X, 当事人\\n李明, , 见证人\\n陈静, , 见证人');
    else if (kind === 'items') set(el, '占道经营货架, 2, 个\\n遮阳棚, 1, 个');
    else if (kind === 'textarea') set(el, '经查，当事人在幸福路口占道摆放货架经营，有现场照片和询问笔录为证。');
    else if (kind === 'text') set(el, '详见案卷');
    else if (kind === 'datetime') set(el, when);
    else if (kind === 'date') set(el, when.slice(0, 10));
    else if (kind === 'decimal' || kind === 'int') set(el, '200');
    else if (kind === 'choice' || kind === 'record') set(el, el.options[1].value);
  });
}
"""


def _shots(tmp_path) -> Path:
    path = Path(os.environ.get("LAWTRAIL_SCREENSHOTS") or tmp_path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_penalty_case_from_intake_to_closure_through_the_web(server, browser, tmp_path):  # noqa: F811
    base, logins = server
    shots = _shots(tmp_path)
    officer = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    _login(officer, base, "officer", logins["officer"])
    heads = {}
    for who in ("unithead", "agencyhead"):
        heads[who] = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                         is_mobile=True).new_page()
        _login(heads[who], base, who, logins[who])

    # Intake: a new case and its party.
    officer.click("text=新建案件")
    officer.select_option("#procedure", "penalty")
    officer.fill("#title", "张建华幸福路口占道经营案")
    officer.select_option("#unit", label="市容环卫执法中队")
    officer.check("input[name=handlers] >> nth=0")
    officer.click("button:has-text('启动案件')")
    assert "已启动" in officer.inner_text("main")
    officer.fill("#name", "张建华")
    officer.fill("#id_no", "11010519491231002X")
    officer.fill("#address", "示例区幸福路18号")
    officer.click("button:has-text('保存')")
    case_url = officer.url

    def record(name: str, expect_ok: bool = True, **overrides) -> str:
        officer.goto(case_url)
        officer.click(f".next a:has-text('{name}')")
        officer.fill("#place", "示例区幸福路口")
        # Investigation, inspection and service need two officers (R-INV-1, R-SRV-1).
        boxes = officer.locator("input[name=officers]")
        for i in range(2):
            boxes.nth(i).check()
        officer.evaluate(FILL_FORM, overrides)
        officer.click("form.recordform button.primary")
        if expect_ok:
            assert "已记录" in officer.inner_text("main"), officer.inner_text("main")[:2000]
        return officer.url

    def approve(record_url: str) -> None:
        for who in ("unithead", "agencyhead"):
            page = heads[who]
            page.goto(f"{base}/approvals/")
            page.click(f"a[href='{record_url.replace(base, '')}']")
            page.fill("#opinion", "经审核，事实清楚，同意。")
            page.click("button:has-text('同意')")
            assert "您的意见已记入留痕记录" in page.inner_text("main")

    record("案件来源登记", c_channel="inspection")
    filing = record("立案审批表")
    officer.screenshot(path=str(shots / "filing-pending.png"), full_page=True)
    heads["unithead"].goto(f"{base}/approvals/")
    heads["unithead"].screenshot(path=str(shots / "inbox-phone.png"), full_page=True)
    approve(filing)

    # A step out of order is refused with the rule, and what was typed stays (R-PROC-6).
    officer.goto(case_url)
    assert "行政处罚决定书" not in officer.locator(".next a").all_inner_texts()
    record("现场检查（勘验）笔录")
    record("询问（调查）笔录")
    record("案件调查终结报告")
    notice = record("行政处罚事先告知书（权利告知书）")
    record("送达回证", c_document="事先告知书", c_method="direct")
    assert notice
    record("陈述申辩笔录及复核意见")
    approve(record("处理决定审批表（决定草案）"))
    decision = record("行政处罚决定书")
    officer.goto(decision)
    officer.screenshot(path=str(shots / "decision.png"), full_page=True)
    # E-mail service of a decision is refused, naming R-SRV-4.
    record("送达回证", expect_ok=False, c_document="处罚决定书", c_method="fax_email",
           c_channel_proof="截屏", c_fax_or_address="zhang@example.cn")
    assert "R-SRV-4" in officer.inner_text("main")
    record("送达回证", c_document="处罚决定书", c_method="direct")
    record("履行情况检查记录", c_performed="full")
    approve(record("结案审批表"))
    officer.goto(case_url)
    main = officer.inner_text("main")
    assert "已结案" in main
    assert officer.locator("ol.timeline li.done").count() == 8
    officer.screenshot(path=str(shots / "case-closed.png"), full_page=True)
    officer.goto(f"{decision}print/")
    assert "行政处罚决定书" in officer.inner_text("body")
    officer.screenshot(path=str(shots / "decision-print.png"), full_page=True)
    officer.goto(f"{base}/")
    officer.screenshot(path=str(shots / "workbench.png"), full_page=True)
