"""The review clock (R-LR-6, HY-A3): 3 working days from the day the materials are complete, 1 when
urgent, 2 more with the head's approval for a complex case; time sent to expert argument or spent
verifying facts with officers or the party does not count (pause → resume). Numbers come from the
agency's rule profile; the calendar is the Chinese working-day calendar, never a Monday–Friday guess."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lawtrail.cases.deadlines import shift
from lawtrail.procedures.actions import rules_for
from lawtrail.workdays.calendar import CalendarNotCovered, due_at, end_of_day, local_date


@dataclass(frozen=True)
class Clock:
    started: dt.datetime | None
    due: dt.datetime | None
    warn: dt.datetime | None
    met: dt.datetime | None
    paused: bool
    period: str
    error: str = ""


def pauses(steps) -> list[tuple[dt.datetime, dt.datetime | None]]:
    spans, start = [], None
    for s in steps:
        if s.kind == "pause" and start is None:
            start = s.at
        elif s.kind == "resume" and start is not None:
            spans.append((start, s.at))
            start = None
    if start is not None:
        spans.append((start, None))
    return spans


def compute(review, steps) -> Clock:
    from lawtrail.workdays.actions import current_calendar

    accepted = next((s.at for s in steps if s.kind == "accept"), None)
    met = next((s.at for s in steps if s.kind == "opinion"), None)
    if accepted is None:
        return Clock(None, None, None, met, False, "")
    numbers = rules_for(review.agency_id).numbers()
    period = numbers.get("legal_review_urgent" if review.urgent else "legal_review")
    if period is None:
        return Clock(accepted, None, None, met, False, "")
    text = f"{period.amount} {period.unit} ({period.source})"
    calendar = current_calendar()
    try:
        due = due_at(calendar, accepted, period.amount, period.unit)
        ext = numbers.get("legal_review_extension")
        if ext is not None and any(s.kind == "extension" for s in steps):
            due = due_at(calendar, due - dt.timedelta(microseconds=1), ext.amount, ext.unit)
            text += f" + {ext.amount} {ext.unit} ({ext.source})"
        paused = False
        for start, end in pauses(steps):
            if start >= due or (met is not None and start >= met):
                continue
            if end is None:
                paused = True
            else:
                due = shift(calendar, due, period.unit, (start, end))
        # A clock of a few days turns yellow on its last working day (the profile's warn_before, meant for
        # periods of weeks, would make it yellow from the start).
        warn = max(end_of_day(calendar.sub_workdays(local_date(due - dt.timedelta(microseconds=1)), 1)), accepted) \
            if period.unit == "workdays" else due
    except CalendarNotCovered as exc:
        return Clock(accepted, None, None, met, False, text, f"calendar:{exc.year}")
    return Clock(accepted, due, warn, met, paused, text)


def level(clock: Clock, now: dt.datetime) -> str:
    """The same levels as case deadlines: pending, soon, overdue, met, met_late, paused, error."""
    if clock.error:
        return "met" if clock.met else "error"
    if clock.started is None:
        return ""
    if clock.met is not None:
        return "met_late" if clock.due is not None and clock.met >= clock.due else "met"
    if clock.paused:
        return "paused"
    if clock.due is not None and now >= clock.due:
        return "overdue"
    if clock.warn is not None and now >= clock.warn:
        return "soon"
    return "pending"
