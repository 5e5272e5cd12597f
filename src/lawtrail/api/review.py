"""Legal-review endpoints (R-LR-1..8): the catalogue of major decisions, what a case needs, reviews and
their steps, the head's override and the reports to supervision. Thin: parse, check access, call an action."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object, scoped
from lawtrail.api.base import StrictSchema
from lawtrail.cases.models import Case
from lawtrail.cases.overview import iso
from lawtrail.errors import NotAllowed
from lawtrail.review import actions, overview
from lawtrail.review.models import MajorRule, Review, SupervisionReport

router = Router(tags=["legal review"])


class RuleIn(StrictSchema):
    name: str | None = None
    family: str | None = None
    power: int | None = None
    amount_at_least: str | None = None
    when_hearing: bool | None = None
    when_major: bool | None = None
    source: str | None = None
    active: bool | None = None


class MarkIn(StrictSchema):
    reason: str
    meeting: str


class ReviewIn(StrictSchema):
    urgent: bool = False


class StepIn(StrictSchema):
    kind: str
    content: dict[str, Any] = {}


class OverrideIn(StrictSchema):
    reason: str


@router.get("/review/rules", response=list[dict], operation_id="list_major_rules")
def list_rules(request: HttpRequest):
    return [overview.rule_doc(r) for r in scoped(request.user, MajorRule)]


@router.post("/review/rules", response={201: dict}, operation_id="create_major_rule")
def create_rule(request: HttpRequest, payload: RuleIn):
    rule = actions.save_rule(user=request.user, data=payload.model_dump(exclude_unset=True))
    return Status(201, overview.rule_doc(rule))


@router.patch("/review/rules/{int:pk}", response=dict, operation_id="update_major_rule")
def update_rule(request: HttpRequest, pk: int, payload: RuleIn):
    rule = access_object(request.user, MajorRule, pk)
    return overview.rule_doc(actions.save_rule(user=request.user, data=payload.model_dump(exclude_unset=True),
                                               rule=rule))


@router.get("/cases/{int:pk}/review", response=dict, operation_id="case_review")
def case_review(request: HttpRequest, pk: int):
    """Whether the case's decision needs the legal review, why, and whether the current draft is cleared."""
    return overview.case_review_doc(access_object(request.user, Case, pk))


@router.post("/cases/{int:pk}/review-marks", response={201: dict}, operation_id="mark_case_for_review")
def mark_case(request: HttpRequest, pk: int, payload: MarkIn):
    case = access_object(request.user, Case, pk)
    actions.mark_case(user=request.user, case=case, reason=payload.reason, meeting=payload.meeting)
    return Status(201, overview.case_review_doc(case))


@router.post("/cases/{int:pk}/reviews", response={201: dict}, operation_id="start_review")
def start_review(request: HttpRequest, pk: int, payload: ReviewIn):
    case = access_object(request.user, Case, pk)
    return Status(201, overview.review_doc(actions.start_review(user=request.user, case=case, urgent=payload.urgent)))


@router.post("/cases/{int:pk}/review-override", response={201: dict}, operation_id="override_review")
def override(request: HttpRequest, pk: int, payload: OverrideIn):
    """R-LR-8: the agency head approves without, or against, the review — recorded and reported."""
    case = access_object(request.user, Case, pk)
    return Status(201, overview.review_doc(actions.override_review(user=request.user, case=case,
                                                                   reason=payload.reason)))


@router.get("/reviews", response=list[dict], operation_id="review_queue")
def review_queue(request: HttpRequest, all: bool = False):  # noqa: A002 - the query parameter's name
    return overview.queue(request.user, everything=all)


@router.get("/reviews/{int:pk}", response=dict, operation_id="get_review")
def get_review(request: HttpRequest, pk: int):
    return overview.review_doc(access_object(request.user, Review, pk))


@router.post("/reviews/{int:pk}/steps", response={201: dict}, operation_id="add_review_step")
def add_step(request: HttpRequest, pk: int, payload: StepIn):
    """One act on the review: prelim, submit, check, supplement, pause, resume, extension, findings,
    counsel, counsel_review, opinion, copy, disagree, panel, collective."""
    review = access_object(request.user, Review, pk)
    actions.add_step(user=request.user, review=review, kind=payload.kind, content=payload.content)
    review.refresh_from_db()
    return Status(201, overview.review_doc(review))


@router.get("/review/reports", response=list[dict], operation_id="supervision_reports")
def reports(request: HttpRequest):
    """Reports to supervision (R-LR-8): for supervisors, the agency head and the legal unit."""
    if not request.user.has_role(Role.SUPERVISOR, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER):
        raise NotAllowed(_("Reports to supervision are for supervisors, the agency head and the legal unit."))
    return [{"id": r.pk, "case": r.case_id, "case_number": r.case.number, "review": r.review_id, "kind": r.kind,
             "text": r.text, "by": str(r.created_by), "at": iso(r.created_at)}
            for r in scoped(request.user, SupervisionReport).select_related("case", "created_by")[:500]]
