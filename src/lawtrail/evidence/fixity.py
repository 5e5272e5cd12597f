"""Fixity: every stored file is re-hashed and compared with the hashes the trail recorded when it was
stored (R-AV-6, R-ARC-6). A changed byte, a missing file or a blob row altered underneath the system is
named. Used by `lawtrail verify` and by the scheduled sweep (`lawtrail fixity`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from lawtrail.evidence.models import Blob, Disposal
from lawtrail.evidence.storage import BlobMissing, BlobStore, get_store, hash_stream
from lawtrail.ledger.models import Entry


@dataclass(frozen=True)
class FixityProblem:
    sm3: str
    message: str

    def __str__(self) -> str:
        return f"file {self.sm3}: {self.message}"


def recorded_blobs() -> dict[str, dict]:
    """What the trail says was stored: sm3 → {sha256, size}."""
    out = {}
    for payload in Entry.objects.filter(kind="evidence.blob.store").values_list("payload", flat=True).iterator():
        doc = json.loads(payload)
        out[doc["sm3"]] = doc
    return out


def check(store: BlobStore | None = None) -> Iterator[FixityProblem | tuple[str, int]]:
    """Yield a problem for each file that does not match, and (sm3, size) for each that does."""
    store = store or get_store()
    recorded = recorded_blobs()
    rows = {b.sm3: b for b in Blob.objects.all().iterator()}
    disposed = set(Disposal.objects.values_list("blob_id", flat=True))
    for sm3 in sorted(set(recorded) - set(rows)):
        yield FixityProblem(sm3, "in the trail but its row is gone from the database")
    for sm3, blob in sorted(rows.items()):
        doc = recorded.get(sm3)
        if doc is None:
            yield FixityProblem(sm3, "a stored-file row with no trail entry")
            continue
        if (blob.sha256, blob.size) != (doc["sha256"], doc["size"]):
            yield FixityProblem(sm3, "its row's SHA-256 or size differs from the trail")
            continue
        if sm3 in disposed:  # deleted after retention with approval: the tombstone keeps the hashes
            if store.exists(sm3):
                yield FixityProblem(sm3, "disposed of, but its bytes are still stored")
            continue
        try:
            got_sm3, got_sha, size = hash_stream(store.read(sm3))
        except BlobMissing:
            yield FixityProblem(sm3, "the file is missing from storage")
            continue
        if got_sm3 != sm3 or got_sha != doc["sha256"] or size != doc["size"]:
            yield FixityProblem(sm3, f"the stored bytes changed (now SM3 {got_sm3}, {size} bytes)")
            continue
        yield sm3, size
