"""Legal review of major decisions (R-LR-1..8, HY-A3) end to end through the API: a catalogue entry makes a
penalty major; its decision is refused (R-LR-1) until the legal unit's review of the current draft agrees,
or the agency head overrides (recorded and reported, R-LR-8). Submissions are checked against the case's
own records (R-LR-2, R-LR-3); the review has eight points and six outcomes (R-LR-4, R-LR-5), counsel's
opinion reviewed, disagreement to an expert panel and a collective decision, and its opinion letter in two
copies (R-LR-7)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lawtrail.ledger.models import Entry
from lawtrail.review.models import Review, ReviewStep, SupervisionReport
from tests.conftest import _user, login
from tests.walker import DAY

POINTS = ("powers", "officers", "facts", "procedure", "law", "discretion", "documents", "other")


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(hour, 0))


def post(client, url, body, expect=201):
    r = client.post(url, json.dumps(body), content_type="application/json")
    assert r.status_code == expect, (url, r.status_code, r.content.decode()[:1500])
    return r.json()


@pytest.fixture
def rule(walker):
    """The legal unit's catalogue: penalties of 10,000 yuan or more are major decisions (HY-A3 3)."""
    return post(walker.legal, "/api/v1/review/rules", {
        "name": "较大数额罚款", "family": "penalty", "amount_at_least": "10000", "source": "本局重大执法决定目录第1项"})


def to_draft(walker, amount="20000", serve_notice=True):
    walker.open("penalty")
    walker.record("case_source", at=at(0), content={"channel": "complaint"})
    walker.approve(walker.record("filing_approval", at=at(0, 11))["id"])
    walker.record("inquiry", at=at(1))
    walker.record("investigation_report", at=at(2))
    notice = walker.record("rights_notice", at=at(3))
    if serve_notice:
        walker.serve(notice["id"], at=at(3, 14))
        walker.record("statement", at=at(4))  # R-INV-5: the party's statement, reviewed
    draft = walker.record("draft_decision", at=at(5), content={"amount": amount})
    walker.approve(draft["id"])
    return draft


def decide(walker, expect):
    return walker.record("decision", at=at(7), expect=expect, content={"amount": "20000"})


def steps(walker, review_id, *acts):
    """Each act: (client, kind, content[, expect])."""
    doc = None
    for act in acts:
        client, kind, content = act[:3]
        expect = act[3] if len(act) > 3 else 201
        doc = post(client, f"/api/v1/reviews/{review_id}/steps", {"kind": kind, "content": content}, expect)
    return doc


def submitted(walker, *, urgent=False, discretion="依据《裁量基准》第3档，情节较重，罚款20000元。"):
    review = post(walker.officer, f"/api/v1/cases/{walker.case_id}/reviews", {"urgent": urgent})
    content = {"discretion": discretion} if discretion else {}
    steps(walker, review["id"], (walker.unit_head, "prelim", {"agree": True, "opinion": "事实清楚，同意送审。"}),
          (walker.officer, "submit", content))
    return review["id"]


def findings(problem: str | None = None) -> dict:
    return {"points": {p: {"finding": "problem" if p == problem else "ok",
                           "note": "事实不清" if p == problem else ""} for p in POINTS}}


def test_major_penalty_passes_review_then_the_decision_is_made(walker, rule):
    draft = to_draft(walker)
    need = walker.officer.get(f"/api/v1/cases/{walker.case_id}/review").json()
    assert need["needed"] and need["reasons"][0]["name"] == "较大数额罚款"
    refused = decide(walker, 400)
    assert "R-LR-1" in json.dumps(refused, ensure_ascii=False)
    page = walker.officer.get(f"/cases/{walker.case_id}/records/new/decision/").content.decode()
    assert "R-LR-1" in page  # the web form says why, before anyone fills it in
    review = submitted(walker)
    doc = steps(walker, review, (walker.legal, "check", {}))
    assert doc["status"] == "reviewing" and doc["accepted_at"] and doc["due_at"] and doc["level"] in ("pending",
                                                                                                      "soon")
    steps(walker, review, (walker.legal, "opinion", {"outcome": "agree", "opinion": "同意"}, 400))  # no findings
    doc = steps(walker, review, (walker.legal, "findings", findings()),
                (walker.legal, "opinion", {"outcome": "agree", "opinion": "经审核，合法适当，同意。"}),
                (walker.legal, "copy", {"which": "returned", "note": "随案卷退回案件审理科"}),
                (walker.legal, "copy", {"which": "filed"}))
    assert doc["status"] == "decided" and doc["outcome"] == "agree" and doc["number"].endswith("第1号")
    assert doc["copies"] == {"returned": True, "filed": True} and doc["level"] == "met"
    steps(walker, review, (walker.legal, "copy", {"which": "filed"}, 400))  # each copy once
    post(walker.agency_head, f"/api/v1/cases/{walker.case_id}/review-override", {"reason": "x"}, 400)  # agreed
    decision = decide(walker, 201)
    assert decision["type"] == "decision"
    kinds = list(Entry.objects.filter(subject=f"review.review:{review}").values_list("kind", flat=True))
    assert kinds == ["review.review.create", "review.step.prelim", "review.step.submit", "review.step.accept",
                     "review.step.findings", "review.step.opinion", "review.step.copy", "review.step.copy"]
    assert ReviewStep.objects.get(review_id=review, kind="opinion").content["draft_sm3"] == \
        walker.officer.get(f"/api/v1/records/{draft['id']}").json()["content_sm3"]


def test_below_the_threshold_no_review_is_needed(walker, rule):
    to_draft(walker, amount="500")
    assert walker.officer.get(f"/api/v1/cases/{walker.case_id}/review").json()["needed"] is False
    decision = walker.record("decision", at=at(7), content={"amount": "500"})
    assert decision["type"] == "decision"


def test_a_decision_above_the_threshold_is_caught_even_if_the_draft_was_below(walker, rule):
    to_draft(walker, amount="500")
    refused = walker.record("decision", at=at(7), expect=400, content={"amount": "50000"})
    assert "R-LR-1" in json.dumps(refused, ensure_ascii=False)


def test_returned_for_supplement_twice_is_not_accepted(walker, rule):
    """R-LR-3: one notice lists everything missing; still incomplete after supplementing: not accepted."""
    to_draft(walker, serve_notice=False)
    review = submitted(walker, discretion="")
    doc = steps(walker, review, (walker.legal, "check", {}))
    assert doc["status"] == "incomplete"
    notice = ReviewStep.objects.get(review_id=review, kind="notice").content["missing"]
    assert {m["material"] for m in notice} == {"procedure", "discretion"}  # both, at once
    steps(walker, review, (walker.legal, "findings", findings(), 400))  # no review before acceptance
    doc = steps(walker, review, (walker.officer, "supplement", {"discretion": "第3档"}),
                (walker.legal, "check", {}))
    assert doc["status"] == "not_accepted"
    assert [m["material"] for m in ReviewStep.objects.get(review_id=review, kind="not_accepted").content["missing"]] \
        == ["procedure"]
    assert "R-LR-1" in json.dumps(decide(walker, 400), ensure_ascii=False)


def test_reinvestigate_then_disagreement_panel_and_collective_decision(walker, rule):
    """R-LR-5 outcome 're-investigate' keeps the gate shut; R-LR-7: the unit disputes it, an expert panel
    brings no agreement, the collective decision agrees — then the decision may be made."""
    to_draft(walker)
    review = submitted(walker)
    steps(walker, review, (walker.legal, "check", {}), (walker.legal, "findings", findings("facts")),
          (walker.legal, "counsel", {"counsel": "李律师", "opinion": "证据尚不充分"}))
    counsel = ReviewStep.objects.get(review_id=review, kind="counsel").pk
    blocked = steps(walker, review, (walker.legal, "opinion", {"outcome": "reinvestigate", "opinion": "x"}, 400))
    assert "R-LR-7" in json.dumps(blocked, ensure_ascii=False)  # counsel's opinion not yet reviewed
    doc = steps(walker, review, (walker.legal, "counsel_review", {"counsel_step": counsel, "note": "采纳"}),
                (walker.legal, "opinion", {"outcome": "reinvestigate", "opinion": "事实不清，建议重新调查。"}))
    assert doc["outcome"] == "reinvestigate"
    assert "R-LR-1" in json.dumps(decide(walker, 400), ensure_ascii=False)
    steps(walker, review, (walker.officer, "disagree", {"reason": "x"}, 403))  # the unit head disputes
    doc = steps(walker, review, (walker.unit_head, "disagree", {"reason": "现场笔录和询问笔录足以证明"}),
                (walker.legal, "panel", {"experts": ["王教授", "赵律师"], "conclusion": "意见分歧", "agreed": False}))
    assert doc["status"] == "disputed"
    steps(walker, review, (walker.legal, "collective", {"participants": ["a", "b", "c"], "outcome": "agree",
                                                        "conclusion": "x"}, 403))
    steps(walker, review, (walker.agency_head, "collective", {"participants": ["局长", "副局长"], "outcome": "agree",
                                                              "conclusion": "x"}, 400))  # three at least
    doc = steps(walker, review, (walker.agency_head, "collective", {
        "participants": ["局长", "副局长", "法制科长", "审理科长"], "outcome": "agree",
        "conclusion": "经集体讨论，证据充分，同意作出处罚决定。"}))
    assert doc["status"] == "decided" and doc["outcome"] == "agree"
    decide(walker, 201)


def test_urgent_review_has_one_working_day(walker, rule):
    from lawtrail.workdays.actions import current_calendar
    from lawtrail.workdays.calendar import due_at

    to_draft(walker)
    review = submitted(walker, urgent=True)
    steps(walker, review, (walker.legal, "check", {}))
    row = Review.objects.get(pk=review)
    assert row.urgent and row.due_at == due_at(current_calendar(), row.accepted_at, 1, "workdays")
    steps(walker, review, (walker.agency_head, "extension", {"reason": "复杂"}, 400))  # urgent: no extension


def test_extension_and_a_paused_clock(walker, rule):
    """R-LR-6: +2 working days with the head's approval; expert argument stops the clock."""
    from lawtrail.workdays.actions import current_calendar
    from lawtrail.workdays.calendar import due_at

    to_draft(walker)
    review = submitted(walker)
    steps(walker, review, (walker.legal, "check", {}))
    row = Review.objects.get(pk=review)
    three = due_at(current_calendar(), row.accepted_at, 3, "workdays")
    assert row.due_at == three
    steps(walker, review, (walker.legal, "extension", {"reason": "复杂"}, 403))
    doc = steps(walker, review, (walker.agency_head, "extension", {"reason": "案情复杂，涉及多个法律适用问题"}))
    assert doc["due_at"] == (due_at(current_calendar(), three - dt.timedelta(microseconds=1), 2, "workdays")
                             ).isoformat()
    steps(walker, review, (walker.agency_head, "extension", {"reason": "again"}, 400))  # once
    steps(walker, review, (walker.legal, "pause", {"reason": "lunch", "note": "x"}, 400))  # only the two reasons
    doc = steps(walker, review, (walker.legal, "pause", {"reason": "expert", "note": "提交专家论证"}))
    assert doc["status"] == "paused" and doc["level"] == "paused"
    steps(walker, review, (walker.legal, "opinion", {"outcome": "agree", "opinion": "x"}, 400))  # not while paused
    doc = steps(walker, review, (walker.legal, "resume", {"note": "专家意见已收到"}))
    assert doc["status"] == "reviewing" and doc["level"] in ("pending", "soon")


def test_head_override_is_recorded_and_reported(walker, rule):
    """R-LR-8 (HY-A3 14): approving without the review is possible only as the head's explicit override."""
    to_draft(walker)
    post(walker.legal, f"/api/v1/cases/{walker.case_id}/review-override", {"reason": "x"}, 403)
    post(walker.agency_head, f"/api/v1/cases/{walker.case_id}/review-override", {"reason": ""}, 400)
    doc = post(walker.agency_head, f"/api/v1/cases/{walker.case_id}/review-override",
               {"reason": "防汛紧急，先行作出决定"})
    assert doc["status"] == "overridden"
    report = SupervisionReport.objects.get()
    assert report.kind == "without_review" and "防汛紧急" in report.text
    supervisor = login(_user("supervisor"))
    reports = supervisor.get("/api/v1/review/reports").json()
    assert reports[0]["case"] == walker.case_id
    assert walker.officer.get("/api/v1/review/reports").status_code == 403
    assert Entry.objects.filter(kind="review.step.override").exists()
    assert Entry.objects.filter(kind="review.report.create").exists()
    post(walker.agency_head, f"/api/v1/cases/{walker.case_id}/review-override", {"reason": "again"}, 400)
    decide(walker, 201)


def test_override_against_the_opinion_is_reported_as_such(walker, rule):
    to_draft(walker)
    review = submitted(walker)
    steps(walker, review, (walker.legal, "check", {}), (walker.legal, "findings", findings("law")),
          (walker.legal, "opinion", {"outcome": "change", "opinion": "适用法律不准确"}))
    post(walker.agency_head, f"/api/v1/cases/{walker.case_id}/review-override", {"reason": "坚持原意见"})
    assert SupervisionReport.objects.get().kind == "against_opinion"
    decide(walker, 201)


def test_a_draft_changed_after_review_needs_a_new_review(walker, rule):
    draft = to_draft(walker)
    review = submitted(walker)
    steps(walker, review, (walker.legal, "check", {}), (walker.legal, "findings", findings()),
          (walker.legal, "opinion", {"outcome": "agree", "opinion": "同意"}))
    fixed = post(walker.officer, f"/api/v1/records/{draft['id']}/corrections",
                 {"reason": "调整罚款数额", "content": {"amount": "30000"}})
    walker.approve(fixed["id"])
    refused = decide(walker, 400)
    assert "R-LR-1" in json.dumps(refused, ensure_ascii=False)
    assert walker.officer.get(f"/api/v1/cases/{walker.case_id}/review").json()["cleared_by"] is None
    again = submitted(walker)
    steps(walker, again, (walker.legal, "check", {}), (walker.legal, "findings", findings()),
          (walker.legal, "opinion", {"outcome": "agree", "opinion": "同意"}))
    decide(walker, 201)


def test_listed_by_collective_discussion_and_catalogue_kept_in_the_trail(walker):
    """HY-A3 3: a case the collective discussion listed needs review; the catalogue is the legal unit's."""
    post(walker.officer, "/api/v1/review/rules", {"name": "x"}, 403)
    bad = post(walker.legal, "/api/v1/review/rules", {"name": "", "family": "nonsense", "amount_at_least": "many"},
               400)
    assert {"name", "family", "amount_at_least"} <= set(bad["errors"])
    created = post(walker.legal, "/api/v1/review/rules", {"name": "听证后的处罚", "family": "penalty",
                                                         "when_hearing": True})
    r = walker.legal.patch(f"/api/v1/review/rules/{created['id']}", json.dumps({"active": False}),
                           content_type="application/json")
    assert r.status_code == 200 and r.json()["active"] is False
    assert list(Entry.objects.filter(kind__startswith="review.majorrule").values_list("kind", flat=True)) == [
        "review.majorrule.create", "review.majorrule.update"]
    to_draft(walker, amount="500")
    assert not walker.officer.get(f"/api/v1/cases/{walker.case_id}/review").json()["needed"]
    post(walker.officer, f"/api/v1/cases/{walker.case_id}/review-marks", {"reason": "x", "meeting": "y"}, 403)
    doc = post(walker.agency_head, f"/api/v1/cases/{walker.case_id}/review-marks",
               {"reason": "社会影响较大", "meeting": "局长办公会2026年第5次"})
    assert doc["needed"] and "局长办公会2026年第5次" in doc["reasons"][0]["name"]
    assert "R-LR-1" in json.dumps(walker.record("decision", at=at(7), expect=400, content={"amount": "500"}),
                                  ensure_ascii=False)


def test_bad_step_input_is_a_clear_400(walker, rule):
    to_draft(walker)
    review = submitted(walker)
    for body in ({"kind": "nonsense", "content": {}}, {"kind": "findings", "content": {"points": "all ok"}},
                 {"kind": "pause", "content": []}, {"kind": "check", "content": {}, "extra": 1}):
        r = walker.legal.post(f"/api/v1/reviews/{review}/steps", json.dumps(body), content_type="application/json")
        assert r.status_code in (400, 422), (body, r.status_code, r.content[:300])
    other = login(_user("custodian"))
    assert other.post(f"/api/v1/reviews/{review}/steps", json.dumps({"kind": "check", "content": {}}),
                      content_type="application/json").status_code == 403
