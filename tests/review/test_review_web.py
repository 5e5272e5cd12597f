"""The legal review on the web pages (R-LR-1, R-LR-8): the case page says why a decision waits for the
review and lets the handling unit start it; the head's override is a form of its own, recorded and
reported; the catalogue page is the legal unit's; the workbench lists the legal unit's queue."""

from __future__ import annotations

from lawtrail.review.models import MajorRule, Review, SupervisionReport
from tests.review.test_review import POINTS, at, post, to_draft


def test_case_page_review_box_start_and_override(walker):
    page = walker.legal.post("/review/catalogue/", {"name": "较大数额罚款", "family": "penalty",
                                                     "amount_at_least": "10000"})
    assert page.status_code == 302 and MajorRule.objects.get().amount_at_least == 10000
    assert walker.officer.post("/review/catalogue/", {"name": "x"}).status_code == 400  # not the legal unit
    to_draft(walker)
    case_page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert "R-LR-1" in case_page and "较大数额罚款" in case_page and "what\" value=\"start\"" in case_page
    assert "value=\"override\"" not in case_page  # only the agency head sees the override
    started = walker.officer.post(f"/cases/{walker.case_id}/review/", {"what": "start"})
    review = Review.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/review/{review.pk}/"
    page = walker.unit_head.get(f"/review/{review.pk}/").content.decode()
    assert 'value="prelim"' in page and "处理决定审批表" in page
    assert walker.unit_head.post(f"/review/{review.pk}/", {"kind": "prelim", "agree": "true",
                                                           "opinion": "同意送审"}).status_code == 302
    assert walker.officer.post(f"/review/{review.pk}/", {"kind": "submit", "discretion_involved": "on",
                                                         "discretion": "第3档"}).status_code == 302
    queue = walker.legal.get("/").content.decode()
    assert f"/review/{review.pk}/" in queue  # the legal unit's workbench lists it
    assert walker.legal.post(f"/review/{review.pk}/", {"kind": "check"}).status_code == 302
    bad = walker.legal.post(f"/review/{review.pk}/", {"kind": "findings", "finding_facts": "problem"})
    assert bad.status_code == 400
    form = {"kind": "findings", **{f"finding_{p}": "ok" for p in POINTS}}
    assert walker.legal.post(f"/review/{review.pk}/", form).status_code == 302
    head_page = walker.agency_head.get(f"/cases/{walker.case_id}/").content.decode()
    assert 'value="override"' in head_page
    assert walker.agency_head.post(f"/cases/{walker.case_id}/review/", {"what": "override",
                                                                         "reason": "防汛紧急"}).status_code == 302
    assert SupervisionReport.objects.get().kind == "without_review"
    reports = walker.agency_head.get("/review/reports/").content.decode()
    assert "防汛紧急" in reports
    walker.record("decision", at=at(7), content={"amount": "20000"})


def test_review_page_of_another_agency_is_404(walker, other_agency):
    from tests.conftest import login

    post(walker.legal, "/api/v1/review/rules", {"name": "x", "family": "penalty"})
    to_draft(walker)
    review = post(walker.officer, f"/api/v1/cases/{walker.case_id}/reviews", {})
    outsider = login(other_agency["admin"])
    assert outsider.get(f"/review/{review['id']}/").status_code == 404
    assert outsider.get(f"/review/{review['id']}/letter/").status_code == 404
    assert outsider.get(f"/api/v1/reviews/{review['id']}").status_code == 404


def test_decision_form_on_the_web_is_refused_naming_the_rule(walker):
    """R-LR-1 on the web path: posting the decision form is refused before anything is recorded."""
    from lawtrail.cases.models import Record

    post(walker.legal, "/api/v1/review/rules", {"name": "较大数额罚款", "family": "penalty",
                                                "amount_at_least": "10000"})
    to_draft(walker)
    before = Record.objects.count()
    r = walker.officer.post(f"/cases/{walker.case_id}/records/new/decision/", {
        "occurred_at": "2026-03-09T10:00", "matter": "处罚决定", "amount": "20000"})
    assert r.status_code == 400 and "R-LR-1" in r.content.decode()
    assert Record.objects.count() == before


def test_late_submission_is_flagged_and_the_clock_sweep_moves_levels(walker):
    """R-LR-2: a submission later than 10 working days (profile legal_review_lead, HY-A3) before the case's
    deadline is flagged; R-LR-6: the sweep turns a running clock overdue."""
    import datetime as dt

    from django.utils import timezone

    from lawtrail.cases.models import Deadline
    from lawtrail.review import actions as review_actions
    from lawtrail.review.models import Review
    from lawtrail.workdays.calendar import CHINA

    post(walker.legal, "/api/v1/review/rules", {"name": "较大数额罚款", "family": "penalty",
                                                "amount_at_least": "10000"})
    to_draft(walker)
    review = post(walker.officer, f"/api/v1/cases/{walker.case_id}/reviews", {})
    row = Review.objects.get(pk=review["id"])
    # The decision period as if it ended with Tuesday 2026-06-30: ten full working days before it (06-16 to
    # 06-30, the Dragon Boat holiday Fri 06-19 not counted) leave Monday 06-15 as the last day to submit.
    Deadline.objects.filter(case_id=walker.case_id, code="penalty_decision").update(
        due_at=dt.datetime(2026, 7, 1, tzinfo=CHINA), error="", level="pending")
    assert review_actions.submitted_late(row, dt.datetime(2026, 6, 15, 17, tzinfo=CHINA)) is False
    assert review_actions.submitted_late(row, dt.datetime(2026, 6, 16, 9, tzinfo=CHINA)) is True
    post(walker.unit_head, f"/api/v1/reviews/{review['id']}/steps", {"kind": "prelim",
                                                                     "content": {"agree": True, "opinion": "同意"}})
    doc = post(walker.officer, f"/api/v1/reviews/{review['id']}/steps", {"kind": "submit",
                                                                        "content": {"discretion": "第3档"}})
    assert doc["late_submission"] is True  # submitted today, long after 06-30
    assert "R-LR-2" in walker.legal.get(f"/review/{review['id']}/").content.decode()
    doc = post(walker.legal, f"/api/v1/reviews/{review['id']}/steps", {"kind": "check", "content": {}})
    assert doc["level"] in ("pending", "soon")
    assert review_actions.sweep(now=timezone.now() + dt.timedelta(days=30)) == 1
    assert walker.legal.get(f"/api/v1/reviews/{review['id']}").json()["level"] == "overdue"
