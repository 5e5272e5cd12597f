"""Copies handed out (R-ARC-4, HY-A6 21–22, WH 28): after the head approves a request for copies, the
custodian makes them (批准后由管理员统一办理). Every copy carries a visible watermark — the requester, the time
and the request number — across the whole of it: the printable form of each record, each photo, each video
frame. An audio recording has no picture to carry one; it is handed out as it is, and the package's manifest
and the register say so. State secrets are not copied out this way (LC 33).

Each copy is an `access.copy` trail entry naming the request, the original's SM3 and the copy's, so the
register (调阅、复制登记表) shows it with the request's requester, unit, phone, approver and custodian."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access import party
from lawtrail.access.models import AccessRequest
from lawtrail.access.roles import Role
from lawtrail.access.watermark import WatermarkError, image, video
from lawtrail.cases.state import CaseState
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.evidence.models import Recording
from lawtrail.evidence.storage import BlobMissing, get_store
from lawtrail.ledger import store
from lawtrail.ledger.hashing import SM3
from lawtrail.procedures.catalogue import R
from lawtrail.web.case_views import content_rows  # the record's rows as its printable form shows them

# What a copy of a record of a secret level says across it besides who it is for (R-ARC-5, LC 33).
LEVEL_NOTE = {"commercial": " · 含商业秘密，不得扩散", "privacy": " · 含个人隐私，不得扩散"}


def request_number(req: AccessRequest) -> str:
    return f"调阅申请第{req.pk}号"


def watermark_text(req: AccessRequest, when) -> str:
    return (f"{req.requester_unit} {req.requester_name} · {timezone.localtime(when):%Y-%m-%d %H:%M} · "
            f"{request_number(req)} · 复制件")


def check(user, req: AccessRequest) -> None:
    """The custodian makes copies, for an approved request for copies that still runs (R-ARC-3, R-ARC-4)."""
    if not (user.agency_id == req.agency_id and user.has_role(Role.RECORDS_CUSTODIAN)):
        raise NotAllowed(_("Copies are made by the custodian once the head has approved (HY-A6 21)."))
    decision = getattr(req, "decision", None)
    if decision is None or not decision.approved:
        raise ActionError(_("This request is not approved; nothing may be copied (R-ARC-3)."))
    if not req.wants_copy:
        raise ActionError(_("This request is for viewing only; copies need a request that asks for them "
                            "(R-ARC-4)."))
    if req.valid_until <= timezone.now():
        raise ActionError(_("The period this request was approved for is over; register a new request."))


def choices(req: AccessRequest, state: CaseState | None = None) -> dict[str, Any]:
    """What of the case can be copied for this request, and what cannot (state secrets)."""
    state = state or CaseState(req.case)
    level = party.levels([v.record for v in state.views.values()])
    records, secret = [], []
    for view in state.views.values():
        item = {"id": view.record.pk, "seq": view.record.seq, "name": view.spec.name.zh,
                "number": view.record.number, "level": level.get(view.record.pk, "ordinary")}
        (secret if item["level"] == "state" else records).append(item)
    recordings = list(Recording.objects.current().filter(case=req.case).select_related("blob", "record")
                      .order_by("started_at", "pk"))
    return {"records": records, "secret": secret, "recordings": recordings}


def _ints(values, label: str, errors: dict) -> list[int]:
    out = []
    for v in values or []:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            errors.setdefault(label, []).append(_("%(value)s is not an id.") % {"value": v})
    return out


def hand_out(*, user, req: AccessRequest, records=(), recordings=(), out: Path) -> dict[str, Any]:
    """Make the watermarked copies of the chosen records and recordings into the new directory `out`, with a
    manifest; register each copy in the trail. Returns the manifest."""
    check(user, req)
    errors: dict[str, list[str]] = {}
    record_ids, recording_ids = _ints(records, "records", errors), _ints(recordings, "recordings", errors)
    state = CaseState(req.case)
    offer = choices(req, state)
    allowed = {r["id"]: r for r in offer["records"]}
    secret = {r["id"] for r in offer["secret"]}
    for pk in record_ids:
        if pk in secret:
            errors.setdefault("records", []).append(
                _("Record %(id)s is a state secret; it is not copied out (R-ARC-5, LC 33).") % {"id": pk})
        elif pk not in allowed:
            errors.setdefault("records", []).append(_("Record %(id)s is not of this case.") % {"id": pk})
    by_id = {r.pk: r for r in offer["recordings"]}
    for pk in recording_ids:
        if pk not in by_id:
            errors.setdefault("recordings", []).append(_("Recording %(id)s is not of this case.") % {"id": pk})
        elif hasattr(by_id[pk].blob, "disposal"):
            errors.setdefault("recordings", []).append(_("Recording %(id)s was disposed of after its retention "
                                                         "period.") % {"id": pk})
    if not errors and not (record_ids or recording_ids):
        errors["__all__"] = [_("Choose the records or recordings to copy.")]
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        errors["out"] = [_("%(path)s exists and is not empty; name a new directory.") % {"path": out}]
    if errors:
        raise ActionError(errors)
    out.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    text = watermark_text(req, now)
    case = req.case
    items: list[dict[str, Any]] = []
    for pk in record_ids:
        view = state.views[pk]
        rec = view.record
        html = render_to_string("web/record_print.html", {
            "record": rec, "case": case, "rt": R[rec.type], "rows": content_rows(rec), "approvals": view.approvals,
            "agency": case.agency, "bundle": True,
            "watermark": text + LEVEL_NOTE.get(allowed[pk]["level"], "")}).encode()
        rel = f"records/{rec.seq:03d}-{rec.type}.html"
        items.append(_write(out, rel, html, {"record": rec.pk, "what": f"#{rec.seq} {view.spec.name.zh}",
                                             "original_sm3": rec.content_sm3, "watermarked": True,
                                             "level": allowed[pk]["level"]}))
    blobs = get_store()
    for pk in recording_ids:
        rec = by_id[pk]
        item = {"recording": rec.pk, "what": rec.filename, "original_sm3": rec.blob_id, "kind": rec.kind}
        stem = Path(rec.filename).stem or rec.blob_id[:12]
        with tempfile.TemporaryDirectory() as tmp:
            original = Path(tmp) / ("original" + Path(rec.filename).suffix.lower()[:8])
            try:
                with original.open("wb") as f:
                    for chunk in blobs.read(rec.blob_id):
                        f.write(chunk)
            except BlobMissing:
                raise ActionError(_("The stored file %(sm3)s is missing; run the fixity sweep.")
                                  % {"sm3": rec.blob_id}) from None
            try:
                if rec.kind == Recording.Kind.PHOTO:
                    data, ext = image(original.read_bytes(), text)
                    items.append(_write(out, f"files/{rec.pk}-{stem}{ext}", data, {**item, "watermarked": True}))
                elif rec.kind == Recording.Kind.VIDEO:
                    made = Path(tmp) / "copy.mp4"
                    video(original, made, text)
                    items.append(_write(out, f"files/{rec.pk}-{stem}.mp4", made.read_bytes(),
                                        {**item, "watermarked": True}))
                else:
                    raise WatermarkError(_("audio has no picture to carry a watermark"))
            except WatermarkError as exc:
                ext = Path(rec.filename).suffix.lower()[:8]
                items.append(_write(out, f"files/{rec.pk}-{stem}{ext}", original.read_bytes(),
                                    {**item, "watermarked": False, "why_not": str(exc)}))
    manifest = {
        "request": request_number(req), "request_id": req.pk, "case": case.number, "agency": case.agency.name,
        "requester": req.requester_name, "unit": req.requester_unit, "phone": req.phone, "reason": req.reason,
        "approved_by": str(req.decision.decided_by), "custodian": str(user),
        "made_at": timezone.localtime(now).isoformat(), "watermark": text, "items": items}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "说明.txt").write_text(
        f"{case.agency.name} 调阅、复制件\n案件 {case.number}\n{request_number(req)}：{req.requester_unit} "
        f"{req.requester_name}（{req.phone}）\n事由：{req.reason}\n批准人：{req.decision.decided_by}  管理员：{user}\n"
        f"制作时间：{timezone.localtime(now):%Y-%m-%d %H:%M}\n\n每份复制件带有可见水印；manifest.json 列出每份的"
        f"原件 SM3 与复制件 SM3、SHA-256。复制件不是原件：原件的完整性由案卷包（export-case）证明。\n",
        encoding="utf-8")
    with transaction.atomic():  # every copy registered, or none
        for item in items:
            store.append("access.copy", f"cases.case:{case.pk}", {
                "case": case.number, "request": req.pk, "what": item["what"] + ("" if item["watermarked"] else
                                                                               f" ({_('no watermark')})"),
                **{k: item[k] for k in ("record", "recording", "original_sm3", "sm3", "sha256", "file",
                                        "watermarked") if k in item}, "watermark": text},
                user=user, agency_id=case.agency_id)
    return manifest


def _write(out: Path, rel: str, data: bytes, item: dict[str, Any]) -> dict[str, Any]:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {**item, "file": rel, "sm3": SM3.hexdigest(data), "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data)}
