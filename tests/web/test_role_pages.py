"""Every role does its job on the web (issue 12 §2): notices on the workbench (a refused record with the head's
opinion, submissions waiting, access requests waiting for a unit head), forms that fill what the system knows
(a complaint registered with its party in one step, the filing approval pre-filled from the source, drafter
and reviewer picked from the officers), steps that no longer make sense not offered, web uploads with their
R-AV-5 labels and the same file on a second step named, menus by role, a party's account made on /users/."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from lawtrail.access.models import User
from lawtrail.cases.models import Case, Record
from lawtrail.evidence.models import Recording
from tests.conftest import PASSWORD, _user, login, store_recording
from tests.walker import DAY


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(hour, 0))


def test_refused_record_and_waiting_submissions_on_the_officer_s_workbench(walker):
    """R-PROC-7: the officer reads the head's refusal and opinion on the workbench, and what still waits."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    home = walker.officer.get("/").content.decode()
    assert "我提交的待审批记录" in home and f"/records/{filing['id']}/" in home
    walker.approve(filing["id"], agree=False)
    home = walker.officer.get("/").content.decode()
    assert "不同意，理由不充分。" in home and f"/records/{filing['id']}/correct/" in home


def test_unit_head_sees_access_requests_waiting(walker):
    """R-ARC-3: a request a unit head decides is on their workbench."""
    walker.open("penalty")
    number = Case.objects.get(pk=walker.case_id).number
    custodian = login(_user("custodian"))
    until = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = custodian.post("/api/v1/access-requests", json.dumps({
        "case": number, "kind": "court", "requester_name": "刘法官", "requester_unit": "示例区人民法院",
        "phone": "027-12345678", "reason": "行政诉讼审理需要", "matter": "全部案卷", "valid_until": until}),
        content_type="application/json")
    assert r.status_code == 201, r.content
    home = walker.unit_head.get("/").content.decode()
    assert "示例区人民法院 刘法官" in home


def test_a_complaint_is_registered_with_its_party_in_one_step(walker):
    """R-START-2: the new-case form takes the party and the case source; one submit opens the case, adds the
    party and records the source; a bad part refuses all of it and keeps what was typed."""
    officer = walker.officer
    form = {"procedure": "penalty", "title": "钱女士投诉占道经营案", "unit": walker.unit, "handlers": walker.officers,
            "party_kind": "person", "party_name": "赵六", "party_id_type": "resident_id",
            "party_id_no": "11010519491231002X", "party_phone": "abc",
            "c_channel": "complaint", "c_received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "c_description": "幸福路口有人占道经营", "c_informant": "钱女士，，投诉人，13912345678"}
    before = Case.objects.count()
    bad = officer.post("/cases/new/", form)
    assert bad.status_code == 400 and Case.objects.count() == before
    html = bad.content.decode()
    assert "钱女士, , 投诉人, 13912345678" in html and "幸福路口有人占道经营" in html and "abc" in html
    form["party_phone"] = "13700001111"
    ok = officer.post("/cases/new/", form)
    assert ok.status_code == 302
    case = Case.objects.get(title="钱女士投诉占道经营案")
    assert ok["Location"] == f"/cases/{case.pk}/"
    assert list(case.parties.values_list("name", flat=True)) == ["赵六"]
    source = Record.objects.get(case=case, type="case_source")
    assert source.content["informant"] == [{"name": "钱女士", "role": "投诉人", "phone": "13912345678"}]
    # The filing approval starts from what the source says.
    page = officer.get(f"/cases/{case.pk}/records/new/filing_approval/").content.decode()
    assert "投诉举报" in page and "钱女士" in page and "幸福路口有人占道经营" in page


def test_drafter_and_reviewer_are_picked_and_dead_steps_are_not_offered(walker):
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert "/records/new/not_filing/" in page
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    page = walker.officer.get(f"/cases/{walker.case_id}/").content.decode()
    assert "/records/new/not_filing/" not in page  # 不予立案 after filing makes no sense
    refused = walker.record("not_filing", at=at(1), expect=400)
    assert "R-START-3" in json.dumps(refused, ensure_ascii=False)
    form = walker.officer.get(f"/cases/{walker.case_id}/records/new/draft_decision/").content.decode()
    assert '<select id="c_drafter" name="c_drafter">' in form and "孟凡（市容环卫执法中队）" in form


def test_web_upload_carries_device_and_times_and_names_the_same_file_elsewhere(walker):
    """R-AV-5: device and times go with the upload; the officer is the device's holder; the same bytes on a
    second step are named on the record page; relabelling sets device and times as a new version."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    first = walker.record("site_inspection", at=at(1))
    second = walker.record("inquiry", at=at(1, 14))
    page = walker.officer.get(f"/records/{first['id']}/").content.decode()
    assert 'data-meta="device_no"' in page and 'data-meta="started_at"' in page
    data = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"x" * 4000
    one = store_recording(data, case=walker.case_id, record=first["id"], started_at="2026-03-03T10:00",
                          ended_at="2026-03-03T10:20")
    store_recording(data, case=walker.case_id, record=second["id"])
    page = walker.officer.get(f"/records/{first['id']}/").content.decode()
    assert "SM3 相同" in page and "#" in page
    assert one.started_at is not None and one.ended_at is not None
    relabel = walker.officer.post(f"/recordings/{one.pk}/", {
        "form": "label", "case": str(walker.case_id), "record": str(first["id"]),
        "started_at": "2026-03-03T10:05", "ended_at": "2026-03-03T10:20", "reason": "按记录仪时间更正"})
    assert relabel.status_code == 302, relabel.content.decode()[:2000]
    new = Recording.objects.current().get(blob_id=one.blob_id, record_id=first["id"])
    assert timezone.localtime(new.started_at).strftime("%H:%M") == "10:05" and new.corrects_id == one.pk


def test_menus_by_role(demo_agency):
    """Each role sees the menu items it uses: an officer no user list (with citizens' accounts) and no API
    documents; the administrator both; the users page itself is refused to an officer."""
    officer = login(_user("officer")).get("/").content.decode()
    assert 'href="/users/"' not in officer and 'href="/api/v1/docs"' not in officer and 'href="/cases/"' in officer
    admin = login(_user("admin")).get("/").content.decode()
    assert 'href="/users/"' in admin and 'href="/api/v1/docs"' in admin and 'href="/approvals/"' not in admin
    head = login(_user("unithead")).get("/").content.decode()
    assert 'href="/approvals/"' in head
    assert login(_user("officer")).get("/users/").status_code == 404


def test_party_account_made_on_the_users_page_reaches_the_portal(demo_agency):
    """R-ARC-5: the administrator makes a party's portal account on /users/ with its identity number; the
    party then logs in to its portal (in Chinese), not to a 404."""
    admin = login(_user("admin"))
    missing = admin.post("/users/", {"username": "zjh", "full_name": "张建华", "password": PASSWORD,
                                     "roles": ["party"]})
    assert missing.status_code == 400 and "身份" in missing.content.decode()
    made = admin.post("/users/", {"username": "zjh", "full_name": "张建华", "password": PASSWORD,
                                  "roles": ["party"], "id_no": "11010519491231002X"})
    assert made.status_code == 302, made.content.decode()[:2000]
    party = login(User.objects.get(username="zjh"))
    portal = party.get("/", follow=True)
    assert portal.status_code == 200 and "我的案件" in portal.content.decode()


def test_the_trail_says_what_happened_in_words_with_filters(walker):
    """Issue 12 §4: "王芳 记录了 询问（调查）笔录（2026-… #3）" in China time, filtered by case, person, kind
    and dates; no kind codes, subjects or UTC times on the page."""
    walker.open("penalty")
    walker.record("case_source", at=at(0))
    filing = walker.record("filing_approval", at=at(0, 11))
    walker.approve(filing["id"])
    number = Case.objects.get(pk=walker.case_id).number
    legal = login(_user("legal"))
    page = legal.get(f"/trail/?case={number}").content.decode()
    body = page.split("<main", 1)[1]
    assert f"记录了立案审批表（{number} #2）" in body and f"同意立案审批表（{number} #2）" in body
    assert "cases.record.create" not in body and "cases.record:" not in body and "Z</" not in body
    officer_id = User.objects.get(username="unithead").pk
    approvals = legal.get(f"/trail/?case={number}&who={officer_id}&group=approvals").content.decode()
    assert "同意立案审批表" in approvals and "记录了" not in approvals.split("<tbody>", 1)[1]
    today = timezone.localdate()
    none = legal.get(f"/trail/?case={number}&to={today - dt.timedelta(days=1)}").content.decode()
    assert "没有符合条件的记录" in none
    bad = legal.get("/trail/?from=yesterday").content.decode()
    assert "yesterday 不是日期" in bad
    assert "没有您可查看的案件" in login(_user("admin")).get(f"/trail/?case={number}").content.decode()
