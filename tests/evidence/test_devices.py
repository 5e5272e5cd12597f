"""Recording devices (R-AV-8, R-AV-1; HY-A6 5–8, 17): registry, roster, loans approved by a head, pre-use
checks with the clock offset, repairs, who held a device when, the one-per-five-officers ratio, and the
registers as pages exported to CSV and XLSX; every write in the trail."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from lawtrail.evidence import devices
from lawtrail.evidence.models import DeviceCheck
from lawtrail.ledger.models import Entry
from lawtrail.registry.models import Officer, Unit
from lawtrail.workdays.calendar import CHINA
from tests.conftest import _user, login


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def clients(walker):
    return {"custodian": login(_user("custodian")), "unithead": walker.unit_head, "officer": walker.officer,
            "admin": walker.admin}


@pytest.fixture
def device(clients):
    unit = Unit.objects.get(name="市容环卫执法中队").pk
    r = post(clients["custodian"], "/api/v1/devices", {"number": "DSJ-001", "unit": unit, "model_name": "DSJ-V9",
                                                        "serial_no": "SN123", "acquired_on": "2025-06-01"})
    assert r.status_code == 201, r.content
    return r.json()


def test_registry_loan_check_return_and_holder(clients, device):
    again = post(clients["custodian"], "/api/v1/devices", {"number": "DSJ-001", "unit": device["unit"]})
    assert again.status_code == 400 and "number" in again.json()["errors"]
    officer = Officer.objects.get(cert_no="42011200002")
    # An officer cannot approve their own loan (R-AV-8: approval before use).
    assert post(clients["officer"], f"/api/v1/devices/{device['id']}/loans", {"officer": officer.pk}).status_code == 403
    loan = post(clients["unithead"], f"/api/v1/devices/{device['id']}/loans",
                {"officer": officer.pk, "out_at": "2026-03-02T08:00"})
    assert loan.status_code == 201, loan.content
    twice = post(clients["unithead"], f"/api/v1/devices/{device['id']}/loans", {"officer": officer.pk})
    assert twice.status_code == 400
    check = post(clients["officer"], f"/api/v1/devices/{device['id']}/checks",
                 {"battery_ok": True, "storage_ok": True, "clock_offset_s": -95, "clock_set": True})
    assert check.status_code == 201 and check.json()["loan"] == loan.json()["id"]
    assert DeviceCheck.objects.get().clock_offset_s == -95
    at = dt.datetime(2026, 3, 2, 10, tzinfo=CHINA)
    assert devices.holder_at(officer.agency_id, "DSJ-001", at) == officer
    back = post(clients["officer"], f"/api/v1/device-loans/{loan.json()['id']}/return",
                {"back_at": "2026-03-02T18:00"})
    assert back.status_code == 200
    assert devices.holder_at(officer.agency_id, "DSJ-001", dt.datetime(2026, 3, 2, 19, tzinfo=CHINA)) is None
    assert devices.holder_at(officer.agency_id, "DSJ-001", at) == officer  # the past stays attributable
    kinds = set(Entry.objects.filter(kind__startswith="evidence.device").values_list("kind", flat=True))
    assert {"evidence.device.create", "evidence.deviceloan.create", "evidence.deviceloan.update",
            "evidence.devicecheck.create"} <= kinds


def test_fault_blocks_loans_until_repaired(clients, device):
    officer = Officer.objects.get(cert_no="42011200002")
    fault = post(clients["officer"], f"/api/v1/devices/{device['id']}/repairs", {"problem": "无法开机"})
    assert fault.status_code == 201 and fault.json()["device_status"] == "repair"
    refused = post(clients["unithead"], f"/api/v1/devices/{device['id']}/loans", {"officer": officer.pk})
    assert refused.status_code == 400
    done = post(clients["custodian"], f"/api/v1/device-repairs/{fault.json()['id']}/finish", {"result": "更换电池"})
    assert done.status_code == 200 and done.json()["device_status"] == "in_service"
    lent = post(clients["unithead"], f"/api/v1/devices/{device['id']}/loans", {"officer": officer.pk})
    assert lent.status_code == 201


def test_ratio_per_unit_and_registers_export(clients, device):
    ratio = {r["unit"]: r for r in clients["officer"].get("/api/v1/devices/ratio").json()}
    squad = ratio["市容环卫执法中队"]
    assert squad["devices"] == 1 and squad["needed"] == -(-squad["officers"] // 5)
    assert ratio["城乡规划执法中队"]["short"] == 1  # two officers, no recorder
    officer = Officer.objects.get(cert_no="42011200002")
    admin = post(clients["admin"], "/api/v1/device-administrators",
                 {"officer": officer.pk, "devices": [device["id"]], "phone": "13800000000",
                  "started_on": "2025-01-01"})
    assert admin.status_code == 201, admin.content
    post(clients["unithead"], f"/api/v1/devices/{device['id']}/loans", {"officer": officer.pk, "remarks": "巡查"})
    page = clients["officer"].get("/devices/").content.decode()
    assert "DSJ-001" in page and "王芳" in page
    roster = clients["officer"].get("/devices/roster/?format=csv")
    assert roster["Content-Type"].startswith("text/csv") and "王芳" in roster.content.decode("utf-8-sig")
    log = clients["officer"].get("/devices/loans/?format=xlsx")
    sheet = load_workbook(io.BytesIO(log.content)).active
    values = [c.value for c in sheet[2]]
    assert "DSJ-001" in values and "王芳" in values and "巡查" in values


def test_upload_is_attributed_to_the_officer_holding_the_device(clients, device):
    """R-AV-8: a recording made while a device was on loan belongs to that officer."""
    import os

    from lawtrail.access.models import User
    from lawtrail.evidence import actions

    officer = Officer.objects.get(cert_no="42011200002")
    post(clients["unithead"], f"/api/v1/devices/{device['id']}/loans",
         {"officer": officer.pk, "out_at": "2026-03-02T08:00"})
    uploader = User.objects.get(username="custodian")
    data = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(1000)
    up = actions.create_upload(user=uploader, length=len(data), metadata={
        "device_no": "DSJ-001", "started_at": "2026-03-02T09:30", "ended_at": "2026-03-02T09:40"})
    actions.append_bytes(user=uploader, upload=up, at=0, stream=iter([data]))
    up.refresh_from_db()
    assert up.recording.officer == officer
    assert json.loads(Entry.objects.filter(kind="evidence.recording.create").latest("seq").payload)["officer"] \
        == officer.pk


def test_device_pages_register_lend_check_return_and_repair(clients, walker):
    """R-AV-8 on the web: the custodian registers a device, a head lends it (and is the approver in the use
    log), the officer records the pre-use check and the return, a fault puts it under repair until the
    custodian records the repair; an officer cannot lend. Each write is in the trail."""
    unit = Unit.objects.get(name="市容环卫执法中队").pk
    bad = clients["custodian"].post("/devices/", {"number": "", "unit": unit})
    assert bad.status_code == 400
    r = clients["custodian"].post("/devices/", {"number": "DSJ-W1", "unit": unit, "model_name": "DSJ-V9"})
    assert r.status_code == 302
    url = r["Location"]
    officer = Officer.objects.get(cert_no="42011270001")
    refused = clients["officer"].post(url, {"form": "lend", "officer": officer.pk})
    assert refused.status_code == 400 and "HY-A6 5" in refused.content.decode()
    assert clients["unithead"].post(url, {"form": "lend", "officer": officer.pk, "remarks": "巡查"}).status_code == 302
    page = clients["officer"].get(url).content.decode()
    assert officer.name in page
    bad_check = clients["officer"].post(url, {"form": "check", "battery_ok": "true", "clock_offset_s": "快了两秒"})
    assert bad_check.status_code == 400
    assert clients["officer"].post(url, {"form": "check", "battery_ok": "true", "storage_ok": "true",
                                         "clock_offset_s": "-2"}).status_code == 302
    assert DeviceCheck.objects.get().clock_offset_s == -2 and DeviceCheck.objects.get().loan is not None
    assert clients["officer"].post(url, {"form": "return", "remarks": "完好"}).status_code == 302
    assert clients["officer"].post(url, {"form": "fault", "problem": "无法开机"}).status_code == 302
    assert devices.Device.objects.get(number="DSJ-W1").status == "repair"
    assert clients["custodian"].post(url, {"form": "repaired", "result": "更换电池"}).status_code == 302
    assert devices.Device.objects.get(number="DSJ-W1").status == "in_service"
    log = clients["officer"].get("/devices/loans/").content.decode()
    assert "DSJ-W1" in log and "巡查" in log
    kinds = set(Entry.objects.filter(kind__startswith="evidence.device").values_list("kind", flat=True))
    assert {"evidence.device.create", "evidence.deviceloan.create", "evidence.deviceloan.update",
            "evidence.devicecheck.create", "evidence.devicerepair.create", "evidence.devicerepair.update"} <= kinds
