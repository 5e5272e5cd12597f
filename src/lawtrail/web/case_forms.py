"""The record form is generated from the catalogue: one widget per field of the record type, parsed back
into the same data the API takes, so both doors reach the same action with the same checks."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.cases import display
from lawtrail.cases.state import CaseState
from lawtrail.procedures import listtext
from lawtrail.procedures.catalogue import R
from lawtrail.procedures.model import Field, RecordType
from lawtrail.registry.models import Officer

PREFIX = "c_"


def persons_from_text(text: str) -> list[dict[str, str]]:
    """One person per line: 姓名, 证件号码, 身份或关系, 电话[, 住址, 工作单位] — empty columns keep their place."""
    return listtext.from_text(text, listtext.PERSON_COLUMNS)


def items_from_text(text: str) -> list[dict[str, str]]:
    """One item per line: 名称, 数量, 规格[, 计量单位, 备注]."""
    return listtext.from_text(text, listtext.ITEM_COLUMNS)


def persons_to_text(value: Any) -> str:
    return listtext.to_text(value, listtext.PERSON_COLUMNS)


def items_to_text(value: Any) -> str:
    return listtext.to_text(value, listtext.ITEM_COLUMNS)


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
            content[f.name] = signatures_from_post(key, post)
        else:
            value = post.get(key, "")
            if value != "":
                content[f.name] = value
    return content


def signatures_from_post(key: str, post: QueryDict) -> list[dict[str, Any]]:
    """Signature rows `<key>_<i>_signer/_name/_status/_note`, in row order; a row without a name is an unused
    blank row. A signed row keeps no refusal note (as the content check stores it)."""
    sigs = []
    indexes = sorted({int(k[len(key) + 1:].split("_", 1)[0]) for k in post
                      if k.startswith(key + "_") and k[len(key) + 1:].split("_", 1)[0].isdigit()})
    for i in indexes:
        name = post.get(f"{key}_{i}_name", "").strip()
        if not name:
            continue
        refused = post.get(f"{key}_{i}_status", "") == "refused"
        sig = {"signer": post.get(f"{key}_{i}_signer", ""), "name": name, "signed": not refused, "refused": refused}
        if refused:
            sig["note"] = post.get(f"{key}_{i}_note", "").strip()
        sigs.append(sig)
    return sigs


def signature_rows(f: Field, value: Any) -> list[dict[str, Any]]:
    """Every signature given (several of one role too), then a blank row for each role that must sign and has
    not, and one for a witness."""
    given = [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []
    rows = [{"role": s.get("signer", ""), "name": s.get("name", ""), "refused": bool(s.get("refused")),
             "note": s.get("note", "")} for s in given]
    present = {r["role"] for r in rows}
    rows += [{"role": r, "name": "", "refused": False, "note": ""} for r in f.signers if r not in present]
    if "witness" not in present and "witness" not in f.signers:
        rows.append({"role": "witness", "name": "", "refused": False, "note": ""})
    for i, row in enumerate(rows):
        row.update(index=i, label=display.signer_text(row["role"]), needed=row["role"] in f.signers)
    return rows


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
        w["hint"] = _("One person per line: name, ID number, role, phone (address and organisation may follow). "
                      "Leave a column empty but keep its comma: 钱女士，，投诉人，13912345678.")
    elif f.kind == "items":
        w["value"] = items_to_text(value)
        w["hint"] = _("One item per line: name, quantity, specification (unit of measure and note may follow).")
    elif f.kind == "signatures":
        w["rows"] = signature_rows(f, value)
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
    elif f.pick == "officer" and state is not None:
        officers = Officer.objects.filter(agency_id=state.case.agency_id, is_active=True).select_related("unit") \
            .order_by("unit__name", "name")
        names = [(o.name, f"{o.name}（{o.unit.name}）") for o in officers]
        if value and value not in {n for n, _label in names}:
            names.insert(0, (str(value), str(value)))  # a name recorded before: kept, never silently changed
        w["kind"], w["choices"], w["value"] = "choice", names, value or ""
    else:
        w["value"] = value if value is not None else ""
    return w


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


def default_data(case, rt: RecordType, user, state: CaseState | None = None) -> dict[str, Any]:
    """A new form starts with the case's handlers (or the user) and all parties ticked, and with what the case
    already knows: the filing approval from the case source (R-START-3), the drafter from the user."""
    officers = [o.pk for o in case.handlers.all()] or ([user.officer_id] if user.officer_id else [])
    return {"officers": officers, "parties": [p.pk for p in case.parties.all()] if rt.needs_party else [],
            "matter": f"{case.title}：{rt.name}", "content": prefill(case, rt, user, state)}


def prefill(case, rt: RecordType, user, state: CaseState | None) -> dict[str, Any]:
    content: dict[str, Any] = {}
    names = {f.name for f in rt.fields}
    source = state.latest("case_source") if state is not None else None
    if source is not None and {"source_summary", "facts"} & names:
        c = source.record.content
        fields = {f.name: f for f in source.spec.fields}
        channel = display.field_text(fields["channel"], c.get("channel"))
        received = display.field_text(fields["received_at"], c.get("received_at"))
        who = "、".join(p.get("name", "") for p in c.get("informant", []) if isinstance(p, dict))
        summary = f"{channel}（{received}）" + (f"，{who}" if who else "") + \
            (f"，{c['source_organ']}" if c.get("source_organ") else "")
        if "source_summary" in names:
            content["source_summary"] = summary
        if "facts" in names and c.get("description"):
            content["facts"] = c["description"]
    if "drafter" in names and getattr(user, "officer", None) is not None:
        content["drafter"] = user.officer.name
    if "reviewer" in names and case.unit_id and case.unit.head is not None:
        content["reviewer"] = case.unit.head.name
    return content


def record_type(code: str) -> RecordType | None:
    return R.get(code)
