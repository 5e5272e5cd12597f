"""Evidence endpoints: recordings with their holds and retention, holds set by hand, and the two-step
disposal after retention (R-AV-7). Uploads themselves speak tus at /tus/ (evidence/tus.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from lawtrail.access.scoping import access_object, scoped
from lawtrail.api.base import StrictSchema
from lawtrail.cases.overview import iso
from lawtrail.evidence import actions, retention, timeliness
from lawtrail.evidence.models import DisposalRequest, Recording

router = Router(tags=["evidence"])


class HoldIn(StrictSchema):
    reason: str
    note: str


class DisposalIn(StrictSchema):
    reason: str


def recording_doc(r: Recording) -> dict:
    disposal = r.blob.disposal if hasattr(r.blob, "disposal") else None
    timely = timeliness.upload_timeliness(r)
    return {"id": r.pk, "case": r.case_id, "record": r.record_id, "sm3": r.blob_id, "sha256": r.blob.sha256,
            "size": r.blob.size, "kind": r.kind, "filename": r.filename, "uploaded_at": iso(r.uploaded_at),
            "holds": [{"reason": h.reason, "label": h.label, "automatic": h.automatic, "note": h.note}
                      for h in retention.holds(r)],
            "retention_ends": iso(retention.retention_end(r)),
            "keep_because": retention.why_not_disposable(r),
            "disposed_at": iso(disposal.disposed_at) if disposal else None,
            "started_at": iso(r.started_at), "ended_at": iso(r.ended_at), "returned_at": iso(r.returned_at),
            "upload_due": iso(timely.due), "late": timely.late, "upload_period": timely.period}


@router.get("/recordings/{int:pk}", response=dict, operation_id="get_recording")
def get_recording(request: HttpRequest, pk: int):
    return recording_doc(access_object(request.user, Recording, pk))


@router.post("/recordings/{int:pk}/holds", response={201: dict}, operation_id="place_hold")
def place_hold(request: HttpRequest, pk: int, payload: HoldIn):
    recording = access_object(request.user, Recording, pk)
    actions.place_hold(user=request.user, recording=recording, reason=payload.reason, note=payload.note)
    return Status(201, recording_doc(recording))


@router.post("/blobs/{sm3}/disposal-requests", response={201: dict}, operation_id="request_disposal")
def request_disposal(request: HttpRequest, sm3: str, payload: DisposalIn):
    recording = scoped(request.user, Recording).filter(blob_id=sm3).select_related("blob").first()
    if recording is None:
        raise Http404(f"no stored file {sm3} in your agency")
    req = actions.request_disposal(user=request.user, blob=recording.blob, reason=payload.reason)
    return Status(201, {"id": req.pk, "sm3": sm3})


@router.post("/disposal-requests/{int:pk}/approve", response={201: dict}, operation_id="approve_disposal")
def approve_disposal(request: HttpRequest, pk: int):
    req = access_object(request.user, DisposalRequest, pk)
    disposal = actions.approve_disposal(user=request.user, request=req)
    return Status(201, {"sm3": disposal.blob_id, "disposed_at": iso(disposal.disposed_at)})
