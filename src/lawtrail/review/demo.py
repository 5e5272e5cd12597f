"""Demo legal review: the catalogue's first entry (penalties of 10,000 yuan or more) and a major penalty
whose draft the unit head has passed and the handling unit has submitted — waiting in the legal unit's
queue for its materials to be checked."""

from __future__ import annotations

from django.db import transaction

from lawtrail.access.models import User
from lawtrail.cases.demo import _Demo
from lawtrail.registry.models import Agency
from lawtrail.review import actions
from lawtrail.review.models import MajorRule


def create_reviews(agency: Agency) -> int:
    """Create the demo catalogue entry and review once; returns how many reviews."""
    if MajorRule.objects.filter(agency=agency).exists():
        return 0
    d = _Demo(agency)
    legal = User.objects.get(username="legal", agency=agency)
    with transaction.atomic():
        actions.save_rule(user=legal, data={"name": "较大数额罚款（个人1万元、单位5万元以上）", "family": "penalty",
                                            "amount_at_least": "10000",
                                            "source": "示例：本局重大执法决定目录清单第1项（HY-A3 3）"})
        c = d.open("penalty", "鑫达建材公司违法建设案", 1, days=20)
        d.rec(c, "case_source", 20, channel="inspection")
        d.approve(d.rec(c, "filing_approval", 20, 11))
        d.rec(c, "site_inspection", 19)
        d.rec(c, "inquiry", 18, 14)
        d.rec(c, "investigation_report", 12)
        notice = d.rec(c, "rights_notice", 10)
        d.serve(c, notice, 10)
        d.rec(c, "draft_decision", 3, amount="80000")
        review = actions.start_review(user=d.officer, case=c)
        actions.add_step(user=d.unit_head, review=review, kind="prelim",
                         content={"agree": True, "opinion": "事实清楚，证据充分，同意报送法制审核。"})
        actions.add_step(user=d.officer, review=review, kind="submit", content={
            "discretion": "依据《示例区城市管理行政处罚裁量基准》第12项“较重”档，违法建设面积80平方米，罚款80000元。"})
    return 1
