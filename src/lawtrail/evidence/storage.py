"""Content-addressed blob storage for audio-video and other files (R-AV-5, R-AV-6, R-ARC-6).

A blob is named by the SM3 of its bytes (SHA-256 kept beside it for outside tools). Once stored it is
never changed or overwritten: storing the same bytes again finds the blob that is there. Bytes stream
through in chunks — hashes are computed while they pass, memory stays bounded whatever the size — and
never pass through the database. One interface, two backends: the local filesystem (default) and any
S3-compatible object store. Removing a blob is for the approved disposal action only (retention).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1024 * 1024  # 1 MiB: large enough for throughput, small enough to keep memory flat


class BlobMissing(Exception):  # noqa: N818 - reads as what happened
    pass


@dataclass(frozen=True)
class StoredBlob:
    sm3: str
    sha256: str
    size: int
    created: bool  # False: the same bytes were already stored


class Digests:
    """SM3 and SHA-256 over bytes as they pass."""

    def __init__(self) -> None:
        self.sm3 = hashlib.new("sm3")
        self.sha256 = hashlib.sha256()
        self.size = 0

    def update(self, data: bytes) -> None:
        self.sm3.update(data)
        self.sha256.update(data)
        self.size += len(data)

    def hexdigests(self) -> tuple[str, str]:
        return self.sm3.hexdigest(), self.sha256.hexdigest()


class PipelinedDigests:
    """The same two digests, each computed in its own thread while the caller writes: hashlib releases
    the GIL on large updates, so SM3, SHA-256 and the disk write overlap and the wall time is about that
    of SM3 alone. The queues are bounded, so memory stays at a few chunks whatever the size."""

    DEPTH = 8

    def __init__(self) -> None:
        import queue
        import threading

        self.size = 0
        self._hashes = [hashlib.new("sm3"), hashlib.sha256()]
        self._queues = [queue.Queue(self.DEPTH) for _ in self._hashes]
        self._threads = [threading.Thread(target=self._run, args=(h, q), daemon=True)
                         for h, q in zip(self._hashes, self._queues, strict=True)]
        for t in self._threads:
            t.start()

    @staticmethod
    def _run(h, q) -> None:
        while (chunk := q.get()) is not None:
            h.update(chunk)

    def update(self, data: bytes) -> None:
        data = bytes(data)
        self.size += len(data)
        for q in self._queues:
            q.put(data)

    def hexdigests(self) -> tuple[str, str]:
        """Finish (also after a failure, to end the threads); may be called more than once."""
        if self._threads[0].is_alive():
            for q in self._queues:
                q.put(None)
            for t in self._threads:
                t.join()
        return self._hashes[0].hexdigest(), self._hashes[1].hexdigest()


def hash_stream(chunks: Iterable[bytes]) -> tuple[str, str, int]:
    d = Digests()
    for chunk in chunks:
        d.update(chunk)
    return (*d.hexdigests(), d.size)


def read_chunks(f: BinaryIO, limit: int | None = None) -> Iterator[bytes]:
    left = limit
    while left is None or left > 0:
        data = f.read(CHUNK if left is None else min(CHUNK, left))
        if not data:
            return
        if left is not None:
            left -= len(data)
        yield data


class BlobStore(Protocol):
    name: str

    def ingest(self, chunks: Iterable[bytes]) -> StoredBlob: ...

    def ingest_file(self, path: Path, sm3: str, sha256: str) -> StoredBlob: ...

    def exists(self, sm3: str) -> bool: ...

    def size(self, sm3: str) -> int: ...

    def read(self, sm3: str, start: int = 0, end: int | None = None) -> Iterator[bytes]: ...

    def remove(self, sm3: str) -> None: ...


def _check_name(sm3: str) -> str:
    if len(sm3) != 64 or any(c not in "0123456789abcdef" for c in sm3):
        raise ValueError(f"not an SM3 hex digest: {sm3!r}")
    return sm3


class LocalBlobStore:
    """Files under `root/ab/cd/<sm3>`, read-only once in place. A blob is written to `root/incoming`
    first and linked into place only when complete, so a crash never leaves half a blob under a name."""

    name = "local"

    def __init__(self, root: Path):
        self.root = Path(root)
        self.incoming = self.root / "incoming"
        self.incoming.mkdir(parents=True, exist_ok=True)

    def path(self, sm3: str) -> Path:
        _check_name(sm3)
        return self.root / sm3[:2] / sm3[2:4] / sm3

    def _place(self, tmp: Path, sm3: str) -> bool:
        final = self.path(sm3)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o444)
        try:
            os.link(tmp, final)  # fails if the name exists: never overwrite (R-AV-6)
            created = True
        except FileExistsError:
            created = False
        tmp.unlink()
        return created

    def ingest(self, chunks: Iterable[bytes]) -> StoredBlob:
        fd, name = tempfile.mkstemp(dir=self.incoming)
        tmp = Path(name)
        d = PipelinedDigests()
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in chunks:
                    d.update(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            sm3, sha = d.hexdigests()
            return StoredBlob(sm3, sha, d.size, self._place(tmp, sm3))
        finally:
            d.hexdigests()
            tmp.unlink(missing_ok=True)

    def ingest_file(self, path: Path, sm3: str, sha256: str) -> StoredBlob:
        """Take a complete file whose hashes were computed as it arrived: moved into place, not copied,
        when it is on the same filesystem."""
        size = path.stat().st_size
        tmp = self.incoming / f"{uuid.uuid4().hex}.part"
        try:
            os.replace(path, tmp)
        except OSError:  # another filesystem: copy
            shutil.copyfile(path, tmp)
            path.unlink()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        return StoredBlob(sm3, sha256, size, self._place(tmp, sm3))

    def exists(self, sm3: str) -> bool:
        return self.path(sm3).is_file()

    def size(self, sm3: str) -> int:
        try:
            return self.path(sm3).stat().st_size
        except FileNotFoundError:
            raise BlobMissing(sm3) from None

    def read(self, sm3: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Bytes start..end (end exclusive, None = to the end), in chunks."""
        try:
            f = open(self.path(sm3), "rb")  # noqa: SIM115 - closed by the generator
        except FileNotFoundError:
            raise BlobMissing(sm3) from None
        return self._gen(f, start, end)

    @staticmethod
    def _gen(f: BinaryIO, start: int, end: int | None) -> Iterator[bytes]:
        with f:
            f.seek(start)
            yield from read_chunks(f, None if end is None else end - start)

    def remove(self, sm3: str) -> None:
        path = self.path(sm3)
        os.chmod(path, 0o644)
        path.unlink()


class S3BlobStore:
    """Objects `blobs/<sm3>` in one bucket of any S3-compatible store. Streams are uploaded in parts
    to a temporary key while hashed, then copied to their name unless that name exists already."""

    name = "s3"
    PART = 8 * 1024 * 1024  # S3 parts must be ≥ 5 MiB except the last

    def __init__(self, *, bucket: str, endpoint_url: str | None = None, region: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None, client=None):
        import boto3

        self.bucket = bucket
        self.client = client or boto3.client("s3", endpoint_url=endpoint_url, region_name=region or "us-east-1",
                                             aws_access_key_id=access_key, aws_secret_access_key=secret_key)

    @staticmethod
    def key(sm3: str) -> str:
        return f"blobs/{_check_name(sm3)}"

    def exists(self, sm3: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sm3))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def size(self, sm3: str) -> int:
        from botocore.exceptions import ClientError

        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.key(sm3))["ContentLength"]
        except ClientError:
            raise BlobMissing(sm3) from None

    def ingest(self, chunks: Iterable[bytes]) -> StoredBlob:
        tmp_key = f"incoming/{uuid.uuid4().hex}"
        d = Digests()
        upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=tmp_key)
        parts, buf, number = [], bytearray(), 1
        try:
            for chunk in chunks:
                d.update(chunk)
                buf += chunk
                while len(buf) >= self.PART:
                    parts.append(self._part(tmp_key, upload["UploadId"], number, bytes(buf[:self.PART])))
                    del buf[:self.PART]
                    number += 1
            if buf or not parts:
                parts.append(self._part(tmp_key, upload["UploadId"], number, bytes(buf)))
            self.client.complete_multipart_upload(Bucket=self.bucket, Key=tmp_key, UploadId=upload["UploadId"],
                                                  MultipartUpload={"Parts": parts})
        except BaseException:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=tmp_key, UploadId=upload["UploadId"])
            raise
        sm3, sha = d.hexdigests()
        try:
            created = not self.exists(sm3)
            if created:
                self.client.copy({"Bucket": self.bucket, "Key": tmp_key}, self.bucket, self.key(sm3))
        finally:
            self.client.delete_object(Bucket=self.bucket, Key=tmp_key)
        return StoredBlob(sm3, sha, d.size, created)

    def _part(self, key: str, upload_id: str, number: int, data: bytes) -> dict:
        r = self.client.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data)
        return {"PartNumber": number, "ETag": r["ETag"]}

    def ingest_file(self, path: Path, sm3: str, sha256: str) -> StoredBlob:
        size = path.stat().st_size
        created = not self.exists(sm3)
        if created:
            self.client.upload_file(str(path), self.bucket, self.key(sm3))
        path.unlink()
        return StoredBlob(sm3, sha256, size, created)

    def read(self, sm3: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        if end is not None and end <= start:
            return iter(())
        extra = {} if start == 0 and end is None else {"Range": f"bytes={start}-{'' if end is None else end - 1}"}
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(sm3), **extra)["Body"]
        except ClientError:
            raise BlobMissing(sm3) from None
        return body.iter_chunks(CHUNK)

    def remove(self, sm3: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sm3))


_store: BlobStore | None = None


def get_store() -> BlobStore:
    """The configured store (settings.LAWTRAIL["BLOB_STORE"]): built once per process."""
    global _store
    from django.conf import settings

    conf = settings.LAWTRAIL
    key = (conf["BLOB_STORE"], conf.get("BLOB_ROOT"), conf.get("S3_BUCKET"), conf.get("S3_ENDPOINT"))
    if _store is None or getattr(_store, "_key", None) != key:
        if conf["BLOB_STORE"] == "s3":
            _store = S3BlobStore(bucket=conf["S3_BUCKET"], endpoint_url=conf.get("S3_ENDPOINT") or None,
                                 region=conf.get("S3_REGION") or None, access_key=conf.get("S3_ACCESS_KEY") or None,
                                 secret_key=conf.get("S3_SECRET_KEY") or None)
        else:
            _store = LocalBlobStore(Path(conf["BLOB_ROOT"]))
        _store._key = key  # type: ignore[union-attr]
    return _store
