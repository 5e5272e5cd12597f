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


CHUNK = 1000


def missing_in(cases, *, stop_after: int | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The same for many cases at once (the workbench), in the order the steps were recorded: the records of
    types that may need audio-video are read a chunk at a time by key — each chunk with the recordings linked to
    it or to a version it corrects, and the corrections made of it — so no query names more than a chunk of ids.
    With `stop_after`, reading stops once more than that many are found (a count that stops, issue 19: the
    workbench of an officer with 100,000 open cases read them all). Returns (rows, complete): `complete` is False
    when reading stopped early, so that the count shown says "more than". Each row carries its case."""
    records = (Record.objects.filter(case__in=cases, type__in=AV_TYPES).select_related("case")
               .only("pk", "seq", "type", "content", "occurred_at", "corrects_id",
                     "case__id", "case__number", "case__title", "case__stage"))
    by_pk: dict[int, Record] = {}  # every record read so far: a correction's earlier versions come before it
    covered: set[int] = set()  # of those, the ones with a recording linked
    out, after = [], 0
    while True:
        rows = list(records.filter(pk__gt=after).order_by("pk")[:CHUNK])
        if not rows:
            return out, True
        # the chunk's key range, down the indexes on corrects and record: no list of ids, no re-reading of the cases
        span = {"gt": after, "lte": rows[-1].pk}
        after = rows[-1].pk
        by_pk.update((r.pk, r) for r in rows)
        superseded = set(Record.objects.filter(**{f"corrects_id__{k}": v for k, v in span.items()})
                         .values_list("corrects_id", flat=True))
        covered |= set(Recording.objects.current().filter(kind__in=("video", "audio"), **{
            f"record_id__{k}": v for k, v in span.items()}).values_list("record_id", flat=True))
        for record in rows:
            spec = R[record.type]
            if record.pk in superseded or not av_required(spec, record.content):
                continue
            chain, old = {record.pk}, record.corrects_id
            while old in by_pk:  # a recording of the corrected version still covers the step
                chain.add(old)
                old = by_pk[old].corrects_id
            if chain & covered:
                continue
            out.append({"record_id": record.pk, "seq": record.seq, "type": record.type, "type_name": str(spec.name),
                        "rule": spec.av.cite.rule, "articles": spec.av.cite.articles,
                        "occurred_at": record.occurred_at, "case": record.case})
            if stop_after is not None and len(out) > stop_after:
                return out, False
