"""Evidence endpoints: recordings with their holds and retention, holds set by hand, and the two-step
disposal after retention (R-AV-7). Uploads themselves speak tus at /tus/ (evidence/tus.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from lawtrail.access.scoping import access_object, scoped
from lawtrail.api.base import StrictSchema
from lawtrail.cases.models import Case
from lawtrail.cases.overview import iso
from lawtrail.evidence import actions, labels, retention, timeliness
from lawtrail.evidence import devices as device_actions
from lawtrail.evidence.models import Device, DeviceLoan, DeviceRepair, DisposalRequest, Recording

router = Router(tags=["evidence"])


class HoldIn(StrictSchema):
    reason: str
    note: str


class DisposalIn(StrictSchema):
    reason: str


class LabelIn(StrictSchema):
    case: str | None = None
    record: int | None = None
    cause: str = ""
    party: str = ""
    device_no: str = ""
    started_at: str = ""
    ended_at: str = ""
    reason: str = ""


class CopyIn(StrictSchema):
    medium: str
    medium_no: str
    maker: str
    extractor: str
    extracted_at: str
    note: str = ""


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
            "upload_due": iso(timely.due), "late": timely.late, "upload_period": timely.period,
            "device_no": r.device_no, "officer": r.officer_id, "labels": labels.labels(r),
            "corrects": r.corrects_id, "label_reason": r.label_reason,
            "replaced_by": r.corrections.values_list("pk", flat=True).first(),
            "copies": [{"id": c.pk, "medium": c.medium, "medium_no": c.medium_no, "maker": c.maker,
                        "extractor": c.extractor, "extracted_at": iso(c.extracted_at), "case": c.case_id,
                        "note": c.note} for c in r.copies.all()]}


@router.get("/recordings", response=list[dict], operation_id="list_recordings")
def list_recordings(request: HttpRequest, case: int | None = None, unlinked: bool = False, device: str = ""):
    """The agency's recordings as labelled now (the newest 500): those of one case, or those linked to no
    case yet (to be labelled, R-AV-5), optionally of one device."""
    qs = scoped(request.user, Recording).current().select_related("blob", "case", "officer__unit")
    if case is not None:
        qs = qs.filter(case_id=case)
    if unlinked:
        qs = qs.filter(case__isnull=True)
    if device:
        qs = qs.filter(device_no=device)
    return [recording_doc(r) for r in qs.order_by("-uploaded_at", "-pk")[:500]]


@router.post("/recordings/{int:pk}/labels", response={201: dict}, operation_id="label_recording")
def label_recording(request: HttpRequest, pk: int, payload: LabelIn):
    """Link the recording to a case (id or number) and step, or give its cause and party; the new labels
    are a new version that names the one it replaces (R-AV-5, R-INT-2)."""
    recording = access_object(request.user, Recording, pk)
    new = actions.label_recording(user=request.user, recording=recording,
                                  data=payload.model_dump(exclude_unset=True))
    return Status(201, recording_doc(new))


@router.post("/recordings/{int:pk}/copies", response={201: dict}, operation_id="record_evidence_copy")
def record_copy(request: HttpRequest, pk: int, payload: CopyIn):
    """An evidence copy on backup media with maker, extractor and extraction time (R-AV-7, WH 27)."""
    recording = access_object(request.user, Recording, pk)
    actions.record_copy(user=request.user, recording=recording, data=payload.model_dump())
    return Status(201, recording_doc(recording))


@router.post("/cases/{int:pk}/holds", response={201: dict}, operation_id="place_case_hold")
def place_case_hold(request: HttpRequest, pk: int, payload: HoldIn):
    """Hold every recording of the case, present and future, long-term (R-AV-7: review, lawsuit,
    complaint, obstruction, incident)."""
    case = access_object(request.user, Case, pk)
    hold = actions.place_hold(user=request.user, case=case, reason=payload.reason, note=payload.note)
    return Status(201, {"id": hold.pk, "case": case.pk, "reason": hold.reason, "note": hold.note,
                        "set_at": iso(hold.set_at)})


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


# --- recording devices (R-AV-8) -----------------------------------------------------------------------


class DeviceIn(StrictSchema):
    number: str
    unit: int
    model_name: str = ""
    serial_no: str = ""
    acquired_on: str | None = None


class StatusIn(StrictSchema):
    status: str


class LoanIn(StrictSchema):
    officer: int
    remarks: str = ""
    out_at: str | None = None


class ReturnIn(StrictSchema):
    back_at: str | None = None
    remarks: str = ""


class CheckIn(StrictSchema):
    battery_ok: bool
    storage_ok: bool
    clock_offset_s: int
    clock_set: bool
    note: str = ""


class FaultIn(StrictSchema):
    problem: str


class RepairDoneIn(StrictSchema):
    result: str


class AdministratorIn(StrictSchema):
    officer: int
    devices: list[int]
    phone: str
    started_on: str


def device_doc(d: Device) -> dict:
    loan = d.loans.filter(back_at__isnull=True).select_related("officer").first()
    return {"id": d.pk, "number": d.number, "unit": d.unit_id, "model_name": d.model_name, "serial_no": d.serial_no,
            "status": d.status, "acquired_on": d.acquired_on.isoformat() if d.acquired_on else None,
            "holder": {"officer": loan.officer_id, "name": loan.officer.name, "out_at": iso(loan.out_at),
                       "loan": loan.pk} if loan else None}


@router.get("/devices", response=list[dict], tags=["devices"], operation_id="list_devices")
def list_devices(request: HttpRequest):
    return [device_doc(d) for d in scoped(request.user, Device)]


@router.post("/devices", response={201: dict}, tags=["devices"], operation_id="register_device")
def register_device(request: HttpRequest, payload: DeviceIn):
    return Status(201, device_doc(device_actions.register_device(user=request.user, data=payload.dict())))


@router.put("/devices/{int:pk}/status", response=dict, tags=["devices"], operation_id="set_device_status")
def set_device_status(request: HttpRequest, pk: int, payload: StatusIn):
    device = access_object(request.user, Device, pk)
    return device_doc(device_actions.set_status(user=request.user, device=device, status=payload.status))


@router.post("/devices/{int:pk}/loans", response={201: dict}, tags=["devices"], operation_id="lend_device")
def lend_device(request: HttpRequest, pk: int, payload: LoanIn):
    device = access_object(request.user, Device, pk)
    loan = device_actions.lend_device(user=request.user, device=device, officer_id=payload.officer,
                                      remarks=payload.remarks, out_at=payload.out_at)
    return Status(201, {"id": loan.pk, "device": device.number, "officer": loan.officer_id})


@router.post("/device-loans/{int:pk}/return", response=dict, tags=["devices"], operation_id="return_device")
def return_device(request: HttpRequest, pk: int, payload: ReturnIn):
    loan = access_object(request.user, DeviceLoan, pk)
    loan = device_actions.return_device(user=request.user, loan=loan, back_at=payload.back_at,
                                        remarks=payload.remarks)
    return {"id": loan.pk, "back_at": iso(loan.back_at)}


@router.post("/devices/{int:pk}/checks", response={201: dict}, tags=["devices"], operation_id="check_device")
def check_device(request: HttpRequest, pk: int, payload: CheckIn):
    device = access_object(request.user, Device, pk)
    check = device_actions.record_check(user=request.user, device=device, data=payload.dict())
    return Status(201, {"id": check.pk, "loan": check.loan_id, "clock_offset_s": check.clock_offset_s})


@router.post("/devices/{int:pk}/repairs", response={201: dict}, tags=["devices"], operation_id="report_fault")
def report_fault(request: HttpRequest, pk: int, payload: FaultIn):
    device = access_object(request.user, Device, pk)
    repair = device_actions.report_fault(user=request.user, device=device, problem=payload.problem)
    return Status(201, {"id": repair.pk, "device_status": repair.device.status})


@router.post("/device-repairs/{int:pk}/finish", response=dict, tags=["devices"], operation_id="finish_repair")
def finish_repair(request: HttpRequest, pk: int, payload: RepairDoneIn):
    repair = access_object(request.user, DeviceRepair, pk)
    repair = device_actions.finish_repair(user=request.user, repair=repair, result=payload.result)
    return {"id": repair.pk, "device_status": repair.device.status}


@router.post("/device-administrators", response={201: dict}, tags=["devices"], operation_id="add_device_admin")
def add_device_administrator(request: HttpRequest, payload: AdministratorIn):
    admin = device_actions.add_administrator(user=request.user, officer_id=payload.officer,
                                             device_ids=payload.devices, phone=payload.phone,
                                             started_on=payload.started_on)
    return Status(201, {"id": admin.pk, "devices": admin.devices.count()})


@router.get("/devices/ratio", response=list[dict], tags=["devices"], operation_id="device_ratio")
def device_ratio(request: HttpRequest):
    """HY 3(1): recorders in service per unit against one per five officers."""
    return device_actions.ratio_by_unit(request.user.agency_id)
