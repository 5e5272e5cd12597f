"""Viewing with HTTP Range streaming; every view and download is a trail entry naming who, which file and
which bytes (R-AV, R-ARC-4)."""

from __future__ import annotations

import json
import os

import pytest

from lawtrail.access.models import User
from lawtrail.evidence import actions
from lawtrail.evidence.storage import get_store
from lawtrail.ledger.models import Entry

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@pytest.fixture
def recording(walker):
    walker.open("penalty")
    officer = User.objects.get(username="officer")
    data = MP4 + os.urandom(100_000)
    upload = actions.create_upload(user=officer, length=len(data),
                                   metadata={"case": str(walker.case_id), "filename": "DSJ_0003.MP4"})
    actions.append_bytes(user=officer, upload=upload, at=0, stream=iter([data]))
    upload.refresh_from_db()
    return upload.recording, data


def _last(kind: str) -> dict:
    return json.loads(Entry.objects.filter(kind=kind).latest("seq").payload)


def test_whole_file_and_ranges_are_served_and_recorded(walker, recording):
    rec, data = recording
    url = f"/recordings/{rec.pk}/file"
    whole = walker.officer.get(url)
    assert whole.status_code == 200 and whole["Content-Type"] == "video/mp4" and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == data
    assert _last("evidence.recording.view")["range"] == [0, len(data)]
    part = walker.officer.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert b"".join(part.streaming_content) == data[10:20]
    view = Entry.objects.filter(kind="evidence.recording.view").latest("seq")
    assert json.loads(view.payload)["range"] == [10, 20] and view.actor_id == User.objects.get(username="officer").pk
    tail = walker.officer.get(url, HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == data[-5:]
    assert walker.officer.get(url, HTTP_RANGE=f"bytes={len(data)}-").status_code == 416
    assert walker.officer.get(url, HTTP_RANGE="pages=1-2").status_code == 416
    download = walker.officer.get(url + "?download=1")
    assert "attachment" in download["Content-Disposition"]
    assert _last("evidence.recording.download")["sm3"] == rec.blob_id


def test_other_agency_and_missing_bytes(walker, recording, other_agency):
    from tests.conftest import login

    rec, _data = recording
    assert login(other_agency["admin"]).get(f"/recordings/{rec.pk}/file").status_code == 404
    get_store().remove(rec.blob_id)
    assert walker.officer.get(f"/recordings/{rec.pk}/file").status_code == 410


def test_record_page_shows_the_player_and_upload_form(walker, recording):
    rec, _data = recording
    walker.record("case_source")
    case = walker.case()
    source = case["records"][0]["id"]
    from lawtrail.evidence.models import Recording

    assert Recording.objects.filter(pk=rec.pk, record__isnull=True).exists()
    page = walker.officer.get(f"/records/{source}/").content.decode()
    assert 'class="tus-upload' in page and "upload.js" in page
