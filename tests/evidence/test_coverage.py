"""R-INV-6: a step that had to be filmed raises an alert at that step, citing the rule, until a
recording is linked to it; a correction of the step is still covered by the recording."""

from __future__ import annotations

import datetime as dt
import os

from lawtrail.access.models import User
from lawtrail.evidence import actions
from lawtrail.workdays.calendar import CHINA

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def test_missing_recording_is_flagged_until_linked(walker):
    walker.open("penalty")
    walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    filing = walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 10, tzinfo=CHINA))
    walker.approve(filing["id"])
    inquiry = walker.record("inquiry", at=dt.datetime(2026, 3, 3, 9, tzinfo=CHINA))
    step = walker.record("site_inspection", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))
    missing = walker.case()["av_missing"]
    assert [m["record_id"] for m in missing] == [step["id"]]  # the inquiry needs none; the inspection does
    assert missing[0]["rule"] == "R-INV-6" and "LC 13" in missing[0]["articles"]
    assert inquiry["id"] not in [m["record_id"] for m in missing]
    page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert "R-INV-6" in page
    officer = User.objects.get(username="officer")
    data = MP4 + os.urandom(10_000)
    upload = actions.create_upload(user=officer, length=len(data),
                                   metadata={"case": str(walker.case_id), "record": str(step["id"])})
    actions.append_bytes(user=officer, upload=upload, at=0, stream=iter([data]))
    assert walker.case()["av_missing"] == []
    # Correcting the step keeps its recording.
    r = walker.officer.post(f"/api/v1/records/{step['id']}/corrections",
                            '{"reason": "检查地点写错", "place": "示例区幸福路2号"}', content_type="application/json")
    assert r.status_code == 201, r.content
    assert walker.case()["av_missing"] == []
