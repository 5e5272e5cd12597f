"""Fixity (R-AV-6, R-ARC-6): a changed byte or a deleted file in storage — local or S3 — is caught by
`lawtrail verify` and by the fixity sweep, which records what it found in the trail."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command

from lawtrail.evidence import actions
from lawtrail.evidence.storage import get_store
from lawtrail.ledger.models import Entry

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@pytest.fixture(params=["local", "s3"])
def backend(request, settings):
    if request.param == "s3":
        server = request.getfixturevalue("s3_server")
        bucket = f"fixity-{os.urandom(4).hex()}"
        settings.LAWTRAIL = {**settings.LAWTRAIL, "BLOB_STORE": "s3", "S3_ENDPOINT": server, "S3_BUCKET": bucket,
                             "S3_ACCESS_KEY": "test", "S3_SECRET_KEY": "test"}
        get_store().client.create_bucket(Bucket=bucket)
    return request.param


def _stored(officer_user, data: bytes) -> str:
    upload = actions.create_upload(user=officer_user, length=len(data), metadata={"filename": "clip.mp4"})
    actions.append_bytes(user=officer_user, upload=upload, at=0, stream=iter([data]))
    upload.refresh_from_db()
    return upload.blob_id


def _verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify", "--workers", "1", stdout=out, stderr=err)
        return 0, out.getvalue()
    except CommandError as exc:
        return exc.returncode, f"{exc} {err.getvalue()}"


def _tamper(backend: str, sm3: str, data: bytes) -> None:
    store = get_store()
    if backend == "local":
        path = store.path(sm3)
        path.chmod(0o644)
        path.write_bytes(data)
    else:
        store.client.put_object(Bucket=store.bucket, Key=store.key(sm3), Body=data)


def test_changed_bytes_are_caught(backend, officer_user):
    data = MP4 + os.urandom(300_000)
    sm3 = _stored(officer_user, data)
    code, text = _verify()
    assert code == 0 and "1 files" in text
    _tamper(backend, sm3, data[:-1] + bytes([data[-1] ^ 1]))
    code, text = _verify()
    assert code == 1 and sm3 in text and "changed" in text
    with pytest.raises(CommandError):
        call_command("fixity", stdout=io.StringIO(), stderr=io.StringIO())
    problem = Entry.objects.filter(kind="evidence.fixity.problem").get()
    assert sm3 in problem.payload


def test_deleted_file_is_caught(backend, officer_user):
    sm3 = _stored(officer_user, MP4 + os.urandom(1000))
    get_store().remove(sm3)
    code, text = _verify()
    assert code == 1 and "missing" in text and sm3 in text


def test_clean_sweep_is_recorded(officer_user):
    _stored(officer_user, MP4 + os.urandom(1000))
    out = io.StringIO()
    call_command("fixity", stdout=out)
    assert "1 files OK" in out.getvalue()
    assert '"problems":0' in Entry.objects.get(kind="evidence.fixity.sweep").payload
