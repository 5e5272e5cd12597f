"""Access requests (R-ARC-3, HY-A6 20–21, WH 30): anyone the access rules do not let into a case applies in
writing — who, which unit, phone, reason, what, until when — and is let in only after the head the rules
name approves: the handling unit's head for courts, police, supervision and audit organs; the department
head (here the agency head) for a superior organ or an internal unit. An approved request gives the named
account a grant on that one case that expires. Each step is in the trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.models import AccessDecision, AccessGrant, AccessRequest, User
from lawtrail.access.roles import Role
from lawtrail.cases.models import Case
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.procedures import checks
from lawtrail.validators import phone_problem

UNIT_HEAD_KINDS = ("court", "police", "supervision", "audit")
MAX_DAYS = 90


def approver_role(kind: str) -> str:
    return Role.UNIT_HEAD if kind in UNIT_HEAD_KINDS else Role.AGENCY_HEAD


def register(*, user, data: dict[str, Any]) -> AccessRequest:
    """Register a request. The custodian registers one for anyone (管理员统一办理, HY-A6 20); any other user of
    the agency may ask for themselves."""
    if not (user.is_authenticated and user.agency_id):
        raise NotAllowed(_("Sign in with an account of the agency."))
    fields = ("case", "kind", "requester_name", "requester_unit", "phone", "reason", "matter", "wants_copy",
              "account", "valid_until")
    unknown = sorted(set(data) - set(fields))
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["__all__"] = [_("Unknown fields %(keys)s; expected: %(known)s.")
                             % {"keys": ", ".join(unknown), "known": ", ".join(fields)}]
    ref = str(data.get("case") or "").strip()
    case = Case.objects.filter(agency_id=user.agency_id, number=ref).first() if ref else None
    if case is None:
        errors["case"] = [_("Give the case number of a case of your agency.")]
    kind = str(data.get("kind") or "")
    if kind not in AccessRequest.Kind.values:
        errors["kind"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(AccessRequest.Kind.values)}]
    text = {}
    for key, limit, message in (("requester_name", 100, _("Name who will view or copy.")),
                                ("requester_unit", 200, _("Name their unit.")),
                                ("phone", 40, _("Give a phone number.")),
                                ("reason", 2000, _("Give the reason (R-ARC-3).")),
                                ("matter", 2000, _("Say what is to be viewed or copied (R-ARC-3)."))):
        text[key] = str(data.get(key) or "").strip()
        if not text[key]:
            errors[key] = [message]
        elif len(text[key]) > limit:
            errors[key] = [_("At most %(limit)s characters.") % {"limit": limit}]
    if text["phone"] and phone_problem(text["phone"]):
        errors["phone"] = [phone_problem(text["phone"])]
    wants_copy = checks.as_bool(data.get("wants_copy", False))
    if wants_copy is None:
        errors["wants_copy"] = [_("Must be yes or no.")]
    account = None
    if data.get("account") not in (None, ""):
        account = User.objects.filter(username=str(data["account"]), agency_id=user.agency_id).first()
        if account is None:
            errors["account"] = [_("No account %(name)s in your agency.") % {"name": data["account"]}]
    if not user.has_role(Role.RECORDS_CUSTODIAN):
        if account is not None and account.pk != user.pk:
            errors["account"] = [_("You can ask only for yourself; the custodian registers requests for others.")]
        account = user
    until = checks.parse_datetime(str(data.get("valid_until") or ""))
    now = timezone.now()
    if until is None or until <= now or until > now + dt.timedelta(days=MAX_DAYS):
        errors["valid_until"] = [_("Give the time access ends, like 2026-12-31T17:00: after now and within %(n)s "
                                   "days.") % {"n": MAX_DAYS}]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        req = AccessRequest.objects.create(agency_id=user.agency_id, case=case, kind=kind, wants_copy=wants_copy,
                                           account=account, valid_until=until, registered_by=user,
                                           registered_at=now, **text)
        store.append("access.request.create", f"cases.case:{case.pk}", {
            "request": req.pk, "case": case.number, "kind": kind, **text, "wants_copy": wants_copy,
            "account": account.username if account else None, "valid_until": until.isoformat()},
            user=user, agency_id=user.agency_id)
    return req


def decide(*, user, request: AccessRequest, approved: Any, opinion: str = "") -> AccessDecision:
    """The head the rules name approves or refuses; an approval gives the account a grant until the end
    the request named."""
    role = approver_role(request.kind)
    case = request.case
    officer = getattr(user, "officer", None)
    allowed = user.agency_id == request.agency_id and user.has_role(role) and (
        role != Role.UNIT_HEAD or (officer is not None and officer.unit_id == case.unit_id))
    if not allowed:
        who = _("the handling unit's head") if role == Role.UNIT_HEAD else _("the department head (agency head)")
        raise NotAllowed(_("A request of this kind is approved by %(who)s (R-ARC-3, HY-A6 21).") % {"who": who})
    flag = checks.as_bool(approved)
    if flag is None:
        raise ActionError({"approved": [_("Must be yes or no.")]})
    if AccessDecision.objects.filter(request=request).exists():
        raise ActionError(_("This request was decided already."))
    now = timezone.now()
    if flag and request.valid_until <= now:
        raise ActionError(_("The access period the request names is over; register a new request."))
    with transaction.atomic():
        decision = AccessDecision.objects.create(request=request, approved=flag, opinion=str(opinion or "").strip(),
                                                 decided_by=user, decided_at=now)
        grant = None
        if flag and request.account_id:
            grant = AccessGrant.objects.create(agency_id=request.agency_id, request=request,
                                               user_id=request.account_id, case=case, valid_from=now,
                                               valid_until=request.valid_until)
        store.append("access.request.decide", f"cases.case:{case.pk}", {
            "request": request.pk, "case": case.number, "approved": flag, "opinion": decision.opinion,
            "grant": grant.pk if grant else None, "valid_until": request.valid_until.isoformat()},
            user=user, agency_id=request.agency_id)
    return decision


def pending_for(user):
    """Requests waiting for this user's decision."""
    qs = AccessRequest.objects.filter(agency_id=user.agency_id, decision__isnull=True).select_related("case")
    out = []
    for r in qs:
        role = approver_role(r.kind)
        officer = getattr(user, "officer", None)
        if user.has_role(role) and (role != Role.UNIT_HEAD or (officer and officer.unit_id == r.case.unit_id)):
            out.append(r)
    return out
