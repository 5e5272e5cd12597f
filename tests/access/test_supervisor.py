"""The supervisor (执法监督人员) and the administrator do their jobs (issue 12 §2, R-ARC-3, R-ARC-4, R-SUP-1):
a supervisor reads every case of the agency but state secrets, writes nothing into a case, takes no copy
without an approved request, and every case page they open is a trail entry in the register; an administrator
sees no case and no case link."""

from __future__ import annotations

import json

from lawtrail.access.models import User
from lawtrail.cases.models import Case, Record
from lawtrail.ledger.models import Entry
from tests.conftest import _user, login


def test_supervisor_reads_every_case_and_each_view_is_registered(walker):
    walker.open("penalty")
    walker.record("case_source")
    record = walker.record("filing_approval")
    supervisor = login(_user("supervisor"))
    cases = supervisor.get("/cases/").content.decode()
    assert all(f"/cases/{pk}/" in cases for pk in Case.objects.values_list("pk", flat=True)[:20])
    work = supervisor.get("/").content.decode()
    assert f"/cases/{walker.case_id}/" in work
    before = Entry.objects.filter(kind="access.view").count()
    page = supervisor.get(f"/cases/{walker.case_id}/")
    assert page.status_code == 200 and "监督查阅" in page.content.decode()
    assert supervisor.get(f"/records/{record['id']}/").status_code == 200
    views = Entry.objects.filter(kind="access.view").order_by("seq")[before:]
    assert [json.loads(v.payload)["reason"] for v in views] == ["执法监督", "执法监督"]
    assert all(v.actor_id == User.objects.get(username="supervisor").pk for v in views)
    response = supervisor.get("/access/register/")
    register = response.content.decode()
    assert response.status_code == 200, response
    assert "何平" in register and "执法监督" in register
    # Nothing written, nothing copied out without a request.
    refused = supervisor.post(f"/api/v1/cases/{walker.case_id}/records", json.dumps({
        "type": "inquiry", "occurred_at": "2026-03-03T10:00", "content": {}}), content_type="application/json")
    assert refused.status_code in (403, 404)
    assert supervisor.get(f"/cases/{walker.case_id}/bundle.zip").status_code == 404
    assert "bundle.zip" not in page.content.decode()


def test_supervisor_does_not_see_state_secrets(walker):
    walker.open("penalty")
    walker.record("case_source")
    filing = walker.record("filing_approval")
    walker.approve(filing["id"])
    inquiry = walker.record("inquiry")
    legal = login(_user("legal"))
    assert legal.post(f"/api/v1/records/{inquiry['id']}/secrecy", json.dumps(
        {"level": "state", "reason": "涉及国家秘密"}), content_type="application/json").status_code == 201
    supervisor = login(_user("supervisor"))
    assert supervisor.get(f"/records/{inquiry['id']}/").status_code == 404
    assert supervisor.get(f"/api/v1/records/{inquiry['id']}").status_code == 404
    from lawtrail.ledger.models import Entry as E

    seq = E.objects.get(subject=f"cases.record:{inquiry['id']}", kind="cases.record.create").seq
    number = Case.objects.get(pk=walker.case_id).number
    assert f"/trail/{seq}/" not in supervisor.get(f"/trail/?case={number}").content.decode()
    assert f"/trail/{seq}/" in legal.get(f"/trail/?case={number}").content.decode()
    # the unit head sees the case but does not handle it: the state secret's entries are withheld there too (LC 33)
    head = _user("unithead")
    assert not Case.objects.get(pk=walker.case_id).handlers.filter(pk=head.officer_id).exists()
    page = login(head).get(f"/trail/?case={number}").content.decode()
    assert f"/trail/{seq}/" not in page and "/trail/" in page
    assert supervisor.get(f"/trail/{seq}/").status_code == 404
    assert supervisor.get(f"/records/{filing['id']}/").status_code == 200
    assert Record.objects.filter(pk=inquiry["id"]).exists()


def test_administrator_sees_no_case(walker):
    walker.open("penalty")
    admin = login(_user("admin"))
    home = admin.get("/").content.decode()
    assert "/cases/" + str(walker.case_id) + "/" not in home
    assert admin.get(f"/cases/{walker.case_id}/").status_code == 404
    assert f"/cases/{walker.case_id}/" not in admin.get("/cases/").content.decode()
