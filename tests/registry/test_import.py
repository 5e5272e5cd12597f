"""R-BASE-2, R-BASE-3: officer rosters and powers lists import from CSV (UTF-8 or GB18030) and XLSX;
one bad row means nothing is imported, and the report lists every bad row with its column."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Officer, Power

pytestmark = pytest.mark.django_db

HEADER = "姓名,所属单位,职务,执法证件编号,执法类别,执法区域,证件有效期起,证件有效期至\n"
GOOD = HEADER + ("孙一,市容环卫执法中队,执法队员,42011200101,城市管理,示例区,2025-01-01,2028-01-01\n"
                 "孙二,城乡规划执法中队,执法队员,42011200102,规划建设,示例区,2025/1/1,2028年1月1日\n")


def _upload(client, name: str, content: bytes, kind: str = "officers"):
    f = io.BytesIO(content)
    f.name = name
    return client.post(f"/api/v1/{kind}/import", {"file": f}, HTTP_ACCEPT_LANGUAGE="en")


def test_csv_roster_imports_with_one_trail_entry_per_row_and_a_summary(admin_client):
    before = Entry.objects.count()
    response = _upload(admin_client, "roster.csv", GOOD.encode())
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0}
    assert Officer.objects.get(cert_no="42011200102").cert_valid_until == dt.date(2028, 1, 1)
    kinds = list(Entry.objects.filter(seq__gt=before).values_list("kind", flat=True))
    assert kinds == ["registry.officer.create", "registry.officer.create", "registry.import.officers"]


def test_gb18030_csv_as_saved_by_excel_imports(admin_client):
    assert _upload(admin_client, "roster.csv", GOOD.encode("gb18030")).status_code == 200
    assert Officer.objects.filter(name="孙二").exists()


def test_xlsx_roster_with_date_cells_imports(admin_client):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["孙三", "环境保护执法中队", "执法队员", "42011200103", "生态环境", "示例区", dt.date(2025, 3, 1),
               dt.date(2029, 3, 1)])  # Excel date cells; openpyxl reads them back as datetimes
    buf = io.BytesIO()
    wb.save(buf)
    response = _upload(admin_client, "roster.xlsx", buf.getvalue())
    assert response.status_code == 200, response.content
    assert Officer.objects.get(cert_no="42011200103").cert_valid_from == dt.date(2025, 3, 1)


def test_reimport_updates_by_certificate_number(admin_client):
    _upload(admin_client, "roster.csv", GOOD.encode())
    changed = GOOD.replace("孙一,市容环卫执法中队,执法队员", "孙一,市容环卫执法中队,副中队长")
    response = _upload(admin_client, "roster.csv", changed.encode())
    assert response.json() == {"rows": 2, "created": 0, "updated": 1, "unchanged": 1}
    assert Officer.objects.get(cert_no="42011200101").post == "副中队长"


def test_bad_rows_are_all_reported_and_nothing_is_imported(admin_client, other_agency):
    officers, entries = Officer.objects.count(), Entry.objects.count()
    bad = HEADER + (
        "孙一,市容环卫执法中队,执法队员,42011200101,城市管理,示例区,2025-01-01,2028-01-01\n"   # row 2 good
        "孙二,不存在的中队,执法队员,42011200102,城市管理,示例区,2025-01-01,2028-01-01\n"      # row 3 unit
        "孙三,市容环卫执法中队,执法队员,4201,城市管理,示例区,2025-01-01,2028-01-01\n"         # row 4 cert format
        "孙四,市容环卫执法中队,执法队员,42011200101,城市管理,示例区,2025-01-01,2028-01-01\n"   # row 5 duplicate
        "孙五,市容环卫执法中队,执法队员,42011200105,城市管理,示例区,明年,2028-01-01\n"        # row 6 date
        "孙六,市容环卫执法中队,执法队员,42990000001,城市管理,示例区,2025-01-01,2028-01-01\n"   # row 7 taken by B
    )
    response = _upload(admin_client, "roster.csv", bad.encode())
    assert response.status_code == 400
    rows = {(r["row"], r["field"]) for r in response.json()["rows"]}
    assert {(3, "unit"), (4, "cert_no"), (5, "cert_no"), (6, "cert_valid_from"), (7, "cert_no")} <= rows
    assert not any(r == 2 for r, _ in rows)
    assert all(r["column"] and r["message"] for r in response.json()["rows"])
    assert Officer.objects.count() == officers and Entry.objects.count() == entries


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("roster.csv", b"", "empty"),
    ("roster.pdf", b"%PDF-1.4", "Unsupported"),
    ("roster.xlsx", b"PK\x03\x04 this is not a zip", "not a valid XLSX"),
    ("roster.csv", b"\x00\x01\x02binary", "binary"),
    ("roster.csv", "姓名,执法类别\n张三,城市管理\n".encode(), "Missing column"),
    ("roster.csv", HEADER.encode(), "no data rows"),
    ("roster.csv", b"x" * (6 * 1024 * 1024), "at most"),
])
def test_malformed_or_oversized_files_get_a_clear_400(admin_client, name, content, fragment):
    entries = Entry.objects.count()
    response = _upload(admin_client, name, content)
    assert response.status_code == 400, response.content
    assert fragment in " ".join(response.json()["errors"]["file"])
    assert Entry.objects.count() == entries


def test_zip_bomb_xlsx_is_refused(admin_client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    response = _upload(admin_client, "bomb.xlsx", buf.getvalue())
    assert response.status_code == 400 and "too much data" in response.json()["errors"]["file"][0]


def test_officer_role_cannot_import(officer_client):
    assert _upload(officer_client, "roster.csv", GOOD.encode()).status_code == 403


def test_powers_list_imports_with_chinese_category_names(admin_client):
    csv_text = ("事项编码,事项名称,事项类别,承办机构,法律依据,实施对象,办理时限\n"
                "CF-101,对乱张贴的处罚,行政处罚,市容环卫执法中队,《城市市容和环境卫生管理条例》第十七条,公民,90日\n"
                "JC-101,对户外广告的检查,行政检查,市容环卫执法中队,《城市市容和环境卫生管理条例》第十一条,单位,即时\n")
    response = _upload(admin_client, "powers.csv", csv_text.encode(), kind="powers")
    assert response.status_code == 200, response.content
    assert Power.objects.get(code="CF-101").category == "penalty"
    assert Power.objects.get(code="JC-101").category == "inspection"
    bad = csv_text.replace("行政检查", "行政乱罚")
    response = _upload(admin_client, "powers.csv", bad.replace("CF-101", "CF-102").encode(), kind="powers")
    assert response.status_code == 400
    assert {r["field"] for r in response.json()["rows"]} == {"category"}
