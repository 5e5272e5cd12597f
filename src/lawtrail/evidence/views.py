"""Viewing and downloading stored recordings with HTTP Range streaming (R-AV, R-ARC-4): every request is
a trail entry naming who, when, which file and which bytes. Who may view is the access issue's to
decide; today it is the recording's agency."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lawtrail.access import policy
from lawtrail.access.scoping import access_object
from lawtrail.evidence import media
from lawtrail.evidence.models import Recording
from lawtrail.evidence.storage import BlobMissing, get_store
from lawtrail.ledger import store as ledger

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """(start, end exclusive) of a single byte range, None for the whole file, "bad" if unsatisfiable."""
    if not header:
        return None
    m = RANGE.match(header.strip())
    if not m or (not m.group(1) and not m.group(2)):
        return "bad"
    first, last = m.group(1), m.group(2)
    if not first:  # the last N bytes
        n = int(last)
        return (max(0, size - n), size) if n > 0 and size > 0 else "bad"
    start = int(first)
    end = min(int(last) + 1, size) if last else size
    if start >= size or start >= end:
        return "bad"
    return start, end


@login_required
@require_GET
def recording_file(request: HttpRequest, pk: int) -> HttpResponse:
    recording = access_object(request.user, Recording, pk)
    blob = recording.blob
    blobs = get_store()
    disposal = blob.disposal if hasattr(blob, "disposal") else None
    if disposal is not None:
        return HttpResponse(_("Disposed of on %(day)s after its retention period, with approval; its hashes stay in "
                              "the trail.") % {"day": f"{disposal.disposed_at:%Y-%m-%d}"}, status=410,
                            content_type="text/plain; charset=utf-8")
    download = request.GET.get("download") == "1"
    if download and not policy.may_copy(request.user, recording.case):
        raise Http404("a copy needs an approved access request (R-ARC-4)")
    wanted = parse_range(request.headers.get("Range"), blob.size)
    if wanted == "bad":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{blob.size}"
        return response
    start, end = wanted if wanted else (0, blob.size)
    try:
        head = b"".join(blobs.read(blob.sm3, 0, min(blob.size, media.SNIFF_BYTES)))
        body = blobs.read(blob.sm3, start, end)
    except BlobMissing:
        return HttpResponse(_("The stored file is missing; the fixity sweep reports it."), status=410,
                            content_type="text/plain; charset=utf-8")
    ledger.append("evidence.recording.download" if download else "evidence.recording.view",
                  f"evidence.recording:{recording.pk}",
                  {"recording": recording.pk, "sm3": blob.sm3, "case": recording.case_id, "range": [start, end],
                   "size": blob.size, "filename": recording.filename}, user=request.user,
                  agency_id=recording.agency_id)
    response = StreamingHttpResponse(body, status=206 if wanted else 200, content_type=media.content_type(head))
    response["Accept-Ranges"] = "bytes"
    response["Content-Length"] = str(end - start)
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end - 1}/{blob.size}"
    if download:
        response["Content-Disposition"] = f'attachment; filename="{recording.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def request_disposal(request: HttpRequest, pk: int) -> HttpResponse:
    """The record page's "ask to dispose" form: the same action and the same refusals as API and CLI."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from lawtrail.errors import ActionError
    from lawtrail.evidence import actions
    from lawtrail.web.case_views import show_action_errors

    recording = access_object(request.user, Recording, pk)
    if request.method == "POST":
        try:
            actions.request_disposal(user=request.user, blob=recording.blob, reason=request.POST.get("reason", ""))
        except ActionError as exc:
            show_action_errors(request, exc, every_field=True)
        else:
            messages.success(request, _("Disposal requested; it waits for the agency head's approval."))
    if request.POST.get("back") == "recording" or not recording.record_id:
        return redirect("web:recording", pk=recording.pk)
    return redirect("web:record", pk=recording.record_id)
