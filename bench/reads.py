"""Reads at scale (issue 19): the pages whose cost once grew with everything a user may see, at N cases, against
`GET /api/v1/me` (session, routing, JSON, nothing else) in the same run. Not part of the tests.

    python bench/reads.py [--cases 100000] [--requests 20] [--postgres]

The cases are written in bulk (set-up, not what is measured): each an open penalty case of the demo's 市容环卫
squad handled by the demo officer, with its party, four records (case source, emergency start, on-site inspection,
a filing approval waiting for the heads) and their trail entries (`store.append_many`, so the trail is a real
chain of about 6·N entries). Then, as officer, unit head, agency head and an officer of another squad with two
cases (who may see almost none of the trail), each page is requested `--requests` times
through Django's full request stack: the workbench, the case list's last page, the trail, the trail of one case,
the approvals inbox, the register and one record's page. Median and p95 in ms, and p95 / the baseline's p95.
The plans of the queries behind those pages go to bench/out/reads-plans-<database>.txt.
Runs on SQLite in a temporary directory (ANALYZE after the fill, as an agency's nightly maintenance would);
`--postgres` starts a throw-away PostgreSQL server (the test script's) and runs there (ANALYZE too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cases import _client, _demo, _stats  # noqa: E402 - the same demo, logins and figures as the case benchmarks
from run_all import bench_database  # noqa: E402


def fill(agency, n: int) -> float:
    from django.db import transaction

    from lawtrail.access.models import User
    from lawtrail.cases.models import ApprovalWait, Case, Party, Record
    from lawtrail.ledger import store
    from lawtrail.registry.models import Officer, Unit

    unit = Unit.objects.get(agency=agency, name="市容环卫执法中队")
    user = User.objects.get(username="officer")
    handlers = list(Officer.objects.filter(agency=agency, unit=unit)[:2])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    t = time.perf_counter()
    batch = 2000
    for start in range(0, n, batch):
        with transaction.atomic():
            cases = Case.objects.bulk_create([
                Case(agency=agency, number=f"R-{i:07d}", procedure="penalty", family="penalty", title=f"批量案件{i}",
                     unit=unit, stage="investigate", opened_at=now - dt.timedelta(minutes=i % 5000),
                     created_by=user, emergency=True)
                for i in range(start, min(n, start + batch))])
            if cases[0].pk is None:
                cases = list(Case.objects.filter(number__in=[c.number for c in cases]))
            Case.handlers.through.objects.bulk_create([Case.handlers.through(case_id=c.pk, officer_id=o.pk)
                                                       for c in cases for o in handlers])
            parties = Party.objects.bulk_create([Party(case=c, agency=agency, kind="person", name="张三",
                                                       id_type="other", id_no=f"P{c.pk:08d}") for c in cases])
            records = []
            for c in cases:
                for seq, (code, stage) in enumerate((("case_source", "intake"), ("emergency_start", "intake"),
                                                     ("site_inspection", "investigate"),
                                                     ("filing_approval", "file")), start=1):
                    records.append(Record(case=c, agency=agency, seq=seq, type=code, stage=stage, number="",
                                          occurred_at=now, place="示例区幸福路1号", matter=code, officers=[],
                                          parties=[], content={}, content_sm3="0" * 64, created_by=user,
                                          created_at=now))
            records = Record.objects.bulk_create(records)
            if records[0].pk is None:
                records = list(Record.objects.filter(case__in=cases))
            # what the record actions keep beside a record that waits for an approval (cases.waits)
            ApprovalWait.objects.bulk_create([ApprovalWait(record_id=r.pk, agency=agency, case_id=r.case_id,
                                                           step="unit_head")
                                              for r in records if r.type == "filing_approval"])
            items = [("cases.case.create", f"cases.case:{c.pk}", {"case": c.number}) for c in cases]
            items += [("cases.party.create", f"cases.party:{p.pk}", {"case": p.case_id}) for p in parties]
            items += [("cases.record.create", f"cases.record:{r.pk}", {"record_id": r.pk, "record": {
                "type": r.type, "seq": r.seq}}) for r in records]
            store.append_many(items, user=user, agency_id=agency.pk)
    return time.perf_counter() - t


def few_cases_officer(agency) -> str:
    """An officer of another squad who handles the first two of the N cases (whose entries are the oldest): the
    reader who may see almost nothing of the trail (set-up, not measured)."""
    from lawtrail.access.models import RoleGrant, User
    from lawtrail.access.roles import Role
    from lawtrail.cases.models import Case
    from lawtrail.registry.models import Officer

    taken = set(User.objects.exclude(officer=None).values_list("officer_id", flat=True))
    officer = Officer.objects.filter(agency=agency, is_active=True).exclude(pk__in=taken) \
        .exclude(unit__name="市容环卫执法中队").first()
    user = User.objects.create(username="few-cases", agency=agency, officer=officer, full_name=officer.name)
    RoleGrant.objects.create(user=user, role=Role.OFFICER)
    for case in Case.objects.filter(agency=agency).order_by("pk")[:2]:
        case.handlers.add(officer)
    return user.username


def plans(agency) -> str:
    """EXPLAIN of the queries behind the trail, one case's trail, the register and the inbox, as the officer and
    the agency head (with ANALYZE on PostgreSQL): what the indexes do at this size, written beside the figures."""
    from django.db import connection

    from lawtrail.access import policy, register
    from lawtrail.access.models import User
    from lawtrail.access.scoping import visible_entries
    from lawtrail.archive.bundle import case_subjects_q
    from lawtrail.cases import overview
    from lawtrail.cases.models import Case, Record
    from lawtrail.ledger.models import Entry

    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    top = Entry.objects.order_by("-seq").values_list("seq", flat=True).first()
    case = Case.objects.get(number="R-0000000")
    out = []
    for username in ("officer", "unithead", "agencyhead"):
        user = User.objects.get(username=username)
        queries = {
            "trail page": visible_entries(user).filter(seq__gte=top - 5000).order_by("-seq")[:51],
            "trail of one case": Entry.objects.filter(case_subjects_q(
                case, policy.restrict(user, Record.objects.filter(case=case)))).order_by("-seq")[:51],
            "register, one kind": register.entries(agency.pk, user).filter(kind="access.view").order_by("-seq")[:51],
        }
        if overview.inbox_steps(user):
            queries["inbox"] = overview.inbox_waits(user).order_by("record_id")[:51]
        for name, qs in queries.items():
            out.append(f"== {username}: {name}\n{qs.explain(**options)}\n")
    return "\n".join(out)


def measure(client, url: str, count: int) -> dict:
    client.get(url)  # once unmeasured: a serving process has its templates loaded and its filters compiled
    samples = []
    for _ in range(count):
        t = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return _stats(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with bench_database("lawtrail-bench-reads-", args.postgres):
        from django.db import connection

        from lawtrail.cases.models import Case, Record

        agency = _demo()
        results = {"database": connection.vendor, "cases": args.cases, "requests": args.requests}
        results["fill_s"] = round(fill(agency, args.cases), 1)
        with connection.cursor() as c:
            c.execute("ANALYZE")
        print(f"filled {args.cases} cases in {results['fill_s']} s", flush=True)
        case = Case.objects.filter(number="R-0000000").get()
        record = Record.objects.filter(case=case, type="filing_approval").get()
        last = (Case.objects.filter(agency=agency).count() + 49) // 50
        pages = {"workbench": "/", "case list, last page": f"/cases/?page={last}", "trail": "/trail/",
                 "trail of one case": f"/trail/?case={case.number}", "approvals": "/approvals/",
                 "register": "/access/register/", "record page": f"/records/{record.pk}/"}
        few = few_cases_officer(agency)
        for role in ("officer", "unithead", "agencyhead", few):
            client = _client(role)
            base = measure(client, "/api/v1/me", args.requests)
            rows = {"baseline GET /api/v1/me": base}
            for name, url in pages.items():
                if name in ("approvals", "register") and role in ("officer", few):
                    continue  # not an officer's pages
                m = measure(client, url, args.requests)
                m["p95_vs_baseline"] = round(m["p95_ms"] / base["p95_ms"], 1)
                rows[name] = m
            results[role] = rows
            print(role, json.dumps(rows, ensure_ascii=False), flush=True)
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        (out / f"reads-plans-{connection.vendor}.txt").write_text(plans(agency))
        (out / f"reads-{connection.vendor}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
