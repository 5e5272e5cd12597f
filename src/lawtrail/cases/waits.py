"""Which approval step each record of a case waits for (R-PROC-7), kept as rows (`ApprovalWait`) so that the
heads' inbox reads them down an index (issue 19) instead of testing every record against its approvals.

Derived state like the deadlines: `refresh_case` rewrites a case's rows from its `CaseState` after every write
to the case (`actions._after_write`); the migration that adds the table fills it for the records already there."""

from __future__ import annotations

from lawtrail.cases.models import ApprovalWait, Case
from lawtrail.cases.state import CaseState


def waiting(state: CaseState) -> dict[int, str]:
    """record id → the step it waits for: current records of an open or suspended case, not refused, whose chain
    has a step without an opinion (RecordView.next_step)."""
    if state.case.status not in (Case.Status.OPEN, Case.Status.SUSPENDED):
        return {}
    out = {}
    for view in state.views.values():
        step = view.next_step() if view.spec.approval else None
        if step is not None:
            out[view.record.pk] = step
    return out


def refresh_case(case: Case, state: CaseState) -> None:
    """Rewrite the case's waits as they now stand (in the caller's transaction)."""
    wanted = waiting(state)
    have = {w.record_id: w for w in ApprovalWait.objects.filter(case=case)}
    gone = [pk for pk, w in have.items() if wanted.get(pk) != w.step]
    if gone:
        ApprovalWait.objects.filter(record_id__in=gone).delete()
    ApprovalWait.objects.bulk_create([ApprovalWait(record_id=pk, agency_id=case.agency_id, case=case, step=step)
                                      for pk, step in wanted.items() if pk not in have or pk in gone])

