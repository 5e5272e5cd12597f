"""Opening a case and its parties (R-START-2, R-PROC-6): bad input named field by field, changes in the
trail, other agencies' rows refused."""

from __future__ import annotations

import json

import pytest

from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Power


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("body", "field"), [
    ({"procedure": "nonsense"}, "procedure"),
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"handlers": []}, "handlers"),
    ({"handlers": [999999]}, "handlers"),
    ({"unit": 999999}, "unit"),
    ({"opened_at": "2099-01-01T00:00"}, "opened_at"),
])
def test_open_case_refuses_bad_input_by_field(walker, body, field):
    base = {"procedure": "penalty", "title": "某案", "unit": walker.unit, "handlers": walker.officers}
    before = Entry.objects.count()
    r = post(walker.officer, "/api/v1/cases", {**base, **body})
    assert r.status_code == 400 and field in r.json()["errors"], r.content
    assert Entry.objects.count() == before


def test_power_must_belong_to_the_procedure_family(walker):
    licence_power = Power.objects.exclude(category="penalty").first()
    r = post(walker.officer, "/api/v1/cases", {"procedure": "penalty", "title": "某案", "unit": walker.unit,
                                               "handlers": walker.officers, "power": licence_power.pk})
    assert r.status_code == 400 and "power" in r.json()["errors"]


def test_other_agency_units_and_officers_are_refused(walker, other_agency):
    r = post(walker.officer, "/api/v1/cases", {"procedure": "penalty", "title": "某案", "unit": other_agency["unit"].pk,
                                               "handlers": [other_agency["officer"].pk]})
    assert r.status_code == 400 and {"unit", "handlers"} <= set(r.json()["errors"])


def test_party_changes_are_validated_and_in_the_trail(walker):
    walker.open("penalty")
    url = f"/api/v1/cases/{walker.case_id}/parties/{walker.party_id}"
    bad = walker.officer.patch(url, json.dumps({"id_no": "110105194912310021"}), content_type="application/json")
    assert bad.status_code == 400 and "id_no" in bad.json()["errors"]
    org = post(walker.officer, f"/api/v1/cases/{walker.case_id}/parties",
               {"kind": "organisation", "name": "某公司", "id_type": "uscc", "id_no": "91420112MA4KXXXX0Q"})
    assert org.status_code == 400 and "legal_rep" in org.json()["errors"]
    ok = walker.officer.patch(url, json.dumps({"address": "示例区新华路2号"}), content_type="application/json")
    assert ok.status_code == 200
    entry = Entry.objects.filter(kind="cases.party.update").latest("seq")
    assert "示例区新华路2号" in entry.payload
    assert walker.officer.get(f"/api/v1/cases/{walker.case_id}").json()["parties"][0]["address"] == "示例区新华路2号"
