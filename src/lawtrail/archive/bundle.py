"""Case bundles (R-INT-3, R-ARC-6): everything a court, the party or an auditor needs to check a case
without trusting this system — written as a BagIt bag (RFC 8493) with SM3 and SHA-256 manifests:

    bagit.txt, bag-info.txt, manifest-{sm3,sha256}.txt, tagmanifest-{sm3,sha256}.txt
    README.txt, public-key.pem, verify_bundle.py          the standalone verifier (stdlib + cryptography)
    data/case.json                                        the case, its parties and handlers
    data/records/NNN-type.json, NNN-type.html             each record as hashed, and its printable form
    data/files/<sm3>.<ext>, data/files/index.json         the stored files and what each recording is
    data/trail/entries.jsonl, proofs.json, checkpoint.json   the case's trail entries with inclusion
                                                          proofs to one signed checkpoint

The export is itself registered: an `archive.export` trail entry lists every trail entry and every data
file (with its hashes) of the bundle; a checkpoint is signed right after it, so the verifier can tell
anything removed, added or altered from the signed trail alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.cases.actions import canonical_record
from lawtrail.cases.models import Case, Party, Record
from lawtrail.cases.state import CaseState
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.evidence.models import Recording
from lawtrail.evidence.storage import BlobMissing, get_store
from lawtrail.ledger import merkle, store
from lawtrail.ledger.entry import canonical_json
from lawtrail.ledger.hashing import SM3
from lawtrail.ledger.models import Entry
from lawtrail.procedures.catalogue import R

VERIFIER = Path(__file__).with_name("verify_bundle.py")
EXPORT_KIND = "archive.export"


def may_export(user, case: Case) -> bool:
    """Exports follow the access rules of copying (access/policy.py, R-ARC-3, R-ARC-4)."""
    from lawtrail.access.policy import may_copy

    return may_copy(user, case)


def _subject_sources(case: Case, records=None) -> list[tuple[Any, str, str]]:
    """What belongs to a case on the trail, as (rows, subject prefix, field): it, its parties, its records (or
    `records`, those a reader may see), its recordings, their files, its reviews."""
    from lawtrail.review.models import Review

    recordings = Recording.objects.filter(case=case)
    return [(Case.objects.filter(pk=case.pk), "cases.case:", "pk"),
            (Party.objects.filter(case=case), "cases.party:", "pk"),
            (Record.objects.filter(case=case) if records is None else records, "cases.record:", "pk"),
            (recordings, "evidence.recording:", "pk"), (recordings, "evidence.blob:", "blob_id"),
            (Review.objects.filter(case=case), "review.review:", "pk")]


def case_subjects(case: Case) -> list[str]:
    """The trail subjects that belong to a case (`_subject_sources`), as a list; each file once."""
    subjects = []
    for rows, prefix, field in _subject_sources(case):
        values = rows.values_list(field, flat=True)
        subjects += [f"{prefix}{v}" for v in (sorted(set(values)) if field == "blob_id" else values)]
    return subjects


def case_subjects_q(case: Case, records=None) -> Q:
    """A filter on trail entries: those about the case (`_subject_sources`) — in SQL, one query with the entries
    (the trail page of one case). `records`: the case's records the reader may see (default: all of them)."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    parts = [rows.annotate(subject_text=Concat(Value(prefix), Cast(field, CharField()), output_field=CharField()))
             .values("subject_text").order_by() for rows, prefix, field in _subject_sources(case, records)]
    # One IN over a UNION ALL, not an OR of INs: PostgreSQL reads an OR of subqueries by testing every entry of
    # the trail against each (issue 19), a single IN by the subject index.
    return Q(subject__in=parts[0].union(*parts[1:], all=True))


class _Writer:
    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, dict[str, Any]] = {}

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[rel] = {"sm3": SM3.hexdigest(data), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def json(self, rel: str, value: Any) -> None:
        self.write(rel, (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())

    def copy_blob(self, rel: str, chunks) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        a, b, size = hashlib.new("sm3"), hashlib.sha256(), 0
        with open(path, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
                a.update(chunk)
                b.update(chunk)
                size += len(chunk)
        self.files[rel] = {"sm3": a.hexdigest(), "sha256": b.hexdigest(), "size": size}


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def export_case(*, user, case: Case, out: Path, reason: str = "") -> dict[str, Any]:
    """Write the case's bundle into `out` (a new directory) and register the export in the trail."""
    if not may_export(user, case):
        raise NotAllowed(_("You may not export this case (R-ARC-3)."))
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ActionError({"out": [_("%(path)s exists and is not empty; name a new directory.") % {"path": out}]})
    out.mkdir(parents=True, exist_ok=True)
    w = _Writer(out)
    state = CaseState(case)
    w.json("data/case.json", {
        "number": case.number, "title": case.title, "procedure": case.procedure, "family": case.family,
        "status": case.status, "unit": case.unit.name, "opened_at": _iso(case.opened_at),
        "closed_at": _iso(case.closed_at), "is_major": case.is_major,
        "handlers": [{"name": o.name, "cert_no": o.cert_no} for o in case.handlers.all()],
        "parties": [{"kind": p.kind, "name": p.name, "id_type": p.id_type, "id_no": p.id_no} for p in
                    case.parties.all()]})
    # Each record exactly as it was hashed when recorded: the canonical form in its trail entry (a record read
    # back from the database prints its times in UTC, which would be another string for the same instant).
    hashed = {}
    for subject, payload in Entry.objects.filter(
            subject__in=[f"cases.record:{pk}" for pk in state.views],
            kind__in=("cases.record.create", "cases.record.correct")).values_list("subject", "payload"):
        hashed[int(subject.split(":")[1])] = json.loads(payload)["record"]
    for view in state.views.values():
        r: Record = view.record
        stem = f"data/records/{r.seq:03d}-{r.type}"
        w.json(f"{stem}.json", {"record_id": r.pk, "record": hashed.get(r.pk) or canonical_record(r, case.number),
                                "content_sm3": r.content_sm3, "status": view.status,
                                "approvals": [{"step": a.step, "agree": a.agree, "opinion": a.opinion,
                                               "name": a.name, "at": _iso(a.at)} for a in view.approvals]})
        html = render_to_string("web/record_print.html", {
            "record": r, "case": case, "rt": R[r.type], "rows": _rows(r), "approvals": view.approvals,
            "agency": case.agency, "bundle": True})
        w.write(f"{stem}.html", html.encode())
    blobs = get_store()
    index = []
    for rec in Recording.objects.current().filter(case=case).select_related("blob", "officer"):
        ext = Path(rec.filename).suffix.lower()[:8]
        rel = f"data/files/{rec.blob_id}{ext}"
        disposed = hasattr(rec.blob, "disposal")
        if rel not in w.files and not disposed:
            try:
                w.copy_blob(rel, blobs.read(rec.blob_id))
            except BlobMissing:
                raise ActionError(_("The stored file %(sm3)s is missing; run the fixity sweep.")
                                  % {"sm3": rec.blob_id}) from None
        index.append({"recording": rec.pk, "file": None if disposed else rel, "sm3": rec.blob_id,
                      "filename": rec.filename, "kind": rec.kind, "record": rec.record_id,
                      "device_no": rec.device_no, "officer": rec.officer.name if rec.officer else "",
                      "started_at": _iso(rec.started_at), "ended_at": _iso(rec.ended_at),
                      "uploaded_at": _iso(rec.uploaded_at), "disposed": disposed})
    w.json("data/files/index.json", index)

    with transaction.atomic():
        entries = list(Entry.objects.filter(subject__in=case_subjects(case)).order_by("seq"))
        export = store.append(EXPORT_KIND, f"cases.case:{case.pk}", {
            "case": case.number, "reason": reason, "entries": [e.seq for e in entries], "files": w.files},
            user=user, agency_id=case.agency_id)
    checkpoint = store.make_checkpoint(force=True)
    entries.append(Entry.objects.get(seq=export.seq))
    with connection.cursor() as cursor:
        source = store.SubtreeSource(cursor)
        proofs = {str(e.seq): [p.hex() for p in merkle.inclusion_proof(e.seq - 1, checkpoint.tree_size, source)]
                  for e in entries}
    trail = out / "data" / "trail"
    trail.mkdir(parents=True, exist_ok=True)
    (trail / "entries.jsonl").write_text("".join(canonical_json(store.entry_doc(e)) + "\n" for e in entries),
                                         encoding="utf-8")
    (trail / "proofs.json").write_text(json.dumps(proofs, indent=0), encoding="utf-8")
    (trail / "checkpoint.json").write_text(json.dumps(store.checkpoint_doc(checkpoint), indent=1),
                                           encoding="utf-8")
    (out / "public-key.pem").write_text(store.public_key_pem(), encoding="utf-8")
    shutil.copyfile(VERIFIER, out / "verify_bundle.py")
    (out / "README.txt").write_text(README.format(case=case.number, key_id=checkpoint.key_id), encoding="utf-8")
    _bagit(out, case, export.seq, user)
    return {"case": case.number, "out": str(out), "export_seq": export.seq, "entries": len(entries),
            "records": len(state.views), "files": len([i for i in index if i["file"]]),
            "checkpoint": checkpoint.tree_size, "key_id": checkpoint.key_id}


README = """LawTrail case bundle — case {case}

Check it offline, with Python 3.10+ and the `cryptography` package only:

    python3 verify_bundle.py .

It checks every file against the SM3 and SHA-256 manifests, every trail entry against the signed
checkpoint (Ed25519, key id {key_id}), and that the export entry in the signed trail lists exactly what
this bundle holds. Compare the key id with the one the agency publishes, or pass --trusted-key KEY.pem.
"""


def _rows(record: Record) -> list[tuple[str, str]]:
    from lawtrail.web.case_views import content_rows

    return content_rows(record)


def _bagit(out: Path, case: Case, export_seq: int, user) -> None:
    """BagIt 1.0: payload manifests over data/, tag manifests over the tag files (RFC 8493)."""
    payload = sorted(p for p in (out / "data").rglob("*") if p.is_file())
    octets = sum(p.stat().st_size for p in payload)
    (out / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8")
    (out / "bag-info.txt").write_text(
        f"Source-Organization: {case.agency.name}\nExternal-Identifier: {case.number}\n"
        f"Bagging-Date: {dt.date.today().isoformat()}\nPayload-Oxum: {octets}.{len(payload)}\n"  # noqa: DTZ011
        f"Bag-Software-Agent: LawTrail\nLawTrail-Export-Entry: {export_seq}\nLawTrail-Exported-By: {user}\n",
        encoding="utf-8")
    _bagit_manifests_only(out)


def _bagit_manifests_only(out: Path) -> None:
    """(Re)write the payload and tag manifests from the files as they are."""
    payload = sorted(p for p in (out / "data").rglob("*") if p.is_file())
    hashes = {p: _file_hashes(p) for p in payload}
    for alg, i in (("sm3", 0), ("sha256", 1)):
        (out / f"manifest-{alg}.txt").write_text(
            "".join(f"{h[i]}  {p.relative_to(out).as_posix()}\n" for p, h in hashes.items()), encoding="utf-8")
    tags = [p for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith("tagmanifest-")]
    tag_hashes = {p: _file_hashes(p) for p in tags}
    for alg, i in (("sm3", 0), ("sha256", 1)):
        (out / f"tagmanifest-{alg}.txt").write_text(
            "".join(f"{h[i]}  {p.name}\n" for p, h in tag_hashes.items()), encoding="utf-8")


def _file_hashes(path: Path) -> tuple[str, str, int]:
    a, b, size = hashlib.new("sm3"), hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            a.update(chunk)
            b.update(chunk)
            size += len(chunk)
    return a.hexdigest(), b.hexdigest(), size
