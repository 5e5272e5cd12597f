"""The register of viewing and copying (调阅、复制登记表, R-ARC-4, HY-A6 21): a live page read from the trail,
exportable as CSV or XLSX and printable; for custodians, heads and the legal unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lawtrail.access import register
from lawtrail.web.device_views import tabular
from lawtrail.web.paging import every, keyset_page


@login_required
def access_register(request: HttpRequest) -> HttpResponse:
    if not register.may_read(request.user):
        raise Http404("the register is kept by the custodians")
    kinds = {"view": _("View"), "copy": _("Copy")}
    headers = [_("Time"), _("Viewer or copier"), _("Unit"), _("Phone"), _("Approver"), _("Custodian"),
               _("Case"), _("View or copy"), _("Content"), _("Reason")]
    qs = register.entries(request.user.agency_id, request.user)
    if request.GET.get("format") in ("csv", "xlsx"):  # the whole register, read a chunk at a time
        entries, page = list(every(qs, split=register.BY_KIND)), None
    else:  # 50 rows a page by entry number (issue 19)
        page = keyset_page(qs, request.GET, split=register.BY_KIND)
        entries = page.items
    rows = [[r["at"].strftime("%Y-%m-%d %H:%M"), r["name"], r["unit"], r["phone"], r["approver"], r["custodian"],
             r["case"], str(kinds[r["kind"]]), r["content"], r["reason"]]
            for r in register.rows(entries, request.user.agency_id)]
    return tabular(request, "access-register", headers, rows) or render(
        request, "web/access_register.html", {"headers": headers, "rows": rows, "page": page})
