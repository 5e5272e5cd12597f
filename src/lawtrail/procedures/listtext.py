"""How a list field (persons, items) is written as text in a form, and read back — losslessly.

One entry per line, its columns separated by commas of either width (`,` or `，`). An empty column stays
in its place (`钱女士，，投诉人，13912345678` has no ID number, and its role is still the third column), so
columns never slide. A value that holds a comma, a double quote or a line break, or starts or ends with
blank space, is written in double quotes with `""` for a quote inside, as in CSV; officers typing ordinary
names never need that. Columns beyond the known ones are kept as `_7`, `_8`, … so that the content check
names them instead of dropping them. `to_text(from_text(to_text(v))) == to_text(v)` and
`from_text(to_text(v)) == v` for every normalised value (tests/cases/test_listtext.py)."""

from __future__ import annotations

from typing import Any

PERSON_COLUMNS = ("name", "id_no", "role", "phone", "address", "organisation")
ITEM_COLUMNS = ("name", "quantity", "spec", "unit", "note")

SEPARATORS = (",", "，")
BLANKS = " \t\u3000"
_NEEDS_QUOTES = (",", "，", '"', "\n", "\r")


def parse_rows(text: str) -> list[list[str]]:
    """Split the text into rows of column values. Unquoted values are stripped; blank rows are skipped."""
    rows: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in BLANKS:
            i += 1
        if i < n and text[i] == '"':
            i += 1
            buf = []
            while i < n:
                c = text[i]
                if c == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(c)
                i += 1
            start = i
            while i < n and text[i] not in SEPARATORS and text[i] not in "\r\n":
                i += 1
            # Anything typed after the closing quote belongs to the same value, never lost.
            value = "".join(buf) + text[start:i].rstrip(BLANKS)
        else:
            start = i
            while i < n and text[i] not in SEPARATORS and text[i] not in "\r\n":
                i += 1
            value = text[start:i].strip()
        row.append(value)
        if i >= n:
            break
        c = text[i]
        i += 1
        if c in SEPARATORS:
            continue
        if c == "\r" and i < n and text[i] == "\n":
            i += 1
        rows.append(row)
        row = []
    rows.append(row)
    return [r for r in rows if any(v != "" for v in r)]


def quote(value: str) -> str:
    if value and (any(c in value for c in _NEEDS_QUOTES) or value != value.strip() or value[0] == '"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _columns(columns: tuple[str, ...], entry: dict[str, Any]) -> list[str]:
    """The known columns, then surplus `_<n>` columns at their place n, then any other key."""
    keys = list(columns)
    surplus = {int(k[1:]): k for k in entry if k not in columns and k[:1] == "_" and k[1:].isdigit()
               and int(k[1:]) > len(columns)}
    if surplus:
        keys += [surplus.get(n, "") for n in range(len(columns) + 1, max(surplus) + 1)]
    return keys + sorted(k for k in entry if k not in columns and k not in surplus.values())


def from_text(text: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows → entries with the non-empty columns by name; surplus columns as `_<n>` (1-based)."""
    out = []
    for row in parse_rows(text or ""):
        entry: dict[str, str] = {}
        for index, value in enumerate(row):
            if value == "":
                continue
            key = columns[index] if index < len(columns) else f"_{index + 1}"
            entry[key] = value
        out.append(entry)
    return out


def to_text(value: Any, columns: tuple[str, ...]) -> str:
    """Entries → one line each, every column in its place, trailing empty columns left off. A value that is
    not a list (an API caller's string) is shown as it was given."""
    if not isinstance(value, list):
        return "" if value is None else str(value)
    lines = []
    for entry in value:
        if not isinstance(entry, dict):
            entry = {"name": str(entry)}
        keys = _columns(columns, entry)
        cells = [quote("" if entry.get(k) is None else str(entry.get(k))) if k else "" for k in keys]
        while cells and cells[-1] == "":
            cells.pop()
        lines.append(", ".join(cells) if cells else '""')
    return "\n".join(lines)
