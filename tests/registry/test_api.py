"""R-BASE-1..5 through the API as named users: each change is a trail entry with who and the fields
changed; bad input gets a 4xx with a field-level message, never a 500; agency B is invisible to A."""

from __future__ import annotations

import io
import json

import pytest

from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Officer, Unit

pytestmark = pytest.mark.django_db

OFFICER = {"name": "新同志", "post": "执法队员", "cert_no": "42011200099", "category": "城市管理", "area": "示例区",
           "cert_valid_from": "2025-01-01", "cert_valid_until": "2028-12-31"}


def _post(client, path, data, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def _patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


def _unit(agency_name="市容环卫执法中队"):
    return Unit.objects.get(name=agency_name).pk


def _last_entry() -> Entry:
    return Entry.objects.order_by("-seq").first()


def test_admin_creates_officer_and_the_trail_records_who_and_what(admin_client, admin_user):
    """R-BASE-2, R-BASE-5."""
    response = _post(admin_client, "/api/v1/officers", {**OFFICER, "unit": _unit()})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cert_no"] == "42011200099" and body["is_active"] is True
    entry = _last_entry()
    assert entry.kind == "registry.officer.create" and entry.subject == f"registry.officer:{body['id']}"
    assert entry.actor == "admin" and entry.actor_id == admin_user.pk and entry.agency_id == admin_user.agency_id
    assert json.loads(entry.payload)["data"]["cert_no"] == "42011200099"


def test_patch_records_old_and_new_values_and_an_unchanged_patch_writes_nothing(admin_client):
    """R-BASE-5: every change kept with who and when; no phantom entries."""
    officer = Officer.objects.get(cert_no="42011200003")
    response = _patch(admin_client, f"/api/v1/officers/{officer.pk}", {"post": "副中队长"})
    assert response.status_code == 200 and response.json()["post"] == "副中队长"
    entry = _last_entry()
    assert entry.kind == "registry.officer.update"
    assert json.loads(entry.payload)["changed"] == {"post": ["执法队员", "副中队长"]}
    count = Entry.objects.count()
    assert _patch(admin_client, f"/api/v1/officers/{officer.pk}", {"post": "副中队长"}).status_code == 200
    assert Entry.objects.count() == count


def test_officer_role_cannot_change_base_information(officer_client):
    count = Entry.objects.count()
    response = _post(officer_client, "/api/v1/officers", {**OFFICER, "unit": _unit()})
    assert response.status_code == 403
    assert "您的角色无权修改" in response.json()["errors"]["__all__"][0]  # in the user's language
    assert Entry.objects.count() == count and not Officer.objects.filter(cert_no="42011200099").exists()
    assert officer_client.get("/api/v1/officers").status_code == 200  # but can read


@pytest.mark.parametrize(("change", "field", "fragment"), [
    ({"cert_no": "12"}, "cert_no", "wrong format"),
    ({"cert_no": "4201 1200 099"}, "cert_no", "wrong format"),
    ({"cert_no": "42011200001"}, "cert_no", "already exists"),
    ({"cert_valid_until": "2024-01-01"}, "cert_valid_until", "cannot expire"),
    ({"name": ""}, "name", ""),
    ({"unit": 999999}, "unit", ""),
])
def test_bad_officer_input_gets_field_level_400(admin_client, change, field, fragment):
    count = Entry.objects.count()
    response = _post(admin_client, "/api/v1/officers", {**OFFICER, "unit": _unit(), **change},
                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    messages = response.json()["errors"][field]
    assert fragment in " ".join(messages)
    assert Entry.objects.count() == count


@pytest.mark.parametrize("path", ["units", "officers", "legal-bases", "discretion-standards", "powers", "causes"])
def test_missing_and_mistyped_fields_get_4xx_on_every_endpoint(admin_client, path):
    count = Entry.objects.count()
    empty = _post(admin_client, f"/api/v1/{path}", {})
    assert empty.status_code in (400, 422), empty.content
    detail = empty.json()
    assert detail.get("errors") or detail.get("detail")
    garbage = admin_client.post(f"/api/v1/{path}", "{not json", content_type="application/json")
    assert 400 <= garbage.status_code < 500
    wrong_types = _post(admin_client, f"/api/v1/{path}", {"is_active": "maybe", "name": ["x"], "code": {"a": 1}})
    assert 400 <= wrong_types.status_code < 500
    assert Entry.objects.count() == count


def test_other_agency_is_invisible_and_unchangeable(admin_client, other_agency):
    """Scoping: a user of agency A never reads or changes agency B's data; B's ids answer 404."""
    b_officer = other_agency["officer"]
    assert admin_client.get(f"/api/v1/officers/{b_officer.pk}").status_code == 404
    assert _patch(admin_client, f"/api/v1/officers/{b_officer.pk}", {"post": "x"}).status_code == 404
    listed = {o["cert_no"] for o in admin_client.get("/api/v1/officers").json()}
    assert "42990000001" not in listed and "42011200001" in listed
    assert admin_client.get(f"/api/v1/agencies/{other_agency['agency'].pk}").status_code == 404
    entries = admin_client.get("/api/v1/ledger/entries?limit=1000").json()
    assert all(e["agency_id"] != other_agency["agency"].pk for e in entries)


def test_linking_another_agencys_unit_is_a_field_error(admin_client, other_agency):
    response = _post(admin_client, "/api/v1/officers", {**OFFICER, "unit": other_agency["unit"].pk})
    assert response.status_code == 400 and "unit" in response.json()["errors"]


def test_power_with_another_agencys_legal_basis_is_refused(admin_client, other_agency, admin_user):
    from lawtrail.registry import actions

    b_basis = actions.create_legal_basis(user=other_agency["admin"], data={
        "title": "《某条例》", "level": "local_regulation", "article": "第一条", "content": "……"})
    response = _post(admin_client, "/api/v1/powers", {
        "code": "CF-900", "name": "测试事项", "category": "penalty", "handling_unit": _unit(), "basis_text": "x",
        "legal_bases": [b_basis.pk]})
    assert response.status_code == 400 and "legal_bases" in response.json()["errors"]


def test_duplicate_unit_name_within_agency_is_a_field_error(admin_client):
    response = _post(admin_client, "/api/v1/units", {"name": "法制科", "kind": "legal"})
    assert response.status_code == 400, response.content
    assert response.json()["errors"]


def test_discretion_range_must_be_ordered(legal_user):
    from lawtrail.registry.models import LegalBasis
    from tests.conftest import login

    client = login(legal_user)
    basis = LegalBasis.objects.filter(agency=legal_user.agency).first()
    response = _post(client, "/api/v1/discretion-standards", {
        "legal_basis": basis.pk, "code": "DS-X", "severity": "grave", "circumstance": "c", "measure": "m",
        "min_amount": "2000", "max_amount": "500"})
    assert response.status_code == 400 and "max_amount" in response.json()["errors"]
    ok = _post(client, "/api/v1/discretion-standards", {
        "legal_basis": basis.pk, "code": "DS-X", "severity": "grave", "circumstance": "c", "measure": "m",
        "min_amount": "500", "max_amount": "2000"})
    assert ok.status_code == 201  # the legal reviewer may maintain discretion standards


def test_officer_photo_is_checked_and_its_hash_goes_into_the_trail(admin_client, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    officer = Officer.objects.get(cert_no="42011200002")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    ok = admin_client.post(f"/api/v1/officers/{officer.pk}/photo", {"photo": _file("p.png", png)})
    assert ok.status_code == 200, ok.content
    photo = json.loads(_last_entry().payload)["data"]["photo"]
    from lawtrail.ledger.hashing import sm3_hex
    assert photo["sm3"] == sm3_hex(png)
    bad = admin_client.post(f"/api/v1/officers/{officer.pk}/photo", {"photo": _file("p.png", b"GIF89a....")})
    assert bad.status_code == 400 and "photo" in bad.json()["errors"]
    big = admin_client.post(f"/api/v1/officers/{officer.pk}/photo",
                            {"photo": _file("p.jpg", b"\xff\xd8\xff" + b"0" * (3 * 1024 * 1024))})
    assert big.status_code == 400 and "photo" in big.json()["errors"]


def _file(name: str, content: bytes):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_users_are_created_by_administrators_with_known_roles(admin_client, officer_client):
    created = _post(admin_client, "/api/v1/users", {"username": "newbie", "password": "a-long-pass-123",
                                                    "roles": ["officer"]})
    assert created.status_code == 201 and created.json()["roles"] == ["officer"]
    assert _last_entry().kind == "access.user.create"
    assert "pbkdf2" not in _last_entry().payload and "password" not in json.loads(_last_entry().payload)["data"]
    bad = _post(admin_client, "/api/v1/users", {"username": "x2", "password": "a-long-pass-123",
                                                "roles": ["king"]})
    assert bad.status_code == 400 and "roles" in bad.json()["errors"]
    dup = _post(admin_client, "/api/v1/users", {"username": "newbie", "password": "a-long-pass-123"})
    assert dup.status_code == 400 and "username" in dup.json()["errors"]
    weak = _post(admin_client, "/api/v1/users", {"username": "x3", "password": "123"})
    assert weak.status_code == 400 and "password" in weak.json()["errors"]
    denied = _post(officer_client, "/api/v1/users", {"username": "x4", "password": "a-long-pass-123"})
    assert denied.status_code == 403


def test_agency_admin_edits_own_agency_but_cannot_register_agencies(admin_client, admin_user):
    assert _patch(admin_client, f"/api/v1/agencies/{admin_user.agency_id}", {"phone": "027-12345678"}).status_code \
        == 200
    assert _last_entry().kind == "registry.agency.update"
    denied = _post(admin_client, "/api/v1/agencies", {"code": "X", "name": "X局", "kind": "organ"})
    assert denied.status_code == 403
    bad = _patch(admin_client, f"/api/v1/agencies/{admin_user.agency_id}", {"kind": "entrusted"})
    assert bad.status_code == 400 and "entrusted_by" in bad.json()["errors"]


def test_login_and_failed_login_are_in_the_trail(admin_user, client):
    assert not client.login(username="admin", password="wrong")
    assert _last_entry().kind == "access.login_failed"
    from tests.conftest import PASSWORD
    assert client.login(username="admin", password=PASSWORD)
    assert _last_entry().kind == "access.login" and _last_entry().actor == "admin"


def test_openapi_document_and_docs_page_are_served(admin_client):
    doc = admin_client.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    paths = doc.json()["paths"]
    for p in ("/api/v1/officers", "/api/v1/officers/import", "/api/v1/ledger/proof/inclusion/{seq}",
              "/api/v1/ledger/public-key", "/api/v1/users"):
        assert p in paths
    docs = admin_client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.content.decode() and "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()
    assert admin_client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_error_messages_are_in_simplified_chinese_by_default(admin_client):
    response = _post(admin_client, "/api/v1/officers", {**OFFICER, "unit": _unit(), "cert_no": "12"})
    assert response.status_code == 400
    assert "执法证件编号" in response.json()["errors"]["cert_no"][0]


@pytest.mark.parametrize("path", ["units", "officers", "legal-bases", "discretion-standards", "powers", "causes"])
def test_mistyped_patch_and_unknown_ids_get_4xx_on_every_endpoint(admin_client, admin_user, path):
    from lawtrail.web.kinds import KINDS

    obj = KINDS[path].model.objects.filter(agency=admin_user.agency).first()
    count = Entry.objects.count()
    for body in ({"is_active": "maybe"}, {"name": ["x"], "code": {"a": 1}}, {"unit": "abc"}):
        response = _patch(admin_client, f"/api/v1/{path}/{obj.pk}", body)
        assert 400 <= response.status_code < 500, (body, response.content)
    assert _patch(admin_client, f"/api/v1/{path}/999999", {"is_active": True}).status_code == 404
    assert admin_client.get(f"/api/v1/{path}/abc").status_code == 404
    assert Entry.objects.count() == count


def test_committed_openapi_document_is_current():
    """docs/openapi.json is what `lawtrail openapi` writes now (`make openapi` regenerates it)."""
    from pathlib import Path

    from lawtrail.api.management.commands.openapi import document

    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert committed.read_text(encoding="utf-8") == document(), "run `make openapi` and commit docs/openapi.json"
