"""The tus 1.0.0 resumable-upload protocol (https://tus.io/protocols/resumable-upload), so standard tus
clients work: core (HEAD, PATCH), creation (POST), termination (DELETE) and checksum (Upload-Checksum
with sha1, sha256 or sm3). Session login; browsers send the CSRF token as X-CSRFToken like any other
write. The protocol lives here; what is allowed and stored is in evidence/actions.py."""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lawtrail.errors import ActionError
from lawtrail.evidence import actions
from lawtrail.evidence.models import Upload
from lawtrail.evidence.storage import CHUNK

VERSION = "1.0.0"
CHECKSUMS = ("sha1", "sha256", "sm3")


def _headers(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(exc: ActionError) -> HttpResponse:
    return _headers(JsonResponse(exc.as_dict(), status=exc.status, json_dumps_params={"ensure_ascii": False}))


def _problem(status: int, message: str) -> HttpResponse:
    return _headers(JsonResponse({"errors": {"__all__": [message]}}, status=status,
                                 json_dumps_params={"ensure_ascii": False}))


def _auth(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return _problem(401, _("Log in first."))
    if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != VERSION:
        response = _problem(412, _("This server speaks tus %(v)s; send Tus-Resumable: %(v)s.") % {"v": VERSION})
        response["Tus-Version"] = VERSION
        return response
    return None


def _options() -> HttpResponse:
    from django.conf import settings

    response = _headers(HttpResponse(status=204))
    response["Tus-Version"] = VERSION
    response["Tus-Extension"] = "creation,termination,checksum"
    response["Tus-Max-Size"] = str(settings.LAWTRAIL["UPLOAD_MAX_BYTES"])
    response["Tus-Checksum-Algorithm"] = ",".join(CHECKSUMS)
    return response


@require_http_methods(["OPTIONS", "POST"])
def collection(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return _options()
    denied = _auth(request)
    if denied:
        return denied
    if request.headers.get("Upload-Defer-Length"):
        return _problem(400, _("Send Upload-Length: this server needs the size when the upload starts."))
    try:
        metadata = actions.parse_metadata(request.headers.get("Upload-Metadata", ""))
        upload = actions.create_upload(user=request.user, length=request.headers.get("Upload-Length"),
                                       metadata=metadata)
    except ActionError as exc:
        return _error(exc)
    response = _headers(HttpResponse(status=201))
    response["Location"] = request.build_absolute_uri(f"/tus/{upload.id}")
    return response


def _checksum(header: str | None) -> tuple[str, bytes] | None | HttpResponse:
    if not header:
        return None
    alg, _sep, value = header.strip().partition(" ")
    if alg not in CHECKSUMS:
        return _problem(400, _("Upload-Checksum algorithm %(alg)s is not supported; use one of: %(algs)s.")
                        % {"alg": alg, "algs": ", ".join(CHECKSUMS)})
    try:
        return alg, base64.b64decode(value, validate=True)
    except binascii.Error:
        return _problem(400, _("Upload-Checksum is not base64."))


@require_http_methods(["OPTIONS", "HEAD", "PATCH", "DELETE", "GET"])
def resource(request: HttpRequest, upload_id: str) -> HttpResponse:
    if request.method == "OPTIONS":
        return _options()
    denied = _auth(request)
    if denied:
        return denied
    upload = Upload.objects.filter(pk=upload_id, user=request.user).first()
    if upload is None:
        return _problem(404, _("No upload %(id)s of yours.") % {"id": upload_id})
    if request.method in ("HEAD", "GET"):
        if upload.state in (Upload.State.FAILED, Upload.State.TERMINATED):
            response = _problem(410, upload.error or upload.get_state_display())
            return response
        response = _headers(HttpResponse(status=200))
        done = actions.offset(upload) if upload.state == Upload.State.OPEN else upload.length
        response["Upload-Offset"] = str(done)
        response["Upload-Length"] = str(upload.length)
        if request.method == "GET":  # not tus: a status page for the uploading page
            return _headers(JsonResponse({"id": upload.id, "offset": done, "length": upload.length,
                                          "state": upload.state, "error": upload.error,
                                          "sm3": upload.blob_id, "recording": upload.recording_id}))
        return response
    if request.method == "DELETE":
        try:
            actions.terminate_upload(user=request.user, upload=upload)
        except ActionError as exc:
            return _error(exc)
        return _headers(HttpResponse(status=204))
    # PATCH
    if request.content_type != "application/offset+octet-stream":
        return _problem(415, _("Send the bytes as Content-Type: application/offset+octet-stream."))
    try:
        at = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return _problem(400, _("Upload-Offset must be a whole number."))
    checksum = _checksum(request.headers.get("Upload-Checksum"))
    if isinstance(checksum, HttpResponse):
        return checksum
    try:
        new = actions.append_bytes(user=request.user, upload=upload, at=at, checksum=checksum,
                                   stream=iter(lambda: request.read(CHUNK), b""))
    except ActionError as exc:
        response = _error(exc)
        response["Upload-Offset"] = str(actions.offset(upload))
        return response
    response = _headers(HttpResponse(status=204))
    response["Upload-Offset"] = str(new)
    return response
