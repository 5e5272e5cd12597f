"""Writes and reads of the recording-device registry (R-AV-8, R-AV-1; HY-A6 5–8, 17 and its forms): the
registry, the administrators roster, loans approved by a head (the use log), pre-use checks with the
clock offset, repairs; who had a device at a given time; the recorder-per-officers ratio (HY 3(1)).
Each write is in the trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.evidence.models import Device, DeviceAdministrator, DeviceCheck, DeviceLoan, DeviceRepair
from lawtrail.ledger.changes import record_change, snapshot
from lawtrail.procedures import checks
from lawtrail.registry.models import Officer, Unit
from lawtrail.validators import phone_problem

MANAGE = (Role.RECORDS_CUSTODIAN, Role.ADMINISTRATOR)
APPROVE = (Role.UNIT_HEAD, Role.AGENCY_HEAD)
RATIO_OFFICERS_PER_DEVICE = 5  # HY 3(1): at least one recorder per five officers


def _require(user, roles, message: str) -> None:
    if not (user.is_authenticated and user.agency_id and user.has_role(*roles)):
        raise NotAllowed(message)


def _in_agency(model, pk, agency_id: int, field: str) -> Any:
    obj = model.objects.filter(pk=pk if str(pk).isdigit() else -1, agency_id=agency_id).first()
    if obj is None:
        raise ActionError({field: [_("No %(what)s %(id)s in your agency.") % {"what": model._meta.verbose_name,
                                                                             "id": pk}]})
    return obj


def register_device(*, user, data: dict[str, Any]) -> Device:
    _require(user, MANAGE, _("Only a records custodian or administrator keeps the device registry."))
    errors: dict[str, list[str]] = {}
    number = str(data.get("number") or "").strip()
    if not number:
        errors["number"] = [_("This field is required.")]
    elif Device.objects.filter(agency_id=user.agency_id, number=number).exists():
        errors["number"] = [_("Device %(n)s is already registered.") % {"n": number}]
    unit = None
    try:
        unit = _in_agency(Unit, data.get("unit"), user.agency_id, "unit")
    except ActionError as exc:
        errors.update(exc.errors)
    acquired = data.get("acquired_on") or None
    if acquired:
        try:
            acquired = dt.date.fromisoformat(str(acquired))
        except ValueError:
            errors["acquired_on"] = [_("Enter a date like 2026-03-01.")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        device = Device.objects.create(agency_id=user.agency_id, number=number, unit=unit,
                                       model_name=str(data.get("model_name") or "")[:100],
                                       serial_no=str(data.get("serial_no") or "")[:100], acquired_on=acquired)
        record_change(device, user=user, op="create")
    return device


def set_status(*, user, device: Device, status: str) -> Device:
    _require(user, MANAGE, _("Only a records custodian or administrator keeps the device registry."))
    if status not in Device.Status.values:
        raise ActionError({"status": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(Device.Status.values)}]})
    with transaction.atomic():
        before = snapshot(device)
        device.status = status
        device.save()
        record_change(device, user=user, op="update", before=before)
    return device


def add_administrator(*, user, officer_id, device_ids: list, phone: str, started_on) -> DeviceAdministrator:
    _require(user, (Role.ADMINISTRATOR,), _("Only the administrator keeps the roster of device administrators."))
    officer = _in_agency(Officer, officer_id, user.agency_id, "officer")
    devices = list(Device.objects.filter(agency_id=user.agency_id, pk__in=[d for d in device_ids
                                                                            if str(d).isdigit()]))
    errors: dict[str, list[str]] = {}
    if len(devices) != len(set(device_ids)):
        errors["devices"] = [_("Some devices are not in your agency's registry.")]
    if not str(phone or "").strip():
        errors["phone"] = [_("This field is required.")]
    elif phone_problem(str(phone)):
        errors["phone"] = [phone_problem(str(phone))]
    try:
        started = dt.date.fromisoformat(str(started_on))
    except ValueError:
        errors["started_on"] = [_("Enter a date like 2026-03-01.")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        admin = DeviceAdministrator.objects.create(agency_id=user.agency_id, officer=officer, unit=officer.unit,
                                                   phone=str(phone).strip()[:40], started_on=started)
        admin.devices.set(devices)
        record_change(admin, user=user, op="create")
    return admin


def lend_device(*, user, device: Device, officer_id, remarks: str = "", out_at=None) -> DeviceLoan:
    """R-AV-8 (HY-A6 5): a device goes out with a head's approval — the approving head records the loan."""
    _require(user, APPROVE, _("A device goes out only with the approval of the unit head or agency head "
                              "(R-AV-8, HY-A6 5)."))
    if device.agency_id != user.agency_id:
        raise NotAllowed(_("That device belongs to another agency."))
    officer = _in_agency(Officer, officer_id, user.agency_id, "officer")
    if device.status != Device.Status.IN_SERVICE:
        raise ActionError(_("Device %(n)s is %(status)s and cannot be lent.")
                          % {"n": device.number, "status": device.get_status_display()})
    if not officer.is_active or not officer.certificate_valid_on(timezone.localdate()):
        raise ActionError({"officer": [_("%(name)s has no valid certificate and may not act (R-BASE-2).")
                                       % {"name": officer.name}]})
    moment = checks.parse_datetime(out_at) if out_at else timezone.now()
    if moment is None:
        raise ActionError({"out_at": [_("Enter a time like 2026-03-01T09:30.")]})
    with transaction.atomic():
        if DeviceLoan.objects.select_for_update().filter(device=device, back_at__isnull=True).exists():
            raise ActionError(_("Device %(n)s is out already; record its return first.") % {"n": device.number})
        loan = DeviceLoan.objects.create(agency_id=user.agency_id, device=device, officer=officer, approved_by=user,
                                         out_at=moment, remarks=str(remarks or "").strip())
        record_change(loan, user=user, op="create")
    return loan


def return_device(*, user, loan: DeviceLoan, back_at=None, remarks: str = "") -> DeviceLoan:
    _require(user, (*MANAGE, *APPROVE, Role.OFFICER), _("Your roles do not allow recording a device return."))
    if loan.agency_id != user.agency_id:
        raise NotAllowed(_("That loan belongs to another agency."))
    if loan.back_at is not None:
        raise ActionError(_("This device was returned already."))
    moment = checks.parse_datetime(back_at) if back_at else timezone.now()
    if moment is None or moment < loan.out_at:
        raise ActionError({"back_at": [_("The return cannot be before the time the device went out.")]})
    with transaction.atomic():
        before = snapshot(loan)
        loan.back_at = moment
        if remarks:
            loan.remarks = f"{loan.remarks}\n{remarks}".strip()
        loan.save()
        record_change(loan, user=user, op="update", before=before)
    return loan


def record_check(*, user, device: Device, data: dict[str, Any]) -> DeviceCheck:
    """R-AV-1 (WH 7, HY-A6 8): battery, storage, clock — before use, and periodically."""
    if device.agency_id != user.agency_id:
        raise NotAllowed(_("That device belongs to another agency."))
    errors: dict[str, list[str]] = {}
    values = {}
    for key in ("battery_ok", "storage_ok", "clock_set"):
        v = checks.as_bool(data.get(key))
        if v is None:
            errors[key] = [_("Must be yes or no.")]
        values[key] = v
    try:
        values["clock_offset_s"] = int(data.get("clock_offset_s"))
    except (TypeError, ValueError):
        errors["clock_offset_s"] = [_("Enter the clock offset in whole seconds (device time minus true time).")]
    if errors:
        raise ActionError(errors)
    loan = DeviceLoan.objects.filter(device=device, back_at__isnull=True).first()
    with transaction.atomic():
        check = DeviceCheck.objects.create(agency_id=device.agency_id, device=device, loan=loan,
                                           note=str(data.get("note") or ""), checked_by=user,
                                           checked_at=timezone.now(), **values)
        record_change(check, user=user, op="create")
    return check


def report_fault(*, user, device: Device, problem: str) -> DeviceRepair:
    if device.agency_id != user.agency_id:
        raise NotAllowed(_("That device belongs to another agency."))
    if not (problem or "").strip():
        raise ActionError({"problem": [_("Describe the fault.")]})
    with transaction.atomic():
        repair = DeviceRepair.objects.create(agency_id=device.agency_id, device=device, problem=problem.strip(),
                                             reported_by=user, reported_at=timezone.now())
        record_change(repair, user=user, op="create")
        if device.status == Device.Status.IN_SERVICE:
            before = snapshot(device)
            device.status = Device.Status.REPAIR
            device.save()
            record_change(device, user=user, op="update", before=before)
    return repair


def finish_repair(*, user, repair: DeviceRepair, result: str) -> DeviceRepair:
    _require(user, MANAGE, _("Only a records custodian or administrator records repairs."))
    if repair.repaired_at is not None:
        raise ActionError(_("This repair is finished already."))
    if not (result or "").strip():
        raise ActionError({"result": [_("Say what was done.")]})
    with transaction.atomic():
        before = snapshot(repair)
        repair.repaired_at, repair.result = timezone.now(), result.strip()
        repair.save()
        record_change(repair, user=user, op="update", before=before)
        device = repair.device
        if device.status == Device.Status.REPAIR:
            before = snapshot(device)
            device.status = Device.Status.IN_SERVICE
            device.save()
            record_change(device, user=user, op="update", before=before)
    return repair


def holder_at(agency_id: int, device_number: str, moment: dt.datetime) -> Officer | None:
    """Who had the device on loan at that moment — to attribute a recording to its officer."""
    loan = (DeviceLoan.objects.filter(agency_id=agency_id, device__number=device_number, out_at__lte=moment)
            .filter(Q(back_at__isnull=True) | Q(back_at__gte=moment)).select_related("officer")
            .order_by("-out_at").first())
    return loan.officer if loan else None


def ratio_by_unit(agency_id: int) -> list[dict[str, Any]]:
    """HY 3(1): at least one recorder per five officers, per unit."""
    units = (Unit.objects.filter(agency_id=agency_id, is_active=True)
             .annotate(officer_count=Count("officers", filter=Q(officers__is_active=True), distinct=True),
                       device_count=Count("devices", filter=Q(devices__status=Device.Status.IN_SERVICE),
                                          distinct=True)))
    out = []
    for u in units:
        needed = -(-u.officer_count // RATIO_OFFICERS_PER_DEVICE)
        out.append({"unit": u.name, "unit_id": u.pk, "officers": u.officer_count, "devices": u.device_count,
                    "needed": needed, "short": max(0, needed - u.device_count)})
    return out
