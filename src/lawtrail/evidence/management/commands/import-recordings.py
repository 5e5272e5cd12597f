"""`lawtrail import-recordings DIR --device NO --user USER [--case ID] [--record ID]`: ingest a body camera's
card dump or a docking station (采集站) folder — video, audio, photos — into the blob store (R-AV-5).

Each file is hashed while it is copied, its start time and duration are read from the media itself, and
it is attributed to the officer who had the device on loan then (R-AV-8). A re-run imports nothing
twice: a file whose bytes this device already delivered is reported as done. Killed at any moment
(even kill -9) and run again, it finishes with nothing lost or duplicated: a blob is linked into place
only when complete, and its rows and trail entries are written in one transaction afterwards.
Nothing is silently skipped: every file is reported as imported, already there, or refused and why.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lawtrail.access.models import User
from lawtrail.cases.models import Case, Record
from lawtrail.evidence import actions, media, probe
from lawtrail.evidence.models import Device, Recording
from lawtrail.evidence.storage import CHUNK, LocalBlobStore, get_store

STALE_INCOMING_S = 3600


class Progress:
    """One line per file on stderr, redrawn as bytes go by."""

    def __init__(self, index: int, total: int, name: str, size: int, stream=sys.stderr):
        self.prefix, self.size, self.done, self.stream = f"[{index}/{total}] {name}", max(size, 1), 0, stream
        self.last = 0.0

    def __call__(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last > 0.2 or self.done >= self.size:
            self.last = now
            filled = int(30 * self.done / self.size)
            self.stream.write(f"\r{self.prefix} [{'#' * filled}{'.' * (30 - filled)}] {100 * self.done // self.size}%")
            self.stream.flush()

    def end(self, outcome: str) -> None:
        self.stream.write(f"\r{self.prefix}: {outcome}\n")
        self.stream.flush()


def _chunks(path: Path, progress: Progress):
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            progress(len(chunk))
            yield chunk


class Command(BaseCommand):
    help = "Import a body camera's card dump or a docking-station folder (video, audio, photos)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--device", required=True, help="the device number in the agency's registry")
        parser.add_argument("--user", required=True, help="who imports (an officer, head or custodian)")
        parser.add_argument("--case", type=int, help="link every file to this case")
        parser.add_argument("--record", type=int, help="and to this step of it")

    def handle(self, *args, directory, device, user, case=None, record=None, **options):
        root = Path(directory)
        if not root.is_dir():
            raise CommandError(f"{root} is not a directory", returncode=2)
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None or not actor.agency_id:
            raise CommandError(f"no user {user} of an agency", returncode=2)
        dev = Device.objects.filter(agency_id=actor.agency_id, number=device).first()
        if dev is None:
            raise CommandError(f"device {device} is not in the agency's registry (register it first)", returncode=2)
        case_obj = Case.objects.filter(pk=case, agency_id=actor.agency_id).first() if case else None
        if case and case_obj is None:
            raise CommandError(f"no case {case} in the agency", returncode=2)
        record_obj = Record.objects.filter(pk=record, case=case_obj).first() if record else None
        if record and record_obj is None:
            raise CommandError(f"no step {record} in case {case}", returncode=2)
        blobs = get_store()
        if isinstance(blobs, LocalBlobStore):  # leftovers of a killed run: never a named blob, safe to drop
            for leftover in blobs.incoming.iterdir():
                if time.time() - leftover.stat().st_mtime > STALE_INCOMING_S:
                    leftover.unlink(missing_ok=True)
        files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        counts = {"imported": 0, "already": 0, "refused": 0}
        for i, path in enumerate(files, start=1):
            progress = Progress(i, len(files), path.relative_to(root), path.stat().st_size)
            with open(path, "rb") as f:
                kind = media.sniff(f.read(media.SNIFF_BYTES))
            if kind is None:
                counts["refused"] += 1
                progress.end("refused: not a video, audio or photo file")
                continue
            stored = blobs.ingest(_chunks(path, progress))
            outcome = self._record(actor, dev, path, kind, stored, case_obj, record_obj)
            counts["imported" if outcome.startswith("imported") else "already"] += 1
            progress.end(outcome)
        self.stdout.write(f"{counts['imported']} imported, {counts['already']} already there, "
                          f"{counts['refused']} refused (of {len(files)} files)")

    def _record(self, actor, dev, path: Path, kind: str, stored, case_obj, record_obj) -> str:
        info = probe.probe(path) if kind in ("video", "audio") else probe.Probe(None, None, "")
        with transaction.atomic():
            blob = actions.blob_row(user=actor, stored=stored)
            if Recording.objects.filter(agency_id=actor.agency_id, blob=blob, device_no=dev.number).exists():
                return "already imported from this device"
            recording = actions.add_recording(
                user=actor, agency_id=actor.agency_id, blob=blob, kind=kind, filename=path.name,
                case_id=case_obj.pk if case_obj else None, record_id=record_obj.pk if record_obj else None,
                device_no=dev.number, started_at=info.started_at, ended_at=info.ended_at,
                trail={"duration_s": info.duration_s, "probe_problem": info.problem or None, "source": "dock import",
                       "path": path.name})
        officer = recording.officer
        who = f", {officer.name}" if officer else ", no loan on record for that time" if info.started_at else ""
        note = f" ({info.problem})" if info.problem else ""
        return f"imported {kind}{who}{note}"
