"""Writes of users and roles, and the trail entries of logins."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lawtrail.access.models import RoleGrant, User
from lawtrail.access.roles import CHANGE_BASE_INFO, Role
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.ledger.changes import record_change, snapshot


def _unknown_roles(bad) -> str:
    return _("Unknown role(s) %(bad)s; expected: %(known)s.") % {"bad": ", ".join(bad),
                                                                  "known": ", ".join(Role.values)}


def _require_admin(user, agency_id) -> None:
    if user is not None and not user.is_superuser:
        if not user.has_role(*CHANGE_BASE_INFO["user"]) or user.agency_id != agency_id:
            raise NotAllowed(_("Only an administrator of the agency can manage its users."))


def create_user(*, user, agency, username: str, password: str, full_name: str = "",
                roles: Iterable[str] = (), officer=None, email: str = "") -> User:
    """Create a login in `agency`. `user` None means the system itself (demo data, first set-up)."""
    _require_admin(user, agency.pk if agency else None)
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 150:
        errors["username"] = [_("A user name of 1 to 150 characters is required.")]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [_("The user name %(name)s is taken.") % {"name": username}]
    bad_roles = [r for r in roles if r not in Role.values]
    if bad_roles:
        errors["roles"] = [_unknown_roles(bad_roles)]
    if officer is not None and (officer.agency_id != getattr(agency, "pk", None)):
        errors["officer"] = [_("The officer must belong to the same agency.")]
    elif officer is not None and User.objects.filter(officer=officer).exists():
        errors["officer"] = [_("That officer is already linked to another user.")]
    try:
        validate_password(password)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        new = User(username=username, full_name=full_name, agency=agency, officer=officer, email=email)
        new.set_password(password)
        new.save()
        for role in sorted(set(roles)):
            RoleGrant.objects.create(user=new, role=role)
        # The password hash is never put in the trail.
        record_change(new, user=user, op="create", extra={"roles": sorted(set(roles))},
                      agency_id=getattr(agency, "pk", None))
    return new


def set_roles(target: User, *, user, roles: Iterable[str]) -> User:
    _require_admin(user, target.agency_id)
    roles = set(roles)
    if roles == target.role_set:
        return target
    bad = [r for r in roles if r not in Role.values]
    if bad:
        raise ActionError({"roles": [_unknown_roles(bad)]})
    with transaction.atomic():
        before = sorted(target.role_set)
        RoleGrant.objects.filter(user=target).exclude(role__in=roles).delete()
        for role in roles - set(before):
            RoleGrant.objects.create(user=target, role=role)
        target._role_cache = None
        store.append("access.user.roles", f"access.user:{target.pk}",
                     {"id": target.pk, "username": target.username, "before": before, "after": sorted(roles)},
                     user=user, agency_id=target.agency_id)
    return target


def link_officer(target: User, officer, *, user) -> User:
    _require_admin(user, target.agency_id)
    if officer is not None and officer.agency_id != target.agency_id:
        raise ActionError({"officer": [_("The officer must belong to the same agency.")]})
    if officer is not None and User.objects.filter(officer=officer).exclude(pk=target.pk).exists():
        raise ActionError({"officer": [_("That officer is already linked to another user.")]})
    if target.officer_id == getattr(officer, "pk", None):
        return target
    with transaction.atomic():
        before = snapshot(target)
        target.officer = officer
        target.save(update_fields=["officer"])
        record_change(target, user=user, op="update", before=before)
    return target


def record_login(*, user, ip: str) -> None:
    store.append("access.login", f"access.user:{user.pk}", {"username": user.get_username(), "ip": ip}, user=user)


def record_logout(*, user, ip: str) -> None:
    store.append("access.logout", f"access.user:{user.pk}", {"username": user.get_username(), "ip": ip}, user=user)


def record_login_failure(*, username: str, ip: str) -> None:
    store.append("access.login_failed", f"access.username:{username}", {"username": username, "ip": ip},
                 actor=username or "anonymous")
