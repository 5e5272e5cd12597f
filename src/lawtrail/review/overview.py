"""Read models of the legal review shared by the API and the pages: a review with its steps, clock and
missing materials; the legal unit's queue ordered by clock; what a case needs."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from lawtrail.cases.models import Case, Deadline
from lawtrail.cases.overview import iso
from lawtrail.cases.state import CaseState
from lawtrail.review import actions, catalogue, materials
from lawtrail.review.gate import clearance, current_draft
from lawtrail.review.models import MajorRule, Review


def rule_doc(r: MajorRule) -> dict[str, Any]:
    return {"id": r.pk, "name": r.name, "family": r.family, "power": r.power_id,
            "amount_at_least": str(r.amount_at_least) if r.amount_at_least is not None else None,
            "when_hearing": r.when_hearing, "when_major": r.when_major, "source": r.source, "active": r.active}


def review_doc(review: Review, *, state: CaseState | None = None, steps: bool = True) -> dict[str, Any]:
    case = review.case
    doc: dict[str, Any] = {
        "id": review.pk, "case": case.pk, "case_number": case.number, "case_title": case.title,
        "status": review.status, "status_label": str(review.get_status_display()), "outcome": review.outcome,
        "outcome_label": str(dict(actions.OUTCOMES).get(review.outcome, "")), "number": review.number,
        "urgent": review.urgent, "draft": review.draft_id, "draft_sm3": review.draft_sm3,
        "submitted_at": iso(review.submitted_at), "late_submission": review.late_submission,
        "accepted_at": iso(review.accepted_at), "due_at": iso(review.due_at), "level": review.level,
        "level_label": str(Deadline.Level(review.level).label) if review.level in Deadline.Level.values else "",
        "clock_error": review.clock_error, "decided_at": iso(review.decided_at),
    }
    if steps:
        state = state or CaseState(case)
        draft = current_draft(state)
        doc["draft_current"] = draft is not None and draft.record.content_sm3 == review.draft_sm3
        all_steps = list(review.steps.select_related("by").order_by("at", "pk"))
        doc["steps"] = [{"id": s.pk, "kind": s.kind, "label": str(s.get_kind_display()), "content": s.content,
                         "content_sm3": s.content_sm3, "by": str(s.by), "at": iso(s.at)} for s in all_steps]
        doc["copies"] = {w: any(s.kind == "copy" and s.content.get("which") == w for s in all_steps)
                         for w in ("returned", "filed")}
        if review.status in (Review.Status.PRELIM, Review.Status.SUBMITTED, Review.Status.INCOMPLETE):
            doc["missing"] = materials.check(state, actions.submitted_materials(review))
    return doc


def case_review_doc(case: Case, state: CaseState | None = None) -> dict[str, Any]:
    state = state or CaseState(case)
    reasons = catalogue.reasons(case, state)
    review, how = clearance(case, state) if reasons else (None, "")
    return {"needed": bool(reasons), "reasons": reasons, "cleared_by": review.pk if review else None,
            "cleared_how": how if review else "", "blocked_because": "" if review or not reasons else how,
            "gated_decision": catalogue.GATED.get(case.procedure),
            "reviews": [review_doc(r, state=state, steps=False) for r in case.reviews.order_by("-created_at", "-pk")]}


def queue(user, *, everything: bool = False) -> list[dict[str, Any]]:
    """The legal unit's queue: running reviews, the clock closest to running out first."""
    qs = Review.objects.filter(agency_id=user.agency_id).select_related("case")
    if not everything:
        qs = qs.filter(status__in=actions.OPEN + (Review.Status.DISPUTED,))
    qs = qs.order_by(F("due_at").asc(nulls_last=True), "created_at")
    return [review_doc(r, steps=False) for r in qs[:500]]
