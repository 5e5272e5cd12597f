"""Turning a model change into a trail entry: a canonical snapshot of the row and the fields changed."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from lawtrail.ledger import store
from lawtrail.ledger.hashing import sm3_hex


def _value(obj: models.Model, field: models.Field) -> Any:
    value = getattr(obj, field.attname)
    if isinstance(value, FieldFile):
        if not value:
            return None
        # The file's own hash goes into the trail, so a swapped file is detectable (R-INT-3).
        try:
            with value.open("rb") as f:
                digest = sm3_hex(f.read())
        except OSError:
            digest = None
        return {"name": value.name, "sm3": digest}
    return value


# Never copied into the trail: secrets, and bookkeeping that changes on every save.
EXCLUDED_FIELDS = {"password", "updated_at", "last_login"}


def snapshot(obj: models.Model) -> dict[str, Any]:
    data = {f.attname: _value(obj, f) for f in obj._meta.concrete_fields if f.name not in EXCLUDED_FIELDS}
    for m2m in obj._meta.many_to_many:
        data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True)) if obj.pk else []
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    if before is None:
        return {}
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record_change(obj: models.Model, *, user, op: str, before: dict[str, Any] | None = None,
                  extra: dict[str, Any] | None = None, agency_id: int | None = None):
    """Append `<app>.<model>.<op>` for `obj`, in the caller's transaction. Returns the entry."""
    after = snapshot(obj)
    label = obj._meta.label_lower
    payload: dict[str, Any] = {"model": label, "id": obj.pk, "op": op, "data": after}
    if before is not None:
        payload["changed"] = diff(before, after)
    if extra:
        payload.update(extra)
    if agency_id is None:
        agency_id = getattr(obj, "agency_id", None)
    return store.append(f"{label}.{op}", f"{label}:{obj.pk}", payload, user=user, agency_id=agency_id)
