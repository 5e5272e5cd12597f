"""The only place base information is written (DESIGN.md: one door for writes). Each action checks
the user's role and agency, validates through the registry forms, writes the row and appends its trail
entry in one transaction (R-BASE-5: every change kept with who and when)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms import model_to_dict
from django.utils.translation import gettext as _

from lawtrail.access.roles import CHANGE_BASE_INFO
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger.changes import record_change, snapshot
from lawtrail.registry import forms
from lawtrail.registry.models import Agency, CaseCause, DiscretionStandard, LegalBasis, Officer, Power, Unit

FORMS = {
    Agency: forms.AgencyForm,
    Unit: forms.UnitForm,
    Officer: forms.OfficerForm,
    LegalBasis: forms.LegalBasisForm,
    DiscretionStandard: forms.DiscretionStandardForm,
    Power: forms.PowerForm,
    CaseCause: forms.CaseCauseForm,
}


def can_change(user, model) -> bool:
    """R-BASE: who may change which base information (access/roles.py); users count as base information."""
    key = model._meta.model_name
    if user.is_superuser:
        return True
    return user.agency_id is not None and user.has_role(*CHANGE_BASE_INFO[key])


def require_can_change(user, model, instance=None) -> None:
    if not can_change(user, model):
        raise NotAllowed(_("Your roles do not allow changing %(what)s.") % {"what": model._meta.verbose_name_plural})
    if model is Agency:
        if instance is None and not user.is_superuser:
            raise NotAllowed(_("Only a system administrator can register a new agency."))
        if instance is not None and not user.is_superuser and instance.pk != user.agency_id:
            raise NotAllowed(_("You can change only your own agency."))
    elif instance is not None and not (user.is_superuser and user.agency_id is None) \
            and instance.agency_id != user.agency_id:
        raise NotAllowed(_("That record belongs to another agency."))


def _form_data(model, form_class, data: dict[str, Any], instance, partial: bool) -> dict[str, Any]:
    fields = [f for f in form_class._meta.fields if f != "photo"]
    if instance is not None and partial:
        base = model_to_dict(instance, fields=fields)
        for name, value in list(base.items()):
            if isinstance(value, list):  # many-to-many: model_to_dict gives objects
                base[name] = [getattr(v, "pk", v) for v in value]
    else:
        base = {}
        for name in fields:
            field = model._meta.get_field(name)
            if field.has_default() and name not in data:
                base[name] = field.get_default()
    unknown = set(data) - set(form_class._meta.fields)
    if unknown:
        raise ActionError({name: [_("Unknown field; expected one of: %(fields)s.")
                                  % {"fields": ", ".join(form_class._meta.fields)}]
                           for name in sorted(unknown)})
    base.update(data)
    return base


def save_base_info(model, *, user, data: dict[str, Any], files=None, instance=None, partial: bool = False,
                   agency: Agency | None = None):
    """Create (instance None) or change one base-information row. Raises ActionError with field-level
    messages on bad input; nothing is written then."""
    return save_with_status(model, user=user, data=data, files=files, instance=instance, partial=partial,
                            agency=agency)[0]


def save_with_status(model, *, user, data: dict[str, Any], files=None, instance=None, partial: bool = False,
                     agency: Agency | None = None) -> tuple[Any, str]:
    """`save_base_info`, also telling whether the row was "created", "updated" or "unchanged"."""
    require_can_change(user, model, instance)
    form_class = FORMS[model]
    if model is Agency:
        scope = None
    else:
        scope = instance.agency if instance is not None else (agency or user.agency)
        if scope is None:
            raise ActionError(_("Choose the agency the record belongs to."))
    # Taken before validation: ModelForm copies the cleaned values onto the instance while validating.
    before = snapshot(instance) if instance is not None else None
    form = form_class(_form_data(model, form_class, data, instance, partial), files, instance=instance,
                      agency=scope)
    if not form.is_valid():
        raise ActionError({k: [str(m) for m in v] for k, v in form.errors.items()})
    if instance is not None and not form.has_changed():
        return instance, "unchanged"  # nothing changed: no write, so no trail entry either
    with transaction.atomic():
        obj = form.save()
        agency_id = obj.pk if model is Agency else obj.agency_id
        op = "create" if before is None else "update"
        record_change(obj, user=user, op=op, before=before, agency_id=agency_id)
    return obj, op + "d"


def create_agency(*, user, data):
    return save_base_info(Agency, user=user, data=data)


def update_agency(agency, *, user, data, partial=True):
    return save_base_info(Agency, user=user, data=data, instance=agency, partial=partial)


def create_unit(*, user, data):
    return save_base_info(Unit, user=user, data=data)


def update_unit(unit, *, user, data, partial=True):
    return save_base_info(Unit, user=user, data=data, instance=unit, partial=partial)


def create_officer(*, user, data, files=None):
    return save_base_info(Officer, user=user, data=data, files=files)


def update_officer(officer, *, user, data, files=None, partial=True):
    return save_base_info(Officer, user=user, data=data, files=files, instance=officer, partial=partial)


def create_legal_basis(*, user, data):
    return save_base_info(LegalBasis, user=user, data=data)


def update_legal_basis(basis, *, user, data, partial=True):
    return save_base_info(LegalBasis, user=user, data=data, instance=basis, partial=partial)


def create_discretion_standard(*, user, data):
    return save_base_info(DiscretionStandard, user=user, data=data)


def update_discretion_standard(standard, *, user, data, partial=True):
    return save_base_info(DiscretionStandard, user=user, data=data, instance=standard, partial=partial)


def create_power(*, user, data):
    return save_base_info(Power, user=user, data=data)


def update_power(power, *, user, data, partial=True):
    return save_base_info(Power, user=user, data=data, instance=power, partial=partial)


def create_case_cause(*, user, data):
    return save_base_info(CaseCause, user=user, data=data)


def update_case_cause(cause, *, user, data, partial=True):
    return save_base_info(CaseCause, user=user, data=data, instance=cause, partial=partial)
