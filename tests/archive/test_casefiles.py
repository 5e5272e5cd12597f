"""Case files (R-ARC-1, R-ARC-2, DA/T 70): an ended procedure is filed by the custodian within the profile's
30 days — due dates roll over holidays, late files are flagged — with its file index and a 四性 check
report; the file is read-only; retention by profile (10 years under DXH 28)."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from lawtrail.access.models import User
from lawtrail.archive import casefiles
from lawtrail.archive.models import CaseFile
from lawtrail.evidence import actions as evidence_actions
from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Agency
from lawtrail.workdays.calendar import CHINA
from tests.conftest import _user, login, store_recording


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def ended(walker, tmp_path, settings):
    """A penalty not filed (R-START-5), with a recording of its source step; so the procedure has ended."""
    settings.LAWTRAIL = {**settings.LAWTRAIL, "BLOB_ROOT": str(tmp_path / "blobs"),
                         "UPLOAD_ROOT": str(tmp_path / "uploads")}
    walker.open("penalty")
    source = walker.record("case_source", at=dt.datetime(2026, 3, 2, 10, tzinfo=CHINA),
                           content={"channel": "complaint"})
    recording = store_recording(case=walker.case_id, record=source["id"], filename="complaint.mp4")
    walker.approve(walker.record("not_filing", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))["id"])
    assert walker.case()["status"] == "not_filed"
    return {"case": walker.case_id, "recording": recording}


def test_archive_due_rolls_over_the_national_day_holiday(demo_agency):
    """30 days from Wed 2026-09-02 is Fri 10-02, inside the National Day holiday: due at the end of the next
    working day, Thu 10-08 (民事诉讼法 85)."""
    agency = Agency.objects.get()
    due, error = casefiles.archive_due(agency.pk, dt.datetime(2026, 9, 2, 16, tzinfo=CHINA))
    assert error == "" and due == dt.datetime(2026, 10, 9, 0, 0, tzinfo=CHINA)
    due, error = casefiles.archive_due(agency.pk, dt.datetime(2031, 3, 2, 16, tzinfo=CHINA))
    assert due is None and error == "calendar:2031"  # never a guess


def test_waiting_then_archived_with_index_and_report(walker, ended):
    custodian = login(_user("custodian"))
    waiting = custodian.get("/api/v1/archive/waiting").json()
    row = next(r for r in waiting if r["case"] == ended["case"])
    assert row["level"] == "pending" and row["due"]
    later = casefiles.waiting(User.objects.get(username="custodian").agency_id,
                              now=dt.datetime.fromisoformat(row["due"]) + dt.timedelta(minutes=1))
    assert next(r for r in later if r["case"].pk == ended["case"])["level"] == "overdue"
    assert walker.officer.post(f"/api/v1/cases/{ended['case']}/archive", "{}",
                               content_type="application/json").status_code == 403
    done = post(custodian, f"/api/v1/cases/{ended['case']}/archive", {})
    assert done.status_code == 201, done.content
    cf = done.json()
    assert [i["kind"] for i in cf["index"]] == ["record", "record", "video"]
    assert cf["index"][0]["title"] == "案件来源登记" and cf["index"][2]["step"] == 1
    assert cf["passed"] and all(cf["report"][k]["ok"] for k in ("authenticity", "integrity", "usability",
                                                                 "security"))
    assert cf["late"] is False and cf["retention_until"] is None  # wuhan names no retention: kept until set
    assert Entry.objects.filter(kind="archive.casefile.create").count() == 1
    assert post(custodian, f"/api/v1/cases/{ended['case']}/archive", {}).status_code == 400  # once
    assert ended["case"] not in [r["case"] for r in custodian.get("/api/v1/archive/waiting").json()]
    # Read-only: no records, no recordings linked to it any more (R-ARC-1, R-INT-2).
    refused = walker.record("inquiry", at=dt.datetime(2026, 3, 4, 10, tzinfo=CHINA), expect=400)
    assert "R-INT-2" in json.dumps(refused, ensure_ascii=False)
    officer = User.objects.get(username="officer")
    with pytest.raises(evidence_actions.ActionError) as exc:
        evidence_actions.create_upload(user=officer, length=100, metadata={"case": str(ended["case"])})
    assert "R-ARC-1" in str(exc.value.errors["case"])
    moved = post(walker.officer, f"/api/v1/recordings/{ended['recording'].pk}/labels",
                 {"case": str(ended["case"]), "cause": "x", "reason": "x"})
    assert moved.status_code == 400 and "R-ARC-1" in moved.content.decode()


def test_a_changed_file_fails_the_check_and_needs_a_note(walker, ended):
    from lawtrail.evidence.storage import get_store

    path = get_store().path(ended["recording"].blob_id)
    os.chmod(path, 0o644)
    with open(path, "r+b") as f:
        f.seek(50)
        f.write(b"tampered")
    custodian = login(_user("custodian"))
    refused = post(custodian, f"/api/v1/cases/{ended['case']}/archive", {})
    assert refused.status_code == 400 and "note" in refused.json()["errors"]
    done = post(custodian, f"/api/v1/cases/{ended['case']}/archive", {"note": "已报告，原件损坏，存证光盘另行归档"})
    report = done.json()["report"]
    assert done.status_code == 201 and not done.json()["passed"]
    assert not report["security"]["ok"] and "complaint.mp4" in report["security"]["problems"][0]


def test_retention_by_profile(walker, ended):
    walker.admin.put("/api/v1/agency/rules/case_file_retention", json.dumps({"amount": 10, "unit": "years",
                                                                               "source": "DXH 28"}),
                     content_type="application/json")
    cf = post(login(_user("custodian")), f"/api/v1/cases/{ended['case']}/archive", {}).json()
    closed = CaseFile.objects.get().case.closed_at.astimezone(CHINA).date()
    assert cf["retention_until"] == closed.replace(year=closed.year + 10).isoformat()


def test_archive_lateness_alert_across_a_holiday(walker, ended):
    """R-ARC-1/2: a case that ended on Wed 2026-09-02 is due at the end of Thu 10-08 — the National Day days do
    not shorten the 30 days' end — so on Fri 10-02 (30 calendar days on) it is not late, on 10-08 it is due
    soon, from 10-09 it is overdue: red on the custodian's workbench and archive shelf; filed now, the case
    file records that it was late."""
    from lawtrail.cases.models import Case

    # The case ended on 09-02 (its end is the approval's time, which a test cannot set otherwise).
    Case.objects.filter(pk=ended["case"]).update(closed_at=dt.datetime(2026, 9, 2, 16, tzinfo=CHINA))
    agency_id = User.objects.get(username="custodian").agency_id

    def level(now: dt.datetime) -> str:
        return next(r for r in casefiles.waiting(agency_id, now=now) if r["case"].pk == ended["case"])["level"]

    assert level(dt.datetime(2026, 10, 2, 10, tzinfo=CHINA)) == "pending"
    assert level(dt.datetime(2026, 10, 8, 23, 59, tzinfo=CHINA)) == "soon"
    assert level(dt.datetime(2026, 10, 9, 0, 1, tzinfo=CHINA)) == "overdue"
    custodian = login(_user("custodian"))
    number = Case.objects.get(pk=ended["case"]).number
    workbench = custodian.get("/").content.decode()
    assert f'<li class="red"><a href="/cases/{ended["case"]}/">{number}' in workbench
    assert "2026-10-08 日终" in workbench  # the due time shown as people say it (issue 12 §4)
    shelf = custodian.get("/archive/").content.decode()
    assert f'<tr class="red"><td>2026-10-08 日终</td><td><a href="/cases/{ended["case"]}/">{number}' in shelf
    done = post(custodian, f"/api/v1/cases/{ended['case']}/archive", {})
    assert done.status_code == 201 and done.json()["late"] is True
