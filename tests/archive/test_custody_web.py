"""Custody on the web (R-ARC-1, R-ARC-2, R-INT-3): the bundle downloads as a zip that the standalone
verifier accepts, for those allowed only; the custodian files an ended case from the archive shelf and its
case file page shows the index and the 四性 check."""

from __future__ import annotations

import io
import zipfile

from lawtrail.archive import verify_bundle
from tests.archive.test_casefiles import ended  # noqa: F401 - shared fixture
from tests.conftest import _user, login


def test_bundle_zip_verifies_and_is_refused_to_others(walker, ended, tmp_path, other_agency):  # noqa: F811
    custodian = login(_user("custodian"))
    response = custodian.get(f"/cases/{ended['case']}/bundle.zip")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(tmp_path / "unzipped")
    root = next((tmp_path / "unzipped").iterdir())
    problems, info = verify_bundle.verify(root)
    assert problems == [] and info["files"] >= 4
    assert login(_user("supervisor")).get(f"/cases/{ended['case']}/bundle.zip").status_code == 404
    assert login(other_agency["admin"]).get(f"/cases/{ended['case']}/bundle.zip").status_code == 404


def test_archive_shelf_files_an_ended_case(walker, ended):  # noqa: F811
    custodian = login(_user("custodian"))
    shelf = custodian.get("/archive/").content.decode()
    assert f'name="case" value="{ended["case"]}"' in shelf
    done = custodian.post("/archive/", {"case": ended["case"], "note": ""})
    assert done.status_code == 302 and done["Location"] == f"/archive/{ended['case']}/"
    page = custodian.get(done["Location"]).content.decode()
    assert "卷内目录" in page and "案件来源登记" in page and "DA/T 70" in page
    assert walker.officer.get("/archive/").status_code == 302  # the shelf is the custodians'
    case_page = walker.officer.get(f"/cases/{ended['case']}/").content.decode()
    assert f"/archive/{ended['case']}/" in case_page
