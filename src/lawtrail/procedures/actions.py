"""Choosing an agency's rule profile and overriding single numbers, each change in the trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger.changes import record_change, snapshot
from lawtrail.procedures import profiles
from lawtrail.procedures.models import AgencyRules
from lawtrail.workdays.calendar import UNITS

rules_changed = Signal()  # sent with agency_id after the transaction commits


def rules_for(agency_id: int) -> AgencyRules:
    """The agency's rules; an agency that never chose runs under the default profile (not saved)."""
    rules = AgencyRules.objects.filter(agency_id=agency_id).first()
    return rules or AgencyRules(agency_id=agency_id)


def _require(user, agency_id: int) -> None:
    if not (user.is_superuser or (user.agency_id == agency_id and user.has_role(Role.ADMINISTRATOR,
                                                                              Role.LEGAL_REVIEWER))):
        raise NotAllowed(_("Only the agency's administrator or legal unit can change its rule profile."))


def _save(rules: AgencyRules, *, user, before: dict | None, extra: dict[str, Any]) -> AgencyRules:
    op = "create" if rules.pk is None else "update"
    rules.save()
    record_change(rules, user=user, op=op, before=before, extra=extra, agency_id=rules.agency_id)
    agency_id = rules.agency_id
    transaction.on_commit(lambda: rules_changed.send(sender=AgencyRules, agency_id=agency_id))
    return rules


def choose_profile(*, user, agency_id: int, profile: str) -> AgencyRules:
    _require(user, agency_id)
    if profile not in profiles.SEEDS:
        raise ActionError({"profile": [_("Unknown rule profile %(name)s; expected one of: %(names)s.")
                                       % {"name": profile, "names": ", ".join(profiles.SEEDS)}]})
    with transaction.atomic():
        rules = rules_for(agency_id)
        before = snapshot(rules) if rules.pk else None
        rules.profile = profile
        return _save(rules, user=user, before=before, extra={"profile": profile})


def override_number(*, user, agency_id: int, key: str, amount: int | None, unit: str | None = None,
                    source: str = "", clear: bool = False) -> AgencyRules:
    """Set one number (amount + unit + source), set it to "no period" (amount None), or drop the
    override (clear) so the profile's number applies again."""
    _require(user, agency_id)
    if key not in profiles.KEYS:
        raise ActionError({"key": [_("Unknown rule number %(key)s; expected one of: %(keys)s.")
                                   % {"key": key, "keys": ", ".join(profiles.KEYS)}]})
    value: dict | None = None
    if not clear and amount is not None:
        if unit not in UNITS:
            raise ActionError({"unit": [_("Unknown unit %(unit)s; expected one of: %(units)s.")
                                        % {"unit": unit, "units": ", ".join(UNITS)}]})
        try:
            amount = int(amount)
        except (TypeError, ValueError):
            raise ActionError({"amount": [_("Enter a whole number.")]}) from None
        if not 0 <= amount <= 100_000:
            raise ActionError({"amount": [_("Enter a number between 0 and 100000.")]})
        if not source.strip():
            raise ActionError({"source": [_("Name where the number comes from (document and article).")]})
        value = {"amount": amount, "unit": unit, "source": source.strip()[:200]}
    with transaction.atomic():
        rules = rules_for(agency_id)
        before = snapshot(rules) if rules.pk else None
        overrides = dict(rules.overrides)
        if clear:
            overrides.pop(key, None)
        else:
            overrides[key] = value
        rules.overrides = overrides
        return _save(rules, user=user, before=before, extra={"key": key, "value": value, "cleared": clear})
