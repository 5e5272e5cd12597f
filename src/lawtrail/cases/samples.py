"""Plausible content for any record type, built from the catalogue's field list. The demo data fills its
cases with it; tests start from it and change the field they are about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lawtrail.procedures.catalogue import R
from lawtrail.procedures.checks import condition_holds
from lawtrail.procedures.model import Field
from lawtrail.workdays.calendar import CHINA

TEXTS = {
    "facts": "当事人于2026年3月在经营场所内未经许可擅自从事经营活动，有现场检查笔录、询问笔录及照片为证。",
    "legal_basis": "《无证无照经营查处办法》第十三条",
    "reasons": "事实清楚，证据确凿，依法应予处理。",
    "transcript": "问：你是否清楚今天执法人员检查的事项？\n答：清楚。\n问：以上记录是否属实？\n答：属实。",
}


def _value(field: Field, day: dt.date, party: str, officer: str, at: dt.datetime | None = None) -> Any:
    kind = field.kind
    if kind in ("text", "textarea"):
        return TEXTS.get(field.name, f"{field.label.zh}：详见案卷材料。")
    # A term the record sets lies after it (at least its rule's days); a fact lies on the record's day.
    later = max([r.days + 1 for r in field.times if r.op == "not_before" and r.other == "record"] or [0])
    if kind == "date":
        return (day + dt.timedelta(days=max(later, 15))).isoformat()
    if kind == "datetime":
        if at is not None and not later:
            return at.strftime("%Y-%m-%dT%H:%M")
        return f"{(day + dt.timedelta(days=later)).isoformat()}T09:30"
    if kind == "choice":
        return field.choices[0][0]
    if kind == "multichoice":
        return [k for k, _v in field.choices]
    if kind in ("bool", "true"):
        return kind == "true"
    if kind in ("int", "decimal"):
        return "2000"
    if kind == "persons":
        names = [party, "李明", "陈静"][: max(field.min_items, 1)]
        return [{"name": n} for n in names]
    if kind == "items":
        return [{"name": f"物品{i + 1}", "quantity": "1"} for i in range(max(field.min_items, 1))]
    if kind == "signatures":
        names = {"party": party, "interviewee": party, "recipient": party, "officers": officer, "witness": "李明"}
        return [{"signer": s, "name": names[s], "signed": True} for s in field.signers]
    return None


def sample_content(code: str, *, day: dt.date | None = None, at: dt.datetime | None = None, party: str = "张三",
                   officer: str = "王芳", **overrides: Any) -> dict[str, Any]:
    """Content for record type `code` with every field filled (conditional ones only when they apply), its
    dates agreeing with a record made at `at` (China time) or on `day`."""
    if at is not None:
        at = at.astimezone(CHINA) if at.tzinfo else at
        day = at.date()
    if day is None:
        raise TypeError("sample_content needs day or at")
    rt = R[code]
    content: dict[str, Any] = {}
    for field in rt.fields:
        if field.kind == "record":
            continue  # the caller names the record it points at
        content[field.name] = _value(field, day, party, officer, at)
    content.update(overrides)
    # Drop fields whose condition does not hold, so the sample reads like a real form.
    for field in rt.fields:
        if field.when and field.name not in overrides and not condition_holds(field.when, content):
            content.pop(field.name, None)
    return content
