"""`lawtrail import-recordings` (R-AV-5, R-AV-8): a camera's card dump is ingested with times read from the
media, attributed to the officer who had the device on loan, refused files reported; a re-run imports
nothing twice; killed with SIGKILL in the middle of a large file and run again, it finishes with nothing
lost or duplicated and the trail (with file fixity) verifies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from lawtrail.evidence.demo import tiny_mp4

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
from lawtrail.access.models import User
from lawtrail.evidence import devices
from lawtrail.registry.models import Officer, Unit
custodian = User.objects.get(username="custodian")
head = User.objects.get(username="unithead")
unit = Unit.objects.get(name="市容环卫执法中队").pk
d = devices.register_device(user=custodian, data={"number": "DSJ-9", "unit": unit})
devices.lend_device(user=head, device=d, officer_id=Officer.objects.get(cert_no="42011200002").pk,
                    out_at="2026-03-02T08:00")
"""

REPORT = """
import json
from lawtrail.evidence.models import Recording
rows = list(Recording.objects.filter(device_no="DSJ-9").order_by("filename").values(
    "filename", "blob_id", "officer__name", "started_at", "ended_at", "kind"))
print(json.dumps([{**r, "started_at": r["started_at"] and r["started_at"].isoformat(),
                   "ended_at": r["ended_at"] and r["ended_at"].isoformat()} for r in rows], ensure_ascii=False))
"""


def make_mp4(path: Path, creation_time: str, frames: int = 30) -> None:
    """What a body camera writes: 30 frames at 10 fps (3 s) with its clock's creation time."""
    path.write_bytes(tiny_mp4(frames, rate=10, creation_time=creation_time, size=(64, 48)))


def run(env, *args, **kw):
    return subprocess.run([sys.executable, "-m", "lawtrail.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=600, **kw)


def test_dock_import_killed_and_rerun(tmp_path):
    env = {**os.environ, "LAWTRAIL_VAR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT)}
    for key in ("LAWTRAIL_DATABASE_URL", "LAWTRAIL_SIGNING_KEY", "LAWTRAIL_BLOB_STORE", "LAWTRAIL_BLOB_ROOT"):
        env.pop(key, None)
    assert run(env, "demo").returncode == 0
    setup = run(env, "shell", "-c", SETUP)
    assert setup.returncode == 0, setup.stderr
    card = tmp_path / "DCIM"
    card.mkdir()
    make_mp4(card / "A_0001.MP4", "2026-03-02T01:30:00.000000Z")  # 09:30 China time, during the loan
    make_mp4(card / "B_0002.MP4", "2026-03-01T01:30:00.000000Z")  # the day before: no loan on record
    with open(card / "C_0003.MP4", "wb") as f:  # a large damaged file: kept as evidence, times unknown
        f.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        block = os.urandom(8 << 20)
        for _ in range(60):
            f.write(block)
    (card / "D_0004.JPG").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(5000))
    (card / "notes.txt").write_text("不是媒体文件", encoding="utf-8")
    args = [sys.executable, "-m", "lawtrail.cli", "import-recordings", str(card), "--device", "DSJ-9", "--user",
            "officer"]
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    incoming = tmp_path / "var" / "blobs" / "incoming"
    deadline = time.monotonic() + 120
    def copied(part: Path) -> int:
        try:
            return part.stat().st_size
        except FileNotFoundError:  # a small file finished and was linked into place meanwhile
            return 0

    while time.monotonic() < deadline:  # kill it while the large file is half copied
        parts = list(incoming.glob("*")) if incoming.exists() else []
        if any(copied(p) > 100 << 20 for p in parts):
            break
        time.sleep(0.01)
    else:
        proc.kill()
        raise AssertionError("the importer never reached the large file")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    again = run(env, "import-recordings", str(card), "--device", "DSJ-9", "--user", "officer")
    assert again.returncode == 0, again.stderr
    assert "1 refused (of 5 files)" in again.stdout and "not a video" in again.stderr
    third = run(env, "import-recordings", str(card), "--device", "DSJ-9", "--user", "officer")
    assert "0 imported, 4 already there, 1 refused" in third.stdout
    report = run(env, "shell", "-c", REPORT)
    rows = json.loads(report.stdout.strip().splitlines()[-1])  # the shell prints its auto-imports first
    assert [r["filename"] for r in rows] == ["A_0001.MP4", "B_0002.MP4", "C_0003.MP4", "D_0004.JPG"]
    assert len({r["blob_id"] for r in rows}) == 4  # nothing duplicated
    first = rows[0]
    assert first["officer__name"] == "王芳" and first["started_at"].startswith("2026-03-02T01:30")
    assert first["ended_at"].startswith("2026-03-02T01:30:03")  # 30 frames at 10 fps
    assert rows[1]["officer__name"] is None and rows[2]["started_at"] is None and rows[3]["kind"] == "photo"
    ok = run(env, "verify")
    assert ok.returncode == 0 and "8 files" in ok.stdout, ok.stderr  # the demo's 4 and these 4
