"""Pages whose queries grew with the number of cases (issue 12 §1: the workbench ran 7,148 queries at 2,375 open
cases, several per case, in the audio-video alerts). Each page's query count is measured for every role at the
demo's cases plus 10 of ours and again plus 200, the same kind of case each time (a complaint registered, an
emergency start, an on-site inspection that had to be filmed and was not, a filing approval waiting for the
heads); the counts must be equal."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from lawtrail.access.models import User
from lawtrail.cases import actions
from lawtrail.cases.models import Record
from lawtrail.cases.samples import sample_content
from tests.conftest import _user, login

PAGES = ("/", "/cases/", "/approvals/", "/recordings/?show=late", "/trail/", "/archive/", "/access/register/",
         "/trail/?group=records", "{record}", "{record}print/", "/cases/?page=2")
PAGE = 50  # rows a list page shows
ROLES = ("officer", "unithead", "agencyhead", "legal", "custodian", "supervisor", "admin")


def add_cases(walker, n: int) -> None:
    officer = User.objects.get(username="officer")
    at = timezone.localtime() - dt.timedelta(days=1)
    for i in range(n):
        case = actions.open_case(user=officer, data={"procedure": "penalty", "title": f"批量案件{i}",
                                                     "unit": walker.unit, "handlers": walker.officers})
        actions.add_party(user=officer, case=case, data={"kind": "person", "name": "张三", "id_type": "other",
                                                         "id_no": f"P{i:07d}"})
        for step, minutes in (("case_source", 0), ("emergency_start", 5), ("site_inspection", 10),
                              ("filing_approval", 60)):
            when = at + dt.timedelta(minutes=minutes)
            actions.record_step(user=officer, case=case, data={
                "type": step, "occurred_at": when.isoformat(), "place": "示例区幸福路1号", "matter": step,
                "officers": walker.officers, "parties": [case.parties.get().pk],
                "content": sample_content(step, at=when)})


def counts(clients, record: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(queries, most parameters in one query) of each page each role may open."""
    out = {}
    for role, client in clients.items():
        for page in PAGES:
            url = page.format(record=record)
            params: list[int] = []

            def count(execute, sql, values, many, context, params=params):
                params.append(len(values or ()))
                return execute(sql, values, many, context)

            with connection.execute_wrapper(count):
                response = client.get(url)
            if response.status_code == 200:
                out[role, page] = (len(params), max(params, default=0))
    return out


def test_no_page_runs_more_queries_with_more_cases(walker):
    """Issue 12 §1 and issue 19: the same number of queries, and no query with more parameters, at demo+10 and
    demo+200 cases — for every role's workbench, lists, trail, approvals, register and a record page."""
    clients = {role: login(_user(role)) for role in ROLES}
    add_cases(walker, 10)
    record = f"/records/{Record.objects.filter(case__title='批量案件0', type='filing_approval').get().pk}/"
    counts(clients, record)  # once first: the supervisor's views fill the register, as in any working agency
    small = counts(clients, record)
    assert ("officer", "/") in small and ("unithead", "/approvals/") in small and ("officer", "{record}") in small
    add_cases(walker, 190)
    large = counts(clients, record)
    # Queries: exactly as many. Parameters: none growing with the cases — a page may name the rows it shows (at most
    # a page of 50, e.g. the approvals inbox), never every case, record or entry the user may see.
    grew = {k: (small[k], large.get(k)) for k in small
            if large.get(k) is None or large[k][0] != small[k][0] or large[k][1] > max(small[k][1], PAGE + 10)}
    assert not grew, grew
