"""Mandatory audio-video coverage (R-INV-6): every step the catalogue marks as needing audio-video must
have a recording linked to it; a step without one is an alert at that step, citing the rule."""

from __future__ import annotations

from typing import Any

from lawtrail.cases.actions import av_required
from lawtrail.cases.state import CaseState
from lawtrail.evidence.models import Recording


def missing(state: CaseState) -> list[dict[str, Any]]:
    """Steps of the case that had to be filmed or recorded and have no audio or video linked."""
    covered = set(Recording.objects.current().filter(case=state.case, kind__in=("video", "audio"))
                  .values_list("record_id", flat=True))
    out = []
    for view in state.current():
        spec = view.spec
        if spec.av is None or not av_required(spec, view.record.content):
            continue
        chain = {view.record.pk}
        old = view.record.corrects_id
        while old in state.views:  # a recording of the corrected version still covers the step
            chain.add(old)
            old = state.views[old].record.corrects_id
        if not chain & covered:
            out.append({"record_id": view.record.pk, "seq": view.record.seq, "type": view.record.type,
                        "type_name": str(spec.name), "rule": spec.av.cite.rule, "articles": spec.av.cite.articles,
                        "occurred_at": view.record.occurred_at})
    return out
