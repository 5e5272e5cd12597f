"""Writes of the legal review (R-LR-1..8, HY-A3), each with its trail entry in one transaction.

A review goes: the handling unit head's preliminary review → submission with the seven kinds of material →
the legal unit checks them (complete: the clock starts; incomplete: one-time notice of everything missing;
still incomplete after supplementing: not accepted) → findings on the eight review points, counsel's
written opinion reviewed, pauses for expert argument or verification, the head's extension → the opinion
letter with one of six outcomes and its two copies → if the handling unit disagrees, an expert panel, then
a collective decision. The agency head may override (R-LR-8): recorded and reported to supervision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lawtrail.access.roles import Role
from lawtrail.cases.models import Case, Deadline
from lawtrail.cases.state import CaseState
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.ledger.changes import record_change, snapshot
from lawtrail.ledger.entry import canonical_json
from lawtrail.ledger.hashing import sm3_hex
from lawtrail.procedures import checks
from lawtrail.procedures.actions import rules_for
from lawtrail.procedures.catalogue import FAMILIES
from lawtrail.registry.models import Power
from lawtrail.review import catalogue, clock, materials
from lawtrail.review.gate import current_draft
from lawtrail.review.models import MajorRule, Review, ReviewMark, ReviewStep, SupervisionReport
from lawtrail.workdays.calendar import CalendarNotCovered, end_of_day, local_date

CATALOGUE_ROLES = (Role.LEGAL_REVIEWER, Role.ADMINISTRATOR)
SUBMIT_ROLES = (Role.OFFICER, Role.UNIT_HEAD)

# The eight review points (R-LR-4, HY-A3) and the six outcomes (R-LR-5, HY-A3 10).
POINTS = (
    ("powers", gettext_lazy("Within the organ's powers")),
    ("officers", gettext_lazy("Officers qualified")),
    ("facts", gettext_lazy("Facts clear, evidence conclusive and sufficient")),
    ("procedure", gettext_lazy("Procedure lawful and proper")),
    ("law", gettext_lazy("Laws, regulations and rules correctly applied")),
    ("discretion", gettext_lazy("Discretion properly used")),
    ("documents", gettext_lazy("Documents well-formed")),
    ("other", gettext_lazy("Other matters")),
)
FINDINGS = ("ok", "problem", "na")
OUTCOMES = (
    ("agree", gettext_lazy("Agree: lawful and proper")),
    ("transfer", gettext_lazy("Transfer: outside the organ's powers")),
    ("change", gettext_lazy("Change or supplement: characterisation, law or discretion wrong")),
    ("correct_procedure", gettext_lazy("Correct or terminate: procedure unlawful")),
    ("reinvestigate", gettext_lazy("Re-investigate or terminate: facts unclear, evidence insufficient")),
    ("correct_documents", gettext_lazy("Correct the documents")),
)
PAUSE_REASONS = (("expert", gettext_lazy("Expert argument")),
                 ("verify", gettext_lazy("Verifying facts with the officers or the party")))
OPEN = (Review.Status.PRELIM, Review.Status.SUBMITTED, Review.Status.INCOMPLETE, Review.Status.REVIEWING,
        Review.Status.PAUSED)


def _require(user, roles, message) -> None:
    if not (user.is_authenticated and user.agency_id and user.has_role(*roles)):
        raise NotAllowed(message)


# --- the catalogue (R-LR-1) -------------------------------------------------------------------------
RULE_FIELDS = ("name", "family", "power", "amount_at_least", "when_hearing", "when_major", "source", "active")


def save_rule(*, user, data: dict[str, Any], rule: MajorRule | None = None) -> MajorRule:
    """Add or change an entry of the catalogue of major decisions; each change in the trail."""
    _require(user, CATALOGUE_ROLES, _("Only the legal unit keeps the catalogue of major decisions (R-LR-1)."))
    if rule is not None and rule.agency_id != user.agency_id:
        raise NotAllowed(_("That entry belongs to another agency."))
    unknown = sorted(set(data) - set(RULE_FIELDS))
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["__all__"] = [_("Unknown fields %(keys)s; expected: %(known)s.")
                             % {"keys": ", ".join(unknown), "known": ", ".join(RULE_FIELDS)}]
    values: dict[str, Any] = {}
    if "name" in data or rule is None:
        values["name"] = str(data.get("name") or "").strip()
        if not values["name"]:
            errors["name"] = [_("Name the kind of decision, e.g. 较大数额罚款.")]
    if "family" in data:
        values["family"] = str(data.get("family") or "")
        if values["family"] and values["family"] not in FAMILIES:
            errors["family"] = [_("Choose one of: %(codes)s, or leave empty for every family.")
                                % {"codes": ", ".join(FAMILIES)}]
    if "power" in data:
        pk = data.get("power")
        values["power"] = None
        if pk not in (None, ""):
            values["power"] = Power.objects.filter(pk=pk if str(pk).isdigit() else -1, agency_id=user.agency_id).first()
            if values["power"] is None:
                errors["power"] = [_("No power %(id)s in your agency.") % {"id": pk}]
    if "amount_at_least" in data:
        raw = data.get("amount_at_least")
        values["amount_at_least"] = None
        if raw not in (None, ""):
            try:
                values["amount_at_least"] = Decimal(str(raw))
                if values["amount_at_least"] < 0:
                    raise InvalidOperation
            except InvalidOperation:
                errors["amount_at_least"] = [_("Enter an amount in yuan, like 10000.")]
    for key in ("when_hearing", "when_major", "active"):
        if key in data:
            value = checks.as_bool(data.get(key))
            if value is None:
                errors[key] = [_("Must be yes or no.")]
            values[key] = value
    if "source" in data:
        values["source"] = str(data.get("source") or "").strip()[:200]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        before = snapshot(rule) if rule is not None else None
        rule = rule or MajorRule(agency_id=user.agency_id)
        for k, v in values.items():
            setattr(rule, k, v)
        rule.save()
        record_change(rule, user=user, op="update" if before else "create", before=before)
    return rule


def mark_case(*, user, case: Case, reason: str, meeting: str) -> ReviewMark:
    """List a case for review because a collective discussion deemed it necessary (HY-A3 3)."""
    _require(user, (Role.AGENCY_HEAD, Role.LEGAL_REVIEWER),
             _("The agency head or the legal unit records what a collective discussion decided."))
    if case.agency_id != user.agency_id:
        raise NotAllowed(_("That case belongs to another agency."))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the discussion listed the case.")]
    if not (meeting or "").strip():
        errors["meeting"] = [_("Name the meeting (e.g. 局长办公会 2026年第5次).")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        mark = ReviewMark.objects.create(agency_id=case.agency_id, case=case, reason=reason.strip(),
                                         meeting=meeting.strip()[:200], marked_by=user, marked_at=timezone.now())
        store.append("review.mark.create", f"cases.case:{case.pk}",
                     {"mark": mark.pk, "case": case.number, "reason": mark.reason, "meeting": mark.meeting},
                     user=user, agency_id=case.agency_id)
    return mark


# --- reviews ----------------------------------------------------------------------------------------
def start_review(*, user, case: Case, urgent: Any = False) -> Review:
    """Open a review of the case's current draft decision; the unit head's preliminary review comes next."""
    _require(user, SUBMIT_ROLES, _("The handling unit starts a legal review (R-LR-2)."))
    if case.agency_id != user.agency_id:
        raise NotAllowed(_("That case belongs to another agency."))
    if not case.is_open:
        raise ActionError(_("Case %(n)s is not open.") % {"n": case.number})
    if case.procedure not in catalogue.GATED:
        raise ActionError(_("This procedure has no decision that the legal review gates."))
    flag = checks.as_bool(urgent)
    if flag is None:
        raise ActionError({"urgent": [_("Must be yes or no.")]})
    state = CaseState(case)
    draft = current_draft(state)
    if draft is None:
        raise ActionError(_("Record the draft decision first: the review is of a draft (R-LR-2)."))
    if Review.objects.filter(case=case, status__in=OPEN).exists():
        raise ActionError(_("A review of this case is already under way."))
    with transaction.atomic():
        review = Review.objects.create(agency_id=case.agency_id, case=case, draft=draft.record,
                                       draft_sm3=draft.record.content_sm3, urgent=flag, created_by=user,
                                       created_at=timezone.now())
        store.append("review.review.create", f"review.review:{review.pk}",
                     {"review": review.pk, "case": case.number, "draft": draft.record.pk,
                      "draft_sm3": review.draft_sm3, "urgent": flag,
                      "reasons": catalogue.reasons(case, state)}, user=user, agency_id=case.agency_id)
    return review


def _step(review: Review, kind: str, content: dict[str, Any], user, at: dt.datetime | None = None) -> ReviewStep:
    at = at or timezone.now()
    doc = {"review": review.pk, "case": review.case.number, "kind": kind, "content": content, "by": user.pk,
           "at": at.isoformat()}
    step = ReviewStep.objects.create(agency_id=review.agency_id, review=review, kind=kind, content=content,
                                     content_sm3=sm3_hex(canonical_json(doc).encode()), by=user, at=at)
    store.append(f"review.step.{kind}", f"review.review:{review.pk}",
                 {**doc, "step": step.pk, "content_sm3": step.content_sm3}, user=user, agency_id=review.agency_id)
    return step


def _text(content: dict, key: str, errors: dict, message: str, required: bool = True) -> str:
    value = str(content.get(key) or "").strip()
    if required and not value:
        errors[key] = [message]
    return value


def submitted_late(review: Review, at: dt.datetime) -> bool:
    """R-LR-2: submitted later than the profile's lead time before the case's earliest open deadline."""
    from lawtrail.workdays.actions import current_calendar

    lead = rules_for(review.agency_id).numbers().get("legal_review_lead")
    deadline = (Deadline.objects.filter(case=review.case, met_at__isnull=True, due_at__isnull=False)
                .order_by("due_at").first())
    if lead is None or deadline is None:
        return False
    try:
        latest = end_of_day(current_calendar().sub_workdays(
            local_date(deadline.due_at - dt.timedelta(microseconds=1)), lead.amount))
    except CalendarNotCovered:
        return False
    return at >= latest


def _submission(content: dict[str, Any], errors: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    unknown = sorted(set(content) - {"discretion_involved", "discretion", "other", "note"})
    if unknown:
        errors["__all__"] = [_("Unknown fields %(keys)s; expected discretion_involved, discretion, other, note.")
                             % {"keys": ", ".join(unknown)}]
    if "discretion_involved" in content:
        flag = checks.as_bool(content.get("discretion_involved"))
        if flag is None:
            errors["discretion_involved"] = [_("Must be yes or no.")]
        out["discretion_involved"] = flag
    for key in ("discretion", "other", "note"):
        out[key] = str(content.get(key) or "").strip()
    return out


def add_step(*, user, review: Review, kind: str, content: dict[str, Any] | None = None) -> ReviewStep:
    """One act on a review, checked against who may do it and where the review stands."""
    content = content if isinstance(content, dict) else None
    if content is None:
        raise ActionError({"content": [_("Content must be an object.")]})
    if review.agency_id != getattr(user, "agency_id", None):
        raise NotAllowed(_("That review belongs to another agency."))
    handler = STEPS.get(kind)
    if handler is None:
        raise ActionError({"kind": [_("Unknown step %(kind)s; expected one of: %(kinds)s.")
                                    % {"kind": kind, "kinds": ", ".join(STEPS)}]})
    with transaction.atomic():
        store.lock_writers()
        review = Review.objects.select_for_update().select_related("case").get(pk=review.pk)
        step = handler(user, review, content)
        refresh(review)
    return step


def _need(review: Review, *statuses) -> None:
    if review.status not in statuses:
        raise ActionError(_("The review is %(status)s; this step is not possible now.")
                          % {"status": review.get_status_display()})


def _prelim(user, review, content):
    _require(user, (Role.UNIT_HEAD,), _("The handling unit's head does the preliminary review (R-LR-2)."))
    _need(review, Review.Status.PRELIM)
    errors: dict = {}
    agree = checks.as_bool(content.get("agree"))
    if agree is None:
        errors["agree"] = [_("Say whether you agree to submit it.")]
    opinion = _text(content, "opinion", errors, _("Give your preliminary opinion."))
    if errors:
        raise ActionError(errors)
    return _step(review, "prelim", {"agree": agree, "opinion": opinion}, user)


def _submit(user, review, content):
    _require(user, SUBMIT_ROLES, _("The handling unit submits the review (R-LR-2)."))
    _need(review, Review.Status.PRELIM)
    last = review.steps.filter(kind="prelim").order_by("-at", "-pk").first()
    if last is None or not last.content.get("agree"):
        raise ActionError(_("The unit head's preliminary review must agree first (R-LR-2)."))
    errors: dict = {}
    body = _submission(content, errors)
    if errors:
        raise ActionError(errors)
    at = timezone.now()
    review.submitted_at = at
    review.late_submission = submitted_late(review, at)
    body["missing_at_submission"] = materials.check(CaseState(review.case), body)
    body["late"] = review.late_submission
    review.status = Review.Status.SUBMITTED
    return _step(review, "submit", body, user, at)


def _supplement(user, review, content):
    _require(user, SUBMIT_ROLES, _("The handling unit supplements its materials (R-LR-3)."))
    _need(review, Review.Status.INCOMPLETE)
    errors: dict = {}
    body = _submission(content, errors)
    if errors:
        raise ActionError(errors)
    review.status = Review.Status.SUBMITTED
    return _step(review, "supplement", body, user)


def submitted_materials(review) -> dict[str, Any]:
    """The materials as last submitted or supplemented."""
    merged: dict[str, Any] = {}
    for s in review.steps.filter(kind__in=("submit", "supplement")).order_by("at", "pk"):
        merged.update({k: v for k, v in s.content.items() if k in ("discretion_involved", "discretion", "other",
                                                                  "note") and v not in (None, "")})
    return merged


def _check(user, review, content):
    """The legal unit checks the materials: complete → the clock starts; incomplete → one notice listing
    everything missing; still incomplete after the supplement → not accepted (R-LR-3)."""
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit checks the materials (R-LR-3)."))
    _need(review, Review.Status.SUBMITTED)
    missing = materials.check(CaseState(review.case), submitted_materials(review))
    if not missing:
        review.status, review.accepted_at = Review.Status.REVIEWING, timezone.now()
        return _step(review, "accept", {}, user, review.accepted_at)
    if review.steps.filter(kind="notice").exists():
        review.status = Review.Status.NOT_ACCEPTED
        return _step(review, "not_accepted", {"missing": missing, "reason": str(content.get("reason") or "")}, user)
    review.status = Review.Status.INCOMPLETE
    return _step(review, "notice", {"missing": missing}, user)


def _pause(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit pauses its clock (R-LR-6)."))
    _need(review, Review.Status.REVIEWING)
    errors: dict = {}
    reason = str(content.get("reason") or "")
    if reason not in dict(PAUSE_REASONS):
        errors["reason"] = [_("Only expert argument or verifying facts stops the clock (R-LR-6): choose %(codes)s.")
                            % {"codes": ", ".join(dict(PAUSE_REASONS))}]
    note = _text(content, "note", errors, _("Say what is being argued or verified, and with whom."))
    if errors:
        raise ActionError(errors)
    review.status = Review.Status.PAUSED
    return _step(review, "pause", {"reason": reason, "note": note}, user)


def _resume(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit resumes its clock (R-LR-6)."))
    _need(review, Review.Status.PAUSED)
    review.status = Review.Status.REVIEWING
    return _step(review, "resume", {"note": str(content.get("note") or "").strip()}, user)


def _extension(user, review, content):
    _require(user, (Role.AGENCY_HEAD,), _("A complex case's review is extended only with the head's approval "
                                          "(R-LR-6, HY-A3 11)."))
    _need(review, Review.Status.REVIEWING, Review.Status.PAUSED)
    if review.urgent:
        raise ActionError(_("An urgent review is not extended (R-LR-6)."))
    if review.steps.filter(kind="extension").exists():
        raise ActionError(_("The review was extended already; the extension is given once (R-LR-6)."))
    errors: dict = {}
    reason = _text(content, "reason", errors, _("Say why the case is complex."))
    if errors:
        raise ActionError(errors)
    return _step(review, "extension", {"reason": reason}, user)


def _findings(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit records the review findings (R-LR-4)."))
    _need(review, Review.Status.REVIEWING, Review.Status.PAUSED)
    points = content.get("points")
    errors: dict = {}
    out = {}
    if not isinstance(points, dict):
        raise ActionError({"points": [_("Give a finding for each review point: %(codes)s.")
                                      % {"codes": ", ".join(dict(POINTS))}]})
    for code, label in POINTS:
        item = points.get(code)
        if not isinstance(item, dict) or item.get("finding") not in FINDINGS:
            errors[f"points.{code}"] = [_("%(point)s: choose ok, problem or na (R-LR-4).") % {"point": label}]
            continue
        note = str(item.get("note") or "").strip()
        if item["finding"] == "problem" and not note:
            errors[f"points.{code}"] = [_("%(point)s: say what the problem is.") % {"point": label}]
        out[code] = {"finding": item["finding"], "note": note}
    extra = sorted(set(points) - set(dict(POINTS)))
    if extra:
        errors["points"] = [_("Unknown review points %(keys)s.") % {"keys": ", ".join(extra)}]
    if errors:
        raise ActionError(errors)
    return _step(review, "findings", {"points": out}, user)


def _counsel(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit files counsel's written opinion (R-LR-7)."))
    _need(review, Review.Status.REVIEWING, Review.Status.PAUSED)
    errors: dict = {}
    counsel = _text(content, "counsel", errors, _("Name the counsel (法律顾问)."))
    opinion = _text(content, "opinion", errors, _("Counsel's opinion is given in writing (R-LR-7)."))
    if errors:
        raise ActionError(errors)
    return _step(review, "counsel", {"counsel": counsel, "opinion": opinion}, user)


def _counsel_review(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit reviews counsel's opinion (R-LR-7)."))
    errors: dict = {}
    target = review.steps.filter(kind="counsel", pk=content.get("counsel_step") if str(
        content.get("counsel_step", "")).isdigit() else -1).first()
    if target is None:
        errors["counsel_step"] = [_("Name the counsel's opinion (its step id) that you reviewed.")]
    note = _text(content, "note", errors, _("Give the legal unit's view of counsel's opinion (R-LR-7)."))
    if errors:
        raise ActionError(errors)
    return _step(review, "counsel_review", {"counsel_step": target.pk, "note": note}, user)


def _opinion(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit issues the opinion (R-LR-5)."))
    _need(review, Review.Status.REVIEWING)
    errors: dict = {}
    outcome = str(content.get("outcome") or "")
    if outcome not in dict(OUTCOMES):
        errors["outcome"] = [_("Choose one of the outcomes: %(codes)s (R-LR-5).")
                             % {"codes": ", ".join(dict(OUTCOMES))}]
    text = _text(content, "opinion", errors, _("Write the opinion with its reasons."))
    if not review.steps.filter(kind="findings").exists():
        errors.setdefault("__all__", []).append(_("Record a finding on each of the eight review points first "
                                                  "(R-LR-4)."))
    reviewed = set(review.steps.filter(kind="counsel_review").values_list("content__counsel_step", flat=True))
    unreviewed = review.steps.filter(kind="counsel").exclude(pk__in=[r for r in reviewed if r is not None])
    if unreviewed.exists():
        errors.setdefault("__all__", []).append(_("Counsel's written opinion must be reviewed by the legal unit "
                                                  "before the opinion is issued (R-LR-7)."))
    if review.case.created_by_id == user.pk:
        errors.setdefault("__all__", []).append(_("The reviewer cannot be the one who opened the case (R-PROC-7)."))
    draft = current_draft(CaseState(review.case))
    if draft is None or draft.record.content_sm3 != review.draft_sm3:
        errors.setdefault("__all__", []).append(_("The draft decision changed after it was submitted; the "
                                                  "handling unit must submit the current draft (R-LR-1)."))
    if errors:
        raise ActionError(errors)
    at = timezone.now()
    year = timezone.localtime(at).year
    prefix = f"{review.case.agency.code}法审字〔{year}〕第"
    count = Review.objects.filter(agency_id=review.agency_id, number__startswith=prefix).count()
    review.number = f"{prefix}{count + 1}号"
    review.outcome, review.status, review.decided_at = outcome, Review.Status.DECIDED, at
    return _step(review, "opinion", {"outcome": outcome, "opinion": text, "number": review.number,
                                     "draft_sm3": review.draft_sm3}, user, at)


def _copy(user, review, content):
    """R-LR-7: the letter in two copies — one returned with the file, one kept by the legal unit."""
    _require(user, (Role.LEGAL_REVIEWER,), _("The legal unit records where the copies of the letter went."))
    _need(review, Review.Status.DECIDED, Review.Status.DISPUTED)
    errors: dict = {}
    which = str(content.get("which") or "")
    if which not in ("returned", "filed"):
        errors["which"] = [_("Choose returned (with the case file to the handling unit) or filed (kept by the "
                             "legal unit).")]
    elif review.steps.filter(kind="copy", content__which=which).exists():
        errors["which"] = [_("That copy is recorded already.")]
    if errors:
        raise ActionError(errors)
    return _step(review, "copy", {"which": which, "note": str(content.get("note") or "").strip()}, user)


def _disagree(user, review, content):
    _require(user, (Role.UNIT_HEAD,), _("The handling unit's head may dispute the opinion (R-LR-7)."))
    _need(review, Review.Status.DECIDED)
    if review.outcome == "agree":
        raise ActionError(_("The opinion agrees; there is nothing to dispute."))
    errors: dict = {}
    reason = _text(content, "reason", errors, _("Say why the handling unit disagrees."))
    if errors:
        raise ActionError(errors)
    review.status = Review.Status.DISPUTED
    return _step(review, "disagree", {"reason": reason}, user)


def _panel(user, review, content):
    _require(user, (Role.LEGAL_REVIEWER, Role.AGENCY_HEAD), _("The expert panel's conclusion is recorded by the "
                                                                "legal unit or the head (R-LR-7)."))
    _need(review, Review.Status.DISPUTED)
    errors: dict = {}
    experts = content.get("experts")
    if not isinstance(experts, list) or not [e for e in experts if str(e).strip()]:
        errors["experts"] = [_("List the experts of the panel.")]
    conclusion = _text(content, "conclusion", errors, _("Give the panel's conclusion."))
    agreed = checks.as_bool(content.get("agreed"))
    if agreed is None:
        errors["agreed"] = [_("Say whether the panel brought agreement.")]
    outcome = str(content.get("outcome") or "")
    if agreed and outcome not in dict(OUTCOMES):
        errors["outcome"] = [_("Name the outcome agreed: %(codes)s.") % {"codes": ", ".join(dict(OUTCOMES))}]
    if errors:
        raise ActionError(errors)
    if agreed:
        review.outcome, review.status = outcome, Review.Status.DECIDED
    return _step(review, "panel", {"experts": [str(e).strip() for e in experts if str(e).strip()],
                                   "conclusion": conclusion, "agreed": agreed, "outcome": outcome if agreed else ""},
                 user)


def _collective(user, review, content):
    _require(user, (Role.AGENCY_HEAD,), _("The collective decision is recorded by the agency head (R-LR-7)."))
    _need(review, Review.Status.DISPUTED)
    if not review.steps.filter(kind="panel").exists() and content.get("panel_not_formed") is not True:
        raise ActionError(_("An expert panel comes first; if none is formed yet, say so with panel_not_formed "
                            "(HY-A3)."))
    errors: dict = {}
    participants = content.get("participants")
    if not isinstance(participants, list) or len([p for p in participants if str(p).strip()]) < 3:
        errors["participants"] = [_("A collective decision names at least three participants.")]
    outcome = str(content.get("outcome") or "")
    if outcome not in dict(OUTCOMES):
        errors["outcome"] = [_("Choose one of the outcomes: %(codes)s.") % {"codes": ", ".join(dict(OUTCOMES))}]
    conclusion = _text(content, "conclusion", errors, _("Give the conclusion of the discussion."))
    if errors:
        raise ActionError(errors)
    review.outcome, review.status = outcome, Review.Status.DECIDED
    return _step(review, "collective", {"participants": [str(p).strip() for p in participants if str(p).strip()],
                                        "outcome": outcome, "conclusion": conclusion,
                                        "panel_not_formed": content.get("panel_not_formed") is True}, user)


STEPS = {"prelim": _prelim, "submit": _submit, "check": _check, "supplement": _supplement, "pause": _pause,
         "resume": _resume, "extension": _extension, "findings": _findings, "counsel": _counsel,
         "counsel_review": _counsel_review, "opinion": _opinion, "copy": _copy, "disagree": _disagree,
         "panel": _panel, "collective": _collective}


def override_review(*, user, case: Case, reason: str) -> Review:
    """R-LR-8 (HY-A3 14): the agency head approves the major decision without the review, or against its
    opinion. Allowed, but only explicitly: recorded as an override of the current draft and reported to
    supervision."""
    _require(user, (Role.AGENCY_HEAD,), _("Only the agency head can override the legal review (R-LR-8)."))
    if case.agency_id != user.agency_id:
        raise NotAllowed(_("That case belongs to another agency."))
    if not (reason or "").strip():
        raise ActionError({"reason": [_("An override needs its reason; it is reported to supervision (R-LR-8).")]})
    state = CaseState(case)
    draft = current_draft(state)
    if draft is None:
        raise ActionError(_("There is no draft decision to approve."))
    with transaction.atomic():
        store.lock_writers()
        review = (Review.objects.select_for_update().filter(case=case, draft_sm3=draft.record.content_sm3)
                  .order_by("-created_at", "-pk").first())
        if review is None:
            review = Review.objects.create(agency_id=case.agency_id, case=case, draft=draft.record,
                                           draft_sm3=draft.record.content_sm3, created_by=user,
                                           created_at=timezone.now())
            store.append("review.review.create", f"review.review:{review.pk}",
                         {"review": review.pk, "case": case.number, "draft": draft.record.pk,
                          "draft_sm3": review.draft_sm3, "urgent": False, "reasons": catalogue.reasons(case, state)},
                         user=user, agency_id=case.agency_id)
        if review.status == Review.Status.DECIDED and review.outcome == "agree":
            raise ActionError(_("The legal review of the current draft agreed; there is nothing to override."))
        if review.status == Review.Status.OVERRIDDEN:
            raise ActionError(_("The current draft was approved without the review already."))
        kind = "against_opinion" if review.status == Review.Status.DECIDED and review.outcome != "agree" \
            else "without_review"
        before = review.get_status_display()
        review.status = Review.Status.OVERRIDDEN
        _step(review, "override", {"reason": reason.strip(), "kind": kind, "status_before": str(before),
                                   "outcome_before": review.outcome, "draft_sm3": review.draft_sm3}, user)
        text = (_("The agency head approved the major decision of case %(case)s %(how)s. Reason: %(reason)s")
                % {"case": case.number, "reason": reason.strip(),
                   "how": _("against the legal review's opinion") if kind == "against_opinion"
                   else _("without a completed legal review")})
        report = SupervisionReport.objects.create(agency_id=case.agency_id, case=case, review=review, kind=kind,
                                                  text=text, created_by=user, created_at=timezone.now())
        store.append("review.report.create", f"review.review:{review.pk}",
                     {"report": report.pk, "case": case.number, "kind": kind, "text": text}, user=user,
                     agency_id=case.agency_id)
        refresh(review)
    return review


# --- the summary row ---------------------------------------------------------------------------------
def refresh(review: Review, now: dt.datetime | None = None) -> Review:
    """Recompute the clock and its level from the steps (in the caller's transaction)."""
    steps = list(review.steps.order_by("at", "pk"))
    c = clock.compute(review, steps)
    review.due_at, review.clock_error = c.due, c.error
    review.level = clock.level(c, now or timezone.now())
    review.save()
    return review


def sweep(now: dt.datetime | None = None) -> int:
    """Move the clocks of running reviews on (pending → soon → overdue); returns how many changed."""
    changed = 0
    for review in Review.objects.filter(status__in=(Review.Status.REVIEWING, Review.Status.PAUSED)):
        before = review.level
        with transaction.atomic():
            refresh(review, now)
        changed += review.level != before
    return changed
