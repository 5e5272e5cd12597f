"""Labels and linking (R-AV-5), holds on a whole case and evidence copies (R-AV-7): a recording brought in
without a case carries its own cause and party until an officer links it to the case step it documents;
relabelling is a new version naming the old one (R-INT-2), with its ingest time kept, so upload lateness
and retention are judged on the real recording; a review or lawsuit holds every recording of a case;
copies onto backup media note maker, extractor and extraction time."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from lawtrail.evidence.models import EvidenceCopy, Hold, Recording
from lawtrail.ledger.models import Entry
from lawtrail.workdays.calendar import CHINA
from tests.conftest import _user, login, store_recording


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def custodian(walker):
    return login(_user("custodian"))


@pytest.fixture
def inspection(walker):
    """A penalty case at a site inspection, a step that must be filmed (R-INV-6)."""
    walker.open("penalty")
    walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    filing = walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 10, tzinfo=CHINA))
    walker.approve(filing["id"])
    return walker.record("site_inspection", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))


def test_unlinked_recording_carries_its_own_labels_until_linked(walker, inspection):
    """R-AV-5: cause and party typed in for a recording without a case; linking it to the step by case
    number makes a new version, covers the step (R-INV-6) and keeps the ingest time."""
    bare = store_recording(started_at="2026-03-03T10:00", ended_at="2026-03-03T10:20", device_no="DSJ-9")
    doc = walker.officer.get(f"/api/v1/recordings/{bare.pk}").json()
    assert doc["labels"]["labelled"] is False and doc["labels"]["case_number"] == ""
    labelled = store_recording(cause="占道经营巡查", party="流动摊贩李四", started_at="2026-03-03T10:00")
    doc = walker.officer.get(f"/api/v1/recordings/{labelled.pk}").json()
    assert doc["labels"]["labelled"] and doc["labels"]["cause"] == "占道经营巡查"
    assert doc["labels"]["party"] == "流动摊贩李四" and doc["labels"]["time"].startswith("2026-03-03 10:00")
    unlinked = walker.officer.get("/api/v1/recordings?unlinked=true").json()
    assert {r["id"] for r in unlinked} == {bare.pk, labelled.pk}
    assert [m["record_id"] for m in walker.case()["av_missing"]] == [inspection["id"]]

    number = walker.case()["number"]
    r = post(walker.officer, f"/api/v1/recordings/{bare.pk}/labels", {"case": number, "record": inspection["id"]})
    assert r.status_code == 201, r.content
    new = r.json()
    assert new["corrects"] == bare.pk and new["case"] == walker.case_id and new["record"] == inspection["id"]
    assert new["labels"]["case_number"] == number and new["labels"]["party"] == "张三"
    assert new["labels"]["handlers"] == "孟凡、韩雪" and new["labels"]["squad"] == "市容环卫执法中队"
    assert new["uploaded_at"] == walker.officer.get(f"/api/v1/recordings/{bare.pk}").json()["uploaded_at"]
    assert walker.case()["av_missing"] == []  # the step is covered now
    assert bare.pk not in {r["id"] for r in walker.officer.get("/api/v1/recordings?unlinked=true").json()}
    entry = Entry.objects.filter(kind="evidence.recording.label").get()
    assert json.loads(entry.payload)["corrects"] == bare.pk
    assert Recording.objects.filter(pk=bare.pk, case__isnull=True).exists()  # the old labels stay


def test_relabelling_refusals(walker, inspection, other_agency):
    rec = store_recording(case=walker.case_id, record=inspection["id"])
    again = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels", {"cause": "改为巡查"})
    assert again.status_code == 400 and "reason" in again.json()["errors"]
    nothing = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels",
                   {"case": str(walker.case_id), "record": inspection["id"], "reason": "同上"})
    assert nothing.status_code == 400 and list(nothing.json()["errors"]) == ["__all__"]
    nowhere = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels", {"reason": "误挂"})
    assert nowhere.status_code == 400 and "case" in nowhere.json()["errors"]
    unknown_case = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels", {"case": "NO-SUCH", "reason": "x"})
    assert unknown_case.status_code == 400 and "NO-SUCH" in unknown_case.json()["errors"]["case"][0]
    moved = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels", {"cause": "巡查", "reason": "误挂到本案"})
    assert moved.status_code == 201 and moved.json()["case"] is None
    stale = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels", {"cause": "又改", "reason": "x"})
    assert stale.status_code == 400 and list(stale.json()["errors"]) == ["__all__"]
    outsider = login(other_agency["admin"])
    assert post(outsider, f"/api/v1/recordings/{rec.pk}/labels", {"cause": "x"}).status_code == 404
    assert Recording.objects.filter(blob_id=rec.blob_id).count() == 2


def test_web_label_form_links_by_step_number(walker, inspection):
    bare = store_recording(started_at="2026-03-03T10:00", ended_at="2026-03-03T10:20")
    page = walker.officer.get(f"/recordings/{bare.pk}/")
    assert page.status_code == 200 and "R-AV-5" in page.content.decode()
    number = walker.case()["number"]
    bad = walker.officer.post(f"/recordings/{bare.pk}/", {"form": "label", "case": number, "seq": "99"})
    assert bad.status_code == 400 and re.search(r'class="error" role="alert">[^<]*99', bad.content.decode())
    seq = walker.officer.get(f"/api/v1/records/{inspection['id']}").json()["seq"]
    ok = walker.officer.post(f"/recordings/{bare.pk}/", {"form": "label", "case": number, "seq": f"#{seq}"})
    assert ok.status_code == 302
    new = Recording.objects.get(corrects=bare)
    assert ok["Location"] == f"/recordings/{new.pk}/" and new.record_id == inspection["id"]
    listing = walker.officer.get("/recordings/?show=unlinked").content.decode()
    assert f"/recordings/{bare.pk}/" not in listing and f"/recordings/{new.pk}/" not in listing


def test_case_hold_holds_every_recording_now_and_later(walker, custodian):
    """R-AV-7 (YZ 19, HY-A6 24): a review or lawsuit holds the whole case; refused on API, CLI and web."""
    walker.open("penalty")
    walker.admin.put("/api/v1/agency/rules/av_retention", json.dumps({"amount": 0, "unit": "hours", "source": "测试"}),
                     content_type="application/json")
    before = store_recording(case=walker.case_id)
    assert walker.officer.post(f"/api/v1/cases/{walker.case_id}/holds",
                               json.dumps({"reason": "dispute", "note": "x"}),
                               content_type="application/json").status_code == 403
    held = post(custodian, f"/api/v1/cases/{walker.case_id}/holds", {"reason": "dispute", "note": "行政复议 2026-017"})
    assert held.status_code == 201, held.content
    after = store_recording(case=walker.case_id)
    for rec in (before, after):
        doc = walker.officer.get(f"/api/v1/recordings/{rec.pk}").json()
        assert [h["reason"] for h in doc["holds"]] == ["dispute"] and "行政复议 2026-017" in doc["keep_because"][0]
        asked = post(custodian, f"/api/v1/blobs/{rec.blob_id}/disposal-requests", {"reason": "保存期满"})
        assert asked.status_code == 400 and "R-AV-7" in asked.content.decode()
    with pytest.raises(CommandError, match="refused"):
        call_command("dispose", after.blob_id, "--user", "custodian", "--reason", "保存期满", stdout=io.StringIO())
    page = custodian.post(f"/recordings/{after.pk}/disposal", {"reason": "保存期满", "back": "recording"}, follow=True)
    assert "R-AV-7" in page.content.decode()
    case_page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert "行政复议 2026-017" in case_page
    assert Entry.objects.filter(kind="evidence.hold.create", subject=f"cases.case:{walker.case_id}").exists()


def test_hold_survives_relabelling(walker, custodian):
    walker.open("penalty")
    walker.admin.put("/api/v1/agency/rules/av_retention", json.dumps({"amount": 0, "unit": "hours", "source": "测试"}),
                     content_type="application/json")
    rec = store_recording(cause="巡查")
    assert post(custodian, f"/api/v1/recordings/{rec.pk}/holds",
                {"reason": "obstruction", "note": "当事人阻碍执法"}).status_code == 201
    new = post(walker.officer, f"/api/v1/recordings/{rec.pk}/labels", {"cause": "巡查（复核）", "reason": "补充事由"})
    assert [h["reason"] for h in new.json()["holds"]] == ["obstruction"]
    assert post(custodian, f"/api/v1/blobs/{rec.blob_id}/disposal-requests", {"reason": "x"}).status_code == 400


def test_evidence_copy_notes_maker_extractor_and_time(walker, inspection):
    """R-AV-7 (WH 27, DXH 28): a copy onto backup media filed with the case."""
    rec = store_recording(case=walker.case_id, record=inspection["id"])
    bad = post(walker.officer, f"/api/v1/recordings/{rec.pk}/copies", {
        "medium": "tape", "medium_no": "", "maker": "", "extractor": "韩雪", "extracted_at": "2099-01-01T00:00"})
    assert bad.status_code == 400 and {"medium", "medium_no", "maker", "extracted_at"} <= set(bad.json()["errors"])
    assert "R-AV-7" in bad.json()["errors"]["maker"][0]
    ok = post(walker.officer, f"/api/v1/recordings/{rec.pk}/copies", {
        "medium": "disc", "medium_no": "GP-2026-031", "maker": "孟凡", "extractor": "韩雪",
        "extracted_at": "2026-03-04T15:00", "note": "随案归档"})
    assert ok.status_code == 201, ok.content
    copy = ok.json()["copies"][0]
    assert (copy["maker"], copy["extractor"], copy["case"]) == ("孟凡", "韩雪", walker.case_id)
    assert copy["extracted_at"].startswith("2026-03-04T15:00")
    assert Entry.objects.filter(kind="evidence.copy.create").count() == 1
    page = walker.officer.get(f"/recordings/{rec.pk}/").content.decode()
    assert "GP-2026-031" in page and "韩雪" in page


def test_new_evidence_tables_are_append_only(walker, custodian, inspection):
    """R-INT-2: the database refuses UPDATE and DELETE of recordings, holds and copies (the migration that
    added columns re-installs the triggers SQLite drops when it rebuilds a table)."""
    rec = store_recording(case=walker.case_id, record=inspection["id"])
    post(custodian, f"/api/v1/recordings/{rec.pk}/holds", {"reason": "incident", "note": "群体性事件"})
    post(walker.officer, f"/api/v1/recordings/{rec.pk}/copies", {
        "medium": "removable", "medium_no": "U-1", "maker": "孟凡", "extractor": "韩雪",
        "extracted_at": "2026-03-04T15:00"})
    for table in ("evidence_recording", "evidence_hold", "evidence_evidencecopy"):
        for sql in (f"UPDATE {table} SET agency_id = agency_id", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
                cur.execute(sql)
    assert Hold.objects.count() == 1 and EvidenceCopy.objects.count() == 1


def test_workbench_shows_audio_video_alerts(walker, inspection, custodian):
    """The workbench names the step without its required recording (R-INV-6), recordings not linked to a
    case and recordings uploaded late (R-AV-5), and — for custodians — the fixity sweep's mismatches."""
    store_recording(cause="巡查", started_at="2026-03-03T08:00", ended_at="2026-03-03T08:30")  # long before: late
    page = walker.officer.get("/").content.decode()
    assert "R-INV-6" in page and f"/records/{inspection['id']}/" in page
    assert "/recordings/?show=unlinked" in page and "/recordings/?show=late" in page
    assert "R-AV-6" not in page
    rec = store_recording(case=walker.case_id, record=inspection["id"])
    page = walker.officer.get("/").content.decode()
    assert f"/records/{inspection['id']}/" not in page  # covered now
    from lawtrail.evidence.storage import get_store

    path = get_store().path(rec.blob_id)
    os.chmod(path, 0o644)
    with open(path, "r+b") as f:
        f.seek(40)
        f.write(b"X")
    with pytest.raises(CommandError):
        call_command("fixity", stdout=io.StringIO(), stderr=io.StringIO())
    alert = custodian.get("/").content.decode()
    assert "R-AV-6" in alert and rec.blob_id[:16] in alert
    late = walker.officer.get("/recordings/?show=late").content.decode()
    assert "R-AV-5" in late


def test_case_timeline_marks_gaps(walker, inspection):
    """R-AV-3: the stretch no device covered is drawn on the case's timeline."""
    for start, end in (("10:00", "10:10"), ("10:25", "10:40")):
        store_recording(case=walker.case_id, record=inspection["id"], started_at=f"2026-03-03T{start}",
               ended_at=f"2026-03-03T{end}", device_no="DSJ-1")
    page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert 'class="gap gap"' in page and "(R-AV-3)" in page
