"""Upload deadlines (R-AV-5) by profile: 2 working days after the recording ends (WH 26), 24 hours
(HY-A2 16), end of the day (YZ 18), 1 working day after returning from field work (WH 26); late uploads
are flagged, in the trail entry and on the recording."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from lawtrail.access.models import User
from lawtrail.errors import ActionError
from lawtrail.evidence import actions
from lawtrail.ledger.models import Entry
from tests.conftest import store_recording


def profile(walker, name):
    r = walker.admin.put("/api/v1/agency/rules", json.dumps({"profile": name}), content_type="application/json")
    assert r.status_code == 200


@pytest.mark.parametrize(("name", "meta", "due"), [
    ("wuhan", {"ended_at": "2026-02-13T10:00"}, "2026-02-25T00:00:00+08:00"),  # Sat 02-14 worked, then 02-24
    ("hengyang", {"ended_at": "2026-02-13T10:00"}, "2026-02-14T10:00:00+08:00"),
    ("yanzhou", {"ended_at": "2026-02-13T23:00"}, "2026-02-14T00:00:00+08:00"),
    ("wuhan", {"ended_at": "2026-02-09T10:00", "returned_at": "2026-02-12T18:00"}, "2026-02-14T00:00:00+08:00"),
])
def test_late_uploads_are_flagged_by_profile(walker, name, meta, due):
    profile(walker, name)
    rec = store_recording(**meta)
    doc = walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()
    assert doc["upload_due"] == due and doc["late"] is True
    entry = json.loads(Entry.objects.filter(kind="evidence.recording.create").latest("seq").payload)
    assert entry["late"] is True and entry["upload_due"]


def test_prompt_upload_is_not_late_and_no_end_time_cannot_be_late(walker):
    rec = store_recording(ended_at=(timezone.localtime() - dt.timedelta(hours=1)).isoformat())
    assert walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()["late"] is False
    assert walker.officer.get(f"/api/v1/recordings/{store_recording().pk}").json()["upload_due"] is None


@pytest.mark.parametrize("meta", [{"started_at": "2026-02-13T10:00", "ended_at": "2026-02-13T09:00"},
                                  {"ended_at": "2099-01-01T00:00"}, {"ended_at": "yesterday"}])
def test_bad_times_are_refused(walker, meta):
    with pytest.raises(ActionError):
        actions.create_upload(user=User.objects.get(username="officer"), length=100, metadata=meta)
