"""Import of officer rosters and powers lists from CSV or XLSX, as agencies keep them in spreadsheets
(R-BASE-2, R-BASE-3). All rows are validated first with the same forms as the web and API; one bad row
means nothing is imported and the report lists every bad row with its column and what is expected.
Rows match existing records by certificate number (officers) or code (powers) and update them."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lawtrail.errors import ActionError
from lawtrail.ledger import store
from lawtrail.ledger.hashing import sm3_hex
from lawtrail.registry import actions
from lawtrail.registry.models import Officer, Power, Unit

XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]
    required: bool = True


OFFICER_COLUMNS = [
    Column("name", ("姓名", "name")),
    Column("unit", ("所属单位", "单位", "unit")),
    Column("post", ("职务", "post"), required=False),
    Column("cert_no", ("执法证件编号", "执法证号", "证件编号", "cert_no", "certificate number")),
    Column("category", ("执法类别", "category")),
    Column("area", ("执法区域", "area")),
    Column("cert_valid_from", ("证件有效期起", "有效期起", "cert_valid_from", "valid from")),
    Column("cert_valid_until", ("证件有效期至", "有效期至", "cert_valid_until", "valid until")),
    Column("phone", ("联系电话", "电话", "phone"), required=False),
]

POWER_COLUMNS = [
    Column("code", ("事项编码", "编码", "code")),
    Column("name", ("事项名称", "名称", "name")),
    Column("category", ("事项类别", "类别", "category")),
    Column("handling_unit", ("承办机构", "承办单位", "handling_unit", "handling unit")),
    Column("basis_text", ("法律依据", "设定依据", "basis_text", "legal basis")),
    Column("object", ("实施对象", "对象", "object"), required=False),
    Column("time_limit", ("办理时限", "时限", "time_limit", "time limit"), required=False),
]


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """Rows of a CSV (UTF-8 or GB18030, as Excel in China saves it) or XLSX file."""
    limit = settings.LAWTRAIL["IMPORT_MAX_BYTES"]
    if len(content) > limit:
        raise ActionError({"file": [_("The file is %(size)d bytes; at most %(limit)d are accepted.")
                                    % {"size": len(content), "limit": limit}]})
    if not content:
        raise ActionError({"file": [_("The file is empty.")]})
    lower = name.lower()
    if lower.endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(content)
    raise ActionError({"file": [_("Unsupported file type; expected a .csv or .xlsx file.")]})


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ActionError({"file": [_("The CSV file is neither UTF-8 nor GB18030 text.")]})
    if "\x00" in text:
        raise ActionError({"file": [_("The CSV file contains binary data; expected text.")]})
    try:
        return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise ActionError({"file": [_("The CSV file is malformed: %(error)s.") % {"error": exc}]}) from None


def _read_xlsx(content: bytes) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > XLSX_MAX_UNCOMPRESSED:
                raise ActionError({"file": [_("The XLSX file expands to too much data to be a roster.")]})
    except zipfile.BadZipFile:
        raise ActionError({"file": [_("The file is not a valid XLSX workbook.")]}) from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    except ActionError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise ActionError({"file": [_("The XLSX workbook cannot be read: %(error)s.")
                                    % {"error": type(exc).__name__}]}) from None
    return [r for r in rows if any(c is not None and str(c).strip() for c in r)]


def _parse_date(value: Any) -> dt.date | str:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    return text  # the form reports it with the expected format


def _map_columns(header: list[Any], columns: list[Column]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    wanted = {_norm(h): c for c in columns for h in c.headers}
    for i, cell in enumerate(header):
        col = wanted.get(_norm(cell))
        if col is not None and col.field not in positions:
            positions[col.field] = i
    missing = [c.headers[0] for c in columns if c.required and c.field not in positions]
    return positions, missing


def _category_lookup() -> dict[str, str]:
    out = {}
    for value, _label in Power.Category.choices:
        out[_norm(value)] = value
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for value, label in Power.Category.choices:
                out[_norm(str(label))] = value
    # Common names in powers lists that differ from our labels.
    out.update({_norm("行政征收"): "fee", _norm("行政确认"): "confirmation", _norm("行政给付"): "payment",
                _norm("行政奖励"): "award", _norm("行政裁决"): "ruling", _norm("行政许可"): "licence",
                _norm("其他行政权力"): "other", _norm("其他"): "other"})
    return out


def _import(kind: str, *, user, filename: str, content: bytes) -> dict[str, Any]:
    model, columns, key = (Officer, OFFICER_COLUMNS, "cert_no") if kind == "officers" else \
        (Power, POWER_COLUMNS, "code")
    actions.require_can_change(user, model)
    if user.agency_id is None:
        raise ActionError(_("Imports go into the importing user's agency; this user belongs to none."))
    rows = read_table(filename, content)
    if not rows:
        raise ActionError({"file": [_("The file has no header row.")]})
    max_rows = settings.LAWTRAIL["IMPORT_MAX_ROWS"]
    if len(rows) - 1 > max_rows:
        raise ActionError({"file": [_("The file has %(n)d rows; at most %(max)d are accepted.")
                                    % {"n": len(rows) - 1, "max": max_rows}]})
    positions, missing = _map_columns(rows[0], columns)
    if missing:
        raise ActionError({"file": [_("Missing column(s): %(missing)s. Expected columns: %(expected)s.")
                                    % {"missing": "、".join(missing),
                                       "expected": "、".join(c.headers[0] for c in columns)}]})
    if len(rows) == 1:
        raise ActionError({"file": [_("The file has a header row but no data rows.")]})
    headers = {c.field: c.headers[0] for c in columns}
    units = {u.name: u.pk for u in Unit.objects.filter(agency_id=user.agency_id)}
    existing = {getattr(o, key): o for o in model.objects.filter(agency_id=user.agency_id)}
    categories = _category_lookup()
    errors: list[dict[str, Any]] = []
    planned: list[tuple[int, Any, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        data: dict[str, Any] = {}
        for field, pos in positions.items():
            value = row[pos] if pos < len(row) else None
            data[field] = "" if value is None else (value if isinstance(value, dt.date) else str(value).strip())
        row_errors: list[tuple[str, str]] = []
        if kind == "officers":
            for f in ("cert_valid_from", "cert_valid_until"):
                data[f] = _parse_date(data.get(f))
                if isinstance(data[f], str) and data[f]:
                    row_errors.append((f, _("%(value)s is not a date; expected YYYY-MM-DD.") % {"value": data[f]}))
            unit_name = data.pop("unit", "")
            if unit_name and unit_name not in units:
                row_errors.append(("unit", _("No unit named %(name)s in your agency; create it first or use one "
                                             "of: %(units)s.") % {"name": unit_name,
                                                                 "units": "、".join(sorted(units)) or "—"}))
            data["unit"] = units.get(unit_name, "")
        else:
            unit_name = data.pop("handling_unit", "")
            if unit_name and unit_name not in units:
                row_errors.append(("handling_unit", _("No unit named %(name)s in your agency.") % {"name": unit_name}))
            data["handling_unit"] = units.get(unit_name, "")
            raw = data.get("category", "")
            data["category"] = categories.get(_norm(raw), raw)
        ident = str(data.get(key, ""))
        if ident and ident in seen:
            row_errors.append((key, _("%(value)s appears again; it was already in row %(row)d.")
                               % {"value": ident, "row": seen[ident]}))
        elif ident:
            seen[ident] = number
        instance = existing.get(ident)
        if not row_errors:
            form_class = actions.FORMS[model]
            # Validate against a copy: ModelForm writes the cleaned values onto its instance, and the real
            # save below must still see the old values to record what changed.
            probe = copy.copy(instance) if instance is not None else None
            form = form_class(actions._form_data(model, form_class, data, probe, partial=probe is not None),
                              instance=probe, agency=user.agency)
            if not form.is_valid():
                row_errors.extend((f, str(m)) for f, msgs in form.errors.items() for m in msgs)
        for field, message in row_errors:
            errors.append({"row": number, "field": field, "column": headers.get(field, field), "message": message})
        if not row_errors:
            planned.append((number, instance, data))
    if errors:
        raise ActionError({"file": [_("%(n)d row(s) have errors; nothing was imported.")
                                    % {"n": len({e["row"] for e in errors})}]},
                          rows=errors)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for _number, instance, data in planned:
            _obj, status = actions.save_with_status(model, user=user, data=data, instance=instance,
                                                    partial=instance is not None)
            counts[status] += 1
        summary = {"kind": kind, "file": filename, "sm3": sm3_hex(content), "rows": len(planned), **counts}
        store.append(f"registry.import.{kind}", f"registry.import:{kind}", summary, user=user)
    return {"rows": len(planned), **counts}


def import_officers(*, user, filename: str, content: bytes) -> dict[str, Any]:
    return _import("officers", user=user, filename=filename, content=content)


def import_powers(*, user, filename: str, content: bytes) -> dict[str, Any]:
    return _import("powers", user=user, filename=filename, content=content)
