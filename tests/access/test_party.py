"""R-ARC-5 (WH 30, LC 33): the party portal shows a party its own case with state secrets withheld and the
identities of reporters, complainants and third parties redacted — with realistic Chinese data: 18-digit
resident identity numbers with their check character, mobile and landline numbers, names, addresses —
and every view and copy is registered; the party sees nothing else."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lawtrail.access.redaction import ADDRESS, ID_NO, NAME, PHONE, Redactor
from lawtrail.ledger.models import Entry
from lawtrail.workdays.calendar import CHINA
from tests.conftest import PASSWORD, _user, login

PARTY_ID = "11010519491231002X"  # the party 张三's, valid check character
INFORMANT_ID = "420112198803150025"  # valid
NOT_AN_ID = "420112198803150026"  # wrong check character: a number, not an identity


def test_redactor_with_realistic_data():
    r = Redactor(keep_ids={PARTY_ID}, keep_phones={"13800138000"})
    r.mark({"name": "李秀英", "address": "示例区东湖街7号"})
    text = (f"举报人李秀英（身份证号{INFORMANT_ID}，手机13912345678，住示例区东湖街7号，座机027-88886666）反映，"
            f"当事人张三（{PARTY_ID}，13800138000）占道经营；案卷号{NOT_AN_ID}。")
    out = r.text(text)
    assert "李秀英" not in out and NAME in out
    assert INFORMANT_ID not in out and ID_NO in out
    assert "13912345678" not in out and "027-88886666" not in out and out.count(PHONE) == 2
    assert "示例区东湖街7号" not in out and ADDRESS in out
    assert PARTY_ID in out and "13800138000" in out and "张三" in out  # the party's own stays
    assert NOT_AN_ID in out  # an 18-digit number that is not an identity number is left alone
    nested = r.value([{"name": "李秀英", "id_no": INFORMANT_ID, "phone": "13912345678"}])
    assert nested == [{"name": NAME, "id_no": ID_NO, "phone": PHONE}]


@pytest.fixture
def portal(walker):
    walker.open("penalty")  # the party: 张三, 11010519491231002X, 13800138000, 示例区幸福路1号
    source = walker.record("case_source", at=dt.datetime(2026, 3, 2, 9, tzinfo=CHINA), content={
        "channel": "complaint", "informant": [{"name": "李举报", "id_no": INFORMANT_ID, "phone": "13912345678",
                                               "address": "示例区和平路8号"}]},
        matter="李举报（13912345678）投诉张三占道经营")
    walker.approve(walker.record("filing_approval", at=dt.datetime(2026, 3, 2, 11, tzinfo=CHINA))["id"])
    inquiry = walker.record("inquiry", at=dt.datetime(2026, 3, 3, 10, tzinfo=CHINA))
    r = walker.admin.post("/api/v1/party-accounts", json.dumps({
        "username": "zhangsan", "password": PASSWORD, "id_no": PARTY_ID.lower(), "full_name": "张三"}),
        content_type="application/json")
    assert r.status_code == 201, r.content
    return {"case": walker.case_id, "source": source["id"], "inquiry": inquiry["id"]}


def test_party_sees_its_case_redacted_and_state_secrets_withheld(walker, portal):
    legal = login(_user("legal"))
    assert legal.post(f"/api/v1/records/{portal['inquiry']}/secrecy", json.dumps(
        {"level": "state", "reason": "涉及国家秘密"}), content_type="application/json").status_code == 201
    # The reporter was present at the on-site inspection: the party sees the record, not who reported.
    inspection = walker.record("site_inspection", at=dt.datetime(2026, 3, 3, 14, tzinfo=CHINA), content={
        "present": [{"name": "张三"}, {"name": "李举报", "phone": "13912345678", "address": "示例区和平路8号"}]},
        matter="现场检查，李举报（13912345678）在场")
    party = login(_user("zhangsan"))
    home = party.get("/party/").content.decode()
    assert f"/party/cases/{portal['case']}/" in home
    page = party.get(f"/party/cases/{portal['case']}/").content.decode()
    assert 'class="watermark"' in page and "当事人查阅" in page  # HY-A6 22
    assert "李举报" not in page and "13912345678" not in page and INFORMANT_ID not in page
    assert "示例区和平路8号" not in page, page[page.find("示例区和平路8号") - 800:page.find("示例区和平路8号") + 100]
    assert NAME in page
    assert "现场检查（勘验）笔录" in page and "询问（调查）笔录" not in page  # the state secret is withheld
    assert "国家秘密" in page  # and says that one record is withheld
    assert "案件来源登记" not in page and "立案审批表" not in page  # internal forms (HY-A1 13)
    copy = party.get(f"/party/records/{inspection['id']}/copy/")
    assert copy.status_code == 200 and "李举报" not in copy.content.decode()
    assert party.get(f"/party/records/{portal['inquiry']}/copy/").status_code == 404
    assert party.get(f"/party/records/{portal['source']}/copy/").status_code == 404
    kinds = list(Entry.objects.filter(subject=f"cases.case:{portal['case']}", kind__startswith="access.")
                 .values_list("kind", flat=True))
    assert kinds == ["access.view", "access.copy"]
    register = login(_user("custodian")).get("/access/register/").content.decode()
    assert f"#{inspection['seq']}" in register and "当事人查阅页面" in register


def test_party_sees_nothing_else(walker, portal):
    party = login(_user("zhangsan"))
    for url in (f"/api/v1/cases/{portal['case']}", f"/api/v1/records/{portal['source']}",
                f"/cases/{portal['case']}/", f"/records/{portal['source']}/", "/api/v1/cases"):
        response = party.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:  # the case list: empty for a party
            rows = response.json()
            rows = rows["items"] if isinstance(rows, dict) else rows
            assert rows == [], url
    walker.open("penalty", party=False)
    assert party.get(f"/party/cases/{walker.case_id}/").status_code == 404  # not its case
    assert login(_user("officer")).get("/party/").status_code == 404  # not a party
    # State secrets narrow internal access too (LC 33): even the unit's head does not see it, the legal unit does.
    legal = login(_user("legal"))
    legal.post(f"/api/v1/records/{portal['inquiry']}/secrecy", json.dumps({"level": "state", "reason": "x"}),
               content_type="application/json")
    assert login(_user("unithead")).get(f"/api/v1/records/{portal['inquiry']}").status_code == 404
    assert legal.get(f"/api/v1/records/{portal['inquiry']}").status_code == 200
    assert login(_user("officer")).post(f"/api/v1/records/{portal['source']}/secrecy", json.dumps(
        {"level": "privacy", "reason": "x"}), content_type="application/json").status_code == 403


def test_marked_identities_named_only_in_text_are_redacted(walker, portal):
    """R-ARC-5 (WH 30): the informant of the complaint is protected by its field; a witness named only in the
    free text is protected once someone who works the case marks it — on the case page."""
    walker.record("inquiry", at=dt.datetime(2026, 3, 4, 10, tzinfo=CHINA),
                  matter="询问张三；据附近商户王五（13711112222，住示例区长江路9号）反映，当事人长期占道")
    party = login(_user("zhangsan"))
    before = party.get(f"/party/cases/{portal['case']}/").content.decode()
    assert "王五" in before and "示例区长江路9号" in before  # nobody marked him yet
    assert "13711112222" not in before  # a phone not the party's is hidden anyway
    officer = login(_user("officer"))
    page = officer.get(f"/cases/{portal['case']}/").content.decode()
    assert "李举报" in page and "举报人" in page  # listed from the complaint's informant field
    r = officer.post(f"/cases/{portal['case']}/identities/", {
        "kind": "third_party", "name": "王五", "phone": "13711112222", "address": "示例区长江路9号",
        "reason": "线索中提及的商户"})
    assert r.status_code == 302
    after = party.get(f"/party/cases/{portal['case']}/").content.decode()
    assert "王五" not in after and "示例区长江路9号" not in after and NAME in after and ADDRESS in after
    listed = officer.get(f"/api/v1/cases/{portal['case']}/identities").json()
    assert {(p["kind"], p["name"]) for p in listed} >= {("reporter", "李举报"), ("third_party", "王五")}
    assert Entry.objects.filter(kind="access.identity.mark").count() == 1
    # A party's own name is not a protected identity; bad input names the fields.
    bad = officer.post(f"/api/v1/cases/{portal['case']}/identities", json.dumps(
        {"kind": "friend", "name": "张三", "reason": ""}), content_type="application/json")
    assert bad.status_code == 400 and {"kind", "name", "reason"} <= set(bad.json()["errors"])
    # Someone who is not on the case cannot reach it; a supervisor reads it but writes nothing into it.
    assert login(_user("admin")).post(f"/cases/{portal['case']}/identities/", {
        "kind": "reporter", "name": "赵六", "reason": "x"}).status_code == 404
    refused = login(_user("supervisor")).post(f"/cases/{portal['case']}/identities/", {
        "kind": "reporter", "name": "赵六", "reason": "x"}, follow=True)
    assert "R-ARC-5" in refused.content.decode()
    assert Entry.objects.filter(kind="access.identity.mark").count() == 1


def test_secrecy_level_set_on_the_record_page(walker, portal):
    """R-ARC-5, LC 33: the legal unit sets a level on the record page; the level shows; officers have no form."""
    url = f"/records/{portal['inquiry']}/"
    officer = login(_user("officer"))
    assert 'name="level"' not in officer.get(url).content.decode()
    legal = login(_user("legal"))
    assert 'name="level"' in legal.get(url).content.decode()
    refused = legal.post(f"/records/{portal['inquiry']}/secrecy/", {"level": "commercial", "reason": ""})
    assert refused.status_code == 302
    assert 'class="secrecy ordinary"' in legal.get(url).content.decode()  # no reason: refused, nothing marked
    legal.post(f"/records/{portal['inquiry']}/secrecy/", {"level": "commercial", "reason": "含经营数据"})
    page = legal.get(url).content.decode()
    assert '<span class="secrecy commercial">商业秘密</span>' in page and "含经营数据" in page
    assert officer.post(f"/records/{portal['inquiry']}/secrecy/", {"level": "ordinary", "reason": "x"}).status_code \
        in (302, 403)
    assert Entry.objects.filter(kind="access.secrecy.mark").count() == 1
    party = login(_user("zhangsan"))
    assert "询问（调查）笔录" in party.get(f"/party/cases/{portal['case']}/").content.decode()  # not a state secret
