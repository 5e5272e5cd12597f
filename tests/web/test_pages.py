"""The web pages (R-BASE-1..5): Simplified Chinese by default with English available, base-information
pages that write through the actions with a trail entry (R-BASE-5), field-level errors on bad input
(never a 500), certificate checks (R-BASE-2) and agency scoping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Officer
from lawtrail.web.kinds import KINDS

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[2] / "src/lawtrail/locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_translation_in_the_po_file_is_compiled():
    """The committed .mo matches the .po: every msgid translates to its msgstr."""
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, flags=re.M)
    assert len(pairs) > 100
    with translation.override("zh-hans"):
        for msgid, msgstr in pairs:
            assert translation.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"'), msgid


def test_login_page_is_chinese_by_default_and_english_on_request(client):
    page = client.get("/login/")
    assert page.status_code == 200 and "登录" in page.content.decode()
    english = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in" in english.content.decode()


def test_language_switch_sets_english(admin_client):
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Workbench" in admin_client.get("/").content.decode()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/base/officers/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_home_warns_of_expiring_certificates(admin_client):
    page = admin_client.get("/").content.decode()
    assert "60 日内到期的执法证件" in page and "吴刚" in page  # the demo's officer whose certificate runs out


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_base_information_page_renders(admin_client, slug):
    assert admin_client.get(f"/base/{slug}/").status_code == 200
    assert admin_client.get(f"/base/{slug}/new/").status_code == 200
    obj = KINDS[slug].model.objects.first()
    assert admin_client.get(f"/base/{slug}/{obj.pk}/").status_code == 200
    assert admin_client.get(f"/base/{slug}/{obj.pk}/edit/").status_code == 200


def test_officer_form_shows_field_errors_and_saves_good_input_into_the_trail(admin_client):
    from lawtrail.registry.models import Unit

    unit = Unit.objects.get(name="法制科")
    data = {"name": "赵六", "unit": unit.pk, "post": "科员", "cert_no": "12", "category": "法制审核", "area": "示例区",
            "cert_valid_from": "2025-01-01", "cert_valid_until": "2024-01-01", "is_active": "on"}
    count = Entry.objects.count()
    bad = admin_client.post("/base/officers/new/", data)
    page = bad.content.decode()
    assert bad.status_code == 200 and page.count("格式不正确") == 1 and page.count("不能早于起始日") == 1
    assert Entry.objects.count() == count
    good = admin_client.post("/base/officers/new/",
                             {**data, "cert_no": "42011200077", "cert_valid_until": "2029-01-01"})
    officer = Officer.objects.get(cert_no="42011200077")
    assert good.status_code == 302 and good["Location"] == f"/base/officers/{officer.pk}/"
    assert Entry.objects.order_by("-seq").first().kind == "registry.officer.create"
    detail = admin_client.get(good["Location"]).content.decode()
    assert "留痕历史" in detail and "registry.officer.create" in detail


def test_unticking_active_deactivates(admin_client):
    officer = Officer.objects.get(cert_no="42011200003")
    form = {"name": officer.name, "unit": officer.unit_id, "post": officer.post, "cert_no": officer.cert_no,
            "category": officer.category, "area": officer.area, "cert_valid_from": officer.cert_valid_from.isoformat(),
            "cert_valid_until": officer.cert_valid_until.isoformat()}
    assert admin_client.post(f"/base/officers/{officer.pk}/edit/", form).status_code == 302
    officer.refresh_from_db()
    assert officer.is_active is False


def test_officer_role_sees_but_cannot_edit(officer_client):
    assert officer_client.get("/base/officers/").status_code == 200
    response = officer_client.get("/base/officers/new/")
    assert response.status_code == 302
    assert officer_client.post("/base/units/new/", {"name": "x", "kind": "squad"}).status_code == 302
    assert not Entry.objects.filter(kind="registry.unit.create", actor="officer").exists()


def test_other_agency_pages_are_not_found(admin_client, other_agency):
    assert admin_client.get(f"/base/officers/{other_agency['officer'].pk}/").status_code == 404
    assert admin_client.get(f"/base/officers/{other_agency['officer'].pk}/edit/").status_code == 404
    assert admin_client.get("/base/no-such-kind/").status_code == 404


def test_import_page_reports_bad_rows(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = ("姓名,所属单位,执法证件编号,执法类别,执法区域,证件有效期起,证件有效期至\n"
               "甲,无此单位,42011200200,城管,示例区,2025-01-01,2028-01-01\n")
    response = admin_client.post("/base/officers/import/",
                                 {"file": SimpleUploadedFile("r.csv", content.encode(), "text/csv")})
    assert response.status_code == 400
    assert "本单位没有名为 无此单位 的机构" in response.content.decode()  # the row's problem, in Chinese
    empty = admin_client.post("/base/officers/import/", {})
    assert empty.status_code == 400


def test_trail_pages(admin_client):
    assert admin_client.get("/trail/").status_code == 200
    seq = Entry.objects.filter(actor="admin").first().seq
    page = admin_client.get(f"/trail/{seq}/").content.decode()
    assert "记录哈希（SM3）" in page
    assert admin_client.get("/trail/999999/").status_code == 404


def test_admin_site_is_read_only(admin_client, admin_user):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    assert admin_client.get("/admin/registry/officer/").status_code == 200
    assert admin_client.get("/admin/registry/officer/add/").status_code == 403


def test_administrator_manages_users_and_roles_on_the_web(admin_client, officer_user):
    """Users and roles: created and changed through the access actions, each change in the trail."""
    from lawtrail.access.models import User

    officer = Officer.objects.get(cert_no="42011200003")
    page = admin_client.get("/users/").content.decode()
    assert "用户与角色" in page and "officer" in page
    bad = admin_client.post("/users/", {"username": "officer", "password": "short", "roles": ["officer"]})
    text = bad.content.decode()
    assert bad.status_code == 400 and "用户名 officer 已被使用" in text
    good = admin_client.post("/users/", {"username": "lixiang", "full_name": "李强", "password": "a-long-pass-123",
                                         "roles": ["officer", "unit_head"], "officer": officer.pk})
    assert good.status_code == 302
    created = User.objects.get(username="lixiang")
    assert created.role_set == {"officer", "unit_head"} and created.officer_id == officer.pk
    assert Entry.objects.order_by("-seq").first().kind == "access.user.create"
    taken = admin_client.post("/users/", {"username": "other", "password": "a-long-pass-123", "officer": officer.pk})
    assert taken.status_code == 400 and "已关联其他用户" in taken.content.decode()
    edit = admin_client.post(f"/users/{created.pk}/", {"roles": ["supervisor"], "officer": ""})
    assert edit.status_code == 302
    created = User.objects.get(pk=created.pk)
    assert created.role_set == {"supervisor"} and created.officer_id is None
    kinds = list(Entry.objects.order_by("-seq").values_list("kind", flat=True)[:2])
    assert kinds == ["access.user.update", "access.user.roles"]


def test_officers_cannot_manage_users(officer_client, admin_user):
    """The users page lists citizens' portal accounts: the administrator's (and the agency head's) page only
    (issue 12 §2); officers get 404 and create nothing."""
    assert officer_client.get("/users/").status_code == 404
    assert officer_client.post("/users/", {"username": "x", "password": "a-long-pass-123"}).status_code == 404
    from lawtrail.access.models import User
    assert not User.objects.filter(username="x").exists()
    assert officer_client.get(f"/users/{admin_user.pk}/").status_code == 404


def test_officer_photo_is_shown_only_within_the_agency(admin_client, other_agency, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lawtrail.registry import actions

    settings.MEDIA_ROOT = str(tmp_path)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    officer = Officer.objects.get(cert_no="42011200002")
    from lawtrail.access.models import User
    actions.update_officer(officer, user=User.objects.get(username="admin"), data={},
                           files={"photo": SimpleUploadedFile("p.png", png, "image/png")})
    response = admin_client.get(f"/base/officers/{officer.pk}/photo/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == png
    assert f"/base/officers/{officer.pk}/photo/" in admin_client.get(f"/base/officers/{officer.pk}/").content.decode()
    assert admin_client.get(f"/base/officers/{other_agency['officer'].pk}/photo/").status_code == 404
    no_photo = Officer.objects.get(cert_no="42011200003")
    assert admin_client.get(f"/base/officers/{no_photo.pk}/photo/").status_code == 404


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_form_answers_empty_input_with_field_errors(admin_client, slug):
    count = Entry.objects.count()
    response = admin_client.post(f"/base/{slug}/new/", {})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert Entry.objects.count() == count
