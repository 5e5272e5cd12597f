"""A record's content as people read it: choices by their names, yes/no in words, dates and times as they are
written (2026年3月2日 09:30), persons and items one a line with each column named, signatures with whether
they were given, references to other records by their number in the case and their document number — never a
code, a database id, a Python list or an ISO timestamp (issue 12 §3–4). Used by the record pages, the printable
forms and the party portal (which passes its redactor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lawtrail.procedures import listtext
from lawtrail.procedures.checks import column_label, parse_datetime
from lawtrail.procedures.model import Field


def _chinese() -> bool:
    return not (get_language() or "zh-hans").startswith("en")


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if _chinese() else day.strftime("%Y-%m-%d")


def moment_text(value: Any) -> str:
    """A date or an aware time (shown in China time) as people write it; anything else as it is."""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{date_text(local.date())} {local:%H:%M}"
    if isinstance(value, dt.date):
        return date_text(value)
    text = str(value or "")
    if len(text) == 10:
        try:
            return date_text(dt.date.fromisoformat(text))
        except ValueError:
            return text
    moment = parse_datetime(text) if "T" in text or ":" in text else None
    return moment_text(moment) if moment is not None else text


def signer_text(role: str) -> str:
    """A signer's role as the form and the record name it (当事人, 被询问人, …)."""
    return {"party": _("Party"), "interviewee": _("Person inquired"), "recipient": _("Recipient"),
            "officers": _("Officers"), "witness": _("Witness")}.get(role, role)


def entries_text(value: Any, columns: tuple[str, ...]) -> str:
    if not isinstance(value, list):
        return "" if value is None else str(value)
    lines = []
    for entry in value:
        if not isinstance(entry, dict):
            lines.append(str(entry))
            continue
        rest = [f"{column_label(k)}：{entry[k]}" for k in columns[1:] if entry.get(k)]
        lines.append(str(entry.get("name", "")) + (f"（{'；'.join(rest)}）" if rest else ""))
    return "\n".join(lines)


def field_text(f: Field, value: Any, *, records: dict[int, Any] | None = None) -> str:
    """One field's value in words. `records`: the case's records by id, for fields that point at one."""
    kind = f.kind
    if kind == "persons":
        return entries_text(value, listtext.PERSON_COLUMNS)
    if kind == "items":
        return entries_text(value, listtext.ITEM_COLUMNS)
    if kind == "signatures":
        out = []
        for s in value if isinstance(value, list) else []:
            state = (_("refused to sign") + (f"：{s['note']}" if s.get("note") else "")) if s.get("refused") \
                else _("signed")
            out.append(f"{signer_text(s.get('signer', ''))}：{s.get('name', '')}（{state}）")
        return "\n".join(out)
    if kind in ("bool", "true"):
        return _("Yes") if value else _("No")
    if kind == "choice":
        return str(dict(f.choices).get(value, value))
    if kind == "multichoice":
        return "、".join(str(dict(f.choices).get(v, v)) for v in (value if isinstance(value, list) else [value]))
    if kind in ("date", "datetime"):
        return moment_text(value)
    if kind == "decimal":
        return f"{value}"
    if kind == "record":
        target = (records or {}).get(value) if isinstance(value, int) else None
        if target is None:
            return _("a record of this case")
        return record_name(target)
    return "" if value is None else str(value)


def record_name(record) -> str:
    """A record as the case knows it: its number in the case, its name and, for a document, its 文号."""
    from lawtrail.procedures.catalogue import R

    return f"#{record.seq} {R[record.type].name}" + (f"（{record.number}）" if record.number else "")


def content_rows(record, *, records: dict[int, Any] | None = None, redact=None) -> list[tuple[str, str]]:
    """(label, text) of each field the record holds, in the catalogue's order; `redact` maps a value to what
    the reader may see (the party portal)."""
    from lawtrail.procedures.catalogue import R

    rows = []
    for f in R[record.type].fields:
        if f.name not in record.content:
            continue
        value = record.content[f.name]
        if redact is not None:
            value = redact(value)
        rows.append((str(f.label), field_text(f, value, records=records)))
    return rows
