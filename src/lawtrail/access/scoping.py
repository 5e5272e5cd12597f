"""Reads that need permission go through these helpers, never a bare `Model.objects.get` in a view.
A user of agency A never reads agency B's rows: other agencies' ids answer 404, as if they did not
exist, so that ids leak nothing. Within the agency, rows that belong to a case are narrowed to the cases
the user may see (access/policy.py, R-ARC-3)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404


def scoped(user, model: type[models.Model]) -> models.QuerySet:
    qs = model._default_manager.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if model._meta.label == "registry.Agency":
        return qs if user.is_superuser and user.agency_id is None else qs.filter(pk=user.agency_id)
    if user.is_superuser and user.agency_id is None:
        return qs
    from lawtrail.access import policy

    return policy.restrict(user, qs.filter(agency_id=user.agency_id))


def visible_entries(user) -> models.QuerySet:
    """Trail entries a user may read: their own actions (e.g. a login); the agency's for those who see every
    case; otherwise the entries of the cases they may see and the agency's entries about no case."""
    from lawtrail.access import policy
    from lawtrail.ledger.models import Entry

    qs = Entry.objects.all()
    if user.is_superuser and user.agency_id is None:
        return qs
    mine = Q(actor_id=user.pk)
    if policy.sees_every_case(user):
        return qs.filter(Q(agency_id=user.agency_id) | mine)
    if policy.supervises(user):  # the agency's trail but the entries of state-secret records (LC 33)
        from lawtrail.access.party import state_secret_ids
        from lawtrail.cases.models import Record

        secret = policy.subjects(Record.objects.filter(pk__in=state_secret_ids(user.agency_id)), "cases.record:")
        return qs.filter(Q(agency_id=user.agency_id) & ~Q(subject__in=secret) | mine)
    return qs.filter(Q(agency_id=user.agency_id) & policy.entries_q(user) | mine)


def access_entry(user, seq: int):
    try:
        return visible_entries(user).get(seq=seq)
    except ObjectDoesNotExist:
        raise Http404(f"no trail entry {seq} visible to you") from None


def access_object(user, model: type[models.Model], pk) -> models.Model:
    try:
        return scoped(user, model).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no {model._meta.verbose_name} {pk} in your agency") from None
