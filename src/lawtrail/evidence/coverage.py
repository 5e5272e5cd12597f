"""Mandatory audio-video coverage (R-INV-6): every step the catalogue marks as needing audio-video must
have a recording linked to it; a step without one is an alert at that step, citing the rule."""

from __future__ import annotations

from typing import Any

from lawtrail.cases.actions import av_required
from lawtrail.cases.models import Record
from lawtrail.cases.state import CaseState
from lawtrail.evidence.models import Recording
from lawtrail.procedures.catalogue import R

AV_TYPES = tuple(code for code, rt in R.items() if rt.av is not None)


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


def missing_in(cases) -> list[dict[str, Any]]:
    """The same for many cases at once (the workbench): a fixed number of queries whatever the number of cases —
    the records of types that may need audio-video (with the versions they correct), then the recordings linked
    to any of them. Each row carries its case."""
    rows = list(Record.objects.filter(case__in=cases, type__in=AV_TYPES)
                .select_related("case").only("pk", "seq", "type", "content", "occurred_at", "corrects_id",
                                             "case__id", "case__number", "case__title", "case__stage"))
    by_pk = {r.pk: r for r in rows}
    superseded = {r.corrects_id for r in rows if r.corrects_id}
    candidates = Record.objects.filter(case__in=cases, type__in=AV_TYPES).values("pk")
    covered = set(Recording.objects.current().filter(record_id__in=candidates, kind__in=("video", "audio"))
                  .values_list("record_id", flat=True))
    out = []
    for record in sorted(rows, key=lambda r: (r.occurred_at, r.pk)):
        spec = R[record.type]
        if record.pk in superseded or not av_required(spec, record.content):
            continue
        chain, old = {record.pk}, record.corrects_id
        while old in by_pk:
            chain.add(old)
            old = by_pk[old].corrects_id
        if not chain & covered:
            out.append({"record_id": record.pk, "seq": record.seq, "type": record.type, "type_name": str(spec.name),
                        "rule": spec.av.cite.rule, "articles": spec.av.cite.articles,
                        "occurred_at": record.occurred_at, "case": record.case})
    return out
