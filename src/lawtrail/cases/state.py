"""What a case's records add up to: which records are current (not corrected), approved, issued and
served, and when each of those happened. Built from the case's rows in two queries; gates, stage
movement and deadlines all read it, so they agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lawtrail.cases.models import Approval, Case, Record
from lawtrail.procedures.catalogue import R
from lawtrail.procedures.checks import parse_datetime

STATES = ("recorded", "approved", "issued", "served")


@dataclass
class RecordView:
    record: Record
    approvals: list[Approval] = field(default_factory=list)
    superseded_by: Record | None = None
    served_at: dt.datetime | None = None
    service_ids: list[int] = field(default_factory=list)

    @property
    def spec(self):
        return R[self.record.type]

    @property
    def current(self) -> bool:
        return self.superseded_by is None

    @property
    def rejected(self) -> bool:
        return any(not a.agree for a in self.approvals)

    @property
    def approved(self) -> bool:
        agreed = {a.step for a in self.approvals if a.agree}
        return not self.rejected and all(step in agreed for step in self.spec.approval)

    @property
    def approved_at(self) -> dt.datetime | None:
        if not self.approved:
            return None
        if not self.spec.approval:
            return self.record.occurred_at
        return max(a.at for a in self.approvals)

    def next_step(self) -> str | None:
        """The approval step waiting for an opinion, in chain order (R-PROC-7)."""
        if self.rejected or not self.current:
            return None
        done = {a.step for a in self.approvals}
        for step in self.spec.approval:
            if step not in done:
                return step
        return None

    @property
    def status(self) -> str:
        if not self.current:
            return "corrected"
        if self.rejected:
            return "rejected"
        if self.spec.approval and not self.approved:
            return "pending"
        if self.served_at is not None:
            return "served"
        if self.spec.document:
            return "issued"
        return "approved" if self.spec.approval else "recorded"

    def when(self, state: str) -> dt.datetime | None:
        """When the record reached `state`, or None if it has not."""
        if not self.current or self.rejected:
            return None
        if state == "recorded":
            return self.record.occurred_at
        if state in ("approved", "issued"):
            return self.approved_at
        if state == "served":
            return self.served_at if self.approved else None
        raise ValueError(state)


class CaseState:
    def __init__(self, case: Case, records: list[Record] | None = None, approvals: list[Approval] | None = None):
        self.case = case
        if records is None:
            records = list(Record.objects.filter(case=case).order_by("seq"))
        if approvals is None:
            approvals = list(Approval.objects.filter(record__case=case).order_by("pk"))
        self.views: dict[int, RecordView] = {r.pk: RecordView(r) for r in records}
        for a in approvals:
            self.views[a.record_id].approvals.append(a)
        for view in self.views.values():
            corrected = view.record.corrects_id
            if corrected in self.views:
                self.views[corrected].superseded_by = view.record
        # A service serves the document it names and every earlier version of it.
        for view in self.views.values():
            rec = view.record
            if rec.type != "service" or not view.current:
                continue
            served = parse_datetime(rec.content.get("served_at")) or rec.occurred_at
            doc_id = rec.content.get("document")
            while doc_id in self.views:
                target = self.views[doc_id]
                target.service_ids.append(rec.pk)
                if target.served_at is None or served < target.served_at:
                    target.served_at = served
                doc_id = target.record.corrects_id

    def current(self, *types: str) -> list[RecordView]:
        return [v for v in self.views.values() if v.current and (not types or v.record.type in types)]

    def latest(self, *types: str) -> RecordView | None:
        found = [v for v in self.current(*types) if not v.rejected]
        return found[-1] if found else None

    def when(self, types: tuple[str, ...] | str, state: str) -> dt.datetime | None:
        """The earliest time any current record of `types` reached `state`."""
        if isinstance(types, str):
            types = (types,)
        times = [t for v in self.current(*types) if (t := v.when(state)) is not None]
        return min(times) if times else None

    def has(self, types: tuple[str, ...] | str, state: str) -> bool:
        return self.when(types, state) is not None

    def pauses(self) -> list[tuple[dt.datetime, dt.datetime | None]]:
        """Suspension spans (中止 approved → resumption approved); the last may still be running."""
        events = sorted([(v.approved_at, "s") for v in self.current("suspension") if v.approved]
                        + [(v.approved_at, "r") for v in self.current("resumption") if v.approved])
        spans: list[tuple[dt.datetime, dt.datetime | None]] = []
        start = None
        for at, kind in events:
            if kind == "s" and start is None:
                start = at
            elif kind == "r" and start is not None:
                spans.append((start, at))
                start = None
        if start is not None:
            spans.append((start, None))
        return spans
