"""Checking a record's content against its record type. Pure functions: they take the content and what
they need to know about the case and return normalised content or field errors naming the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from lawtrail.procedures.model import Cite, Field, RecordType
from lawtrail.workdays.calendar import CHINA

TRUE_WORDS = {"true", "1", "yes", "on", "y", "是"}
FALSE_WORDS = {"false", "0", "no", "off", "n", "否", ""}
SIGNER_ROLES = ("party", "interviewee", "recipient", "officers", "witness")


def _cite(field: Field, record_type: RecordType) -> Cite:
    return field.cite or record_type.cite


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def parse_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:  # a time typed by an officer is China time
        moment = moment.replace(tzinfo=CHINA)
    return moment


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list | dict)
                                                                             and not value)


def condition_holds(when: tuple[str, tuple[str, ...]], content: dict[str, Any]) -> bool:
    """Whether `content` meets a catalogue condition ("method" is "lodging", a yes/no field is "true")."""
    other, values = when
    raw = content.get(other)
    text = ("true" if raw else "false") if isinstance(raw, bool) else str(raw if raw is not None else "")
    return text in values


def _is_required(field: Field, content: dict[str, Any], case_flags: set[str]) -> bool:
    if not field.required:
        return False
    if field.when_case and field.when_case not in case_flags:
        return False
    if field.when:
        return condition_holds(field.when, content)
    return True


def _persons(value: Any) -> list[dict[str, str]] | None:
    if isinstance(value, str):
        value = [v for v in (p.strip() for p in value.replace("，", ",").replace("\n", ",").split(",")) if v]
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or _blank(item.get("name")):
            return None
        out.append({k: str(v).strip() for k, v in item.items() if v is not None and str(v).strip()
                    and k in ("name", "id_no", "role", "phone", "address", "organisation")})
    return out


def _items(value: Any) -> list[dict[str, str]] | None:
    if isinstance(value, str):
        value = [v.strip() for v in value.splitlines() if v.strip()]
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if isinstance(item, str | int | float):
            item = {"name": str(item)}
        if not isinstance(item, dict) or _blank(item.get("name")):
            return None
        out.append({k: str(v).strip() for k, v in item.items() if v is not None and str(v).strip()
                    and k in ("name", "quantity", "unit", "spec", "note")})
    return out


def _signatures(value: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if not isinstance(item, dict) or item.get("signer") not in SIGNER_ROLES or _blank(item.get("name")):
            return None
        signed, refused = as_bool(item.get("signed", False)), as_bool(item.get("refused", False))
        if signed is None or refused is None or signed == refused:
            return None
        entry = {"signer": item["signer"], "name": str(item["name"]).strip(), "signed": signed, "refused": refused}
        if refused:
            entry["note"] = str(item.get("note") or "").strip()
        out.append(entry)
    return out


def check_signatures(field: Field, sigs: list[dict[str, Any]], cite: Cite) -> list[str]:
    """R-INV-3: everyone the record names signs, or their refusal is recorded and witnessed (signed by a
    witness or the officers)."""
    errors = []
    for role in field.signers:
        mine = [s for s in sigs if s["signer"] == role]
        if not mine:
            errors.append(_("No signature of %(role)s, and no refusal recorded (%(cite)s).")
                          % {"role": signer_name(role), "cite": cite})
            continue
        if any(s["refused"] for s in mine):
            if not any(s["signed"] and s["signer"] in ("witness", "officers") for s in sigs):
                errors.append(_("%(role)s refused to sign: the refusal must be signed by officers or a witness "
                                "(%(cite)s).") % {"role": signer_name(role), "cite": Cite("R-INV-3", "WH 15, LC 11")})
            elif any(s["refused"] and not s.get("note") for s in mine):
                errors.append(_("Note how %(role)s refused (%(cite)s).")
                              % {"role": signer_name(role), "cite": Cite("R-INV-3", "WH 15, LC 11")})
    return errors


def signer_name(role: str) -> str:
    return {"party": _("the party"), "interviewee": _("the person inquired"), "recipient": _("the recipient"),
            "officers": _("the officers"), "witness": _("a witness")}.get(role, role)


def check_content(record_type: RecordType, content: dict[str, Any], *, case_flags: set[str] = frozenset()
                  ) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate and normalise the record type's own fields. Unknown fields are refused, never dropped."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    known = {f.name: f for f in record_type.fields}
    for name in sorted(set(content) - set(known)):
        errors[name] = [_("Unknown field for %(type)s; expected one of: %(fields)s.")
                        % {"type": record_type.name, "fields": ", ".join(known)}]
    for field in record_type.fields:
        raw = content.get(field.name)
        required = _is_required(field, content, case_flags)
        cite = _cite(field, record_type)
        if field.kind == "true":
            value = as_bool(raw)
            if required and value is not True:
                errors[field.name] = [_("%(label)s must be confirmed (%(cite)s).") % {"label": field.label,
                                                                                     "cite": cite}]
            out[field.name] = bool(value)
            continue
        if _blank(raw):
            if required:
                errors[field.name] = [_("%(label)s is required (%(cite)s).") % {"label": field.label, "cite": cite}]
            elif field.kind == "bool":
                out[field.name] = False
            continue
        value, problem = _normalise(field, raw)
        if problem:
            errors[field.name] = [problem]
            continue
        if field.kind in ("persons", "items") and len(value) < field.min_items and required:
            errors[field.name] = [_("%(label)s needs at least %(n)s entries (%(cite)s).")
                                  % {"label": field.label, "n": field.min_items, "cite": cite}]
            continue
        if field.kind == "signatures" and required:
            problems = check_signatures(field, value, cite)
            if problems:
                errors[field.name] = problems
                continue
        out[field.name] = value
    return out, errors


def _normalise(field: Field, raw: Any) -> tuple[Any, str | None]:
    kind = field.kind
    if kind in ("text", "textarea"):
        if not isinstance(raw, str | int | float):
            return None, _("%(label)s must be text.") % {"label": field.label}
        return str(raw).strip(), None
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(raw).strip()[:10]).isoformat(), None
        except ValueError:
            return None, _("%(label)s: %(value)r is not a date like 2026-03-01.") % {"label": field.label,
                                                                                     "value": raw}
    if kind == "datetime":
        moment = parse_datetime(raw)
        if moment is None:
            return None, _("%(label)s: %(value)r is not a time like 2026-03-01T09:30.") % {"label": field.label,
                                                                                           "value": raw}
        return moment.astimezone(CHINA).isoformat(timespec="minutes"), None
    if kind == "choice":
        allowed = [k for k, _label in field.choices]
        if str(raw) not in allowed:
            return None, _("%(label)s: %(value)r is not one of: %(allowed)s.") % {
                "label": field.label, "value": raw, "allowed": ", ".join(allowed)}
        return str(raw), None
    if kind == "multichoice":
        values = raw if isinstance(raw, list) else [v for v in str(raw).split(",") if v]
        allowed = [k for k, _label in field.choices]
        bad = [v for v in values if v not in allowed]
        if bad:
            return None, _("%(label)s: %(value)s not among: %(allowed)s.") % {
                "label": field.label, "value": ", ".join(map(str, bad)), "allowed": ", ".join(allowed)}
        return sorted(set(values), key=allowed.index), None
    if kind == "bool":
        value = as_bool(raw)
        if value is None:
            return None, _("%(label)s must be yes or no.") % {"label": field.label}
        return value, None
    if kind in ("int", "decimal"):
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            return None, _("%(label)s: %(value)r is not a number.") % {"label": field.label, "value": raw}
        if not number.is_finite() or number < 0:
            return None, _("%(label)s must be zero or more.") % {"label": field.label}
        if kind == "int":
            return int(number), None
        return str(number.quantize(Decimal("0.01"))), None
    if kind == "persons":
        value = _persons(raw)
        if value is None:
            return None, _("%(label)s: list each person with at least a name.") % {"label": field.label}
        return value, None
    if kind == "items":
        value = _items(raw)
        if value is None:
            return None, _("%(label)s: list each item with at least a name.") % {"label": field.label}
        return value, None
    if kind == "signatures":
        value = _signatures(raw)
        if value is None:
            return None, _("%(label)s: each entry needs signer (%(roles)s), name, and either signed or refused.") % {
                "label": field.label, "roles": ", ".join(SIGNER_ROLES)}
        return value, None
    if kind == "record":
        try:
            return int(raw), None
        except (TypeError, ValueError):
            return None, _("%(label)s must be the id of a record of this case.") % {"label": field.label}
    raise AssertionError(kind)
