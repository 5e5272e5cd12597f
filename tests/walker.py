"""A case walker: opens cases and records steps through the API as the demo's users, the way a client
would, so every test exercises the same door (API → action → catalogue → trail)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lawtrail.cases.samples import sample_content
from lawtrail.registry import actions as registry_actions
from lawtrail.registry.models import Unit
from tests.conftest import _user, login

DAY = dt.date(2026, 3, 2)


class Walker:
    def __init__(self):
        self.unit = Unit.objects.get(name="市容环卫执法中队").pk
        # The walks use fixed dates in 2026; this team's certificates cover them whenever the tests run.
        admin = _user("admin")  # before the logins below: setting a password ends earlier sessions
        today = dt.date.today()  # noqa: DTZ011 - certificate validity is a calendar date
        self.officers = [registry_actions.create_officer(user=admin, data={
            "name": name, "unit": self.unit, "cert_no": cert, "category": "城市管理", "area": "示例区",
            "cert_valid_from": dt.date(2025, 1, 1), "cert_valid_until": today + dt.timedelta(days=3 * 365)}).pk
            for name, cert in (("孟凡", "42011270001"), ("韩雪", "42011270002"))]
        self.officer = login(_user("officer"))
        self.unit_head = login(_user("unithead"))
        self.agency_head = login(_user("agencyhead"))
        self.legal = login(_user("legal"))
        self.admin = login(_user("admin"))
        self.case_id: int | None = None
        self.party_id: int | None = None

    # -- plumbing --
    @staticmethod
    def _post(client, url: str, body: dict, expect: int) -> dict:
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == expect, (url, response.status_code, response.content.decode()[:2000])
        return response.json()

    def case(self) -> dict:
        response = self.officer.get(f"/api/v1/cases/{self.case_id}")
        assert response.status_code == 200
        return response.json()

    # -- steps --
    def open(self, procedure: str, *, is_major: bool = False, party: bool = True, **extra) -> dict:
        body = {"procedure": procedure, "title": f"测试案件（{procedure}）", "unit": self.unit,
                "handlers": self.officers, "is_major": is_major, **extra}
        case = self._post(self.officer, "/api/v1/cases", body, 201)
        self.case_id = case["id"]
        if party:
            self.party_id = self._post(self.officer, f"/api/v1/cases/{self.case_id}/parties", {
                "kind": "person", "name": "张三", "id_type": "resident_id", "id_no": "11010519491231002X",
                "address": "示例区幸福路1号", "phone": "13800138000"}, 201)["id"]
        return case

    def record(self, type_: str, *, at: dt.datetime | str | None = None, expect: int = 201,
               officers: list[int] | None = None, content: dict | None = None, raw_content: dict | None = None,
               place: str = "示例区幸福路1号", **overrides: Any) -> dict:
        when = at or dt.datetime.combine(DAY, dt.time(9, 30))
        body = {"type": type_, "occurred_at": when if isinstance(when, str) else when.isoformat(),
                "place": place, "matter": f"{type_} 记录",
                "officers": self.officers if officers is None else officers,
                "parties": [self.party_id] if self.party_id else [],
                "content": raw_content if raw_content is not None else
                sample_content(type_, at=when if isinstance(when, dt.datetime) else dt.datetime.fromisoformat(when),
                               **(content or {}))}
        body.update(overrides)
        return self._post(self.officer, f"/api/v1/cases/{self.case_id}/records", body, expect)

    def approve(self, record_id: int, *, agree: bool = True, steps: tuple[str, ...] | None = None) -> None:
        record = self.officer.get(f"/api/v1/records/{record_id}").json()
        while record["next_approval"]:
            client = {"unit_head": self.unit_head, "agency_head": self.agency_head}[record["next_approval"]]
            self._post(client, f"/api/v1/records/{record_id}/approvals",
                       {"agree": agree, "opinion": "同意。" if agree else "不同意，理由不充分。"}, 201)
            record = self.officer.get(f"/api/v1/records/{record_id}").json()
            if not agree:
                break

    def serve(self, document_id: int, *, method: str = "direct", at: dt.datetime | None = None, **content) -> dict:
        at = at or dt.datetime.combine(DAY, dt.time(9, 30))
        return self.record("service", at=at, content={"document": document_id, "method": method,
                                                      "served_at": at.isoformat(), **content})

    def trail_kinds(self, since: int = 0) -> list[str]:
        from lawtrail.ledger.models import Entry

        return list(Entry.objects.filter(seq__gt=since).order_by("seq").values_list("kind", flat=True))
