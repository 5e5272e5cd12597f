"""Writes of the evidence app: uploads (tus), stored files and recordings, each with its trail entry.

An upload's bytes go to a partial file on local disk, hashed (SM3 and SHA-256) as they arrive; when the
last byte is in, the client's own checksum (if it sent one) is compared, the file is moved into the blob
store under its SM3, and the recording is linked to its case and step (R-AV-5). Nothing half-stored is
ever kept under a name: a mismatch removes the partial file and says why.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import fcntl
import os
import threading
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.cases.models import Case, Record
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.evidence import media, timeliness
from lawtrail.evidence.models import Blob, Device, Recording, Upload
from lawtrail.evidence.storage import Digests, get_store, read_chunks
from lawtrail.ledger import store as ledger
from lawtrail.procedures import checks

UPLOAD_ROLES = (Role.OFFICER, Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.RECORDS_CUSTODIAN)
META_KEYS = ("filename", "case", "record", "sm3", "sha256", "device_no", "started_at", "ended_at", "returned_at",
             "kind", "cause", "party")
LABEL_MAX = {"cause": 200, "party": 200}


def upload_root() -> Path:
    root = Path(settings.LAWTRAIL["UPLOAD_ROOT"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def partial_path(upload: Upload) -> Path:
    return upload_root() / upload.id


class TooLarge(ActionError):
    status = 413


def _require_uploader(user) -> None:
    if not (user.is_authenticated and user.agency_id and user.has_role(*UPLOAD_ROLES)):
        raise NotAllowed(_("Only officers, heads, the legal unit and custodians of an agency can upload."))


def _hex(value: str, field: str) -> str:
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ActionError({field: [_("%(field)s must be 64 hexadecimal digits.") % {"field": field}]})
    return value


def case_and_step(agency_id: int, case_ref: Any, record_ref: Any) -> tuple[Case | None, Record | None, dict]:
    """The case and step a recording documents (R-AV-5), by id or — for the case — by its number; a step
    alone names its case. Returns the errors instead of raising, so callers can report everything at once."""
    errors: dict[str, list[str]] = {}
    case = record = None
    case_ref, record_ref = str(case_ref or "").strip(), str(record_ref or "").strip()
    if case_ref:
        qs = Case.objects.filter(agency_id=agency_id)
        case = (qs.filter(pk=int(case_ref)).first() if case_ref.isdigit() else None) or \
            qs.filter(number=case_ref).first()
        if case is None:
            errors["case"] = [_("No case %(id)s in your agency; give its id or its case number.") % {"id": case_ref}]
    if record_ref:
        record = Record.objects.filter(pk=int(record_ref) if record_ref.isdigit() else -1,
                                       agency_id=agency_id).select_related("case").first()
        if record is None or (case is not None and record.case_id != case.pk):
            errors["record"] = [_("No step %(id)s in this case.") % {"id": record_ref}]
            record = None
        elif case is None and not errors:
            case = record.case
    if case is not None and hasattr(case, "case_file"):
        errors["case"] = [_("Case %(n)s is archived; its case file is read-only (R-ARC-1).") % {"n": case.number}]
        case = record = None
    return case, record, errors


def _label_problems(labels: dict[str, Any]) -> dict[str, list[str]]:
    errors = {}
    for key, limit in LABEL_MAX.items():
        if len(str(labels.get(key) or "")) > limit:
            errors[key] = [_("%(key)s is longer than %(limit)s characters.") % {"key": key, "limit": limit}]
    return errors


def create_upload(*, user, length: Any, metadata: dict[str, str]) -> Upload:
    """Start an upload of `length` bytes. `metadata` may name the case and step it documents, the file
    name, the client's own SM3 or SHA-256 of the whole file, the device and the recording times."""
    _require_uploader(user)
    errors: dict[str, list[str]] = {}
    try:
        length = int(length)
    except (TypeError, ValueError):
        raise ActionError({"Upload-Length": [_("Upload-Length must be a whole number of bytes.")]}) from None
    limit = settings.LAWTRAIL["UPLOAD_MAX_BYTES"]
    if length <= 0:
        errors["Upload-Length"] = [_("The file is empty (0 bytes); an empty file is not a recording.")]
    elif length > limit:
        raise TooLarge({"Upload-Length": [_("The file is larger than the %(limit)s bytes this server accepts.")
                                          % {"limit": limit}]})
    unknown = sorted(set(metadata) - set(META_KEYS))
    if unknown:
        errors["Upload-Metadata"] = [_("Unknown metadata %(keys)s; expected some of: %(known)s.")
                                     % {"keys": ", ".join(unknown), "known": ", ".join(META_KEYS)}]
    meta = {k: v for k, v in metadata.items() if k in META_KEYS}
    for key in ("sm3", "sha256"):
        if meta.get(key):
            try:
                meta[key] = _hex(meta[key], key)
            except ActionError as exc:
                errors.update(exc.errors)
    times = {}
    for key in ("started_at", "ended_at", "returned_at"):
        if meta.get(key):
            moment = checks.parse_datetime(meta[key])
            if moment is None or moment > timezone.now() + dt.timedelta(minutes=10):
                errors[key] = [_("%(key)s must be a time like 2026-03-01T09:30 that is not in the future.")
                               % {"key": key}]
            else:
                times[key] = moment
                meta[key] = moment.isoformat()
    if "started_at" in times and "ended_at" in times and times["ended_at"] < times["started_at"]:
        errors["ended_at"] = [_("The recording cannot end before it started.")]
    case, record, problems = case_and_step(user.agency_id, meta.get("case"), meta.get("record"))
    errors.update(problems)
    if case is not None:
        meta["case"] = str(case.pk)
    errors.update(_label_problems(meta))
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        upload = Upload.objects.create(id=uuid.uuid4().hex, agency_id=user.agency_id, user=user, length=length,
                                       metadata=meta)
        partial_path(upload).touch()
        ledger.append("evidence.upload.create", f"evidence.upload:{upload.id}",
                      {"upload": upload.id, "length": length, "metadata": meta}, user=user)
    return upload


def offset(upload: Upload) -> int:
    try:
        return partial_path(upload).stat().st_size
    except FileNotFoundError:
        return 0


# Hash state of uploads being received by this process: (offset, Digests). Another process, or this one
# after a restart, rebuilds it by hashing the partial file once.
_digests: dict[str, tuple[int, Digests]] = {}
_digests_lock = threading.Lock()


def _digests_at(upload: Upload, at: int) -> Digests:
    with _digests_lock:
        cached = _digests.pop(upload.id, None)
    if cached is not None and cached[0] == at:
        return cached[1]
    d = Digests()
    with open(partial_path(upload), "rb") as f:
        for chunk in read_chunks(f, at):
            d.update(chunk)
    return d


class Busy(ActionError):
    status = 423


class OffsetMismatch(ActionError):
    status = 409


class ChecksumMismatch(ActionError):
    status = 460


def append_bytes(*, user, upload: Upload, at: int, stream, checksum: tuple[str, bytes] | None = None) -> int:
    """Append the request body at offset `at`. With a per-request checksum (tus checksum extension), the
    bytes of this request are kept only if it matches. Returns the new offset; completes the upload when
    the last byte is in."""
    if upload.user_id != user.pk:
        raise NotAllowed(_("This upload belongs to another user."))
    if upload.state != Upload.State.OPEN:
        raise ActionError(_("This upload is %(state)s.") % {"state": upload.get_state_display()})
    path = partial_path(upload)
    with open(path, "r+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(_("Another request is writing to this upload; retry when it has finished.")) from None
        current = os.fstat(f.fileno()).st_size
        if at != current:
            raise OffsetMismatch(_("Upload-Offset %(given)s does not match the %(have)s bytes received; resume "
                                   "from %(have)s.") % {"given": at, "have": current})
        digests = _digests_at(upload, current)
        check = None
        if checksum is not None:
            import hashlib

            check = hashlib.new(checksum[0])
        f.seek(current)
        written = current
        first = current == 0
        try:
            for chunk in _until_broken(stream):
                if not chunk:
                    continue
                if written + len(chunk) > upload.length:
                    raise ActionError(_("More bytes than the Upload-Length of %(n)s.") % {"n": upload.length})
                if first:
                    first = False
                    is_recording = upload.metadata.get("kind", "recording") == "recording"
                    if is_recording and len(chunk) >= min(media.SNIFF_BYTES, upload.length) \
                            and media.sniff(chunk[:media.SNIFF_BYTES]) is None:
                        _fail(upload, path, _("The file is not a video, audio or photo format this system accepts "
                                              "(checked from its first bytes, not its name)."))
                        raise ActionError({"file": [upload.error]})
                f.write(chunk)
                written += len(chunk)
                if check is not None:
                    check.update(chunk)
                digests.update(chunk)
        finally:
            if check is not None and check.digest() != checksum[1]:
                # The tus checksum extension: a request whose bytes do not match is not kept.
                f.truncate(current)
                f.flush()
                digests = None
            else:
                f.flush()
                if upload.state == Upload.State.OPEN:
                    with _digests_lock:
                        _digests[upload.id] = (written, digests)
        if check is not None and digests is None:
            raise ChecksumMismatch(_("The bytes of this request do not match its Upload-Checksum; they were not "
                                     "kept. Send them again from offset %(at)s.") % {"at": current})
    if written == upload.length:
        finish_upload(user=user, upload=upload)
    return written


def _until_broken(stream):
    """The request body until it ends — or until the connection breaks: what arrived is kept, and the
    client resumes from there (HEAD tells it where)."""
    try:
        yield from stream
    except OSError:
        return


def _fail(upload: Upload, path: Path, message: str) -> None:
    path.unlink(missing_ok=True)
    with _digests_lock:
        _digests.pop(upload.id, None)
    upload.state, upload.error = Upload.State.FAILED, message[:300]
    upload.save(update_fields=["state", "error", "updated_at"])
    ledger.append("evidence.upload.fail", f"evidence.upload:{upload.id}", {"upload": upload.id, "error": message},
                  user=upload.user)


def finish_upload(*, user, upload: Upload) -> Upload:
    path = partial_path(upload)
    digests = _digests_at(upload, upload.length)
    with _digests_lock:
        _digests.pop(upload.id, None)
    sm3, sha256 = digests.hexdigests()
    meta = upload.metadata
    for key, got in (("sm3", sm3), ("sha256", sha256)):
        if meta.get(key) and meta[key] != got:
            message = _("The file's %(alg)s is %(got)s, not the %(want)s the client sent: the upload was damaged "
                        "on the way, and nothing of it was kept. Upload it again.") % {
                "alg": key.upper(), "got": got, "want": meta[key]}
            _fail(upload, path, message)
            raise ChecksumMismatch({"checksum": [message]})
    kind = meta.get("kind", "recording")
    if kind == "recording":
        with open(path, "rb") as f:
            found = media.sniff(f.read(media.SNIFF_BYTES))
        if found is None:
            message = _("The file is not a video, audio or photo format this system accepts (checked from its "
                        "first bytes, not its name).")
            _fail(upload, path, message)
            raise ActionError({"file": [message]})
    stored = get_store().ingest_file(path, sm3, sha256)
    with transaction.atomic():
        blob = blob_row(user=user, stored=stored)
        recording = None
        if kind == "recording":
            times = {k: checks.parse_datetime(meta[k]) if meta.get(k) else None
                     for k in ("started_at", "ended_at", "returned_at")}
            recording = add_recording(
                user=user, agency_id=upload.agency_id, blob=blob, kind=found,
                filename=meta.get("filename") or sm3, case_id=meta.get("case") or None,
                record_id=meta.get("record") or None, device_no=meta.get("device_no", ""), **times,
                cause=meta.get("cause", ""), party_name=meta.get("party", ""),
                trail={"duplicate_of_stored": not stored.created, "upload": upload.id})
        upload.state, upload.blob, upload.recording = Upload.State.COMPLETE, blob, recording
        upload.save(update_fields=["state", "blob", "recording", "updated_at"])
    return upload


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def blob_row(*, user, stored) -> Blob:
    """The row of stored content (`StoredBlob`), created with its trail entry the first time the bytes
    arrive. Call it inside the transaction that records what the bytes are."""
    blob = Blob.objects.filter(sm3=stored.sm3).first()
    if blob is None:
        blob = Blob.objects.create(sm3=stored.sm3, sha256=stored.sha256, size=stored.size, store=get_store().name,
                                   stored_at=timezone.now(), stored_by=user)
        ledger.append("evidence.blob.store", f"evidence.blob:{blob.sm3}",
                      {"sm3": blob.sm3, "sha256": blob.sha256, "size": blob.size, "store": blob.store}, user=user)
    return blob


def add_recording(*, user, agency_id: int, blob: Blob, kind: str, filename: str, case_id=None, record_id=None,
                  device_no: str = "", started_at=None, ended_at=None, returned_at=None, cause: str = "",
                  party_name: str = "", trail: dict[str, Any] | None = None) -> Recording:
    """A recording of stored bytes (R-AV-5), from an upload or a dock import: attributed to the officer who
    had the device on loan when it started (R-AV-8), its upload deadline judged by the profile, and its
    trail entry written — in the caller's transaction. `trail` adds what the source knows."""
    from lawtrail.evidence.devices import holder_at

    officer = holder_at(agency_id, device_no, started_at) if device_no and started_at else None
    recording = Recording.objects.create(
        agency_id=agency_id, case_id=case_id, record_id=record_id, blob=blob, kind=kind, filename=filename[:255],
        started_at=started_at, ended_at=ended_at, returned_at=returned_at, device_no=device_no, officer=officer,
        uploaded_by=user, uploaded_at=timezone.now(), cause=cause.strip(), party_name=party_name.strip())
    timely = timeliness.upload_timeliness(recording)
    ledger.append("evidence.recording.create", f"evidence.recording:{recording.pk}", {
        "recording": recording.pk, "sm3": blob.sm3, "case": recording.case_id, "record": recording.record_id,
        "kind": kind, "filename": recording.filename, "device_no": device_no, "officer": recording.officer_id,
        "started_at": iso(started_at), "ended_at": iso(ended_at), "returned_at": iso(returned_at),
        "cause": recording.cause, "party": recording.party_name,
        "upload_due": iso(timely.due), "late": timely.late, **(trail or {})}, user=user, agency_id=agency_id)
    return recording


def label_recording(*, user, recording: Recording, data: dict[str, Any]) -> Recording:
    """Link a recording to the case step it documents, or change its labels (R-AV-5). The row is never
    changed: the new labels are a new row naming the one it corrects, with its ingest time, device and
    officer as they were (so upload lateness is still judged on the real ingest). Changing labels that were
    already set needs a reason."""
    if not (user.is_authenticated and user.agency_id == recording.agency_id and user.has_role(*UPLOAD_ROLES)):
        raise NotAllowed(_("Only officers, heads, the legal unit and custodians of the agency can label its "
                           "recordings."))
    if Recording.objects.filter(corrects=recording).exists():
        raise ActionError(_("These labels were replaced already; label the current version."))
    unknown = sorted(set(data) - {"case", "record", "cause", "party", "reason", "device_no", "started_at", "ended_at"})
    if unknown:
        raise ActionError({"__all__": [_("Unknown fields %(keys)s; expected case, record, cause, party, device_no, "
                                         "started_at, ended_at, reason.") % {"keys": ", ".join(unknown)}]})
    case, record, errors = case_and_step(recording.agency_id, data.get("case"), data.get("record"))
    # Device and recording times (R-AV-5, R-AV-8): kept as they were unless given; the officer follows the loan.
    device_no = str(data["device_no"]).strip() if data.get("device_no") not in (None, "") else recording.device_no
    times = {"started_at": recording.started_at, "ended_at": recording.ended_at}
    for key in times:
        if data.get(key) not in (None, ""):
            moment = checks.parse_datetime(data[key])
            if moment is None or moment > timezone.now() + checks.CLOCK_SLACK:
                errors[key] = [_("%(key)s must be a time like 2026-03-01T09:30 that is not in the future.")
                               % {"key": key}]
            elif times[key] is None or moment != times[key].replace(second=0, microsecond=0):
                times[key] = moment  # (a form shows minutes: the same minute is no change)
    if times["started_at"] and times["ended_at"] and times["ended_at"] < times["started_at"]:
        errors["ended_at"] = [_("The recording cannot end before it started.")]
    if device_no and device_no != recording.device_no and \
            not Device.objects.filter(agency_id=recording.agency_id, number=device_no).exists():
        errors["device_no"] = [_("No device %(no)s in your agency's registry (R-AV-8).") % {"no": device_no}]
    moved = (device_no, times["started_at"], times["ended_at"]) != (recording.device_no, recording.started_at,
                                                                   recording.ended_at)
    labels = {"cause": str(data.get("cause") or "").strip(), "party": str(data.get("party") or "").strip()}
    errors.update(_label_problems(labels))
    reason = str(data.get("reason") or "").strip()
    had_labels = recording.case_id or recording.cause or recording.party_name or (
        moved and (recording.device_no or recording.started_at))
    if had_labels and not reason:
        errors["reason"] = [_("Say why the labels change: they were set before (R-INT-2, the old labels stay on "
                              "record).")]
    if case is None and not labels["cause"] and "case" not in errors:
        errors["case"] = [_("Name the case (and step) the recording documents, or at least its cause (R-AV-5).")]
    if not errors and not moved and (case and case.pk, record and record.pk, labels["cause"], labels["party"]) == (
            recording.case_id, recording.record_id, recording.cause, recording.party_name):
        errors["__all__"] = [_("Nothing changes: these are the labels it has.")]
    if errors:
        raise ActionError(errors)
    officer_id = recording.officer_id
    if moved:
        from lawtrail.evidence.devices import holder_at

        holder = holder_at(recording.agency_id, device_no, times["started_at"]) \
            if device_no and times["started_at"] else None
        officer_id = holder.pk if holder is not None else recording.officer_id
    with transaction.atomic():
        new = Recording.objects.create(
            agency_id=recording.agency_id, case=case, record=record, blob_id=recording.blob_id, kind=recording.kind,
            filename=recording.filename, started_at=times["started_at"], ended_at=times["ended_at"],
            returned_at=recording.returned_at, device_no=device_no, officer_id=officer_id,
            uploaded_by_id=recording.uploaded_by_id, uploaded_at=recording.uploaded_at, corrects=recording,
            cause=labels["cause"], party_name=labels["party"], label_reason=reason)
        ledger.append("evidence.recording.label", f"evidence.recording:{new.pk}", {
            "recording": new.pk, "corrects": recording.pk, "sm3": recording.blob_id, "case": new.case_id,
            "record": new.record_id, "cause": new.cause, "party": new.party_name, "reason": reason,
            "device_no": new.device_no, "officer": new.officer_id, "started_at": iso(new.started_at),
            "ended_at": iso(new.ended_at)},
            user=user, agency_id=recording.agency_id)
    return new


def record_copy(*, user, recording: Recording, data: dict[str, Any]):
    """An evidence copy onto backup media, noting maker, extractor and extraction time, filed with the
    case (R-AV-7: WH 27, DXH 28)."""
    from lawtrail.evidence.models import EvidenceCopy

    if not (user.is_authenticated and user.agency_id == recording.agency_id and user.has_role(*UPLOAD_ROLES)):
        raise NotAllowed(_("Only officers, heads, the legal unit and custodians of the agency can record copies."))
    unknown = sorted(set(data) - {"medium", "medium_no", "maker", "extractor", "extracted_at", "note"})
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["__all__"] = [_("Unknown fields %(keys)s.") % {"keys": ", ".join(unknown)}]
    values = {k: str(data.get(k) or "").strip() for k in ("medium", "medium_no", "maker", "extractor", "note")}
    if values["medium"] not in EvidenceCopy.Medium.values:
        errors["medium"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(EvidenceCopy.Medium.values)}]
    for key, limit, message in (("medium_no", 60, _("Give the disc's or drive's number as written on it.")),
                                ("maker", 100, _("Name who made the copy (R-AV-7, WH 27).")),
                                ("extractor", 100, _("Name who extracted the recording (R-AV-7, WH 27)."))):
        if not values[key]:
            errors[key] = [message]
        elif len(values[key]) > limit:
            errors[key] = [_("At most %(limit)s characters.") % {"limit": limit}]
    at = checks.parse_datetime(str(data.get("extracted_at") or ""))
    if at is None or at > timezone.now() + dt.timedelta(minutes=10):
        errors["extracted_at"] = [_("Give the extraction time like 2026-03-01T09:30; it cannot be in the future.")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        copy = EvidenceCopy.objects.create(
            agency_id=recording.agency_id, recording=recording, case_id=recording.case_id, medium=values["medium"],
            medium_no=values["medium_no"], maker=values["maker"], extractor=values["extractor"], extracted_at=at,
            note=values["note"], recorded_by=user, recorded_at=timezone.now())
        ledger.append("evidence.copy.create", f"evidence.recording:{recording.pk}", {
            "copy": copy.pk, "recording": recording.pk, "sm3": recording.blob_id, "case": copy.case_id,
            "medium": copy.medium, "medium_no": copy.medium_no, "maker": copy.maker, "extractor": copy.extractor,
            "extracted_at": at.isoformat(), "note": copy.note}, user=user, agency_id=recording.agency_id)
    return copy


def terminate_upload(*, user, upload: Upload) -> None:
    if upload.user_id != user.pk:
        raise NotAllowed(_("This upload belongs to another user."))
    if upload.state != Upload.State.OPEN:
        raise ActionError(_("This upload is %(state)s.") % {"state": upload.get_state_display()})
    partial_path(upload).unlink(missing_ok=True)
    with _digests_lock:
        _digests.pop(upload.id, None)
    with transaction.atomic():
        upload.state = Upload.State.TERMINATED
        upload.save(update_fields=["state", "updated_at"])
        ledger.append("evidence.upload.terminate", f"evidence.upload:{upload.id}", {"upload": upload.id}, user=user)


def parse_metadata(header: str) -> dict[str, str]:
    """tus Upload-Metadata: comma-separated `key base64value` pairs."""
    out: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, value = pair.partition(" ")
        try:
            out[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise ActionError({"Upload-Metadata": [_("The value of %(key)s is not base64 of UTF-8 text.")
                                                   % {"key": key}]}) from None
    return out


# --- retention (R-AV-6, R-AV-7) ----------------------------------------------------------------------
HOLD_ROLES = (Role.RECORDS_CUSTODIAN, Role.LEGAL_REVIEWER, Role.UNIT_HEAD, Role.AGENCY_HEAD)


def place_hold(*, user, recording: Recording | None = None, case: Case | None = None, reason: str, note: str):
    """A long-term hold by hand (R-AV-7: YZ 19, HY-A6 24) — a review, a lawsuit, a complaint, obstruction,
    an incident — on one recording or on every recording of a case, now and later."""
    from lawtrail.evidence.models import Hold

    target = recording if recording is not None else case
    if target is None or (recording is not None and case is not None):
        raise ActionError(_("A hold is placed on one recording or on one case."))
    if not (user.agency_id == target.agency_id and user.has_role(*HOLD_ROLES)):
        raise NotAllowed(_("Only custodians, the legal unit and heads of the agency can set holds."))
    errors = {}
    if reason not in Hold.Reason.values:
        errors["reason"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(Hold.Reason.values)}]
    if not (note or "").strip():
        errors["note"] = [_("Say what the hold is for (e.g. the review or court case number).")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        hold = Hold.objects.create(recording=recording, case=case, agency_id=target.agency_id, reason=reason,
                                   note=note.strip(), set_by=user, set_at=timezone.now())
        subject = f"evidence.recording:{recording.pk}" if recording is not None else f"cases.case:{case.pk}"
        ledger.append("evidence.hold.create", subject,
                      {"hold": hold.pk, "recording": recording and recording.pk, "case": case and case.pk,
                       "reason": reason, "note": hold.note}, user=user)
    return hold


def _disposal_blockers(blob: Blob) -> list[str]:
    from lawtrail.evidence import retention

    problems = []
    for recording in Recording.objects.filter(blob=blob).select_related("case"):
        for reason in retention.why_not_disposable(recording):
            problems.append(f"{recording.filename}: {reason}")
    return problems


def request_disposal(*, user, blob: Blob, reason: str):
    """R-AV-7: after retention, disposal is an approved action. The custodian asks; refused while any
    recording of the file is held or within its retention period."""
    from lawtrail.evidence.models import Disposal, DisposalRequest

    if not (user.agency_id and user.has_role(Role.RECORDS_CUSTODIAN)) or \
            not Recording.objects.filter(blob=blob, agency_id=user.agency_id).exists():
        raise NotAllowed(_("Only a records custodian of the agency that holds the file can ask to dispose of it."))
    if Disposal.objects.filter(blob=blob).exists():
        raise ActionError(_("This file was disposed of already."))
    if not (reason or "").strip():
        raise ActionError({"reason": [_("Say why the file is to be disposed of.")]})
    blockers = _disposal_blockers(blob)
    if blockers:
        raise ActionError({"__all__": blockers})
    with transaction.atomic():
        req = DisposalRequest.objects.create(blob=blob, agency_id=user.agency_id, reason=reason.strip(),
                                             requested_by=user, requested_at=timezone.now())
        ledger.append("evidence.disposal.request", f"evidence.blob:{blob.sm3}",
                      {"request": req.pk, "sm3": blob.sm3, "reason": req.reason}, user=user)
    return req


def approve_disposal(*, user, request):
    """The agency head approves: the checks run again, then the bytes are deleted; the hashes stay and a
    tombstone records who asked, who approved and when (R-AV-7, R-ARC-6)."""
    from lawtrail.evidence.models import Disposal

    if not (user.agency_id == request.agency_id and user.has_role(Role.AGENCY_HEAD)):
        raise NotAllowed(_("Only the agency head approves a disposal."))
    if user.pk == request.requested_by_id:
        raise NotAllowed(_("The person who asked cannot also approve."))
    blob = request.blob
    if Disposal.objects.filter(blob=blob).exists():
        raise ActionError(_("This file was disposed of already."))
    blockers = _disposal_blockers(blob)
    if blockers:
        raise ActionError({"__all__": blockers})
    with transaction.atomic():
        disposal = Disposal.objects.create(blob=blob, request=request, approved_by=user, disposed_at=timezone.now())
        ledger.append("evidence.disposal.approve", f"evidence.blob:{blob.sm3}",
                      {"disposal": disposal.pk, "request": request.pk, "sm3": blob.sm3, "sha256": blob.sha256,
                       "size": blob.size}, user=user)
        # The bytes go only once the tombstone is committed: a failure then leaves bytes with a tombstone
        # (the fixity sweep reports it and the deletion can be repeated), never bytes gone without a record.
        sm3 = blob.sm3
        transaction.on_commit(lambda: _remove_quietly(sm3))
    return disposal


def _remove_quietly(sm3: str) -> None:
    from lawtrail.evidence.storage import BlobMissing

    try:
        get_store().remove(sm3)
    except (BlobMissing, FileNotFoundError):
        pass
