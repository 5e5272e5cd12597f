"""Steps the catalogue refuses, each with a message naming the rule and what is missing — never a 500,
and never losing what was already recorded (R-PROC-6, R-INV-1/2/3, R-BASE-2, R-SRV-4, R-PROC-7, R-INT-2)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lawtrail.cases.models import Record
from lawtrail.cases.samples import sample_content
from lawtrail.ledger.models import Entry
from lawtrail.registry import actions as registry_actions
from lawtrail.registry.models import Unit
from lawtrail.workdays.calendar import CHINA
from tests.conftest import _user
from tests.walker import DAY


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(hour, 0))


@pytest.fixture
def filed(walker):
    """A penalty case that is filed and has one inquiry on record."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    walker.record("inquiry", at=at(1))
    return walker


def _unchanged(walker, before_records: int, before_entries: int) -> None:
    assert Record.objects.count() == before_records
    assert Entry.objects.count() == before_entries
    # What was recorded before is still all there, intact.
    assert [r["type"] for r in walker.case()["records"]] == ["case_source", "filing_approval", "inquiry"]


def _text(body) -> str:
    return json.dumps(body, ensure_ascii=False)


CASES = {
    "out of order": (dict(type_="decision"), "R-PROC-6", "__all__"),
    "missing required field": (dict(type_="site_inspection", drop="findings"), "R-INV-2", "findings"),
    "one officer instead of two": (dict(type_="site_inspection", one_officer=True), "R-INV-1", "officers"),
    "certificates not shown": (dict(type_="inquiry", content={"certificates_shown": False}), "R-INV-1",
                               "certificates_shown"),
    "refusal to sign without a witness": (dict(type_="inquiry", content={"signatures": [
        {"signer": "interviewee", "name": "张三", "refused": True, "note": "拒绝签字"}]}), "R-INV-3", "signatures"),
    "unknown field": (dict(type_="inquiry", content={"mood": "好"}), "没有此字段", "mood"),
    "no place": (dict(type_="inquiry", place=""), "R-PROC-6", "place"),
    "future time": (dict(type_="inquiry", when="2099-01-01T09:00"), "晚于当前", "occurred_at"),
    "hearing before its notice": (dict(type_="hearing_record"), "R-INV-2", "__all__"),
    "second filing approval": (dict(type_="filing_approval"), "R-INT-2", "__all__"),
}


@pytest.mark.parametrize("name", CASES)
def test_refused_steps_name_the_rule_and_keep_what_was_recorded(filed, name):
    spec, rule, field = CASES[name]
    type_ = spec["type_"]
    content = sample_content(type_, day=DAY, **spec.get("content", {}))
    if "drop" in spec:
        content.pop(spec["drop"])
    officers = filed.officers[:1] if spec.get("one_officer") else None
    before_records, before_entries = Record.objects.count(), Entry.objects.count()
    extra = {"place": spec["place"]} if "place" in spec else {}
    body = filed.record(type_, at=spec.get("when", at(2)), raw_content=content, officers=officers, expect=400,
                        **extra)
    assert field in body["errors"], body
    assert rule in _text(body), body
    _unchanged(filed, before_records, before_entries)


def test_expired_certificate_is_refused(filed):
    """R-BASE-2 (HY-A1 7): only an officer with a valid certificate can act in a case."""
    admin = _user("admin")
    expired = registry_actions.create_officer(user=admin, data={
        "name": "过期证", "unit": Unit.objects.get(name="市容环卫执法中队").pk, "cert_no": "42011299999",
        "category": "城市管理", "area": "示例区", "cert_valid_from": dt.date(2024, 1, 1),
        "cert_valid_until": dt.date(2026, 2, 28)})
    before = Record.objects.count(), Entry.objects.count()
    body = filed.record("site_inspection", at=at(2), officers=[filed.officers[0], expired.pk], expect=400)
    assert "R-BASE-2" in _text(body) and "42011299999" in _text(body)
    _unchanged(filed, *before)
    # The same officer could act on a day the certificate was valid.
    filed.record("site_inspection", at=dt.datetime(2026, 2, 27, 10, tzinfo=CHINA),
                 officers=[filed.officers[0], expired.pk])


def test_decision_cannot_be_served_by_email(walker):
    """R-SRV-4 (WH 22): fax or e-mail never serves a decision document; it may serve other documents."""
    walker.open("licence")
    walker.record("application", at=at(0))
    walker.record("acceptance", at=at(0, 11))
    exam = walker.record("examination", at=at(1))
    walker.approve(exam["id"])
    decision = walker.record("licence_decision", at=at(2))
    before = Record.objects.count(), Entry.objects.count()
    body = walker.record(
        "service", at=at(2, 14), expect=400,
        content={"document": decision["id"], "method": "fax_email", "served_at": at(2, 14).isoformat(),
                 "channel_proof": "截屏", "fax_or_address": "party@example.cn"})
    assert "R-SRV-4" in _text(body) and "method" in body["errors"]
    assert (Record.objects.count(), Entry.objects.count()) == before
    walker.serve(decision["id"], method="mail", at=at(2, 15), mail_kind="ems", tracking_no="EMS123",
                 postal_receipt="凭证001")


def test_lodging_needs_witnesses_and_two_servers(walker):
    """R-SRV-1, R-SRV-2 (LC 24, HY-A2 13): lodging records the refusal, witnesses and two servers."""
    walker.open("licence")
    walker.record("application", at=at(0))
    notice = walker.record("supplement_notice", at=at(0, 11))
    body = walker.record("service", at=at(1), officers=walker.officers[:1], expect=400,
                         raw_content={"document": notice["id"], "method": "lodging", "served_at": at(1).isoformat(),
                                      "recipient": [{"name": "张三"}]})
    text = _text(body)
    assert {"refusal_reason", "witnesses", "officers"} <= set(body["errors"]) and "R-SRV-2" in text


def test_approval_chain_order_and_separation_of_duties(walker):
    """R-PROC-7: the unit head reviews before the agency head approves; the proposer cannot approve, an
    officer cannot approve, and a disagreement rejects the record."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    url = f"/api/v1/records/{filing['id']}/approvals"
    body = json.dumps({"agree": True, "opinion": "同意"})
    assert walker.agency_head.post(url, body, content_type="application/json").status_code == 403
    assert walker.officer.post(url, body, content_type="application/json").status_code == 403
    assert walker.unit_head.post(url, json.dumps({"agree": True, "opinion": " "}),
                                 content_type="application/json").status_code == 400
    walker.approve(filing["id"], agree=False)
    assert walker.officer.get(f"/api/v1/records/{filing['id']}").json()["status"] == "rejected"
    assert walker.case()["stage"] == "file"
    # A new filing approval form may be proposed after a rejection.
    again = walker.record("filing_approval", at=at(1))
    walker.approve(again["id"])
    assert walker.case()["stage"] == "investigate"


def test_correction_is_a_new_record_naming_the_old_one(filed):
    """R-INT-2: the corrected record stays; the correction points at it with a reason; both are hashed
    into the trail."""
    inquiry = [r for r in filed.case()["records"] if r["type"] == "inquiry"][0]
    url = f"/api/v1/records/{inquiry['id']}/corrections"
    missing = filed.officer.post(url, json.dumps({"reason": ""}), content_type="application/json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    r = filed.officer.post(url, json.dumps({"reason": "笔录中被询问人身份证号记错", "content": {
        "transcript": "问：……\n答：更正后的回答。"}}), content_type="application/json")
    assert r.status_code == 201, r.content
    new = r.json()
    assert new["corrects"] == inquiry["id"] and new["correction_reason"]
    old = filed.officer.get(f"/api/v1/records/{inquiry['id']}").json()
    assert old["status"] == "corrected" and old["superseded_by"] == new["id"]
    assert old["content"]["transcript"] == inquiry["content"]["transcript"]
    assert Entry.objects.filter(kind="cases.record.correct", subject=f"cases.record:{new['id']}").exists()
    again = filed.officer.post(url, json.dumps({"reason": "再改"}), content_type="application/json")
    assert again.status_code == 400


def test_original_records_cannot_be_changed_underneath(filed):
    """R-INT-2: the database refuses UPDATE and DELETE on records and approvals."""
    from django.db import DatabaseError, transaction

    record = Record.objects.first()
    for statement in (lambda: Record.objects.filter(pk=record.pk).update(matter="改"),
                      lambda: Record.objects.filter(pk=record.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()


GARBAGE = [
    "not json", "[]", json.dumps({"type": 5}), json.dumps({"type": "inquiry", "content": []}),
    json.dumps({"type": "inquiry", "officers": "all"}), json.dumps({"type": "inquiry", "occurred_at": "yesterday"}),
    json.dumps({"type": "inquiry", "content": {"signatures": "签了"}}),
    json.dumps({"type": "inquiry", "content": {"interviewee": [{"id_no": "1"}]}}),
    json.dumps({"type": "nonsense"}), json.dumps({"type": "inquiry", "parties": [999999]}),
    json.dumps({"type": "inquiry", "officers": [999999, 999998]}),
]


@pytest.mark.parametrize("payload", GARBAGE)
def test_garbage_gets_a_4xx_never_a_500(filed, payload):
    before = Record.objects.count(), Entry.objects.count()
    r = filed.officer.post(f"/api/v1/cases/{filed.case_id}/records", payload, content_type="application/json")
    assert 400 <= r.status_code < 500, r.content
    assert (Record.objects.count(), Entry.objects.count()) == before


def test_other_agency_cannot_see_or_write_the_case(filed, other_agency):
    from tests.conftest import login

    client = login(other_agency["admin"])
    assert client.get(f"/api/v1/cases/{filed.case_id}").status_code == 404
    r = client.post(f"/api/v1/cases/{filed.case_id}/records", json.dumps({"type": "inquiry"}),
                    content_type="application/json")
    assert r.status_code == 404
