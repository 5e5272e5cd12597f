"""Checking a record's content against its record type. Pure functions: they take the content and what
they need to know about the case and return normalised content or field errors naming the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.procedures import listtext
from lawtrail.procedures.model import Cite, Field, RecordType, TimeRule
from lawtrail.validators import id_number_problem, phone_problem
from lawtrail.workdays.calendar import CHINA

TRUE_WORDS = {"true", "1", "yes", "on", "y", "是"}
FALSE_WORDS = {"false", "0", "no", "off", "n", "否", ""}
SIGNER_ROLES = ("party", "interviewee", "recipient", "officers", "witness")
CLOCK_SLACK = dt.timedelta(minutes=10)


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


PERSON_KEYS = listtext.PERSON_COLUMNS
ITEM_KEYS = listtext.ITEM_COLUMNS


def column_label(key: str) -> str:
    names = {"name": _("name"), "id_no": _("ID number"), "role": _("role or relation"), "phone": _("phone"),
             "address": _("address"), "organisation": _("organisation"), "quantity": _("quantity"),
             "spec": _("specification"), "unit": _("unit of measure"), "note": _("note")}
    return names.get(key, key)


def _entries(value: Any, keys: tuple[str, ...], label: Any) -> tuple[list[dict[str, str]] | None, str | None]:
    """A list of entries with known keys and a name each. A string is read as the form's text (one entry a
    line, columns by comma). Unknown keys and surplus columns are refused by name, never dropped; an ID
    number or phone that cannot be one is refused with what was expected."""
    if isinstance(value, str):
        value = listtext.from_text(value, keys)
    if not isinstance(value, list):
        return None, _("%(label)s: give a list, one entry per person or item.") % {"label": label}
    out = []
    for n, item in enumerate(value, start=1):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            item = {"name": str(item)}
        if not isinstance(item, dict):
            return None, _("%(label)s: entry %(n)s is not an object with a name.") % {"label": label, "n": n}
        unknown = [str(k) for k in item if k not in keys]
        if any(k.startswith("_") for k in unknown):
            return None, _("%(label)s: line %(n)s has more columns than expected (%(columns)s).") % {
                "label": label, "n": n, "columns": "、".join(map(column_label, keys))}
        if unknown:
            return None, _("%(label)s: entry %(n)s has unknown keys %(keys)s; expected: %(expected)s.") % {
                "label": label, "n": n, "keys": ", ".join(unknown), "expected": ", ".join(keys)}
        entry = {k: str(v).strip() for k, v in item.items() if v is not None and str(v).strip()}
        if _blank(entry.get("name")):
            return None, _("%(label)s: line %(n)s has no name; each line starts with a name.") % {
                "label": label, "n": n}
        for key, check in (("id_no", id_number_problem), ("phone", phone_problem)):
            problem = check(entry[key]) if key in entry else None
            if problem:
                return None, _("%(label)s: line %(n)s: %(problem)s") % {"label": label, "n": n, "problem": problem}
        out.append(entry)
    return out, None


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


def check_content(record_type: RecordType, content: dict[str, Any], *, case_flags: set[str] = frozenset(),
                  occurred_at: dt.datetime | None = None, now: dt.datetime | None = None
                  ) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate and normalise the record type's own fields. Unknown fields are refused, never dropped. Date and
    time fields are checked against their time rules: the record's time (`occurred_at`, when known), the
    other fields and the present."""
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
    for field in record_type.fields:
        if field.times and field.name in out and field.name not in errors:
            problems = check_times(field, out, record_type, occurred_at, now)
            if problems:
                errors[field.name] = problems
    return out, errors


def _moment(value: Any) -> dt.datetime | dt.date | None:
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = str(value)
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return parse_datetime(text)


def _day(moment: dt.datetime | dt.date) -> dt.date:
    return moment.astimezone(CHINA).date() if isinstance(moment, dt.datetime) else moment


def show_moment(moment: dt.datetime | dt.date) -> str:
    """A date or time as people write it: 2026-12-01 or 2026-12-01 10:40 (China time)."""
    if isinstance(moment, dt.datetime):
        return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def check_times(field: Field, content: dict[str, Any], record_type: RecordType,
                occurred_at: dt.datetime | None, now: dt.datetime | None) -> list[str]:
    """The field's time rules (catalogue data, each with its rule): a fact lies on or before the record's time,
    a term on or after it, an end after its start. A rule whose other side is unknown is skipped."""
    mine = _moment(content[field.name])
    if mine is None:
        return []
    labels = {f.name: f.label for f in record_type.fields}
    problems = []
    for rule in field.times:
        if rule.other == "record":
            other, other_label = occurred_at, _("the record's time")
        elif rule.other == "now":
            # the same few minutes of clock difference a record's own time is allowed (cases.actions)
            other, other_label = (now or timezone.now()) + CLOCK_SLACK, _("the present")
        else:
            raw = content.get(rule.other)
            other, other_label = (_moment(raw) if raw not in (None, "") else None), labels.get(rule.other, rule.other)
        if other is None:
            continue
        problem = _broken(rule, mine, other)
        if problem:
            problems.append(problem % {"label": field.label, "value": show_moment(mine), "other": other_label,
                                       "other_value": show_moment(other), "days": rule.days, "cite": rule.cite})
    return problems


def _broken(rule: TimeRule, mine: dt.datetime | dt.date, other: dt.datetime | dt.date) -> str | None:
    both_times = isinstance(mine, dt.datetime) and isinstance(other, dt.datetime)
    a, b = (mine, other) if both_times else (_day(mine), _day(other))
    if rule.op == "not_before":
        if rule.days:
            least = b + dt.timedelta(days=rule.days)
            if a < least:
                return _("%(label)s (%(value)s) must be at least %(days)s days after %(other)s (%(other_value)s) "
                         "(%(cite)s).")
        elif a < b:
            return _("%(label)s (%(value)s) is before %(other)s (%(other_value)s); it cannot be (%(cite)s).")
    elif rule.op == "not_after":
        if a > b:
            return _("%(label)s (%(value)s) is after %(other)s (%(other_value)s); it cannot be (%(cite)s).")
    elif abs(a - b) > dt.timedelta(days=rule.days or 0):
        return _("%(label)s (%(value)s) is more than %(days)s days from %(other)s (%(other_value)s) (%(cite)s).")
    return None


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
    if kind in ("persons", "items"):
        return _entries(raw, PERSON_KEYS if kind == "persons" else ITEM_KEYS, field.label)
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
