"""Other paths through the catalogue: not filing (R-START-5), a major case's extra steps (R-START-3 LC 9,
R-DEC-2), no penalty (R-DEC-4), reminders and compulsory execution (R-EXE-2, R-EXE-3), announcement
service (R-SRV-6), and the decision gate hook a later issue uses (R-LR-1)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lawtrail.cases import actions
from lawtrail.cases.models import Case
from lawtrail.ledger.models import Entry
from tests.walker import DAY


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(hour, 0))


def filed_penalty(walker, **kw):
    walker.open("penalty", **kw)
    walker.record("case_source", at=at(0), content={"channel": "complaint"})
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])


def to_decision(walker):
    walker.record("investigation_report", at=at(2))
    notice = walker.record("rights_notice", at=at(3))
    walker.serve(notice["id"], at=at(3, 14))
    walker.record("statement", at=at(4))  # R-INV-5: the party's statement, reviewed
    draft = walker.record("draft_decision", at=at(5))
    walker.approve(draft["id"])


def test_decision_not_to_file_tells_the_complainant_and_ends_the_case(walker):
    """R-START-5 (WH 13, LC 9, HY-A2 7): the decision names who was told, how and when; once approved the
    case is not filed and takes no more records."""
    walker.open("penalty")
    walker.record("case_source", at=at(0), content={"channel": "complaint"})
    missing = walker.record("not_filing", at=at(1), expect=400, content={"notified": []})
    assert "notified" in missing["errors"] and "R-START-5" in json.dumps(missing, ensure_ascii=False)
    decision = walker.record("not_filing", at=at(1))
    walker.approve(decision["id"])
    assert walker.case()["status"] == Case.Status.NOT_FILED
    refused = walker.record("inquiry", at=at(2), expect=400)
    assert "R-INT-2" in json.dumps(refused, ensure_ascii=False)


def test_major_case_needs_the_legal_opinion_and_collective_discussion(walker):
    """R-START-3 (LC 9): a major case's filing form carries the legal unit's opinion; R-DEC-2 (行政处罚法 57):
    its decision waits for the collective discussion."""
    walker.open("penalty", is_major=True)
    walker.record("case_source", at=at(0))
    refused = walker.record("filing_approval", at=at(0, 11), expect=400, content={"legal_opinion": ""})
    assert "legal_opinion" in refused["errors"]
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    to_decision(walker)
    early = walker.record("decision", at=at(6), expect=400)
    assert "R-DEC-2" in json.dumps(early, ensure_ascii=False)
    walker.record("collective_discussion", at=at(6))
    walker.record("decision", at=at(7))


def test_no_penalty_approval_leads_to_closure(walker):
    """R-DEC-4 (HY-A2 25): no penalty is an approval form with reasons and basis, approved by the head."""
    filed_penalty(walker)
    to_decision(walker)
    no_penalty = walker.record("no_penalty", at=at(6))
    assert no_penalty["next_approval"] == "agency_head"
    walker.approve(no_penalty["id"])
    assert walker.case()["stage"] == "close"
    closure = walker.record("closure", at=at(7), content={"result": "no_penalty"})
    walker.approve(closure["id"])
    assert walker.case()["status"] == Case.Status.CLOSED


def test_reminder_then_court_application_or_compulsory_execution(walker):
    """R-EXE-2, R-EXE-3 (WH 24–25, HY-A2 15): an overdue party gets a reminder that is served; only then
    may the agency decide compulsory execution or apply to the court; forced demolition is filmed."""
    filed_penalty(walker)
    to_decision(walker)
    decision = walker.record("decision", at=at(6))
    walker.serve(decision["id"], at=at(6, 14))
    walker.record("performance_check", at=at(25), content={"decision": decision["id"], "performed": "none"})
    reminder = walker.record("reminder", at=at(26))
    early = walker.record("court_application", at=at(27), expect=400, content={"reminder": reminder["id"]})
    assert "R-EXE-3" in json.dumps(early, ensure_ascii=False)
    walker.serve(reminder["id"], at=at(26, 14))
    walker.record("statement", at=at(28))
    walker.record("court_application", at=at(40), content={"reminder": reminder["id"]})
    execution = walker.record("execution_decision", at=at(41))
    walker.approve(execution["id"])
    walker.serve(execution["id"], at=at(41, 15))
    demolition = walker.record("execution_record", at=at(45), content={"kind": "demolition"})
    entry = Entry.objects.get(subject=f"cases.record:{demolition['id']}")
    assert '"av_required":true' in entry.payload  # R-INV-6 (YZ 9): forced demolition


def test_announcement_service_records_why_and_where(walker):
    """R-SRV-6 (WH 22, LC 25): why other ways failed, medium, dates and the kept notice; filmed (YZ 9)."""
    filed_penalty(walker)
    to_decision(walker)
    decision = walker.record("decision", at=at(6))
    bad = walker.record("service", at=at(10), expect=400, raw_content={
        "document": decision["id"], "method": "announcement", "recipient": [{"name": "张三"}],
        "served_at": at(10).isoformat()})
    assert {"why_announced", "medium", "announced_from", "announced_until", "notice_kept"} <= set(bad["errors"])
    served = walker.serve(decision["id"], method="announcement", at=at(10), why_announced="直接、邮寄送达均无法送达",
                          medium="示例区人民政府网站", announced_from="2026-03-12", announced_until="2026-04-12",
                          notice_kept="公告存档001")
    entry = Entry.objects.get(subject=f"cases.record:{served['id']}")
    assert '"av_required":true' in entry.payload


@pytest.fixture
def review_hook():
    """A stand-in for the legal-review issue's check: blocks every decision of a major case."""
    def hook(case, state, rt, content):
        if case.is_major:
            return "R-LR-1: 重大执法决定须经法制审核同意后才能作出。"
        return None

    actions.DECISION_GATE_HOOKS.append(hook)
    yield hook
    actions.DECISION_GATE_HOOKS.remove(hook)


def test_decision_gate_hook_blocks_every_decision_path(walker, review_hook):
    """The hook a later issue registers (R-LR-1) refuses the decision document on the API, whatever else
    is in order, and lists it among the reasons on the case page."""
    filed_penalty(walker, is_major=True)
    walker.record("investigation_report", at=at(2))
    notice = walker.record("rights_notice", at=at(3))
    walker.serve(notice["id"], at=at(3, 14))
    draft = walker.record("draft_decision", at=at(5))
    walker.approve(draft["id"])
    walker.record("collective_discussion", at=at(6))
    refused = walker.record("decision", at=at(7), expect=400)
    assert "R-LR-1" in json.dumps(refused, ensure_ascii=False)
    blocked = {s["type"]: s["blocked"] for s in walker.case()["next"]}
    assert any("R-LR-1" in b for b in blocked["decision"])
    page = walker.officer.get(f"/cases/{walker.case_id}/records/new/decision/").content.decode()
    assert "R-LR-1" in page


def test_coercion_on_the_spot_in_an_emergency_is_approved_within_24_hours(walker):
    """R-PROC-2 (HY-A2 31, 行政强制法 19): a measure taken on the spot before approval is allowed, must be
    filmed, and its approval made up within 24 hours — a later approval stays flagged as late."""
    walker.open("coercion")
    walker.record("emergency_start", at=at(0, 9), content={"started_at": at(0, 9).isoformat()})
    decision = walker.record("coercion_decision", at=at(0, 10))
    entry = Entry.objects.get(subject=f"cases.record:{decision['id']}")
    assert '"av_required":true' in entry.payload
    d = {x["code"]: x for x in walker.case()["deadlines"]}["makeup_approval"]
    assert d["due_at"] == "2026-03-03T09:00:00+08:00" and "HY-A2 31" in d["articles"]
    request = walker.record("coercion_request", at=at(0, 11))
    walker.approve(request["id"])
    d = {x["code"]: x for x in walker.case()["deadlines"]}["makeup_approval"]
    assert d["level"] == "met_late"
