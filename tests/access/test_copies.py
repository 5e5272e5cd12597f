"""Copies handed out (R-ARC-4, HY-A6 21–22, WH 28; R-ARC-5, LC 33): after the head approves a request for
copies, the custodian makes them; each carries a visible watermark with the requester, the time and the
request number — records' printable forms, photos, every video frame — and is a "copy" row of the register.
Audio is handed out as it is and says so; state secrets are not copied out; nothing is made for a request
that is not approved, asks only to view, or has run out."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import av
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from lawtrail.ledger.hashing import SM3
from lawtrail.ledger.models import Entry
from lawtrail.workdays.calendar import CHINA
from tests.conftest import _user, login, store_recording

GREY = (128, 128, 128)


def jpeg(size=(640, 480)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, GREY).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def mp4_with_sound(seconds: int = 2) -> bytes:
    """A real MP4: a grey picture at 10 frames a second and a 440 Hz tone (AAC)."""
    import math

    buf = io.BytesIO()
    with av.open(buf, "w", format="mp4") as out:
        v = out.add_stream("mpeg4", rate=10)
        v.width, v.height, v.pix_fmt = 320, 240, "yuv420p"
        a = out.add_stream("aac", rate=44100)
        for i in range(10 * seconds):
            frame = av.VideoFrame.from_image(Image.new("RGB", (320, 240), GREY))
            frame.pts = i
            for p in v.encode(frame):
                out.mux(p)
        tone = [int(8000 * math.sin(2 * math.pi * 440 * n / 44100)) for n in range(44100 * seconds)]
        samples = b"".join(t.to_bytes(2, "little", signed=True) for t in tone)
        for start in range(0, len(samples), 1024 * 2):
            chunk = samples[start:start + 1024 * 2]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk) // 2)
            frame.planes[0].update(chunk)
            frame.sample_rate = 44100
            for p in a.encode(frame):
                out.mux(p)
        for stream in (v, a):
            for p in stream.encode():
                out.mux(p)
    return buf.getvalue()


def wav(seconds: float = 0.5) -> bytes:
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x10" * int(8000 * seconds))
    return buf.getvalue()


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def world(walker, tmp_path, settings):
    settings.LAWTRAIL = {**settings.LAWTRAIL, "BLOB_ROOT": str(tmp_path / "blobs"),
                         "UPLOAD_ROOT": str(tmp_path / "uploads")}
    walker.open("penalty")
    source = walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    walker.approve(walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 11, tzinfo=CHINA))["id"])
    inquiry = walker.record("inquiry", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))
    secret = walker.record("inquiry", at=dt.datetime(2026, 3, 3, 15, tzinfo=CHINA))
    assert post(login(_user("legal")), f"/api/v1/records/{secret['id']}/secrecy",
                {"level": "state", "reason": "涉及国家秘密"}).status_code == 201
    media = {key: store_recording(data, case=walker.case_id, record=inquiry["id"], filename=name).pk
             for key, data, name in (("photo", jpeg(), "现场照片.jpg"), ("video", mp4_with_sound(), "询问录像.mp4"),
                                     ("audio", wav(), "询问录音.wav"))}
    return {"case": walker.case_id, "number": walker.case()["number"], "source": source["id"],
            "inquiry": inquiry["id"], "secret": secret["id"], **media, "tmp": tmp_path}


def request(w, *, wants_copy=True, minutes=120, approve=True) -> int:
    until = (timezone.localtime() + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S")
    r = post(login(_user("custodian")), "/api/v1/access-requests", {
        "case": w["number"], "kind": "court", "requester_name": "刘法官", "requester_unit": "示例区人民法院",
        "phone": "027-12345678", "reason": "行政诉讼审理需要", "matter": "询问笔录及音像记录复制件",
        "wants_copy": wants_copy, "account": "supervisor", "valid_until": until})
    assert r.status_code == 201, r.content
    if approve:
        assert post(login(_user("unithead")), f"/api/v1/access-requests/{r.json()['id']}/decision",
                    {"approved": True, "opinion": "同意复制"}).status_code == 201
    return r.json()["id"]


def marked_quadrants(picture: Image.Image) -> int:
    """How many quadrants of a picture that was plain grey now carry watermark pixels."""
    picture = picture.convert("RGB")
    w, h = picture.size
    count = 0
    for x0, y0 in ((0, 0), (w // 2, 0), (0, h // 2), (w // 2, h // 2)):
        quadrant = picture.crop((x0, y0, x0 + w // 2, y0 + h // 2))
        lo, hi = zip(*quadrant.getextrema(), strict=True)
        count += max(hi) - min(lo) > 40  # text: light fill, dark outline on the grey
    return count


def test_custodian_hands_out_watermarked_copies_registered(world):
    req = request(world)
    custodian = login(_user("custodian"))
    page = custodian.get(f"/access/requests/{req}/copies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"调阅申请第{req}号" in html and "刘法官" in html
    assert f'name="records" value="{world["secret"]}"' not in html and "LC 33" in html  # a state secret
    response = custodian.post(f"/access/requests/{req}/copies/", {
        "records": [world["source"], world["inquiry"]],
        "recordings": [world["photo"], world["video"], world["audio"]]})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    z = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    root = z.namelist()[0].split("/")[0]
    manifest = json.loads(z.read(f"{root}/manifest.json"))
    assert manifest["request"] == f"调阅申请第{req}号" and manifest["approved_by"] == "张伟"
    assert manifest["custodian"] == "郑红" and "刘法官" in manifest["watermark"]
    items = {("record", i["record"]) if "record" in i else ("recording", i["recording"]): i
             for i in manifest["items"]}
    assert len(items) == 5
    for item in items.values():
        data = z.read(f"{root}/{item['file']}")
        assert SM3.hexdigest(data) == item["sm3"] and item["sm3"] != item["original_sm3"] or not item["watermarked"]
    record_html = z.read(f"{root}/{items['record', world['inquiry']]['file']}").decode()
    assert manifest["watermark"] in record_html and 'class="watermark"' in record_html
    photo = Image.open(io.BytesIO(z.read(f"{root}/{items['recording', world['photo']]['file']}")))
    assert photo.size == (640, 480) and marked_quadrants(photo) == 4
    with av.open(io.BytesIO(z.read(f"{root}/{items['recording', world['video']]['file']}"))) as copy:
        assert copy.streams.audio, "the sound is kept"
        frames = [f.to_image() for f in copy.decode(video=0)]
    assert len(frames) == 20 and all(marked_quadrants(f) == 4 for f in (frames[0], frames[-1]))
    audio = items["recording", world["audio"]]
    assert audio["watermarked"] is False and audio["why_not"]  # says why, in the language of the page
    assert z.read(f"{root}/{audio['file']}") == wav()  # handed out as it is, and said so
    # Each copy is a trail entry naming the request and the original, and a "copy" row of the register.
    copies = [json.loads(e.payload) for e in Entry.objects.filter(kind="access.copy")]
    assert len(copies) == 5 and {c["request"] for c in copies} == {req}
    assert {c["original_sm3"] for c in copies} >= {items["recording", world["photo"]]["original_sm3"]}
    register = custodian.get("/access/register/?format=csv").content.decode("utf-8-sig").splitlines()
    rows = [line for line in register if "刘法官" in line]
    assert len(rows) == 5 and all("示例区人民法院" in r and "张伟" in r and "郑红" in r for r in rows)


def test_no_copies_without_an_approved_running_request_for_copies(world):
    pending = request(world, approve=False)
    view_only = request(world, wants_copy=False)
    ok = request(world)
    custodian = login(_user("custodian"))
    body = {"records": [world["source"]]}
    refused = custodian.get(f"/access/requests/{pending}/copies/")
    assert refused.status_code == 200 and "R-ARC-3" in refused.content.decode() and 'name="records"' not in \
        refused.content.decode()
    assert custodian.post(f"/access/requests/{pending}/copies/", body).status_code == 400
    only_view = custodian.post(f"/access/requests/{view_only}/copies/", body)
    assert only_view.status_code == 400 and "R-ARC-4" in only_view.content.decode()
    assert login(_user("unithead")).get(f"/access/requests/{ok}/copies/").status_code == 404  # custodian only
    custodian = login(_user("custodian"))
    secret = custodian.post(f"/access/requests/{ok}/copies/", {"records": [world["secret"]]})
    assert secret.status_code == 400 and "LC 33" in secret.content.decode()
    assert custodian.post(f"/access/requests/{ok}/copies/", {}).status_code == 400  # nothing chosen
    assert custodian.post(f"/access/requests/{ok}/copies/", {"records": ["x"]}).status_code == 400
    assert not Entry.objects.filter(kind="access.copy").exists()


def test_copy_out_command(world):
    req = request(world)
    out = world["tmp"] / "copies"
    text = io.StringIO()
    call_command("copy-out", str(req), "--user", "custodian", "--out", str(out), "--all", stdout=text)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["items"]) == 6  # source, filing, inquiry (not the state secret), photo, video, audio
    assert "without a watermark" in text.getvalue() and (out / "说明.txt").exists()
    with pytest.raises(CommandError, match="refused"):
        call_command("copy-out", str(req), "--user", "officer", "--out", str(world["tmp"] / "x"), "--all",
                     stdout=io.StringIO())


def test_a_video_that_cannot_be_decoded_is_handed_out_as_is_and_says_so(world):
    """Never a 500 and never silently: a stored "video" whose frames cannot be decoded is copied as it is; the
    manifest says why it has no watermark and the register's row says "no watermark"."""
    broken = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
    bad = store_recording(broken, case=world["case"], record=world["inquiry"], filename="损坏录像.mp4").pk
    req = request(world)
    custodian = login(_user("custodian"))
    response = custodian.post(f"/access/requests/{req}/copies/", {"recordings": [bad]})
    assert response.status_code == 200
    z = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    root = z.namelist()[0].split("/")[0]
    (item,) = json.loads(z.read(f"{root}/manifest.json"))["items"]
    assert item["watermarked"] is False and item["why_not"] and z.read(f"{root}/{item['file']}") == broken
    (entry,) = [json.loads(e.payload) for e in Entry.objects.filter(kind="access.copy")]
    assert entry["watermarked"] is False and entry["what"].startswith("损坏录像.mp4 (")
