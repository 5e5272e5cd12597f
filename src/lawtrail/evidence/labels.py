"""The labels of a recording (R-AV-5): case number, party and handler (WH 26), squad, officer, recording
time and cause (YZ 18). Labels are derived from what the system knows — the linked case, the officer who
had the device on loan — and only what it cannot know (the cause and party of a recording not yet linked to
a case) is typed in. A recording that has neither a case nor a cause is unlabelled and shown as such."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lawtrail.evidence.models import Recording


def labels(recording: Recording) -> dict[str, Any]:
    case = recording.case
    officer = recording.officer
    if case is not None:
        party = "、".join(p.name for p in case.parties.all()) or recording.party_name
        handlers = "、".join(o.name for o in case.handlers.all())
        cause = str(case.cause) if case.cause_id else case.title
    else:
        party, handlers, cause = recording.party_name, "", recording.cause
    squad = officer.unit.name if officer is not None else (case.unit.name if case is not None else "")
    time = ""
    if recording.started_at:
        time = timezone.localtime(recording.started_at).strftime("%Y-%m-%d %H:%M")
        if recording.ended_at:
            time += "–" + timezone.localtime(recording.ended_at).strftime("%H:%M")
    return {"case_number": case.number if case is not None else "", "party": party, "handlers": handlers,
            "squad": squad, "officer": officer.name if officer is not None else "", "time": time, "cause": cause,
            "labelled": case is not None or bool(recording.cause)}
