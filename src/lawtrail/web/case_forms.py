"""The record form is generated from the catalogue: one widget per field of the record type, parsed back
into the same data the API takes, so both doors reach the same action with the same checks."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.cases.state import CaseState
from lawtrail.procedures.catalogue import R
from lawtrail.procedures.model import Field, RecordType
from lawtrail.registry.models import Officer

PREFIX = "c_"


def _lines(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if any(parts):
            rows.append(parts)
    return rows


def persons_from_text(text: str) -> list[dict[str, str]]:
    """One person per line: 姓名, 证件号码, 身份或关系, 电话."""
    keys = ("name", "id_no", "role", "phone")
    return [{k: v for k, v in zip(keys, row, strict=False) if v} for row in _lines(text)]


def items_from_text(text: str) -> list[dict[str, str]]:
    """One item per line: 名称, 数量, 单位/规格."""
    keys = ("name", "quantity", "spec")
    return [{k: v for k, v in zip(keys, row, strict=False) if v} for row in _lines(text)]


def persons_to_text(value: Any) -> str:
    if not isinstance(value, list):
        return str(value or "")
    return "\n".join(", ".join(x for x in (p.get("name", ""), p.get("id_no", ""), p.get("role", ""),
                                           p.get("phone", "")) if x) for p in value if isinstance(p, dict))


def items_to_text(value: Any) -> str:
    if not isinstance(value, list):
        return str(value or "")
    return "\n".join(", ".join(x for x in (i.get("name", ""), i.get("quantity", ""), i.get("spec", "")) if x)
                     for i in value if isinstance(i, dict))


SIGNER_ROWS = ("party", "interviewee", "recipient", "officers", "witness")


def parse_content(rt: RecordType, post: QueryDict) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for f in rt.fields:
        key = PREFIX + f.name
        if f.kind in ("bool", "true"):
            content[f.name] = post.get(key) == "on"
        elif f.kind == "multichoice":
            content[f.name] = post.getlist(key)
        elif f.kind == "persons":
            content[f.name] = persons_from_text(post.get(key, ""))
        elif f.kind == "items":
            content[f.name] = items_from_text(post.get(key, ""))
        elif f.kind == "signatures":
            sigs = []
            for role in SIGNER_ROWS:
                name = post.get(f"{key}_{role}_name", "").strip()
                status = post.get(f"{key}_{role}_status", "")
                if not name:
                    continue
                sigs.append({"signer": role, "name": name, "signed": status != "refused",
                             "refused": status == "refused", "note": post.get(f"{key}_{role}_note", "").strip()})
            content[f.name] = sigs
        else:
            value = post.get(key, "")
            if value != "":
                content[f.name] = value
    return content


def parse_record_post(rt: RecordType, post: QueryDict) -> dict[str, Any]:
    return {
        "type": rt.code,
        "occurred_at": post.get("occurred_at") or None,
        "place": post.get("place", ""),
        "matter": post.get("matter", ""),
        "officers": [int(x) for x in post.getlist("officers") if x.isdigit()],
        "parties": [int(x) for x in post.getlist("parties") if x.isdigit()],
        "content": parse_content(rt, post),
    }


def _field_widget(f: Field, value: Any, errors: list[str], state: CaseState | None) -> dict[str, Any]:
    w = {"name": PREFIX + f.name, "field": f.name, "label": str(f.label), "kind": f.kind, "required": f.required,
         "choices": [(k, str(v)) for k, v in f.choices], "errors": errors, "cite": str(f.cite) if f.cite else "",
         "when": f.when, "when_case": f.when_case}
    if f.kind == "persons":
        w["value"] = persons_to_text(value)
        w["hint"] = _("One per line: name, ID number, role, phone")
    elif f.kind == "items":
        w["value"] = items_to_text(value)
        w["hint"] = _("One per line: name, quantity, unit or specification")
    elif f.kind == "signatures":
        given = {s.get("signer"): s for s in value} if isinstance(value, list) else {}
        rows = list(f.signers) + [r for r in ("witness",) if r not in f.signers]
        w["rows"] = [{"role": r, "label": signer_label(r), "name": given.get(r, {}).get("name", ""),
                      "refused": given.get(r, {}).get("refused", False), "note": given.get(r, {}).get("note", ""),
                      "needed": r in f.signers} for r in rows]
    elif f.kind == "multichoice":
        w["value"] = value if isinstance(value, list) else []
    elif f.kind == "record":
        options = []
        if state is not None:
            for v in state.current():
                if f.refs == ("document",) and not (v.spec.document and v.approved):
                    continue
                if f.refs != ("document",) and v.record.type not in f.refs:
                    continue
                options.append((str(v.record.pk), f"#{v.record.seq} {v.spec.name} {v.record.number}".strip()))
        w["choices"] = options
        w["value"] = str(value or "")
    elif f.kind == "datetime" and isinstance(value, str):
        w["value"] = value[:16]
    else:
        w["value"] = value if value is not None else ""
    return w


def signer_label(role: str) -> str:
    return {"party": _("Party"), "interviewee": _("Person inquired"), "recipient": _("Recipient"),
            "officers": _("Officers"), "witness": _("Witness")}.get(role, role)


def record_widgets(rt: RecordType, content: dict[str, Any], errors: dict[str, list[str]],
                   state: CaseState | None) -> list[dict[str, Any]]:
    return [_field_widget(f, content.get(f.name), errors.get(f.name, []), state) for f in rt.fields]


def header_context(case, data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    officers = Officer.objects.filter(agency_id=case.agency_id, is_active=True).select_related("unit") \
        .order_by("unit__name", "name")
    today = timezone.localdate()
    occurred = data.get("occurred_at") or timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return {
        "occurred_at": str(occurred)[:16], "place": data.get("place", ""), "matter": data.get("matter", ""),
        "officer_choices": [(o.pk, f"{o.name}（{o.cert_no}，{o.unit.name}）", o.certificate_valid_on(today))
                            for o in officers],
        "officers": [int(x) for x in data.get("officers", [])],
        "party_choices": [(p.pk, p.name) for p in case.parties.all()],
        "parties": [int(x) for x in data.get("parties", [])],
        "errors": {k: errors.get(k, []) for k in ("occurred_at", "place", "matter", "officers", "parties")},
    }


def default_data(case, rt: RecordType, user) -> dict[str, Any]:
    """A new form starts with the case's handlers (or the user) and all parties ticked."""
    officers = [o.pk for o in case.handlers.all()] or ([user.officer_id] if user.officer_id else [])
    return {"officers": officers, "parties": [p.pk for p in case.parties.all()] if rt.needs_party else [],
            "matter": f"{case.title}：{rt.name}", "content": {}}


def record_type(code: str) -> RecordType | None:
    return R.get(code)
