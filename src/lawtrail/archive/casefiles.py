"""Case files (案卷, R-ARC-1, R-ARC-2, R-ARC-6): when a procedure ends, its text and audio-video records form
the case file — the file index (卷内目录) in order, every record with its hash, every recording — filed by a
named custodian within the profile's period (30 days: WH 26, LC 30, DXH 27, HY-A2 16), kept for the
profile's retention (10 years: DXH 28, YZ 28), read-only once archived. At archiving a 四性 check
(DA/T 70: authenticity, integrity, usability, security) runs and its report is kept with the file."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.archive.models import CaseFile
from lawtrail.cases.models import Case
from lawtrail.cases.state import CaseState
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.evidence import coverage, media
from lawtrail.evidence.models import Recording
from lawtrail.evidence.storage import BlobMissing, get_store, hash_stream
from lawtrail.ledger import store
from lawtrail.ledger.entry import canonical_json, header_bytes
from lawtrail.ledger.hashing import SM3
from lawtrail.ledger.models import Entry
from lawtrail.procedures.actions import rules_for
from lawtrail.workdays.calendar import CalendarNotCovered, due_at

ENDED = (Case.Status.CLOSED, Case.Status.NOT_FILED, Case.Status.REFUSED)


def archive_due(agency_id: int, ended_at: dt.datetime) -> tuple[dt.datetime | None, str]:
    """When the case file is due (the profile's `archive` period from the end of the procedure), or why
    it cannot be told."""
    from lawtrail.workdays.actions import current_calendar

    period = rules_for(agency_id).numbers().get("archive")
    if period is None:
        return None, ""
    try:
        return due_at(current_calendar(), ended_at, period.amount, period.unit), ""
    except CalendarNotCovered as exc:
        return None, f"calendar:{exc.year}"


def waiting(agency_id: int, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Ended cases not yet archived, the most urgent first, each with its due time and level."""
    now = now or timezone.now()
    out = []
    for case in Case.objects.filter(agency_id=agency_id, status__in=ENDED, case_file__isnull=True,
                                    closed_at__isnull=False).select_related("unit"):
        due, error = archive_due(agency_id, case.closed_at)
        level = "error" if error else "overdue" if due and now >= due else \
            "soon" if due and now >= due - dt.timedelta(days=5) else "pending"
        out.append({"case": case, "due": due, "error": error, "level": level})
    out.sort(key=lambda r: (r["due"] is None, r["due"] or now))
    return out


def file_index(state: CaseState) -> list[dict[str, Any]]:
    """卷内目录: the records in their order, then the audio-video and photos, each with its hash."""
    items = []
    for view in state.views.values():
        r = view.record
        items.append({"no": len(items) + 1, "kind": "record", "seq": r.seq, "title": view.spec.name.zh,
                      "number": r.number, "date": timezone.localtime(r.occurred_at).date().isoformat(),
                      "status": view.status, "sm3": r.content_sm3, "record_id": r.pk})
    for rec in Recording.objects.current().filter(case=state.case).select_related("record").order_by("started_at",
                                                                                                       "pk"):
        items.append({"no": len(items) + 1, "kind": rec.kind, "title": rec.filename, "sm3": rec.blob_id,
                      "step": rec.record.seq if rec.record else None, "recording_id": rec.pk,
                      "date": timezone.localtime(rec.started_at).date().isoformat() if rec.started_at else ""})
    return items


def four_properties(state: CaseState) -> dict[str, Any]:
    """DA/T 70 四性检测: each property with the checks made and the problems found."""
    case = state.case
    authenticity, integrity, usability, security = [], [], [], []
    hashed = {}
    for e in Entry.objects.filter(subject__in=[f"cases.record:{pk}" for pk in state.views],
                                  kind__in=("cases.record.create", "cases.record.correct")):
        hashed[int(e.subject.split(":")[1])] = e
    for view in state.views.values():
        r = view.record
        e = hashed.get(r.pk)
        if e is None:
            authenticity.append(_("record #%(seq)s has no trail entry") % {"seq": r.seq})
            continue
        payload = json.loads(e.payload)
        if SM3.hexdigest(e.payload.encode()) != e.payload_hash or SM3.hexdigest(header_bytes(
                e.seq, e.recorded_at, e.actor_id, e.actor, e.agency_id, e.kind, e.subject, e.payload_hash,
                e.prev_hash)) != e.entry_hash:
            authenticity.append(_("the trail entry of record #%(seq)s does not hash to itself") % {"seq": r.seq})
        if payload.get("content_sm3") != r.content_sm3 or \
                SM3.hexdigest(canonical_json(payload["record"]).encode()) != r.content_sm3:
            authenticity.append(_("record #%(seq)s is not the record its trail entry hashed") % {"seq": r.seq})
    seqs = sorted(v.record.seq for v in state.views.values())
    if seqs != list(range(1, len(seqs) + 1)):
        integrity.append(_("record numbers are not continuous: %(seqs)s") % {"seqs": seqs})
    for m in coverage.missing(state):
        integrity.append(_("#%(seq)s %(type)s had to be recorded on audio-video and has no recording (%(rule)s)")
                         % {"seq": m["seq"], "type": m["type_name"], "rule": m["rule"]})
    blobs = get_store()
    for rec in Recording.objects.current().filter(case=case).select_related("blob"):
        blob = rec.blob
        if hasattr(blob, "disposal"):
            continue
        try:
            head = b"".join(blobs.read(blob.sm3, 0, min(blob.size, media.SNIFF_BYTES)))
            got_sm3, got_sha, size = hash_stream(blobs.read(blob.sm3))
        except BlobMissing:
            integrity.append(_("the stored file of %(name)s is missing") % {"name": rec.filename})
            continue
        if media.sniff(head) is None:
            usability.append(_("%(name)s is not in a format this system can open") % {"name": rec.filename})
        if (got_sm3, got_sha, size) != (blob.sm3, blob.sha256, blob.size):
            security.append(_("the stored bytes of %(name)s changed since they were stored") % {"name": rec.filename})
    def part(problems, checked):
        return {"ok": not problems, "checked": checked, "problems": problems}
    return {
        "authenticity": part(authenticity, _("each record against the trail entry that hashed it")),
        "integrity": part(integrity, _("record numbering, required audio-video, stored files present")),
        "usability": part(usability, _("each file opens in an accepted format")),
        "security": part(security, _("each file's SM3, SHA-256 and size against what was stored; no private "
                                     "encryption or compression")),
        "checked_at": timezone.now().isoformat(), "standard": "DA/T 70-2018",
    }


def archive_case(*, user, case: Case, note: str = "") -> CaseFile:
    """The custodian files the case (R-ARC-1, R-ARC-2): index, 四性 report, retention; the file is read-only."""
    if not (user.is_authenticated and user.agency_id == case.agency_id and user.has_role(Role.RECORDS_CUSTODIAN)):
        raise NotAllowed(_("The records custodian files the case (R-ARC-2)."))
    if case.status not in ENDED or case.closed_at is None:
        raise ActionError(_("Case %(n)s has not ended; only an ended procedure is filed (R-ARC-1).")
                          % {"n": case.number})
    if CaseFile.objects.filter(case=case).exists():
        raise ActionError(_("Case %(n)s is archived already.") % {"n": case.number})
    state = CaseState(case)
    index = file_index(state)
    report = four_properties(state)
    passed = all(report[k]["ok"] for k in ("authenticity", "integrity", "usability", "security"))
    if not passed and not (note or "").strip():
        raise ActionError({"note": [_("The 四性 check found problems; say why the file is archived as it is (the "
                                      "report is kept with it).")], "report": [json.dumps(report, ensure_ascii=False)]})
    from lawtrail.workdays.calendar import add_months

    retention = rules_for(case.agency_id).numbers().get("case_file_retention")
    ended_day = timezone.localtime(case.closed_at).date()
    until = None
    if retention is not None and retention.unit in ("years", "months"):
        until = add_months(ended_day, retention.amount * (12 if retention.unit == "years" else 1))
    due, _error = archive_due(case.agency_id, case.closed_at)
    now = timezone.now()
    doc = {"case": case.number, "index": index, "report": report}
    with transaction.atomic():
        cf = CaseFile.objects.create(agency_id=case.agency_id, case=case, custodian=user, archived_at=now,
                                     index=index, report=report, passed=passed, note=(note or "").strip(),
                                     retention_until=until, late=bool(due and now >= due),
                                     content_sm3=SM3.hexdigest(canonical_json(doc).encode()))
        store.append("archive.casefile.create", f"cases.case:{case.pk}", {
            "case_file": cf.pk, "case": case.number, "content_sm3": cf.content_sm3, "items": len(index),
            "passed": passed, "late": cf.late, "retention_until": until.isoformat() if until else None,
            "custodian": str(user), "note": cf.note}, user=user, agency_id=case.agency_id)
    return cf
