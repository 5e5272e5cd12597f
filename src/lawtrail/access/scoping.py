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
    case; otherwise the entries of the cases they may see and the agency's entries about no case. For a
    restricted reader the filter is SQL naming the table `ledger_entry` itself: filter, order and slice the
    result, never use it inside another query."""
    from lawtrail.access import policy
    from lawtrail.ledger.models import Entry

    qs = Entry.objects.all()
    if user.is_superuser and user.agency_id is None:
        return qs
    mine = Q(actor_id=user.pk)
    if policy.sees_every_case(user):
        return qs.filter(Q(agency_id=user.agency_id) | mine)
    where, params = _entries_where(user)
    return qs.extra(where=[where], params=params)  # noqa: S610 - SQL compiled by Django from policy's filters


_WHERE_CACHE: dict[tuple, tuple[str, list]] = {}


def _entries_where(user) -> tuple[str, list]:
    """The restricted reader's trail filter as SQL, compiled by Django from `policy.entries_q` (or, for internal
    supervision, `policy.secret_entries_q`) once per reader and kept: it names only the reader's own ids and
    reads grants and marks live in SQL, so it is the same SQL until their agency, officer, unit or roles change.
    (Building and compiling those nested filters is most of a trail page's time otherwise, issue 19.)"""
    from django.db import connections

    from lawtrail.access import policy
    from lawtrail.ledger.models import Entry

    qs = Entry.objects.all()

    def compile_where() -> tuple[str, list]:
        refs = policy.with_refs(qs)
        mine = Q(actor_id=user.pk)
        if policy.supervises(user):  # the agency's trail but the entries of state-secret records (LC 33)
            rows = refs.filter(Q(agency_id=user.agency_id) & ~policy.secret_entries_q() | mine)
        else:
            rows = refs.filter(Q(agency_id=user.agency_id) & policy.entries_q(user) | mine)
        where, params = rows.query.get_compiler(rows.db).compile(rows.query.where)
        return where, list(params)

    return policy.kept(_WHERE_CACHE, (qs.db, connections[qs.db].vendor, *policy.reader_key(user)), compile_where)


def access_entry(user, seq: int):
    try:
        return visible_entries(user).get(seq=seq)
    except ObjectDoesNotExist:
        raise Http404(f"no trail entry {seq} visible to you") from None


def access_object(user, model: type[models.Model], pk, *, related: tuple[str, ...] = ()) -> models.Model:
    """One row by its key, or 404; `related`: foreign keys read with it (select_related)."""
    try:
        return scoped(user, model).select_related(*related).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no {model._meta.verbose_name} {pk} in your agency") from None
