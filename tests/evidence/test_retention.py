"""Retention (R-AV-6, R-AV-7): holds follow the case (linked to a step = used as evidence; major case;
hearing) or are set by hand; nothing held, within its retention period, or under a profile without a
period can be removed — on the API, the CLI, the web page and the admin site alike. After retention,
disposal is asked by the custodian and approved by the agency head: the bytes go, the hashes and a
tombstone stay, and fixity and verify know it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from lawtrail.access.models import User
from lawtrail.evidence.models import Disposal, Recording
from lawtrail.evidence.storage import get_store
from lawtrail.ledger.models import Entry
from lawtrail.workdays.calendar import CHINA
from tests.conftest import _user, login, store_recording


@pytest.fixture
def custodian(walker):
    return login(_user("custodian"))


def set_retention(walker, amount, unit="hours"):
    body = {"amount": amount, "unit": unit, "source": "测试"} if amount is not None else {"amount": None}
    r = walker.admin.put("/api/v1/agency/rules/av_retention", json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content


def ask(client, recording):
    return client.post(f"/api/v1/blobs/{recording.blob_id}/disposal-requests", json.dumps({"reason": "保存期满"}),
                       content_type="application/json")


def test_linked_recording_is_held_on_every_path(walker, custodian):
    walker.open("penalty")
    step = walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    set_retention(walker, 0)
    rec = store_recording(case=walker.case_id, record=step["id"])
    doc = walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()
    assert doc["holds"][0]["reason"] == "evidence" and doc["holds"][0]["automatic"]
    r = ask(custodian, rec)  # API
    assert r.status_code == 400 and "R-AV-7" in r.content.decode()
    with pytest.raises(CommandError, match="refused"):  # CLI
        call_command("dispose", rec.blob_id, "--user", "custodian", "--reason", "保存期满", stdout=io.StringIO())
    page = custodian.post(f"/recordings/{rec.pk}/disposal", {"reason": "保存期满"}, follow=True)  # web
    assert "R-AV-7" in page.content.decode()
    admin_user = User.objects.get(username="admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    superuser = login(admin_user)  # the admin site has no delete at all
    assert superuser.post(f"/admin/evidence/recording/{rec.pk}/delete/", {"post": "yes"}).status_code == 403
    assert superuser.post(f"/admin/evidence/blob/{rec.blob_id}/delete/", {"post": "yes"}).status_code == 403
    assert get_store().exists(rec.blob_id) and not Disposal.objects.exists()


def test_retention_period_and_missing_period_block_disposal(walker, custodian):
    walker.open("penalty")
    rec = store_recording(case=walker.case_id)
    r = ask(custodian, rec)  # wuhan: at least 3 months (WH 27)
    assert r.status_code == 400 and "R-AV-7" in r.content.decode()
    set_retention(walker, None)  # a profile that names no period: keep everything
    r = ask(custodian, rec)
    assert r.status_code == 400 and "R-AV-7" in r.content.decode()


def test_manual_hold_and_major_case_hold(walker, custodian):
    walker.open("penalty", is_major=True)
    set_retention(walker, 0)
    rec = store_recording(case=walker.case_id)
    assert [h["reason"] for h in walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()["holds"]] == ["major"]
    walker.open("penalty")
    other = store_recording(case=walker.case_id)
    r = custodian.post(f"/api/v1/recordings/{other.pk}/holds", json.dumps({"reason": "dispute", "note": "行政复议"}),
                       content_type="application/json")
    assert r.status_code == 201 and r.json()["holds"][0]["reason"] == "dispute"
    assert Entry.objects.filter(kind="evidence.hold.create").exists()
    assert ask(custodian, other).status_code == 400
    bad = custodian.post(f"/api/v1/recordings/{other.pk}/holds", json.dumps({"reason": "whim", "note": ""}),
                         content_type="application/json")
    assert bad.status_code == 400 and {"reason", "note"} <= set(bad.json()["errors"])


def test_disposal_after_retention_keeps_a_tombstone(walker, custodian, django_capture_on_commit_callbacks):
    walker.open("penalty")
    set_retention(walker, 0)
    rec = store_recording(case=walker.case_id)
    assert walker.officer.post(f"/api/v1/blobs/{rec.blob_id}/disposal-requests", json.dumps({"reason": "x"}),
                               content_type="application/json").status_code == 403  # officers do not dispose
    r = ask(custodian, rec)
    assert r.status_code == 201, r.content
    req = r.json()["id"]
    assert custodian.post(f"/api/v1/disposal-requests/{req}/approve").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        ok = walker.agency_head.post(f"/api/v1/disposal-requests/{req}/approve")
    assert ok.status_code == 201, ok.content
    assert not get_store().exists(rec.blob_id)
    assert walker.officer.get(f"/recordings/{rec.pk}/file").status_code == 410
    assert walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()["disposed_at"]
    kinds = list(Entry.objects.filter(subject=f"evidence.blob:{rec.blob_id}").values_list("kind", flat=True))
    assert kinds == ["evidence.blob.store", "evidence.disposal.request", "evidence.disposal.approve"]
    out = io.StringIO()
    call_command("fixity", stdout=out)  # a disposed file is expected to be gone
    assert "0 files OK" in out.getvalue()
    call_command("verify", "--workers", "1", stdout=io.StringIO())


@pytest.mark.parametrize("trigger", ["evidence", "dispute", "obstruction", "incident", "major", "hearing"])
def test_each_long_term_trigger_blocks_disposal(walker, custodian, trigger):
    """R-AV-7 (YZ 19, HY-A6 24): each trigger holds the recording past its retention period — set
    automatically where the system knows it (used as evidence of a step, a major case, a hearing) and by
    hand otherwise (review/litigation/complaint, obstruction, incident)."""
    walker.open("penalty", is_major=trigger == "major")
    set_retention(walker, 0)
    meta = {"case": walker.case_id}
    if trigger == "evidence":
        meta["record"] = walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))["id"]
    if trigger == "hearing":
        walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
        walker.approve(walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 11, tzinfo=CHINA))["id"])
        walker.record("inquiry", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))
        notice = walker.record("rights_notice", at=dt.datetime(2026, 3, 4, 10, tzinfo=CHINA))
        walker.serve(notice["id"], at=dt.datetime(2026, 3, 4, 14, tzinfo=CHINA))
        walker.record("hearing_notice", at=dt.datetime(2026, 3, 5, 10, tzinfo=CHINA))
    rec = store_recording(**meta)
    free = Recording.objects.get(pk=store_recording().pk)  # the same agency, no case: nothing holds it
    if trigger in ("dispute", "obstruction", "incident"):
        assert custodian.post(f"/api/v1/recordings/{rec.pk}/holds", json.dumps({"reason": trigger, "note": "登记"}),
                              content_type="application/json").status_code == 201
    doc = walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()
    assert [h["reason"] for h in doc["holds"]] == [trigger]
    assert doc["holds"][0]["automatic"] is (trigger in ("evidence", "major", "hearing"))
    refused = ask(custodian, rec)
    assert refused.status_code == 400 and "R-AV-7" in refused.content.decode()
    assert ask(custodian, free).status_code == 201  # the same retention period, no hold: may go
