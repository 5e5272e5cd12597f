"""Continuity of the audio-video of one activity (R-AV-2, R-AV-3, R-AV-4): the segments linked to a case
step are put in time order across devices (several devices may film one activity from different angles,
so one device's gap may be covered by another's); a stretch that no device covered, longer than the
profile's tolerance, needs an explanation record (spoken when recording resumed, or written and reported
to the head); a recording that starts after the activity began is flagged (it must run from arrival)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lawtrail.cases.state import CaseState
from lawtrail.evidence.models import Recording
from lawtrail.procedures import checks
from lawtrail.procedures.actions import rules_for


def _explained(state: CaseState, record_ids: set[int], start: dt.datetime, end: dt.datetime) -> bool:
    for view in state.current("av_interruption"):
        c = view.record.content
        if c.get("step") not in record_ids:
            continue
        a, b = checks.parse_datetime(c.get("gap_from")), checks.parse_datetime(c.get("gap_to"))
        if a is not None and b is not None and a <= end and b >= start:
            return True
    return False


def problems(state: CaseState) -> list[dict[str, Any]]:
    tolerance_period = rules_for(state.case.agency_id).numbers().get("av_gap_tolerance")
    tolerance = dt.timedelta(seconds=tolerance_period.amount if tolerance_period else 60)
    segments: dict[int, list[Recording]] = {}
    timed = Recording.objects.current().filter(case=state.case, kind__in=("video", "audio"), record__isnull=False,
                                               started_at__isnull=False, ended_at__isnull=False)
    for r in timed.order_by("started_at"):
        segments.setdefault(r.record_id, []).append(r)
    out = []
    for record_id, segs in segments.items():
        view = state.views.get(record_id)
        if view is None:
            continue
        # The step as it stands now: a recording of a corrected version covers its correction too.
        current = view
        while current.superseded_by is not None:
            current = state.views[current.superseded_by.pk]
        ids = {record_id, current.record.pk}
        base = {"record_id": current.record.pk, "seq": current.record.seq, "type_name": str(current.spec.name),
                "segments_of": record_id}
        began = current.record.occurred_at
        if segs[0].started_at > began + tolerance:
            out.append({**base, "kind": "late_start", "from": began, "to": segs[0].started_at, "rule": "R-AV-2",
                        "articles": "WH 7, WH 18, DXH 9"})
        covered_to = segs[0].ended_at
        for seg in segs[1:]:
            if seg.started_at - covered_to > tolerance and not _explained(state, ids, covered_to, seg.started_at):
                out.append({**base, "kind": "gap", "from": covered_to, "to": seg.started_at, "rule": "R-AV-3",
                            "articles": "WH 7, YZ 13, HY-A6 14"})
            covered_to = max(covered_to, seg.ended_at)
    return out
