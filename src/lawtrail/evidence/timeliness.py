"""Upload deadlines of audio-video records (R-AV-5): measured from the end of the recording to its
ingest, by the agency's profile — 2 working days (WH 26, DXH 9), 24 hours (LC 30, HY-A2 16), the end of
the day (YZ 18) — or, for work away from the office, from the return (1 working day WH 26, 24 hours
HY-A6 19). A recording without an end time is measured from its upload and cannot be late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lawtrail.evidence.models import Recording
from lawtrail.procedures.actions import rules_for
from lawtrail.workdays.calendar import CalendarNotCovered, due_at


@dataclass(frozen=True)
class Timeliness:
    due: dt.datetime | None
    late: bool
    basis: str  # "end", "return", "none", or "calendar:<year>"
    period: str


def upload_timeliness(recording: Recording, *, numbers: dict | None = None, calendar=None) -> Timeliness:
    """Whether the recording was uploaded in time. A page judging many recordings passes the agency's numbers
    and the calendar, read once, so its queries do not grow with the recordings."""
    from lawtrail.cases.deadlines import describe
    from lawtrail.workdays.actions import current_calendar

    if numbers is None:
        numbers = rules_for(recording.agency_id).numbers()
    if recording.returned_at is not None and numbers.get("av_upload_after_return") is not None:
        start, period, basis = recording.returned_at, numbers["av_upload_after_return"], "return"
    elif recording.ended_at is not None and numbers.get("av_upload") is not None:
        start, period, basis = recording.ended_at, numbers["av_upload"], "end"
    else:
        return Timeliness(None, False, "none", "")
    text = describe(period)
    try:
        due = due_at(calendar or current_calendar(), start, period.amount, period.unit)
    except CalendarNotCovered as exc:
        return Timeliness(None, False, f"calendar:{exc.year}", text)
    return Timeliness(due, recording.uploaded_at > due, basis, text)
