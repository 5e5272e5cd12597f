"""Demo cases: every procedure family at a different stage, with dates relative to today so that the
workbench shows live deadlines — due, due soon, overdue, met late. Written through the actions like any
real case, so the demo trail verifies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from lawtrail.access.models import User
from lawtrail.cases import actions
from lawtrail.cases.models import Case, Record
from lawtrail.cases.samples import sample_content
from lawtrail.procedures.catalogue import R
from lawtrail.registry.models import Agency, Officer, Unit

PARTIES = [
    {"kind": "person", "name": "张建华", "id_type": "resident_id", "id_no": "11010519491231002X",
     "address": "示例区幸福路18号", "phone": "13800138000"},
    {"kind": "organisation", "name": "示例区鑫达建材有限公司", "id_type": "uscc", "id_no": "91420112MA4KXXXX0Q",
     "legal_rep": "刘志强", "address": "示例区工业园3号", "phone": "027-88886666"},
    {"kind": "person", "name": "李秀英", "id_type": "resident_id", "id_no": "420112198803150025",
     "address": "示例区东湖街7号", "phone": "13900139000"},
]


class _Demo:
    def __init__(self, agency: Agency):
        self.agency = agency
        self.officer = User.objects.get(username="officer", agency=agency)
        self.unit_head = User.objects.get(username="unithead", agency=agency)
        self.agency_head = User.objects.get(username="agencyhead", agency=agency)
        self.unit = Unit.objects.get(agency=agency, name="市容环卫执法中队")
        self.team = list(Officer.objects.filter(agency=agency, cert_no__in=["42011200002", "42011200003"]))
        self.now = timezone.localtime()

    def ago(self, days: float, hour: int = 10) -> dt.datetime:
        moment = (self.now - dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        return min(moment, self.now - dt.timedelta(minutes=5))

    def day(self, offset: int) -> str:
        """A date `offset` days from today (negative: past), for dates written inside a record."""
        return (self.now.date() + dt.timedelta(days=offset)).isoformat()

    def open(self, procedure: str, title: str, party: int = 0, *, days: float = 0, **extra) -> Case:
        case = actions.open_case(user=self.officer, data={
            "procedure": procedure, "title": title, "unit": self.unit.pk, "handlers": [o.pk for o in self.team],
            "opened_at": self.ago(days).isoformat(), **extra})
        if party is not None:
            actions.add_party(user=self.officer, case=case, data=PARTIES[party])
        return case

    def rec(self, case: Case, code: str, days: float, hour: int = 10, **content: Any) -> Record:
        when = self.ago(days, hour)
        body = sample_content(code, at=when, party=case.parties.first().name if case.parties.exists()
                              else "张建华", officer=self.team[0].name, **content)
        return actions.record_step(user=self.officer, case=case, data={
            "type": code, "occurred_at": when.isoformat(), "place": "示例区幸福路18号",
            "matter": f"{case.title}：{R[code].name.zh}", "officers": [o.pk for o in self.team],
            "parties": list(case.parties.values_list("pk", flat=True)), "content": body})

    def approve(self, record: Record) -> None:
        actions.approve(user=self.unit_head, record=record, agree=True, opinion="经审核，事实清楚，同意。")
        if "agency_head" in record.spec.approval:
            actions.approve(user=self.agency_head, record=record, agree=True, opinion="同意。")

    def serve(self, case: Case, document: Record, days: float, hour: int = 15) -> Record:
        return self.rec(case, "service", days, hour, document=document.pk, method="direct",
                        served_at=self.ago(days, hour).isoformat())


def create_cases(agency: Agency) -> int:
    """Create the demo cases once; returns how many."""
    if Case.objects.filter(agency=agency).exists():
        return 0
    d = _Demo(agency)
    with transaction.atomic():
        # 1. A penalty walked to its end.
        c = d.open("penalty", "张建华擅自占道经营案", 0, days=40)
        d.rec(c, "case_source", 40, channel="complaint")
        d.approve(d.rec(c, "filing_approval", 40, 11))
        d.rec(c, "site_inspection", 39)
        d.rec(c, "inquiry", 39, 14)
        d.rec(c, "investigation_report", 35)
        notice = d.rec(c, "rights_notice", 34)
        d.serve(c, notice, 34)
        d.rec(c, "statement", 31)
        d.approve(d.rec(c, "draft_decision", 30))
        decision = d.rec(c, "decision", 28, amount="500", perform_by=d.day(-13))
        d.serve(c, decision, 28)
        d.rec(c, "performance_check", 12, decision=decision.pk, performed="full")
        d.approve(d.rec(c, "closure", 11))
        # 2. A penalty in investigation, its decision period running.
        c = d.open("penalty", "鑫达建材公司露天焚烧废料案", 1, days=6)
        d.rec(c, "case_source", 6, channel="inspection")
        d.approve(d.rec(c, "filing_approval", 6, 11))
        d.rec(c, "site_inspection", 5)
        # 3. A penalty whose filing approval waits in the unit head's inbox.
        c = d.open("penalty", "李秀英违规张贴小广告案", 2, days=1)
        d.rec(c, "case_source", 1, channel="inspection")
        d.rec(c, "filing_approval", 1, 11)
        # 4. An emergency start whose make-up approval came late (R-START-4: flagged).
        c = d.open("penalty", "幸福路施工工地扬尘紧急处置案", 1, days=9)
        d.rec(c, "case_source", 9, 8, channel="complaint")
        d.rec(c, "emergency_start", 9, 9, started_at=d.ago(9, 9).isoformat())
        d.rec(c, "site_inspection", 9, 10)
        d.approve(d.rec(c, "filing_approval", 3))
        # 5. A simple-procedure penalty, fine collected on the spot.
        c = d.open("penalty_simple", "张建华乱扔垃圾当场处罚", 0, days=3)
        decision = d.rec(c, "simple_decision", 3, collected_on_spot=True, receipt_no="0012345", amount="50")
        d.rec(c, "simple_filing", 2, decision=decision.pk)
        # 6. A seizure, term running.
        c = d.open("coercion", "鑫达建材公司违法堆放物料扣押案", 1, days=25)
        d.approve(d.rec(c, "coercion_request", 25))
        decision = d.rec(c, "coercion_decision", 25, 14, term_until=d.day(5))
        d.serve(c, decision, 25)
        # 7. An inspection with a rectification order due soon.
        c = d.open("inspection", "东湖街餐饮油烟检查", 2, days=12)
        d.rec(c, "inspection_record", 12)
        opinion = d.rec(c, "inspection_opinion", 12, 14)
        d.serve(c, opinion, 12, 15)
        order = d.rec(c, "rectification_order", 12, 16, rectify_by=d.day(1))
        d.serve(c, order, 12, 17)
        # 8. A requisition in consultation.
        c = d.open("requisition", "防汛抢险临时征用鑫达建材公司场地", 1, days=2)
        d.rec(c, "argumentation", 2)
        # 9. A licence application awaiting supplemented materials.
        c = d.open("licence", "张建华户外广告设置许可申请", 0, days=2)
        d.rec(c, "application", 2, channel="window")
        d.rec(c, "supplement_notice", 1)
        # 10. A licence application suspended.
        c = d.open("licence", "李秀英临时占道许可申请", 2, days=8)
        d.rec(c, "application", 8, channel="online")
        d.rec(c, "acceptance", 8, 15)
        d.approve(d.rec(c, "suspension", 4))
    return Case.objects.filter(agency=agency).count()
