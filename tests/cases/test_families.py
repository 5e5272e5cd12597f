"""End-to-end walks of one complete case of each procedure family through the API (R-PROC-1..5), each
step checked against the catalogue and each leaving its trail entry."""

from __future__ import annotations

import datetime as dt

from lawtrail.cases.models import Case
from lawtrail.ledger.models import Entry
from tests.walker import DAY


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(hour, 0))


def test_penalty_general_procedure_from_source_to_closure(walker):
    """R-PROC-1, R-START-2, R-START-3, R-INV-1/2/5, R-DEC-1/3, R-SRV-1, R-EXE-1: a penalty walks 受案 →
    立案 → 调查取证 → 审核 → 决定 → 送达 → 执行 → 终结, and every step is in the trail."""
    first = Entry.objects.order_by("-seq").values_list("seq", flat=True).first()
    walker.open("penalty")
    walker.record("case_source", at=at(0), content={"channel": "complaint"})
    assert walker.case()["stage"] == "file"
    filing = walker.record("filing_approval", at=at(0, 11))
    assert filing["status"] == "pending" and filing["next_approval"] == "unit_head"
    walker.approve(filing["id"])
    assert walker.case()["stage"] == "investigate"
    walker.record("site_inspection", at=at(1))
    walker.record("inquiry", at=at(1, 14))
    walker.record("investigation_report", at=at(3))
    assert walker.case()["stage"] == "review"
    notice = walker.record("rights_notice", at=at(4))
    walker.serve(notice["id"], at=at(4, 15))
    walker.record("statement", at=at(6))
    draft = walker.record("draft_decision", at=at(7))
    walker.approve(draft["id"])
    assert walker.case()["stage"] == "decide"
    decision = walker.record("decision", at=at(8), content={"amount": "500"})
    assert decision["number"] == "DEMO-ZHZF罚决字〔2026〕第1号"
    walker.serve(decision["id"], at=at(8, 15))
    case = walker.case()
    assert case["stage"] == "execute"
    walker.record("performance_check", at=at(20), content={"decision": decision["id"], "performed": "full"})
    closure = walker.record("closure", at=at(21))
    walker.approve(closure["id"])
    case = walker.case()
    assert case["status"] == Case.Status.CLOSED
    assert [s["status"] for s in case["timeline"]] == ["done"] * 8
    kinds = walker.trail_kinds(first or 0)
    assert kinds.count("cases.record.create") == 13
    assert kinds.count("cases.approval.create") == 6
    assert "cases.case.create" in kinds and "cases.party.create" in kinds


def test_penalty_simple_procedure(walker):
    """R-DEC-5 (LC 21): an on-the-spot decision with its conditions, statements and fine collection, then
    its filing with the organ; collecting on the spot needs the receipt number and must be filmed."""
    walker.open("penalty_simple")
    refused = walker.record("simple_decision", at=at(0), expect=400,
                            content={"collected_on_spot": True, "receipt_no": ""})
    assert "receipt_no" in refused["errors"]
    decision = walker.record("simple_decision", at=at(0), content={"collected_on_spot": True, "receipt_no": "0012345"})
    entry = Entry.objects.filter(subject=f"cases.record:{decision['id']}").get()
    assert '"av_required":true' in entry.payload  # R-INV-6 (YZ 10(7)): on-the-spot fine collection
    walker.record("simple_filing", at=at(1), content={"decision": decision["id"]})
    closure = walker.record("closure", at=at(2))
    walker.approve(closure["id"])
    assert walker.case()["status"] == Case.Status.CLOSED


def test_coercion_from_request_to_release(walker):
    """R-PROC-2: 呈批 → 决定 → (催告) → 送达 → 实施 → 终结; the seizure decision must be filmed and
    made by two officers."""
    walker.open("coercion")
    request = walker.record("coercion_request", at=at(0))
    walker.approve(request["id"])
    decision = walker.record("coercion_decision", at=at(0, 14))
    assert walker.case()["stage"] == "remind"
    walker.serve(decision["id"], at=at(0, 15))
    assert walker.case()["stage"] == "implement"
    walker.record("coercion_release", at=at(20))
    case = walker.case()
    assert {d["code"]: d["level"] for d in case["deadlines"]}["seizure_term"] == "met"
    closure = walker.record("closure", at=at(21))
    walker.approve(closure["id"])
    assert walker.case()["status"] == Case.Status.CLOSED


def test_inspection_with_rectification_and_recheck(walker):
    """R-PROC-3, R-EXE-1: 现场核查 → 签署检查意见 → 送达, an order to rectify and its re-check on schedule."""
    walker.open("inspection")
    walker.record("inspection_record", at=at(0))
    walker.record("inquiry", at=at(0, 11))
    opinion = walker.record("inspection_opinion", at=at(0, 12))
    walker.serve(opinion["id"], at=at(0, 13))
    order = walker.record("rectification_order", at=at(0, 14), content={"rectify_by": "2026-03-16"})
    walker.serve(order["id"], at=at(0, 15))
    deadlines = {d["code"]: d for d in walker.case()["deadlines"]}
    # The re-check is due 3 working days (the default profile) after the term on Monday 03-16.
    assert deadlines["rectification"]["due_at"] == "2026-03-20T00:00:00+08:00"
    refused = walker.record("closure", at=at(14), expect=400)
    assert "R-EXE-1" in str(refused)
    walker.record("rectification_check", at=at(14), content={"order": order["id"], "result": "done"})
    closure = walker.record("closure", at=at(15))
    walker.approve(closure["id"])
    assert walker.case()["status"] == Case.Status.CLOSED


def test_requisition_through_compensation(walker):
    """R-PROC-4: 论证 → 征求意见 → 审核 → 决定 → 送达 → 实施 → 补偿 → 终结, with the announcement's photos
    on its first and last day (R-SRV-6)."""
    walker.open("requisition")
    walker.record("argumentation", at=at(0))
    walker.record("consultation", at=at(1))
    review = walker.record("requisition_review", at=at(2))
    walker.approve(review["id"])
    decision = walker.record("requisition_decision", at=at(3))
    bad = walker.record("announcement", at=at(3, 11), expect=400,
                        content={"photos": [{"name": "首日照片"}]})
    assert "photos" in bad["errors"]
    walker.record("announcement", at=at(3, 11))
    walker.serve(decision["id"], at=at(4))
    walker.record("implementation", at=at(10))
    walker.record("compensation", at=at(12))
    closure = walker.record("closure", at=at(13))
    walker.approve(closure["id"])
    case = walker.case()
    assert case["status"] == Case.Status.CLOSED
    assert [s["code"] for s in case["timeline"]] == ["argue", "consult", "review", "decide", "serve", "implement",
                                                     "compensate", "close"]


def test_licence_with_one_time_supplement(walker):
    """R-PROC-5, R-START-1: 接收 → 补正 (one-time notice and receipt) → 受理 → 核验 → 审查 → 决定 → 送达; a
    second supplement notice is refused, and acceptance waits for the supplemented materials."""
    walker.open("licence")
    walker.record("application", at=at(0), content={"channel": "oral"})
    walker.record("supplement_notice", at=at(1))
    again = walker.record("supplement_notice", at=at(1, 11), expect=400)
    assert "R-INT-2" in str(again)
    early = walker.record("acceptance", at=at(2), expect=400)
    assert "R-START-1" in str(early)
    walker.record("supplement_receipt", at=at(3), content={"complete": True})
    walker.record("acceptance", at=at(3, 11))
    walker.record("verification", at=at(5))
    exam = walker.record("examination", at=at(6))
    walker.approve(exam["id"])
    decision = walker.record("licence_decision", at=at(7))
    walker.serve(decision["id"], at=at(8))
    deadlines = {d["code"]: d["level"] for d in walker.case()["deadlines"]}
    assert deadlines == {"supplement_notice": "met", "licence_decision": "met", "serve_decision": "met"}
    closure = walker.record("closure", at=at(9))
    walker.approve(closure["id"])
    assert walker.case()["status"] == Case.Status.CLOSED


def test_penalty_with_hearing(walker):
    """R-PROC-1 (听证), R-INV-6: the hearing notice is served before the hearing, and the hearing record
    must be filmed."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    walker.record("inquiry", at=at(1))
    notice = walker.record("rights_notice", at=at(2))
    walker.serve(notice["id"], at=at(2, 14))
    hearing_notice = walker.record("hearing_notice", at=at(3))
    early = walker.record("hearing_record", at=at(4), expect=400)
    assert "R-INV-2" in str(early)
    walker.serve(hearing_notice["id"], at=at(3, 14))
    hearing = walker.record("hearing_record", at=at(10))
    entry = Entry.objects.get(subject=f"cases.record:{hearing['id']}")
    assert '"av_required":true' in entry.payload
    walker.record("investigation_report", at=at(11))
    draft = walker.record("draft_decision", at=at(12))
    walker.approve(draft["id"])
    decision = walker.record("decision", at=at(13))
    assert decision["status"] == "issued"
