"""The hard gate (R-LR-1, HY-A3 3): a decision of a case that needs the legal review cannot be recorded
until a review of the current draft ended in "agree" — by the legal unit's opinion, or by the collective
decision after a disagreement — or the agency head overrode it, which is recorded and reported to
supervision (R-LR-8). A draft changed after its review (a correction, or a newer draft) needs a new one."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lawtrail.cases.models import Case
from lawtrail.cases.state import CaseState
from lawtrail.procedures.model import RecordType
from lawtrail.review import catalogue
from lawtrail.review.models import Review


def current_draft(state: CaseState):
    gated = catalogue.GATED.get(state.case.procedure)
    return state.latest(catalogue.DRAFTS[gated]) if gated else None


def clearance(case: Case, state: CaseState) -> tuple[Review | None, str]:
    """The review that clears the current draft and how ("agree", "override"), or (None, why not)."""
    draft = current_draft(state)
    if draft is None:
        return None, _("there is no draft decision to review")
    reviews = list(Review.objects.filter(case=case).order_by("-created_at", "-pk"))
    for review in reviews:
        if review.draft_sm3 != draft.record.content_sm3:
            continue
        if review.status == Review.Status.OVERRIDDEN:
            return review, "override"
        if review.status == Review.Status.DECIDED and review.outcome == "agree":
            return review, "agree"
    if any(r.outcome == "agree" for r in reviews):
        return None, _("the draft changed after it was reviewed; the current draft needs its own review")
    if any(r.status == Review.Status.DECIDED for r in reviews):
        return None, _("the review did not agree")
    return None, _("no review of the current draft has agreed yet")


def review_gate(case: Case, state: CaseState, rt: RecordType, content: dict | None) -> str | None:
    if catalogue.GATED.get(case.procedure) != rt.code:
        return None
    reasons = catalogue.reasons(case, state, content)
    if not reasons:
        return None
    review, why = clearance(case, state)
    if review is not None:
        return None
    return _("R-LR-1 (HY-A3 3): this is a major decision (%(reasons)s) and may not be made before the legal "
             "unit's review agrees: %(why)s.") % {"reasons": "; ".join(r["name"] for r in reasons), "why": why}
