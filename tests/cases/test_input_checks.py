"""Data that used to be corrupted or unchecked (issue 12 §1), through the web forms as an officer submits them
and through the API: persons lists keep their empty columns across a refused form and a correction; phone
and ID numbers are checked where they are typed; a record's dates agree with its time and with each other
(R-PROC-6); a penalty decision waits for the statement and defence period (R-INV-5, 行政处罚法 44–45)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from lawtrail.cases.models import Record
from lawtrail.ledger.models import Entry
from tests.cases.test_paths import filed_penalty
from tests.walker import DAY


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(hour, 0))


def textarea(page: str, name: str) -> str:
    m = re.search(rf'<textarea id="{name}" name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert m, name
    return html.unescape(m.group(1)).strip("\n")


def source_form(walker, **fields) -> dict:
    return {"occurred_at": "2026-03-02T09:30", "place": "", "matter": "群众来电投诉占道经营",
            "officers": walker.officers, "parties": [walker.party_id], "c_channel": "complaint",
            "c_received_at": "2026-03-02T09:00", "c_description": "幸福路口有人占道经营", **fields}


def test_persons_keep_their_empty_columns_through_a_refused_form_and_a_correction(walker):
    """The complainant without an ID number: refused once for another field, the form shows the line with its
    empty column; submitting what is shown stores role and phone in their places; the correction form shows
    the same line and a correction submitted as shown stores the same persons."""
    walker.open("penalty")
    typed = "钱女士，，投诉人，13912345678"
    url = f"/cases/{walker.case_id}/records/new/case_source/"
    refused = walker.officer.post(url, source_form(walker, c_informant=typed, c_description=""))
    assert refused.status_code == 400
    shown = textarea(refused.content.decode(), "c_informant")
    assert shown == "钱女士, , 投诉人, 13912345678"
    ok = walker.officer.post(url, source_form(walker, c_informant=shown))
    assert ok.status_code == 302, ok.content.decode()[:3000]
    record = Record.objects.get(case_id=walker.case_id, type="case_source")
    expected = [{"name": "钱女士", "role": "投诉人", "phone": "13912345678"}]
    assert record.content["informant"] == expected

    correcting = walker.officer.get(f"/records/{record.pk}/correct/").content.decode()
    assert textarea(correcting, "c_informant") == shown
    form = source_form(walker, c_informant=textarea(correcting, "c_informant"), reason="补充线索内容")
    assert walker.officer.post(f"/records/{record.pk}/correct/", form).status_code == 302
    corrected = Record.objects.get(corrects=record)
    assert corrected.content["informant"] == expected
    # The record page shows each column by its name, not a comma list that could be misread.
    page = walker.officer.get(f"/records/{corrected.pk}/").content.decode()
    assert "钱女士" in page and "投诉人" in page and "13912345678" in page


def test_signatures_of_two_witnesses_survive_a_correction(walker):
    """Two witnesses' signatures (the API allows several of one role) are both on the correction form."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    sigs = [{"signer": "officers", "name": "王芳", "signed": True},
            {"signer": "witness", "name": "李明", "signed": True},
            {"signer": "witness", "name": "陈静", "signed": True}]
    refusal = walker.record("refusal", at=at(1), content={"signatures": sigs})
    page = walker.officer.get(f"/records/{refusal['id']}/correct/").content.decode()
    assert 'value="李明"' in page and 'value="陈静"' in page


def test_phone_numbers_are_checked_wherever_they_are_typed(walker):
    """A phone "abc" is refused with what is expected: in a persons list (web and API), on the party form and
    the party API; good mobiles and landlines pass."""
    walker.open("penalty")
    url = f"/cases/{walker.case_id}/records/new/case_source/"
    before = Record.objects.count(), Entry.objects.count()
    bad = walker.officer.post(url, source_form(walker, c_informant="钱女士，，投诉人，abc"))
    assert bad.status_code == 400
    assert "abc" in bad.content.decode() and "13912345678" in bad.content.decode()  # the message shows the form
    api = walker.record("case_source", at=at(0), expect=400, content={
        "channel": "complaint", "informant": [{"name": "钱女士", "phone": "abc"}]})
    assert "informant" in api["errors"]
    wrong_id = walker.record("case_source", at=at(0), expect=400, content={
        "channel": "complaint", "informant": [{"name": "钱女士", "id_no": "投诉人"}]})
    assert "informant" in wrong_id["errors"]
    assert (Record.objects.count(), Entry.objects.count()) == before

    party = walker.officer.post(f"/cases/{walker.case_id}/parties/new/", {
        "kind": "person", "name": "李四", "id_type": "other", "id_no": "P1234567", "phone": "abc"})
    assert party.status_code == 400 and "abc" in party.content.decode()
    api_party = walker.officer.post(f"/api/v1/cases/{walker.case_id}/parties", json.dumps({
        "kind": "person", "name": "李四", "id_type": "other", "id_no": "P1234567", "phone": "12"}),
        content_type="application/json")
    assert api_party.status_code == 400 and "phone" in api_party.json()["errors"]
    for good in ("13912345678", "+86 139 1234 5678", "027-88886666", "(027)8888-6666转123", "4008123123", "12345"):
        r = walker.officer.post(f"/api/v1/cases/{walker.case_id}/parties", json.dumps({
            "kind": "person", "name": "王五", "id_type": "other", "id_no": "P7654321", "phone": good}),
            content_type="application/json")
        assert r.status_code == 201, (good, r.content)


def test_dates_inside_a_record_agree_with_its_time_and_each_other(walker):
    """R-PROC-6: an inquiry that ends before it starts, a received-at years in the future, a performance
    deadline before the decision that sets it and a hearing fewer than 7 days after its notice are refused,
    each naming the field and its rule — on the API and on the web form."""
    walker.open("penalty")
    future = walker.record("case_source", at=at(0), expect=400, content={
        "channel": "inspection", "received_at": "2031-03-02T09:00"})
    assert "received_at" in future["errors"] and "R-PROC-6" in json.dumps(future, ensure_ascii=False)
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    backwards = walker.record("inquiry", at=at(1), expect=400, content={
        "started_at": at(1).isoformat(), "ended_at": at(1, 9).isoformat()})
    assert list(backwards["errors"]) == ["ended_at"]
    web = walker.officer.post(f"/cases/{walker.case_id}/records/new/inquiry/", {
        "occurred_at": "2026-03-03T10:00", "place": "执法队询问室", "matter": "询问当事人",
        "officers": walker.officers, "parties": [walker.party_id], "c_interviewee": "张三",
        "c_started_at": "2026-03-03T10:00", "c_ended_at": "2026-03-03T09:00", "c_transcript": "问：…答：…",
        "c_certificates_shown": "on", "c_rights_told": "on", "c_recording_notice": "on"})
    assert web.status_code == 400 and "询问结束时间" in web.content.decode()
    hearing = walker.record("hearing_notice", at=at(2), expect=400, content={"hearing_at": at(4).isoformat()})
    assert "hearing_at" in hearing["errors"] and "64" in json.dumps(hearing, ensure_ascii=False)
    walker.record("investigation_report", at=at(2))
    notice = walker.record("rights_notice", at=at(3))
    walker.serve(notice["id"], at=at(3, 14))
    walker.record("statement", at=at(4))
    draft = walker.record("draft_decision", at=at(5))
    walker.approve(draft["id"])
    early = walker.record("decision", at=at(6), expect=400, content={"perform_by": (DAY + dt.timedelta(days=5))
                                                                     .isoformat()})
    assert list(early["errors"]) == ["perform_by"] and "R-DEC-3" in json.dumps(early, ensure_ascii=False)
    walker.record("decision", at=at(6))


def noticed(walker, *, draft_at: dt.datetime) -> None:
    """A filed penalty whose prior notice was served on day 3 at 14:00 and whose draft decision is approved."""
    filed_penalty(walker)
    walker.record("investigation_report", at=at(2))
    notice = walker.record("rights_notice", at=at(3))
    walker.serve(notice["id"], at=at(3, 14))
    walker.approve(walker.record("draft_decision", at=draft_at)["id"])


def test_decision_waits_for_the_statement_period_or_the_party_s_statement_or_waiver(walker):
    """R-INV-5 (WH 17; 行政处罚法 44, 45, 62): a decision a minute after the prior notice was served is refused,
    naming the period and when it ends; after the profile's 5 days it may be made; or earlier once the party's
    statement (reviewed) or written waiver is recorded."""
    noticed(walker, draft_at=at(3, 15))
    minute_later = walker.record("decision", at=dt.datetime.combine(DAY + dt.timedelta(days=3), dt.time(14, 1)),
                                 expect=400)
    text = json.dumps(minute_later, ensure_ascii=False)
    assert "R-INV-5" in text and "2026-03-11 00:00" in text and "5日" in text
    waiver = walker.record("statement", at=at(4), content={"kind": "waived"})
    assert "statements" not in waiver["content"]  # a written waiver: the party's signature, nothing to review
    walker.record("decision", at=at(4, 11))


def test_decision_after_the_period_needs_no_statement(walker):
    noticed(walker, draft_at=at(5))
    walker.record("decision", at=at(8), expect=400)  # 2026-03-10: still inside the period
    walker.record("decision", at=at(9))


def test_the_decision_form_says_it_must_wait_while_the_period_runs(walker):
    """R-INV-5 on the web: with the notice served an hour ago, the decision form says why it cannot be made
    yet, and submitting it is refused with nothing recorded."""
    from django.utils import timezone

    now = timezone.localtime().replace(second=0, microsecond=0)
    walker.open("penalty")
    walker.record("case_source", at=now - dt.timedelta(days=2))
    filing = walker.record("filing_approval", at=now - dt.timedelta(days=2) + dt.timedelta(minutes=30))
    walker.approve(filing["id"])
    walker.record("investigation_report", at=now - dt.timedelta(days=1))
    notice = walker.record("rights_notice", at=now - dt.timedelta(hours=2))
    walker.serve(notice["id"], at=now - dt.timedelta(hours=1))
    draft = walker.record("draft_decision", at=now - dt.timedelta(minutes=30))
    walker.approve(draft["id"])
    url = f"/cases/{walker.case_id}/records/new/decision/"
    page = walker.officer.get(url).content.decode()
    assert "R-INV-5" in page and "陈述申辩笔录及复核意见" in page
    before = Record.objects.count()
    r = walker.officer.post(url, {"occurred_at": now.strftime("%Y-%m-%dT%H:%M"), "matter": "作出处罚决定",
                                  "officers": walker.officers, "parties": [walker.party_id]})
    assert r.status_code == 400 and "R-INV-5" in r.content.decode()
    assert Record.objects.count() == before
