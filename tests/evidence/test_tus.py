"""Resumable uploads over tus 1.0 (R-AV-5): created, interrupted and resumed, hashed as the bytes arrive,
checked against the client's checksum, refused when empty or not media, linked to the case step, and
a second upload of the same content linked to the blob already stored."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os

import pytest

from lawtrail.evidence import actions
from lawtrail.evidence.models import Blob, Recording, Upload
from lawtrail.evidence.storage import get_store
from lawtrail.ledger.models import Entry
from lawtrail.workdays.calendar import CHINA

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def video(size: int = 3 * 1024 * 1024) -> bytes:
    return MP4_HEAD + os.urandom(size - len(MP4_HEAD))


def meta(**kv) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in kv.items())


def create(client, length: int, **metadata):
    return client.post("/tus/", **TUS, HTTP_UPLOAD_LENGTH=str(length), HTTP_UPLOAD_METADATA=meta(**metadata))


def patch(client, url: str, data: bytes, offset: int, **headers):
    return client.generic("PATCH", url, data, content_type="application/offset+octet-stream",
                          **TUS, HTTP_UPLOAD_OFFSET=str(offset), **headers)


@pytest.fixture
def step(walker):
    """An inspection step of a case that must be filmed (R-INV-6)."""
    walker.open("penalty")
    walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    filing = walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 10, tzinfo=CHINA))
    walker.approve(filing["id"])
    return walker.record("site_inspection", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))


def test_options_announce_the_protocol(walker):
    r = walker.officer.options("/tus/")
    assert r.status_code == 204
    assert r["Tus-Version"] == "1.0.0" and "creation" in r["Tus-Extension"] and "checksum" in r["Tus-Extension"]
    assert "sha1" in r["Tus-Checksum-Algorithm"]


def test_upload_interrupted_and_resumed_is_stored_once_and_linked_to_the_step(walker, step):
    data = video()
    sm3 = hashlib.new("sm3", data).hexdigest()
    r = create(walker.officer, len(data), filename="DSJ_0001.MP4", case=walker.case_id, record=step["id"], sm3=sm3)
    assert r.status_code == 201, r.content
    url = r["Location"].replace("http://testserver", "")
    assert walker.officer.head(url, **TUS)["Upload-Offset"] == "0"
    # The first request brings only part of the file (the connection broke); the server keeps it.
    part = 1024 * 1024 + 17
    assert patch(walker.officer, url, data[:part], 0).status_code == 204
    assert walker.officer.head(url, **TUS)["Upload-Offset"] == str(part)
    # Resuming from a wrong offset is refused with the right one.
    wrong = patch(walker.officer, url, data[part:], 0)
    assert wrong.status_code == 409 and wrong["Upload-Offset"] == str(part)
    # The server forgets its hash state (another worker, a restart): it hashes the partial file again.
    actions._digests.clear()
    done = patch(walker.officer, url, data[part:], part)
    assert done.status_code == 204 and done["Upload-Offset"] == str(len(data))
    assert b"".join(get_store().read(sm3)) == data
    recording = Recording.objects.get()
    assert recording.blob_id == sm3 and recording.record_id == step["id"] and recording.case_id == walker.case_id
    assert recording.kind == "video" and recording.filename == "DSJ_0001.MP4"
    kinds = list(Entry.objects.filter(kind__startswith="evidence.").values_list("kind", flat=True))
    assert kinds == ["evidence.upload.create", "evidence.blob.store", "evidence.recording.create"]
    status = walker.officer.get(url, **TUS).json()
    assert status["state"] == "complete" and status["sm3"] == sm3


def test_interrupted_request_keeps_the_bytes_received(walker, step):
    """A connection that breaks inside a request: what arrived is written and the client resumes there."""
    data = video(2 * 1024 * 1024)
    upload = actions.create_upload(user=walker_user(walker), length=len(data), metadata={"case": str(walker.case_id)})

    def broken():
        yield data[:700_000]
        raise OSError("client went away")

    assert actions.append_bytes(user=upload.user, upload=upload, at=0, stream=broken()) == 700_000
    assert actions.offset(upload) == 700_000
    actions.append_bytes(user=upload.user, upload=upload, at=700_000, stream=iter([data[700_000:]]))
    upload.refresh_from_db()
    assert upload.state == "complete" and upload.blob_id == hashlib.new("sm3", data).hexdigest()


def walker_user(walker):
    from lawtrail.access.models import User

    return User.objects.get(username="officer")


def test_whole_file_checksum_mismatch_keeps_nothing(walker):
    data = video(1024 * 1024)
    r = create(walker.officer, len(data), sm3="0" * 64)
    url = r["Location"].replace("http://testserver", "")
    bad = patch(walker.officer, url, data, 0)
    assert bad.status_code == 460 and "SM3" in bad.content.decode()
    assert Blob.objects.count() == 0 and Recording.objects.count() == 0
    upload = Upload.objects.get()
    assert upload.state == "failed" and not actions.partial_path(upload).exists()
    assert walker.officer.head(url, **TUS).status_code == 410


def test_request_checksum_mismatch_drops_only_that_request(walker):
    data = video(1024 * 1024)
    url = create(walker.officer, len(data))["Location"].replace("http://testserver", "")
    half = len(data) // 2
    good = base64.b64encode(hashlib.sha1(data[:half]).digest()).decode()  # noqa: S324 - tus requires sha1
    assert patch(walker.officer, url, data[:half], 0, HTTP_UPLOAD_CHECKSUM=f"sha1 {good}").status_code == 204
    wrong = base64.b64encode(hashlib.sha1(b"other").digest()).decode()  # noqa: S324
    r = patch(walker.officer, url, data[half:], half, HTTP_UPLOAD_CHECKSUM=f"sha1 {wrong}")
    assert r.status_code == 460 and r["Upload-Offset"] == str(half)
    sm3sum = base64.b64encode(hashlib.new("sm3", data[half:]).digest()).decode()
    assert patch(walker.officer, url, data[half:], half, HTTP_UPLOAD_CHECKSUM=f"sm3 {sm3sum}").status_code == 204
    assert Blob.objects.get().sm3 == hashlib.new("sm3", data).hexdigest()


def test_empty_file_and_not_media_are_refused_with_the_reason(walker):
    empty = create(walker.officer, 0, filename="empty.mp4")
    assert empty.status_code == 400 and "0" in empty.content.decode()
    text = "这不是视频文件，而是一份文本。".encode() * 50
    url = create(walker.officer, len(text), filename="notes.mp4")["Location"].replace("http://testserver", "")
    r = patch(walker.officer, url, text, 0)
    assert r.status_code == 400 and "file" in r.json()["errors"]
    assert Blob.objects.count() == 0 and Upload.objects.get(pk=url.rsplit("/", 1)[1]).state == "failed"


def test_duplicate_upload_links_the_existing_blob(walker, step):
    data = video(1024 * 1024)
    for name in ("first.mp4", "again.mp4"):
        url = create(walker.officer, len(data), filename=name, case=walker.case_id,
                     record=step["id"])["Location"].replace("http://testserver", "")
        assert patch(walker.officer, url, data, 0).status_code == 204
    assert Blob.objects.count() == 1 and Recording.objects.count() == 2
    assert Entry.objects.filter(kind="evidence.blob.store").count() == 1
    last = Entry.objects.filter(kind="evidence.recording.create").latest("seq")
    assert '"duplicate_of_stored":true' in last.payload


@pytest.mark.parametrize(("headers", "status"), [
    ({"HTTP_TUS_RESUMABLE": "0.2.2"}, 412),
])
def test_protocol_errors(walker, headers, status):
    r = walker.officer.post("/tus/", HTTP_UPLOAD_LENGTH="10", **headers)
    assert r.status_code == status


def test_wrong_content_type_other_users_and_metadata(walker, other_agency):
    data = video(1024 * 1024)
    url = create(walker.officer, len(data))["Location"].replace("http://testserver", "")
    r = walker.officer.generic("PATCH", url, data, content_type="video/mp4", **TUS, HTTP_UPLOAD_OFFSET="0")
    assert r.status_code == 415
    assert walker.admin.head(url, **TUS).status_code == 404  # another user's upload does not exist for them
    bad = create(walker.officer, 10, case=999999, colour="red")
    assert bad.status_code == 400 and {"case", "Upload-Metadata"} <= set(bad.json()["errors"])
    huge = walker.officer.post("/tus/", **TUS, HTTP_UPLOAD_LENGTH=str(10**15))
    assert huge.status_code == 413
    assert walker.officer.delete(url, **TUS).status_code == 204
    assert walker.officer.head(url, **TUS).status_code == 410
