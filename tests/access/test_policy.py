"""Access rules (R-ARC-3, HY-A6 20–21, WH 30), decided in one place and used by every read: a permission
matrix of every role — and an unauthenticated visitor and a user of another agency — against the
endpoints that read or export a case's records, files and trail; access requests of each requester kind
approved by the head the rules name; an expired grant refuses."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from lawtrail.access import actions as access_actions
from lawtrail.access import party
from lawtrail.access.models import AccessGrant, User
from lawtrail.archive import casefiles
from lawtrail.cases.models import Case
from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Officer
from lawtrail.workdays.calendar import CHINA
from tests.conftest import PASSWORD, _user, login, store_recording


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def world(walker, other_agency, tmp_path, settings):
    """A complaint of the 市容环卫 unit opened by `officer`, not filed (so it ended) and archived by the custodian,
    with a record, a recording and an export in the register; more users: an officer of the same unit who is
    not on the case, the head of another unit, a portal account of the case's party (张三) and one of a person
    who is party to no case."""
    settings.LAWTRAIL = {**settings.LAWTRAIL, "BLOB_ROOT": str(tmp_path / "blobs"),
                         "UPLOAD_ROOT": str(tmp_path / "uploads")}
    agency = User.objects.get(username="officer").agency
    admin = _user("admin")
    for username, role, cert in (("officer2", "officer", "42011200003"), ("unithead2", "unit_head", "42011200004")):
        access_actions.create_user(user=admin, agency=agency, username=username, password=PASSWORD,
                                   roles=[role], officer=Officer.objects.get(cert_no=cert))
    for username, id_no in (("zhangsan", "11010519491231002X"), ("lisi", "420112198803150025")):
        party.create_account(user=admin, username=username, password=PASSWORD, id_no=id_no)
    walker.open("penalty")
    record = walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA))
    recording = store_recording(case=walker.case_id, record=record["id"])
    walker.approve(walker.record("not_filing", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))["id"])
    case = Case.objects.get(pk=walker.case_id)
    casefiles.archive_case(user=User.objects.get(username="custodian"), case=case)
    call_command("export-case", case.number, "--user", "custodian", "--out", str(tmp_path / "first-export"),
                 stdout=io.StringIO())
    seq = Entry.objects.get(subject=f"cases.record:{record['id']}", kind="cases.record.create").seq
    return {"case": walker.case_id, "number": case.number, "record": record["id"], "recording": recording.pk,
            "seq": seq, "other_admin": other_agency["admin"], "tmp": tmp_path}


ROLES = ("officer", "officer2", "unithead", "unithead2", "agencyhead", "legal", "custodian", "supervisor", "admin",
         "zhangsan", "lisi")
# Who sees the case (R-ARC-3): its officer, its unit's head, the agency-wide roles and internal supervision
# (R-SUP-1); a party never through the internal pages — only through the portal (R-ARC-5).
SEES = {"officer", "unithead", "agencyhead", "legal", "custodian", "supervisor"}
# A supervisor reads in place; taking a copy out (a download, a bundle) needs an approved request (R-ARC-4).
COPIES = SEES - {"supervisor"}
REGISTER = {"unithead", "unithead2", "agencyhead", "legal", "custodian", "supervisor"}  # the register opens …
REGISTER_ROWS = SEES - {"officer"}  # … and shows this case's rows to those who see the case
PORTAL = {"zhangsan"}


def endpoints(w) -> dict[str, set[str]]:
    """Every endpoint that reads or exports the case's records, files, trail or register, and who gets it."""
    case, record, recording, seq = w["case"], w["record"], w["recording"], w["seq"]
    reads = [f"/api/v1/cases/{case}", f"/api/v1/records/{record}", f"/api/v1/recordings/{recording}",
             f"/recordings/{recording}/file", f"/recordings/{recording}/file?download=1", f"/cases/{case}/",
             f"/records/{record}/", f"/records/{record}/print/", f"/recordings/{recording}/",
             f"/api/v1/cases/{case}/review", f"/api/v1/cases/{case}/identities", f"/api/v1/cases/{case}/case-file",
             f"/archive/{case}/", f"/cases/{case}/bundle.zip", f"/trail/{seq}/", f"/api/v1/ledger/entries/{seq}",
             f"/api/v1/ledger/proof/inclusion/{seq}"]
    out = {url: SEES for url in reads}
    out.update({url: COPIES for url in (f"/recordings/{recording}/file?download=1", f"/cases/{case}/bundle.zip")})
    out.update({url: REGISTER for url in ("/access/register/", "/access/register/?format=csv",
                                          "/access/register/?format=xlsx")})
    out[f"/party/cases/{case}/"] = PORTAL
    out[f"/party/records/{record}/copy/"] = set()  # the case source is internal: no one copies it from the portal
    return out


def test_permission_matrix(world):
    """R-ARC-3, R-ARC-5: every role, a party, a person with a portal account for no case, an anonymous visitor
    and another agency's user against every endpoint that reads or exports records, files, trail, register."""
    table = endpoints(world)
    for username in ROLES:
        client = login(_user(username))
        for url, allowed in table.items():
            status = client.get(url).status_code
            assert (status == 200) is (username in allowed) and status in (200, 404), (username, url, status)
        listing = client.get("/api/v1/cases")
        rows = listing.json() if listing.status_code == 200 else []
        rows = rows["items"] if isinstance(rows, dict) else rows
        assert (world["case"] in [c["id"] for c in rows]) is (username in SEES), username
        trail = client.get(f"/trail/?case={world['number']}")
        assert (f"/trail/{world['seq']}/" in trail.content.decode()) is (username in SEES), username
        entries = client.get(f"/api/v1/ledger/entries?subject=cases.record:{world['record']}")
        assert (entries.status_code == 200 and len(entries.json()) > 0) is (username in SEES), username
        if username in REGISTER:
            register = client.get("/access/register/").content.decode()
            assert (world["number"] in register) is (username in REGISTER_ROWS), username
    anonymous = Client()
    for url in table:
        assert anonymous.get(url).status_code in (302, 401), url
    outsider = login(world["other_admin"])
    for url in table:
        assert outsider.get(url).status_code == 404, url
    # The party's front page is the portal; the workbench and the API are not for it.
    party_client = login(_user("zhangsan"))
    assert party_client.get("/")["Location"] == "/party/"
    assert party_client.get("/api/v1/workbench").status_code == 404
    # Export from the command line follows the same rules (R-INT-3).
    for username in ("officer2", "supervisor", "admin", "zhangsan"):
        with pytest.raises(CommandError, match="refused"):
            call_command("export-case", world["number"], "--user", username, "--out",
                         str(world["tmp"] / f"bundle-{username}"), stdout=io.StringIO())


def request(custodian, w, kind, account="officer2", minutes=60):
    until = (timezone.localtime() + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S")
    r = post(custodian, "/api/v1/access-requests", {
        "case": w["number"], "kind": kind, "requester_name": "刘法官", "requester_unit": "示例区人民法院",
        "phone": "027-12345678", "reason": "行政诉讼审理需要", "matter": "全部案卷及音像记录", "wants_copy": True,
        "account": account, "valid_until": until})
    assert r.status_code == 201, r.content
    return r.json()


@pytest.mark.parametrize(("kind", "approver", "wrong"), [
    ("court", "unithead", "agencyhead"), ("police", "unithead", "unithead2"), ("supervision", "unithead", "legal"),
    ("audit", "unithead", "agencyhead"), ("superior", "agencyhead", "unithead"), ("internal", "agencyhead", "unithead"),
])
def test_request_flows_by_requester_kind(world, kind, approver, wrong):
    """HY-A6 21, WH 30: courts, police, supervision and audit by the handling unit's head; a superior organ
    or an internal unit by the department head."""
    custodian = login(_user("custodian"))
    viewer = login(_user("officer2"))  # an officer of another unit: outside the case until the grant
    url = f"/api/v1/cases/{world['case']}"
    assert viewer.get(url).status_code == 404
    req = request(custodian, world, kind)
    assert req["approver_role"] == ("unit_head" if approver == "unithead" else "agency_head")
    assert post(login(_user(wrong)), f"/api/v1/access-requests/{req['id']}/decision",
                {"approved": True}).status_code == 403
    waiting = login(_user(approver)).get("/api/v1/access-requests?waiting=true").json()
    assert [r["id"] for r in waiting] == [req["id"]]
    done = post(login(_user(approver)), f"/api/v1/access-requests/{req['id']}/decision",
                {"approved": True, "opinion": "同意调阅"})
    assert done.status_code == 201 and done.json()["grant_until"]
    assert viewer.get(url).status_code == 200
    assert viewer.get(f"/recordings/{world['recording']}/file").status_code == 200
    again = post(login(_user(approver)), f"/api/v1/access-requests/{req['id']}/decision", {"approved": True})
    assert again.status_code == 400


def test_refused_request_gives_nothing_and_bad_requests_are_400(world):
    custodian = login(_user("custodian"))
    req = request(custodian, world, "court")
    post(login(_user("unithead")), f"/api/v1/access-requests/{req['id']}/decision", {"approved": False,
                                                                                      "opinion": "理由不足"})
    assert login(_user("officer2")).get(f"/api/v1/cases/{world['case']}").status_code == 404
    bad = post(custodian, "/api/v1/access-requests", {
        "case": "NO-SUCH", "kind": "friend", "requester_name": "", "requester_unit": "", "phone": "",
        "reason": "", "matter": "", "valid_until": "2020-01-01T00:00"})
    assert bad.status_code == 400
    assert {"case", "kind", "requester_name", "reason", "matter", "valid_until"} <= set(bad.json()["errors"])
    officer2 = login(_user("officer2"))
    for_other = post(officer2, "/api/v1/access-requests", {
        "case": world["number"], "kind": "internal", "requester_name": "李强", "requester_unit": "市容环卫执法中队",
        "phone": "13912345678", "reason": "协查", "matter": "询问笔录", "account": "admin",
        "valid_until": (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")})
    assert for_other.status_code == 400 and "account" in for_other.json()["errors"]


def test_an_expired_grant_refuses(world):
    custodian = login(_user("custodian"))
    until = timezone.localtime() + dt.timedelta(seconds=3)
    r = post(custodian, "/api/v1/access-requests", {
        "case": world["number"], "kind": "court", "requester_name": "刘法官", "requester_unit": "示例区人民法院",
        "phone": "027-88886666", "reason": "审理", "matter": "案卷", "account": "officer2",
        "valid_until": until.isoformat()})
    assert r.status_code == 201, r.content
    post(login(_user("unithead")), f"/api/v1/access-requests/{r.json()['id']}/decision", {"approved": True})
    viewer = login(_user("officer2"))
    assert viewer.get(f"/api/v1/cases/{world['case']}").status_code == 200
    grant = AccessGrant.objects.get()
    time.sleep(max(0.0, (grant.valid_until - timezone.now()).total_seconds()) + 0.2)
    assert viewer.get(f"/api/v1/cases/{world['case']}").status_code == 404
    assert viewer.get(f"/recordings/{world['recording']}/file").status_code == 404


def test_the_register_shows_views_by_request_recording_views_and_exports(world):
    """R-ARC-4 (HY-A6 21 form): time, viewer/copier, unit, phone, approver, custodian, content, reason —
    read from the trail; CSV and XLSX; officers working their own case are not 调阅, their recording views
    are registered all the same."""
    custodian = login(_user("custodian"))
    req = request(custodian, world, "court")
    post(login(_user("unithead")), f"/api/v1/access-requests/{req['id']}/decision", {"approved": True})
    viewer = login(_user("officer2"))
    page = viewer.get(f"/cases/{world['case']}/")
    # HY-A6 22: a page seen through a request carries the viewer's watermark across it; not copyable text.
    assert page.status_code == 200 and f"调阅申请第{req['id']}号 · 仅供查阅" in page.content.decode()
    assert "user-select: none" in page.content.decode()
    printed = viewer.get(f"/records/{world['record']}/print/")
    assert printed.status_code == 200 and "刘法官 调阅" in printed.content.decode()
    assert viewer.get(f"/recordings/{world['recording']}/file?download=1").status_code == 200
    officer = login(_user("officer"))
    own = officer.get(f"/cases/{world['case']}/")  # own work: not in the register, no watermark
    assert own.status_code == 200 and "仅供查阅" not in own.content.decode()
    call_command("export-case", world["number"], "--user", "custodian", "--out", str(world["tmp"] / "b"),
                 stdout=io.StringIO())
    page = custodian.get("/access/register/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("刘法官") == 3  # case page, printable form, download — each with the request's data
    assert "示例区人民法院" in html and "行政诉讼审理需要" in html and "027-12345678" in html
    assert "张伟" in html and "郑红" in html  # approver (the unit head) and the custodian who registered it
    csv = custodian.get("/access/register/?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].count(",") == 9 and "刘法官" in csv
    assert custodian.get("/access/register/?format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    assert login(_user("officer")).get("/access/register/").status_code == 404
    from lawtrail.ledger.models import Entry

    views = Entry.objects.filter(kind="access.view")
    assert views.count() == 2 and all(json.loads(v.payload)["request"] == req["id"] for v in views)
