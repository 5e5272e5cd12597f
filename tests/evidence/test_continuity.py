"""Continuity (R-AV-2, R-AV-3, R-AV-4): a gap that no device covered needs an explanation record; another
device filming the same step from another angle covers it; a recording that starts after the step
began is flagged."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from lawtrail.access.models import User
from lawtrail.evidence import actions
from lawtrail.workdays.calendar import CHINA

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def segment(walker, step_id: int, start: str, end: str, device: str = "DSJ-1"):
    officer = User.objects.get(username="officer")
    data = MP4 + os.urandom(2000)
    up = actions.create_upload(user=officer, length=len(data), metadata={
        "case": str(walker.case_id), "record": str(step_id), "started_at": f"2026-03-03T{start}",
        "ended_at": f"2026-03-03T{end}", "device_no": device})
    actions.append_bytes(user=officer, upload=up, at=0, stream=iter([data]))


@pytest.fixture
def step(walker):
    walker.open("penalty")
    walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    filing = walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 10, tzinfo=CHINA))
    walker.approve(filing["id"])
    return walker.record("site_inspection", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))


def kinds(walker):
    return [(p["kind"], p["from"][11:16], p["to"][11:16]) for p in walker.case()["av_continuity"]]


def test_unexplained_gap_is_flagged_until_explained(walker, step):
    segment(walker, step["id"], "10:00", "10:10")
    segment(walker, step["id"], "10:25", "10:40")
    assert kinds(walker) == [("gap", "10:10", "10:25")]
    assert walker.case()["av_continuity"][0]["rule"] == "R-AV-3"
    refused = walker.record("av_interruption", at=dt.datetime(2026, 3, 3, 10, 25, tzinfo=CHINA), expect=400,
                            content={"step": step["id"], "manner": "written", "reported_to": ""})
    assert "reported_to" in refused["errors"]
    walker.record("av_interruption", at=dt.datetime(2026, 3, 3, 10, 25, tzinfo=CHINA), content={
        "step": step["id"], "gap_from": "2026-03-03T10:10", "gap_to": "2026-03-03T10:25", "manner": "spoken",
        "reason": "电池耗尽，更换电池后恢复记录"})
    assert kinds(walker) == []


def test_another_angle_covers_the_gap(walker, step):
    segment(walker, step["id"], "10:00", "10:10", "DSJ-1")
    segment(walker, step["id"], "10:25", "10:40", "DSJ-1")
    segment(walker, step["id"], "10:05", "10:30", "DSJ-2")
    assert kinds(walker) == []


def test_recording_that_starts_late_is_flagged(walker, step):
    segment(walker, step["id"], "10:20", "10:40")
    assert kinds(walker) == [("late_start", "10:00", "10:20")]
    assert "R-AV-2" in walker.officer.get(f"/cases/{walker.case_id}/").content.decode()


def test_case_page_shows_labels_and_a_lane_per_device(walker, step):
    segment(walker, step["id"], "10:00", "10:10", "DSJ-1")
    segment(walker, step["id"], "10:05", "10:30", "DSJ-2")
    page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert page.count('class="lane"') == 2 and "DSJ-1" in page and "DSJ-2" in page
    assert "市容环卫执法中队" in page and "张三" in page  # squad and party labels (R-AV-5)
