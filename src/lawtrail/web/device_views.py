"""Device pages: the registry with the recorder ratio per unit, the administrators roster and the use log
— the HY-A6 registers as live pages, each exportable as CSV or XLSX (R-AV-8) — and one device's page where
it is registered, lent with a head's approval, returned, checked before use (R-AV-1), reported faulty and
repaired. Thin: parse, check access, call an action in evidence/devices.py."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.scoping import access_object, scoped
from lawtrail.errors import ActionError
from lawtrail.evidence import devices
from lawtrail.evidence.models import Device, DeviceAdministrator, DeviceLoan, DeviceRepair
from lawtrail.registry.models import Officer, Unit
from lawtrail.web.case_views import show_action_errors


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def tabular(request: HttpRequest, name: str, headers: list[str], rows: list[list]) -> HttpResponse | None:
    """The table as ?format=csv (UTF-8 with BOM, opens in Excel) or ?format=xlsx; None for the page."""
    fmt = request.GET.get("format")
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = name[:31]
        ws.append(headers)
        for row in rows:
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
        return response
    return None


@login_required
def device_registry(request: HttpRequest) -> HttpResponse:
    user = request.user
    errors: dict = {}
    data: dict = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in ("number", "unit", "model_name", "serial_no", "acquired_on")}
        try:
            device = devices.register_device(user=user, data=data)
        except ActionError as exc:
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            messages.success(request, _("Device registered. The entry is in the trail."))
            return redirect("web:device", pk=device.pk)
    qs = scoped(user, Device).select_related("unit").prefetch_related("loans__officer")
    rows, ids = [], []
    for d in qs:
        loan = next((x for x in d.loans.all() if x.back_at is None), None)
        rows.append([d.number, d.model_name, d.serial_no, d.unit.name, d.get_status_display(),
                     d.acquired_on.isoformat() if d.acquired_on else "", loan.officer.name if loan else ""])
        ids.append(d.pk)
    headers = [_("Device number"), _("Model"), _("Serial number"), _("Unit"), _("Status"), _("Acquired on"),
               _("In use by")]
    export = tabular(request, "devices", headers, rows)
    if export:
        return export
    return render(request, "web/devices.html", {
        "headers": headers, "rows": list(zip(ids, rows, strict=True)), "ratio": devices.ratio_by_unit(user.agency_id),
        "can_manage": user.has_role(*devices.MANAGE), "units": scoped(user, Unit), "errors": errors, "data": data},
        status=400 if errors else 200)


DEVICE_FORMS = ("lend", "return", "check", "fault", "repaired", "status")


@login_required
def device_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One device: its loans, checks and repairs, and the forms each role may use on it."""
    user = request.user
    device = access_object(user, Device, pk)
    errors: dict = {}
    form = request.POST.get("form", "") if request.method == "POST" else ""
    post = request.POST
    if form:
        try:
            if form == "lend":
                devices.lend_device(user=user, device=device, officer_id=post.get("officer"),
                                    remarks=post.get("remarks", ""), out_at=post.get("out_at") or None)
            elif form == "return":
                loan = device.loans.filter(back_at__isnull=True).first()
                if loan is None:
                    raise ActionError(_("Device %(n)s is not out.") % {"n": device.number})
                devices.return_device(user=user, loan=loan, back_at=post.get("back_at") or None,
                                      remarks=post.get("remarks", ""))
            elif form == "check":
                devices.record_check(user=user, device=device, data={
                    "battery_ok": post.get("battery_ok", "false"), "storage_ok": post.get("storage_ok", "false"),
                    "clock_set": post.get("clock_set", "false"), "clock_offset_s": post.get("clock_offset_s"),
                    "note": post.get("note", "")})
            elif form == "fault":
                devices.report_fault(user=user, device=device, problem=post.get("problem", ""))
            elif form == "repaired":
                repair = device.repairs.filter(repaired_at__isnull=True).order_by("reported_at").first()
                if repair is None:
                    raise ActionError(_("No repair of device %(n)s is open.") % {"n": device.number})
                devices.finish_repair(user=user, repair=repair, result=post.get("result", ""))
            elif form == "status":
                devices.set_status(user=user, device=device, status=post.get("status", ""))
            else:
                raise ActionError(_("Unknown form."))
        except ActionError as exc:
            errors = {form: exc.errors}
            show_action_errors(request, exc)
        else:
            messages.success(request, _("Saved. The entry is in the trail."))
            return redirect("web:device", pk=device.pk)
    device.refresh_from_db()
    loan = device.loans.filter(back_at__isnull=True).select_related("officer").first()
    return render(request, "web/device.html", {
        "device": device, "loan": loan, "errors": errors, "data": {form: post} if form else {},
        "loans": device.loans.select_related("officer", "approved_by").order_by("-out_at")[:50],
        "checks": device.checks.select_related("checked_by").order_by("-checked_at")[:50],
        "repairs": device.repairs.select_related("reported_by").order_by("-reported_at")[:50],
        "open_repair": DeviceRepair.objects.filter(device=device, repaired_at__isnull=True).exists(),
        "officers": scoped(user, Officer).filter(is_active=True).select_related("unit"),
        "statuses": Device.Status.choices, "can_lend": user.has_role(*devices.APPROVE),
        "can_manage": user.has_role(*devices.MANAGE),
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}, status=400 if errors else 200)


@login_required
def device_roster(request: HttpRequest) -> HttpResponse:
    qs = scoped(request.user, DeviceAdministrator).select_related("officer", "unit").prefetch_related("devices")
    headers = [_("No."), _("Administrator"), _("Department"), _("Devices managed"), _("Phone"), _("Start date")]
    rows = [[i, a.officer.name, a.unit.name, a.devices.count(), a.phone, a.started_on.isoformat()]
            for i, a in enumerate(qs, start=1)]
    return tabular(request, "device-administrators", headers, rows) or render(
        request, "web/device_register.html", {"title": _("Roster of recording-device administrators"),
                                              "headers": headers, "rows": rows})


@login_required
def device_loans(request: HttpRequest) -> HttpResponse:
    qs = scoped(request.user, DeviceLoan).select_related("device__unit", "officer", "approved_by")[:2000]
    headers = [_("No."), _("Unit"), _("Device number"), _("User"), _("Approver"), _("Time out"), _("Time back"),
               _("Remarks")]
    rows = [[i, x.device.unit.name, x.device.number, x.officer.name, str(x.approved_by), _local(x.out_at),
             _local(x.back_at), x.remarks] for i, x in enumerate(qs, start=1)]
    return tabular(request, "device-use-log", headers, rows) or render(
        request, "web/device_register.html", {"title": _("Use log of recording devices"), "headers": headers,
                                              "rows": rows})
