"""Deadlines of the catalogue computed by rule profile in working days (R-START-4, R-START-1, R-SRV-1,
R-PROC-1/2/5), their alerts, suspension and extension, a year no calendar covers, and the sweep."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lawtrail.cases import deadlines
from lawtrail.cases.models import Approval, Case, Deadline, Record
from lawtrail.cases.state import CaseState
from lawtrail.ledger.models import Entry
from lawtrail.procedures.profiles import resolve
from lawtrail.workdays import calendar as cal_module
from lawtrail.workdays.actions import current_calendar
from lawtrail.workdays.calendar import CHINA, WorkCalendar

LIST_2026 = Path(__file__).parents[1] / "workdays" / "calendar-2026.json"


def t(y, m, d, h=10, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=CHINA)


def deadline(walker, code: str) -> dict:
    return {d["code"]: d for d in walker.case()["deadlines"]}[code]


def set_profile(walker, name: str) -> None:
    r = walker.admin.put("/api/v1/agency/rules", json.dumps({"profile": name}), content_type="application/json")
    assert r.status_code == 200, r.content


def emergency_penalty(walker, start: dt.datetime) -> None:
    walker.open("penalty", opened_at=start.isoformat())
    walker.record("case_source", at=start)
    walker.record("emergency_start", at=start, content={"started_at": start.isoformat()})


def test_emergency_start_make_up_approval_over_spring_festival_is_flagged_late(walker):
    """R-START-4 (WH 12): 2 working days after Friday 2026-02-13 is Tuesday 02-24 (Saturday 02-14 is a
    make-up workday, 02-15..23 are the holiday). Investigation may go on meanwhile; the approval made
    later is met late and stays flagged."""
    emergency_penalty(walker, t(2026, 2, 13))
    d = deadline(walker, "makeup_approval")
    assert d["due_at"] == "2026-02-25T00:00:00+08:00"
    assert d["rule"] == "R-START-4" and "WH 12" in d["period"]
    assert d["level"] == "overdue"
    walker.record("inquiry", at=t(2026, 2, 14))  # allowed before the approval: emergency start
    filing = walker.record("filing_approval", at=t(2026, 2, 26))
    walker.approve(filing["id"])
    d = deadline(walker, "makeup_approval")
    assert d["level"] == "met_late" and d["met_at"] is not None


def test_make_up_period_follows_the_agency_profile(walker):
    """R-START-4: 24 hours under the hengyang profile (HY-A2 6); no period under lingchuan (LC 9 only says
    事后补报); the profile change is in the trail."""
    set_profile(walker, "hengyang")
    assert Entry.objects.filter(kind="procedures.agencyrules.create").exists()
    emergency_penalty(walker, t(2026, 2, 13))
    assert deadline(walker, "makeup_approval")["due_at"] == "2026-02-14T10:00:00+08:00"
    set_profile(walker, "lingchuan")
    emergency_penalty(walker, t(2026, 2, 13))
    assert "makeup_approval" not in {d["code"] for d in walker.case()["deadlines"]}


def test_single_number_override_recorded_and_applied(walker):
    r = walker.admin.put("/api/v1/agency/rules/makeup_approval",
                         json.dumps({"amount": 3, "unit": "workdays", "source": "本局补充规定第5条"}),
                         content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["numbers"]["makeup_approval"]["amount"] == 3
    emergency_penalty(walker, t(2026, 2, 13))
    assert deadline(walker, "makeup_approval")["due_at"] == "2026-02-26T00:00:00+08:00"
    bad = walker.admin.put("/api/v1/agency/rules/makeup_approval", json.dumps({"amount": 3, "unit": "weeks"}),
                           content_type="application/json")
    assert bad.status_code == 400 and "unit" in bad.json()["errors"]
    officer = walker.officer.put("/api/v1/agency/rules", json.dumps({"profile": "yanzhou"}),
                                 content_type="application/json")
    assert officer.status_code == 403


def test_supplement_notice_five_working_days_over_spring_festival(walker):
    """R-START-1, 行政许可法 32: 5 working days after Thursday 02-12 end on Thursday 02-26."""
    walker.open("licence")
    walker.record("application", at=t(2026, 2, 12))
    assert deadline(walker, "supplement_notice")["due_at"] == "2026-02-27T00:00:00+08:00"


def test_service_of_a_decision_over_national_day(walker):
    """R-SRV-1, 行政处罚法 61/85: 7 working days after Monday 09-28 end on Tuesday 10-13 (10-01..07 off,
    Saturday 10-10 worked)."""
    walker.open("requisition")
    walker.record("argumentation", at=t(2026, 9, 21))
    walker.record("consultation", at=t(2026, 9, 22))
    review = walker.record("requisition_review", at=t(2026, 9, 23))
    walker.approve(review["id"])
    walker.record("requisition_decision", at=t(2026, 9, 28))
    assert deadline(walker, "serve_decision")["due_at"] == "2026-10-14T00:00:00+08:00"


def test_seizure_term_in_days_ending_on_a_holiday_moves_to_the_next_working_day(walker):
    """行政强制法 25: 30 days from 09-07 is 10-07, a holiday, so the term ends on 10-08."""
    walker.open("coercion")
    request = walker.record("coercion_request", at=t(2026, 9, 7, 9))
    walker.approve(request["id"])
    walker.record("coercion_decision", at=t(2026, 9, 7))
    assert deadline(walker, "seizure_term")["due_at"] == "2026-10-09T00:00:00+08:00"


def test_deadline_in_an_uncovered_year_is_an_error_until_the_list_is_imported(walker, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    """With a calendar package that ends at 2025, a 2026 deadline cannot be computed: the case shows an
    error for the administrator instead of a Monday–Friday guess. Importing the 2026 list fixes it."""
    monkeypatch.setattr(cal_module, "_PACKAGE_YEARS", range(2004, 2026))
    walker.open("licence")
    walker.record("application", at=t(2026, 2, 12))
    d = deadline(walker, "supplement_notice")
    assert d["level"] == "error" and d["due_at"] is None and "2026" in d["error_message"]
    with django_capture_on_commit_callbacks(execute=True):
        r = walker.admin.post("/api/v1/workdays/import",
                              {"file": SimpleUploadedFile("2026.json", LIST_2026.read_bytes())})
    assert r.status_code == 200, r.content
    d = deadline(walker, "supplement_notice")
    assert d["level"] != "error" and d["due_at"] == "2026-02-27T00:00:00+08:00"


def _ensure_calendar(walker, days: int = 120) -> None:
    """Cover the coming months: years the package does not know get a test list (weekends off, 1 January)."""
    calendar = current_calendar()
    today = timezone.localdate()
    for year in sorted({(today + dt.timedelta(days=i)).year for i in range(days)}):
        if not calendar.covers(year):
            doc = {"year": year, "source": "测试用日历（非官方）",
                   "days": [{"date": f"{year}-01-01", "workday": False, "name": "元旦"}]}
            r = walker.admin.post("/api/v1/workdays/import",
                                  {"file": SimpleUploadedFile("y.json", json.dumps(doc).encode())})
            assert r.status_code == 200, r.content


def test_suspension_pauses_and_extension_lengthens(walker):
    """R-PROC-5 (中止, 延期): a suspended case takes no records but its resumption, its deadlines show as
    paused; an approved extension adds the profile's 10 working days (行政许可法 42)."""
    _ensure_calendar(walker)
    now = timezone.localtime()
    walker.open("licence")
    walker.record("application", at=now - dt.timedelta(days=2))
    walker.record("acceptance", at=now - dt.timedelta(days=1))
    before = deadline(walker, "licence_decision")
    assert before["level"] in ("pending", "soon")
    suspension = walker.record("suspension", at=now)
    walker.approve(suspension["id"])
    case = walker.case()
    assert case["status"] == "suspended"
    assert deadline(walker, "licence_decision")["level"] == "paused"
    refused = walker.record("verification", at=now, expect=400)
    assert "R-PROC-1" in str(refused)
    resumption = walker.record("resumption", at=now)
    walker.approve(resumption["id"])
    assert walker.case()["status"] == "open"
    assert deadline(walker, "licence_decision")["due_at"] == before["due_at"]  # paused for minutes, same day
    extension = walker.record("extension", at=now, content={"deadline": "licence_decision"})
    walker.approve(extension["id"])
    after = deadline(walker, "licence_decision")
    due_day = dt.datetime.fromisoformat(before["due_at"]).date() - dt.timedelta(days=1)
    expected = current_calendar().add_workdays(due_day, 10) + dt.timedelta(days=1)
    assert after["due_at"] == f"{expected.isoformat()}T00:00:00+08:00"
    assert "行政许可法 42" in after["period"]
    wrong = walker.record("extension", at=now, expect=400, content={"deadline": "penalty_decision"})
    assert "deadline" in wrong["errors"]


def test_pause_shifts_a_working_day_deadline_by_the_working_days_it_covered(walker):
    """20 working days after 09-14 end on 10-16 (Mid-Autumn 09-25 and National Day are off, 09-20 and 10-10
    are worked). A suspension approved 09-29 and lifted 10-09 covers 3 working days (09-29, 09-30, 10-08),
    so the decision is due on 10-21 instead. Built from rows in memory: fixed dates, no clock."""
    case = Case(pk=1, agency_id=1, procedure="licence", family="licence", stage="examine", status="open")

    def rec(pk, type_, when, **content):
        return Record(pk=pk, case=case, seq=pk, type=type_, stage="x", occurred_at=when, content=content)

    def agree(record, step, when):
        return Approval(record=record, step=step, agree=True, at=when)

    acceptance = rec(1, "acceptance", t(2026, 9, 14), outcome="accept")
    suspension = rec(2, "suspension", t(2026, 9, 29))
    resumption = rec(3, "resumption", t(2026, 10, 9))
    approvals = [agree(suspension, "unit_head", t(2026, 9, 29, 11)),
                 agree(suspension, "agency_head", t(2026, 9, 29, 12)),
                 agree(resumption, "unit_head", t(2026, 10, 9, 11)),
                 agree(resumption, "agency_head", t(2026, 10, 9, 12))]
    for a in approvals:
        a.record_id = a.record.pk
    state = CaseState(case, records=[acceptance, suspension, resumption], approvals=approvals)
    numbers = resolve("wuhan")
    unpaused = CaseState(case, records=[acceptance], approvals=[])
    plain = {c.code: c for c in deadlines.compute(case, unpaused, WorkCalendar(), numbers)}
    assert plain["licence_decision"].due_at == dt.datetime(2026, 10, 17, tzinfo=CHINA)
    shifted = {c.code: c for c in deadlines.compute(case, state, WorkCalendar(), numbers)}
    assert shifted["licence_decision"].due_at == dt.datetime(2026, 10, 22, tzinfo=CHINA)


def test_sweep_moves_levels_with_the_clock(walker):
    """R-SUP-2: due → due soon (yellow) → overdue (red) as time passes; met deadlines stay met."""
    walker.open("licence")
    walker.record("application", at=t(2026, 2, 12))
    row = Deadline.objects.get(code="supplement_notice")
    assert row.due_at == t(2026, 2, 27, 0)
    assert deadlines.sweep(now=t(2026, 2, 13)) == {"overdue": 0, "soon": 0, "pending": 1}
    assert deadlines.sweep(now=t(2026, 2, 26, 8))["soon"] == 1
    row.refresh_from_db()
    assert row.level == "soon"  # 02-24 and 02-26 remain: within the 2 working days of warn_before
    deadlines.sweep(now=t(2026, 2, 27, 0, 1))
    row.refresh_from_db()
    assert row.level == "overdue"


@pytest.mark.parametrize("procedure", ["penalty", "licence"])
def test_todos_on_the_workbench_are_ordered_by_due_time(walker, procedure):
    walker.open(procedure)
    first = "case_source" if procedure == "penalty" else "application"
    walker.record(first, at=t(2026, 2, 12))
    body = walker.officer.get("/api/v1/workbench").json()
    assert [c["id"] for c in body["cases"]] == [walker.case_id]
    dues = [d["due_at"] for d in body["todos"] if d["due_at"]]
    assert dues == sorted(dues)


def test_a_changed_calendar_day_moves_the_deadlines_that_span_it(walker, django_capture_on_commit_callbacks):
    """An administrator marks Tuesday 2026-02-24 as a rest day: the supplement notice due at the end of
    02-26 moves to the end of 02-27; the change and the recomputation follow the import at once."""
    walker.open("licence")
    walker.record("application", at=t(2026, 2, 12))
    assert deadline(walker, "supplement_notice")["due_at"] == "2026-02-27T00:00:00+08:00"
    with django_capture_on_commit_callbacks(execute=True):
        r = walker.admin.post("/api/v1/workdays/import", {"file": SimpleUploadedFile(
            "day.csv", "date,workday,name\n2026-02-24,false,本地调整\n".encode())})
    assert r.status_code == 200, r.content
    assert deadline(walker, "supplement_notice")["due_at"] == "2026-02-28T00:00:00+08:00"


def test_sweep_command(walker):
    """`lawtrail sweep_alerts --recompute`: what a cron job or the serve thread runs."""
    import io

    from django.core.management import call_command

    walker.open("licence")
    walker.record("application", at=t(2026, 2, 12))
    Deadline.objects.update(level="pending")
    out = io.StringIO()
    call_command("sweep_alerts", "--recompute", stdout=out)
    assert "recomputed 1 cases" in out.getvalue()
    assert Deadline.objects.get(code="supplement_notice").level == "overdue"
