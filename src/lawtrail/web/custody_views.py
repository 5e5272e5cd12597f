"""Custody pages (R-ARC-1..5, R-INT-3): access requests and their approval, the archive shelf with each case
file's index and 四性 report, and the bundle download. Thin: parse, check access, call an action."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lawtrail.access import policy, register
from lawtrail.access import requests as access_requests
from lawtrail.access.models import AccessRequest, User
from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object
from lawtrail.archive import casefiles
from lawtrail.archive.bundle import export_case
from lawtrail.archive.models import CaseFile
from lawtrail.cases.models import Case
from lawtrail.errors import ActionError
from lawtrail.web.case_views import show_action_errors

FIELDS = ("case", "kind", "requester_name", "requester_unit", "phone", "reason", "matter", "account", "valid_until")


@login_required
def requests_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    errors: dict = {}
    data: dict = {"valid_until": (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in FIELDS}
        data["wants_copy"] = request.POST.get("wants_copy") == "on"
        if not data["account"]:
            data.pop("account")
        try:
            access_requests.register(user=user, data=data)
        except ActionError as exc:
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            messages.success(request, _("Request registered; it waits for the head's approval (R-ARC-3)."))
            return redirect("web:access_requests")
    qs = AccessRequest.objects.filter(agency_id=user.agency_id).select_related("case", "account", "registered_by")
    if not user.has_role(Role.RECORDS_CUSTODIAN, Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER):
        qs = qs.filter(account=user)
    return render(request, "web/access_requests.html", {
        "rows": qs[:200], "waiting": access_requests.pending_for(user), "errors": errors, "data": data,
        "kinds": AccessRequest.Kind.choices, "is_custodian": user.has_role(Role.RECORDS_CUSTODIAN),
        "can_register": register.may_read(user),
        "accounts": User.objects.filter(agency_id=user.agency_id, is_active=True).order_by("username")},
        status=400 if errors else 200)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = AccessRequest.objects.filter(pk=pk, agency_id=request.user.agency_id).select_related("case").first()
    if req is None:
        raise Http404("no such request")
    try:
        access_requests.decide(user=request.user, request=req, approved=request.POST.get("approved"),
                               opinion=request.POST.get("opinion", ""))
    except ActionError as exc:
        show_action_errors(request, exc, every_field=True)
    else:
        messages.success(request, _("Decision recorded in the trail."))
    return redirect("web:access_requests")


@login_required
def shelf(request: HttpRequest) -> HttpResponse:
    """The archive shelf: ended cases waiting to be filed (most urgent first) and the files kept."""
    user = request.user
    if not user.has_role(Role.RECORDS_CUSTODIAN, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER):
        messages.error(request, _("The archive shelf is kept by the records custodians (R-ARC-2)."))
        return redirect("web:home")
    if request.method == "POST":
        case = access_object(user, Case, request.POST.get("case"))
        try:
            cf = casefiles.archive_case(user=user, case=case, note=request.POST.get("note", ""))
        except ActionError as exc:
            show_action_errors(request, exc, every_field=True)
        else:
            messages.success(request, _("Case %(n)s is filed; its file is read-only.") % {"n": case.number})
            return redirect("web:case_file", pk=cf.case_id)
    return render(request, "web/archive_shelf.html", {
        "waiting": casefiles.waiting(user.agency_id),
        "files": CaseFile.objects.filter(agency_id=user.agency_id).select_related("case", "custodian")[:200],
        "can_file": user.has_role(Role.RECORDS_CUSTODIAN)})


@login_required
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_object(request.user, Case, pk)
    cf = CaseFile.objects.filter(case=case).select_related("custodian").first()
    if cf is None:
        raise Http404("no case file yet")
    names = {"authenticity": _("Authenticity (真实性)"), "integrity": _("Integrity (完整性)"),
             "usability": _("Usability (可用性)"), "security": _("Security (安全性)")}
    parts = [(k, names[k], cf.report[k]) for k in ("authenticity", "integrity", "usability", "security")]
    return render(request, "web/case_file.html", {"case": case, "cf": cf, "parts": parts,
                                                  "may_copy": policy.may_copy(request.user, case),
                                                  "can_set_rules": request.user.has_role(Role.ADMINISTRATOR,
                                                                                         Role.LEGAL_REVIEWER)})


@login_required
def bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's bundle as a zip (R-INT-3); the export is registered in the trail like the CLI's."""
    case = access_object(request.user, Case, pk)
    if not policy.may_copy(request.user, case):
        raise Http404("a copy needs an approved access request (R-ARC-4)")
    work = Path(tempfile.mkdtemp(prefix="lawtrail-bundle-"))
    try:
        export_case(user=request.user, case=case, out=work / case.number, reason=request.GET.get("reason", ""))
    except ActionError as exc:
        shutil.rmtree(work, ignore_errors=True)
        show_action_errors(request, exc, every_field=True)
        return redirect("web:case", pk=case.pk)
    return _zip_response(work, case.number, f"{case.number}-bundle.zip")


def _zip_response(work: Path, name: str, filename: str) -> FileResponse:
    """Send the directory `work/name` as a zip download and remove it."""
    zpath = work / f"{name}.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_STORED) as z:
        for p in sorted((work / name).rglob("*")):
            if p.is_file():
                z.write(p, f"{name}/{p.relative_to(work / name).as_posix()}")
    shutil.rmtree(work / name, ignore_errors=True)
    response = FileResponse(open(zpath, "rb"), as_attachment=True, filename=filename)  # noqa: SIM115
    zpath.unlink()  # the open handle keeps the bytes until the response is sent
    work.rmdir()
    return response


@login_required
def request_copies(request: HttpRequest, pk: int) -> HttpResponse:
    """The custodian makes the watermarked copies an approved request for copies covers (R-ARC-4, HY-A6 21):
    choose records and recordings, download them as one zip; each copy is registered."""
    from lawtrail.access import copies

    req = AccessRequest.objects.filter(pk=pk, agency_id=request.user.agency_id).select_related(
        "case", "decision__decided_by").first()
    if req is None or not request.user.has_role(Role.RECORDS_CUSTODIAN):
        raise Http404("no such request")
    errors: dict = {}
    chosen = {"records": [], "recordings": []}
    refused = ""
    try:
        copies.check(request.user, req)
    except ActionError as exc:
        refused = " ".join(" ".join(v) for v in exc.errors.values())
    if request.method == "POST" and not refused:
        chosen = {k: request.POST.getlist(k) for k in ("records", "recordings")}
        work = Path(tempfile.mkdtemp(prefix="lawtrail-copies-"))
        name = f"{req.case.number}-{copies.request_number(req)}"
        try:
            copies.hand_out(user=request.user, req=req, out=work / name, **chosen)
        except ActionError as exc:
            shutil.rmtree(work, ignore_errors=True)
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            return _zip_response(work, name, f"{name}.zip")
    return render(request, "web/access_copies.html", {
        "req": req, "offer": copies.choices(req), "errors": errors, "refused": refused,
        "number": copies.request_number(req),
        "chosen": {k: {str(v) for v in vals} for k, vals in chosen.items()},
        "watermark": copies.watermark_text(req, timezone.now())},
        status=400 if errors or (refused and request.method == "POST") else 200)


@login_required
@require_POST
def record_secrecy(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a record's secrecy level (R-ARC-5, LC 33)."""
    from lawtrail.access import party
    from lawtrail.cases.models import Record

    record = access_object(request.user, Record, pk)
    try:
        party.mark_secrecy(user=request.user, record=record, level=request.POST.get("level", ""),
                           reason=request.POST.get("reason", ""))
    except ActionError as exc:
        show_action_errors(request, exc, every_field=True)
    else:
        messages.success(request, _("The secrecy level is set; the mark is in the trail."))
    return redirect("web:record", pk=record.pk)


@login_required
@require_POST
def case_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a reporter, complainant or third party named in the case (R-ARC-5, WH 30)."""
    from lawtrail.access import identities

    case = access_object(request.user, Case, pk)
    try:
        identities.mark(user=request.user, case=case, data={
            k: request.POST.get(k, "") for k in ("kind", "name", "id_no", "phone", "address", "reason")})
    except ActionError as exc:
        show_action_errors(request, exc, every_field=True)
    else:
        messages.success(request, _("Marked: a party of the case will not see this person's identity."))
    return redirect("web:case", pk=case.pk)
