"""Deadlines of the catalogue computed for one case, by the agency's rule profile, in working days of
the Chinese calendar (R-PROC-6, REQUIREMENTS.md preamble), and the sweep that refreshes their levels.

A deadline starts when its start event happens and is met when an end event happens. Approved
extensions (延期) add the profile's extension period; suspensions (中止) stop the clock for their span.
When no calendar covers a date the deadline is an error the administrator sees — never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lawtrail.cases.models import Case, Deadline
from lawtrail.cases.state import CaseState
from lawtrail.procedures.catalogue import PROCEDURES, R
from lawtrail.procedures.profiles import Period
from lawtrail.workdays.calendar import CHINA, CalendarNotCovered, WorkCalendar, due_at, end_of_day, local_date

UNIT_WORDS = {"workdays": "个工作日", "days": "日", "hours": "小时", "seconds": "秒", "end_of_day": "（当日）",
              "months": "个月", "years": "年"}


def describe(period: Period) -> str:
    return f"{period.amount}{UNIT_WORDS[period.unit]}（{period.source}）"


@dataclass
class Computed:
    code: str
    rule: str
    articles: str
    period: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    met_at: dt.datetime | None
    paused: bool
    error: str
    earliest_due: dt.datetime | None = None  # provisional bounds while the calendar of the year is missing
    latest_due: dt.datetime | None = None


def shift(calendar: WorkCalendar, due: dt.datetime, unit: str, span: tuple[dt.datetime, dt.datetime]
           ) -> dt.datetime:
    """Move a due time on by a finished suspension span: by the working days it covered for periods in
    working days, by its calendar days for periods in days, by its elapsed time for hours."""
    start, end = span
    if unit == "hours":
        return due + (end - start)
    first, last = local_date(start), local_date(end)
    if last <= first:
        return due
    due_day = local_date(due - dt.timedelta(microseconds=1))
    if unit == "workdays":
        days = calendar.workdays_between(first, last - dt.timedelta(days=1))
        return end_of_day(calendar.add_workdays(due_day, days)) if days else due
    return end_of_day(calendar.add_days(due_day, (last - first).days))


def _warn_from(calendar: WorkCalendar, due: dt.datetime, period: Period | None) -> dt.datetime:
    """When a deadline turns yellow: the profile's warn_before ahead of it (working days: from the end of the
    working day that many working days before the due day)."""
    if period is None or period.amount == 0:
        return due
    if period.unit == "workdays":
        return end_of_day(calendar.sub_workdays(local_date(due - dt.timedelta(microseconds=1)), period.amount))
    if period.unit == "hours":
        return due - dt.timedelta(hours=period.amount)
    return due - dt.timedelta(days=period.amount)


def compute(case: Case, state: CaseState, calendar: WorkCalendar, numbers: dict[str, Period | None]
            ) -> list[Computed]:
    spec = PROCEDURES[case.procedure]
    flags = case.flags
    out: list[Computed] = []
    pauses = state.pauses()
    for d in spec.deadlines:
        if d.only_case and d.only_case not in flags:
            continue
        start_type, start_state = d.starts
        started = state.when(start_type, start_state)
        if started is None:
            continue
        met = None
        for end_type, end_state in d.ends:
            t = state.when(end_type, end_state)
            if t is not None and (met is None or t < met):
                # A record entered after the fact may carry a time before the start event (a paper step
                # typed in later): the deadline was met the moment it started.
                met = max(t, started)
        period = numbers.get(d.profile_key) if d.profile_key else None
        if d.profile_key and period is None and not d.from_field:
            continue  # the profile names no period for this (e.g. LC 9 "事后补报"): nothing to compute
        if d.from_field and _term(d, state, start_type) is None:
            continue  # the record names no term
        error, due, warn, bounds = "", None, None, (None, None)
        period_text = _period_text(d, state, numbers, period, start_type)
        try:
            due, paused = _due(d, state, calendar, numbers, period, started, met, pauses, start_type)
            warn = max(_warn_from(calendar, due, numbers.get("warn_before")), started)
        except CalendarNotCovered as exc:
            error, due, warn, paused = f"calendar:{exc.year}", None, None, False
            # Not computed — but bounded from the statutory holidays until the year's notice is imported.
            try:
                bounds = tuple(_due(d, state, calendar.bound(a), numbers, period, started, met, pauses,
                                    start_type)[0] for a in ("early", "late"))
            except CalendarNotCovered:
                bounds = (None, None)
        out.append(Computed(d.code, d.cite.rule, d.cite.articles, period_text, started, due, warn, met, paused,
                            error, *bounds))
    return out


def _term(d, state: CaseState, start_type: str) -> dt.date | None:
    """For a deadline that runs from a date the start record names (履行期限…): that date, if given."""
    source = state.latest(start_type)
    raw = source.record.content.get(d.from_field) if source else None
    return dt.date.fromisoformat(raw) if raw else None


def _extensions(d, state: CaseState, numbers) -> list[Period]:
    """The profile's extension period once for each approved extension (延期) of this deadline."""
    ext = numbers.get(f"{d.profile_key}_extension") if d.extendable else None
    if ext is None:
        return []
    return [ext for view in state.current("extension")
            if view.approved and view.record.content.get("deadline") == d.code]


def _period_text(d, state: CaseState, numbers, period: Period | None, start_type: str) -> str:
    """The period in words: "90日（行政处罚法 60）", "履行期限2026年3月17日届满后5个工作日（…）"."""
    if d.from_field:
        term_end = _term(d, state, start_type)
        if term_end is None:
            return ""
        label = next((f.label.zh for f in R[start_type].fields if f.name == d.from_field), d.from_field)
        text = f"{label}{term_end.year}年{term_end.month}月{term_end.day}日"
        return text + (f"届满后{describe(period)}" if period is not None else "")
    text = describe(period) if period else ""
    return text + "".join(f"，延长{describe(ext)}" for ext in _extensions(d, state, numbers))


def _due(d, state: CaseState, calendar: WorkCalendar, numbers, period: Period | None, started: dt.datetime,
         met: dt.datetime | None, pauses, start_type: str) -> tuple[dt.datetime, bool]:
    """(due, paused) by `calendar` (the caller has checked that a term-based deadline has its term). Raises
    CalendarNotCovered when the calendar does not reach."""
    if d.from_field:
        due = end_of_day(_term(d, state, start_type))
        unit = "days"
        if period is not None:  # so many working days after the term the record names
            due = due_at(calendar, due - dt.timedelta(microseconds=1), period.amount, period.unit)
            unit = period.unit
    else:
        due = due_at(calendar, started, period.amount, period.unit)
        unit = period.unit
        for ext in _extensions(d, state, numbers):
            due = due_at(calendar, due - dt.timedelta(microseconds=1), ext.amount, ext.unit) \
                if ext.unit != "hours" else due + dt.timedelta(hours=ext.amount)
    paused = False
    if d.pauses:
        for span_start, span_end in pauses:
            if span_start >= due or (met is not None and span_start >= met):
                continue
            if span_end is None:
                paused = True
            else:
                due = shift(calendar, due, unit, (span_start, span_end))
    return due, paused

def level(c: Computed | Deadline, now: dt.datetime, paused: bool = False) -> str:
    if c.met_at is not None and c.error:
        return Deadline.Level.MET  # done; whether on time cannot be told until the calendar is there
    if c.error:
        return Deadline.Level.ERROR
    if c.met_at is not None:
        return Deadline.Level.MET_LATE if c.due_at is not None and c.met_at >= c.due_at else Deadline.Level.MET
    if paused:
        return Deadline.Level.PAUSED
    if c.due_at is not None and now >= c.due_at:
        return Deadline.Level.OVERDUE
    if c.warn_at is not None and now >= c.warn_at:
        return Deadline.Level.SOON
    return Deadline.Level.PENDING


def refresh_case(case: Case, state: CaseState, calendar: WorkCalendar, numbers: dict[str, Period | None],
                 now: dt.datetime | None = None) -> list[Deadline]:
    """Write the case's deadlines as they now stand (in the caller's transaction)."""
    now = now or timezone.now()
    computed = compute(case, state, calendar, numbers) if case.is_open or case.status == Case.Status.CLOSED else []
    existing = {d.code: d for d in Deadline.objects.filter(case=case)}
    keep = []
    for c in computed:
        row = existing.pop(c.code, None) or Deadline(case=case, agency_id=case.agency_id, code=c.code)
        lvl = level(c, now, paused=c.paused)
        if not case.is_open and c.met_at is None:
            continue  # a closed case has no open deadlines left to chase
        for name in ("rule", "articles", "period", "started_at", "due_at", "warn_at", "met_at", "error",
                     "earliest_due", "latest_due"):
            setattr(row, name, getattr(c, name))
        row.level = lvl
        row.save()
        keep.append(row)
    if existing:
        Deadline.objects.filter(pk__in=[d.pk for d in existing.values()]).delete()
    return keep


OPEN_LEVELS = (Deadline.Level.PENDING, Deadline.Level.SOON, Deadline.Level.OVERDUE)


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Refresh every open deadline's level against the clock: three set-based UPDATEs, so 100,000 open
    cases take seconds. Deadlines whose computation needs the case (errors, pauses) are refreshed by
    writes to the case and by calendar or profile changes."""
    now = now or timezone.now()
    open_rows = Deadline.objects.filter(level__in=OPEN_LEVELS, met_at__isnull=True)
    with transaction.atomic():
        overdue = open_rows.filter(due_at__lte=now).exclude(level=Deadline.Level.OVERDUE).update(
            level=Deadline.Level.OVERDUE)
        soon = open_rows.filter(due_at__gt=now, warn_at__lte=now).exclude(level=Deadline.Level.SOON).update(
            level=Deadline.Level.SOON)
        pending = open_rows.filter(Q(warn_at__gt=now)).exclude(level=Deadline.Level.PENDING).update(
            level=Deadline.Level.PENDING)
    return {"overdue": overdue, "soon": soon, "pending": pending}


def cases_touching_years(years) -> list[int]:
    """Open cases with a deadline that a change to the calendar of `years` can move: one that could not be
    computed, or whose period overlaps one of the years."""
    cond = Q(error__gt="")
    for year in years:
        first = dt.datetime(year, 1, 1, tzinfo=CHINA)
        after = dt.datetime(year + 1, 1, 1, tzinfo=CHINA)
        cond |= Q(started_at__lt=after, due_at__gte=first)
    open_statuses = (Case.Status.OPEN, Case.Status.SUSPENDED)
    return list(Deadline.objects.filter(cond, case__status__in=open_statuses)
                .values_list("case_id", flat=True).distinct())
