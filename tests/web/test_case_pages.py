"""The case pages render for every procedure and record type, keep what the officer typed when a step is
refused, and record through the same actions as the API (R-PROC-6)."""

from __future__ import annotations

import datetime as dt

import pytest

from lawtrail.cases.models import Record
from lawtrail.ledger.models import Entry
from lawtrail.procedures.catalogue import PROCEDURES


def at(days: int) -> dt.datetime:
    return dt.datetime.combine(dt.date(2026, 3, 2) + dt.timedelta(days=days), dt.time(10))


@pytest.mark.parametrize("procedure", list(PROCEDURES))
def test_every_record_form_of_every_procedure_renders(walker, procedure):
    walker.open(procedure)
    page = walker.officer.get(f"/cases/{walker.case_id}/")
    assert page.status_code == 200
    spec = PROCEDURES[procedure]
    for stage in spec.stages + spec.specials:
        for code in stage.records:
            r = walker.officer.get(f"/cases/{walker.case_id}/records/new/{code}/")
            assert r.status_code == 200, (code, r.status_code)
            assert "R-" in r.content.decode()


def test_refused_form_keeps_the_input_and_names_the_rule(walker):
    walker.open("penalty")
    before = Record.objects.count(), Entry.objects.count()
    r = walker.officer.post(f"/cases/{walker.case_id}/records/new/case_source/", {
        "occurred_at": "2026-03-02T09:30", "place": "", "matter": "群众来电举报占道经营",
        "officers": walker.officers, "parties": [walker.party_id], "c_channel": "complaint",
        "c_received_at": "2026-03-02T09:00", "c_description": "幸福路口有人占道经营"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "幸福路口有人占道经营" in html and "群众来电举报占道经营" in html  # nothing typed is lost
    assert "R-START-2" in html  # the complainant is required for a complaint
    assert (Record.objects.count(), Entry.objects.count()) == before


def test_web_pages_of_a_walked_case(walker):
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0))
    # The unit head finds it in the inbox and approves on the record page.
    inbox = walker.unit_head.get("/approvals/").content.decode()
    assert f"/records/{filing['id']}/" in inbox
    r = walker.unit_head.post(f"/records/{filing['id']}/approve/", {"agree": "true", "opinion": "同意立案。"})
    assert r.status_code == 302
    assert walker.officer.get(f"/records/{filing['id']}/").status_code == 200
    printed = walker.officer.get(f"/records/{filing['id']}/print/").content.decode()
    assert "立案审批表" in printed and "同意立案。" in printed and filing["content_sm3"] in printed
    for url in ("/", "/cases/", "/cases/?status=open&q=测试", "/approvals/", "/settings/rules/", "/settings/calendar/",
                "/cases/new/", f"/cases/{walker.case_id}/parties/new/", f"/records/{filing['id']}/correct/"):
        assert walker.officer.get(url).status_code == 200, url
    assert walker.admin.get("/settings/calendar/").status_code == 200


def test_open_case_and_party_through_the_web(walker):
    r = walker.officer.post("/cases/new/", {"procedure": "penalty", "title": "", "unit": walker.unit,
                                            "handlers": walker.officers})
    assert r.status_code == 400 and "title" in r.content.decode()
    r = walker.officer.post("/cases/new/", {"procedure": "penalty", "title": "某商户占道经营案", "unit": walker.unit,
                                            "handlers": walker.officers})
    assert r.status_code == 302
    case_url = r["Location"].replace("parties/new/", "")
    bad = walker.officer.post(r["Location"], {"kind": "person", "name": "李四", "id_type": "resident_id",
                                              "id_no": "110105194912310021"})
    assert bad.status_code == 400 and "GB 11643" in bad.content.decode()
    ok = walker.officer.post(r["Location"], {"kind": "person", "name": "李四", "id_type": "resident_id",
                                             "id_no": "11010519491231002X"})
    assert ok.status_code == 302 and "李四" in walker.officer.get(case_url).content.decode()


def test_administrator_sets_and_removes_one_calendar_day_on_the_web(walker):
    from lawtrail.workdays.models import CalendarDay

    r = walker.admin.post("/settings/calendar/", {"action": "set_day", "date": "2026-12-31", "workday": "false",
                                                  "name": "本地调整"})
    assert r.status_code == 302 and CalendarDay.objects.get(date="2026-12-31").is_workday is False
    assert "本地调整" in walker.admin.get("/settings/calendar/").content.decode()
    bad = walker.admin.post("/settings/calendar/", {"action": "set_day", "date": "2026-13-01", "workday": "false"},
                            follow=True)
    assert "2026-13-01" in bad.content.decode()
    walker.admin.post("/settings/calendar/", {"action": "remove_day", "date": "2026-12-31"})
    assert not CalendarDay.objects.filter(date="2026-12-31").exists()
    assert walker.officer.post("/settings/calendar/", {"action": "set_day", "date": "2026-12-30",
                                                       "workday": "false"}).status_code == 302
    assert not CalendarDay.objects.filter(date="2026-12-30").exists()  # refused: not an administrator
