"""Content-addressed blob storage (R-AV-6, R-ARC-6): both backends store by SM3 with SHA-256 beside it,
stream in bounded chunks, never overwrite, find known content again, and read byte ranges."""

from __future__ import annotations

import hashlib
import os

import pytest

from lawtrail.evidence.storage import BlobMissing, LocalBlobStore


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    return request.getfixturevalue("s3_store")


def chunks(data: bytes, size: int = 1 << 20):
    for i in range(0, len(data), size):
        yield data[i:i + size]


def test_stores_by_sm3_and_reads_back_ranges(store):
    data = os.urandom(20 * 1024 * 1024 + 123)  # more than two S3 parts
    stored = store.ingest(chunks(data))
    assert stored.sm3 == hashlib.new("sm3", data).hexdigest()
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data) and stored.created
    assert store.exists(stored.sm3) and store.size(stored.sm3) == len(data)
    assert b"".join(store.read(stored.sm3)) == data
    assert b"".join(store.read(stored.sm3, 1000, 5000)) == data[1000:5000]
    assert b"".join(store.read(stored.sm3, len(data) - 10)) == data[-10:]


def test_same_bytes_again_find_the_stored_blob(store):
    first = store.ingest([b"body-camera clip"])
    again = store.ingest([b"body-", b"camera clip"])
    assert again.sm3 == first.sm3 and not again.created


def test_empty_content_has_its_own_name(store):
    empty = store.ingest([])
    assert empty.size == 0 and empty.sm3 == hashlib.new("sm3", b"").hexdigest()
    assert b"".join(store.read(empty.sm3)) == b""


def test_missing_blob_is_reported(store):
    missing = "0" * 64
    assert not store.exists(missing)
    with pytest.raises(BlobMissing):
        store.size(missing)
    with pytest.raises(ValueError, match="not an SM3"):
        store.exists("../../etc/passwd")


def test_local_blobs_are_read_only_files_and_never_overwritten(tmp_path):
    store = LocalBlobStore(tmp_path / "blobs")
    stored = store.ingest([b"original"])
    path = store.path(stored.sm3)
    assert oct(path.stat().st_mode & 0o777) == "0o444"
    again = store.ingest([b"original"])
    assert not again.created and path.read_bytes() == b"original"
    assert list((tmp_path / "blobs" / "incoming").iterdir()) == []  # nothing half-stored is left behind
