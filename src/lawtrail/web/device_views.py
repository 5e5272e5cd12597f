"""Device pages: the registry with the recorder ratio per unit, the administrators roster and the use log
— the HY-A6 registers as live pages, each exportable as CSV or XLSX (R-AV-8)."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.scoping import scoped
from lawtrail.evidence import devices
from lawtrail.evidence.models import Device, DeviceAdministrator, DeviceLoan


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
    qs = scoped(request.user, Device).select_related("unit").prefetch_related("loans__officer")
    rows = []
    for d in qs:
        loan = next((x for x in d.loans.all() if x.back_at is None), None)
        rows.append([d.number, d.model_name, d.serial_no, d.unit.name, d.get_status_display(),
                     d.acquired_on.isoformat() if d.acquired_on else "", loan.officer.name if loan else ""])
    headers = [_("Device number"), _("Model"), _("Serial number"), _("Unit"), _("Status"), _("Acquired on"),
               _("In use by")]
    export = tabular(request, "devices", headers, rows)
    if export:
        return export
    return render(request, "web/devices.html", {"headers": headers, "rows": rows,
                                                "ratio": devices.ratio_by_unit(request.user.agency_id)})


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
