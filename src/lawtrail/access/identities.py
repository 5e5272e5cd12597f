"""Protected identities (R-ARC-5, WH 30): the reporters, complainants and third parties of a case, whose
names, addresses and numbers a party never sees. Two sources, listed together on the case page:

- the catalogue: each persons field says whom it names (`Field.protects`: the informant of a complaint is a
  reporter, persons present, witnesses, persons inquired who are not parties are third parties; the heads
  at a collective discussion act in office and are not protected);
- explicit marks (`IdentityMark`): someone who appears only in free text ("据群众李某反映…"), or a person the
  catalogue could not know to protect. Marks are append-only and each is a trail entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access import policy
from lawtrail.access.models import IdentityMark
from lawtrail.cases.models import Case
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.validators import id_number_problem, phone_problem


def protected(case: Case, state=None) -> list[dict[str, Any]]:
    """Every protected person of the case: kind, name, numbers, address, and where they come from."""
    if state is None:
        from lawtrail.cases.state import CaseState

        state = CaseState(case)
    parties = list(case.parties.all())
    party_names = {p.name for p in parties}
    party_ids = {p.id_no.upper() for p in parties if p.id_no}
    out: list[dict[str, Any]] = []
    for view in state.views.values():
        for spec_field in view.spec.fields:
            if spec_field.kind != "persons" or not spec_field.protects:
                continue
            for person in view.record.content.get(spec_field.name) or []:
                if not isinstance(person, dict) or not str(person.get("name") or "").strip():
                    continue
                if person.get("name") in party_names or str(person.get("id_no") or "").upper() in party_ids:
                    continue
                out.append({**person, "kind": spec_field.protects,
                            "source": f"#{view.record.seq} {view.spec.name.zh} · {spec_field.label.zh}"})
    for mark in case.identity_marks.select_related("marked_by"):
        out.append({"name": mark.name, "id_no": mark.id_no, "phone": mark.phone, "address": mark.address,
                    "kind": mark.kind, "source": _("marked by %(who)s: %(reason)s") % {"who": mark.marked_by,
                                                                                     "reason": mark.reason}})
    return out


def may_mark(user, case: Case) -> bool:
    """Those who work the case or see every case; not someone in only through an access request."""
    if not (user.is_authenticated and user.agency_id == case.agency_id):
        return False
    return policy.works_on(user, case)


def mark(*, user, case: Case, data: dict[str, Any]) -> IdentityMark:
    if not may_mark(user, case):
        raise NotAllowed(_("Those who work the case, the legal unit, the agency head and the custodian mark "
                           "protected identities (R-ARC-5)."))
    fields = ("kind", "name", "id_no", "phone", "address", "reason")
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        errors["__all__"] = [_("Unknown fields %(keys)s; expected: %(known)s.")
                             % {"keys": ", ".join(unknown), "known": ", ".join(fields)}]
    kind = str(data.get("kind") or "")
    if kind not in IdentityMark.Kind.values:
        errors["kind"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(IdentityMark.Kind.values)}]
    text = {}
    for key, limit in (("name", 100), ("id_no", 30), ("phone", 40), ("address", 200), ("reason", 2000)):
        text[key] = str(data.get(key) or "").strip()
        if len(text[key]) > limit:
            errors[key] = [_("At most %(limit)s characters.") % {"limit": limit}]
    for key, check in (("phone", phone_problem), ("id_no", id_number_problem)):
        if check(text[key]):
            errors[key] = [check(text[key])]
    if len(text["name"]) < 2:
        errors["name"] = [_("Give the person's name as it appears in the records (two characters or more).")]
    if not text["reason"]:
        errors["reason"] = [_("Say why (e.g. 举报人, named in the facts).")]
    if text["name"] and text["name"] in {p.name for p in case.parties.all()}:
        errors["name"] = [_("%(name)s is a party of the case; a party's own identity is not hidden from it.")
                          % {"name": text["name"]}]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        row = IdentityMark.objects.create(agency_id=case.agency_id, case=case, kind=kind, marked_by=user,
                                          marked_at=timezone.now(), **text)
        store.append("access.identity.mark", f"cases.case:{case.pk}",
                     {"case": case.number, "mark": row.pk, "kind": kind, **text}, user=user,
                     agency_id=case.agency_id)
    return row
