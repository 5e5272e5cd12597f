"""Which cases need the legal review (R-LR-1, HY-A3 3): those matching an active entry of the agency's
catalogue of major decisions — by family, power, amount, a hearing held, the case marked major or complex
— and those a collective discussion listed for review. Which decision each procedure's review gates, and
which record is its draft."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from lawtrail.cases.models import Case
from lawtrail.cases.state import CaseState
from lawtrail.review.models import MajorRule, ReviewMark

# The decision a review gates, per procedure, and the record that is its draft (送审的决定代拟稿). The simple
# procedure (当场处罚) has no review: it is for small fines only (行政处罚法 51).
GATED = {"penalty": "decision", "coercion": "coercion_decision", "requisition": "requisition_decision",
         "licence": "licence_decision", "inspection": "inspection_opinion"}
DRAFTS = {"decision": "draft_decision", "coercion_decision": "coercion_request",
          "requisition_decision": "requisition_review", "licence_decision": "examination",
          "inspection_opinion": "inspection_record"}
HEARING_TYPES = ("hearing_record",)


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def proposed_amount(state: CaseState, content: dict | None = None) -> Decimal | None:
    """The amount at stake: the decision being recorded, else the current draft."""
    if content and _amount(content.get("amount")) is not None:
        return _amount(content.get("amount"))
    gated = GATED.get(state.case.procedure)
    draft = state.latest(DRAFTS[gated]) if gated else None
    return _amount(draft.record.content.get("amount")) if draft else None


def rule_matches(rule: MajorRule, case: Case, state: CaseState, content: dict | None = None) -> bool:
    if rule.family and rule.family != case.family:
        return False
    if rule.power_id and rule.power_id != case.power_id:
        return False
    if rule.amount_at_least is not None:
        amount = proposed_amount(state, content)
        if amount is None or amount < rule.amount_at_least:
            return False
    if rule.when_hearing and not state.has(HEARING_TYPES, "recorded"):
        return False
    return not (rule.when_major and not case.is_major)


def reasons(case: Case, state: CaseState | None = None, content: dict | None = None) -> list[dict[str, Any]]:
    """Why the case needs the legal review — each matching catalogue entry and each listing — or []."""
    if case.procedure not in GATED:
        return []
    state = state or CaseState(case)
    out = [{"kind": "catalogue", "rule": r.pk, "name": r.name, "source": r.source}
           for r in MajorRule.objects.filter(agency_id=case.agency_id, active=True).order_by("pk")
           if rule_matches(r, case, state, content)]
    out += [{"kind": "listed", "mark": m.pk, "name": _("Listed by collective discussion: %(meeting)s")
             % {"meeting": m.meeting}, "source": "HY-A3 3"}
            for m in ReviewMark.objects.filter(case=case).order_by("pk")]
    return out
