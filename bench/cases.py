"""Benchmarks of the case lifecycle, each against a baseline measured in the same run (not part of the
tests).

    python bench/cases.py [--cases 100000] [--steps 300] [--recompute 1000] [--postgres]

1. API latency of recording a step: POST /api/v1/cases/{id}/records (an inquiry record, with the
   catalogue checks, officers' certificates, the trail entry and the deadline refresh) through Django's
   full request stack, against GET /api/v1/me (session auth, routing and JSON, nothing else) in the
   same run. Median and p95.
2. The alert sweep over N open cases (two deadlines each, due dates spread around today): the first
   sweep, which moves many levels, and a second one at steady state; against one plain
   `UPDATE cases_deadline SET level = level` touching every row once.
3. Recomputing deadlines from the records (what a calendar import or profile change does), per case.

Runs on SQLite in a temporary directory; `--postgres` starts a throw-away PostgreSQL server (the test
script's) and runs there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run_all import bench_database  # noqa: E402 - the same set-up as the trail benchmarks


def _demo():
    from django.conf import settings

    from lawtrail.registry import demo
    from lawtrail.registry.models import Agency

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.create_demo()
    return Agency.objects.get(code=demo.AGENCY_CODE)


def _client(username: str):
    from django.test import Client

    from lawtrail.access.models import User

    user = User.objects.get(username=username)
    user.set_password("bench-password-1")
    user.save(update_fields=["password"])
    client = Client()
    client.login(username=username, password="bench-password-1")  # noqa: S106
    return client


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 2)}


def bench_step_latency(agency, steps: int) -> dict:
    """Open `steps` filed penalty cases, then time one inquiry record into each through the API."""
    from lawtrail.access.models import User
    from lawtrail.cases import actions
    from lawtrail.cases.samples import sample_content
    from lawtrail.registry.models import Officer, Unit

    officer_user = User.objects.get(username="officer")
    heads = [User.objects.get(username="unithead"), User.objects.get(username="agencyhead")]
    unit = Unit.objects.get(agency=agency, name="市容环卫执法中队")
    team = [o.pk for o in Officer.objects.filter(cert_no__in=["42011200002", "42011200003"])]
    now = dt.datetime.now(dt.UTC)
    cases = []
    t = time.perf_counter()
    for i in range(steps):
        case = actions.open_case(user=officer_user, data={"procedure": "penalty", "title": f"基准案件{i}",
                                                          "unit": unit.pk, "handlers": team})
        party = actions.add_party(user=officer_user, case=case, data={
            "kind": "person", "name": "张三", "id_type": "resident_id", "id_no": "11010519491231002X"})
        day = (now - dt.timedelta(days=1)).date()
        for code in ("case_source", "filing_approval"):
            rec = actions.record_step(user=officer_user, case=case, data={
                "type": code, "occurred_at": (now - dt.timedelta(days=1)).isoformat(), "place": "幸福路",
                "matter": "基准", "officers": team, "parties": [party.pk], "content": sample_content(code, day=day)})
        for head in heads:
            actions.approve(user=head, record=rec, agree=True, opinion="同意")
        cases.append((case.pk, party.pk))
    setup_s = time.perf_counter() - t

    client = _client("officer")
    me, step = [], []
    body_day = now.date()
    for case_id, party_id in cases:
        t = time.perf_counter()
        r = client.get("/api/v1/me")
        me.append(time.perf_counter() - t)
        assert r.status_code == 200  # noqa: S101 - a benchmark that measures errors measures nothing
        payload = json.dumps({"type": "inquiry", "occurred_at": now.isoformat(), "place": "幸福路",
                              "matter": "询问", "officers": team, "parties": [party_id],
                              "content": sample_content("inquiry", day=body_day)})
        t = time.perf_counter()
        r = client.post(f"/api/v1/cases/{case_id}/records", payload, content_type="application/json")
        step.append(time.perf_counter() - t)
        assert r.status_code == 201, r.content  # noqa: S101
    ours, base = _stats(step), _stats(me)
    return {"steps": steps, "setup_s": round(setup_s, 1), "record_step": ours, "get_me": base,
            "ratio_median": round(ours["median_ms"] / base["median_ms"], 1)}


def fill_open_cases(agency, n: int) -> float:
    """N open penalty cases with two deadlines each, written in bulk (set-up only, not through the
    actions: what is measured is the sweep over them)."""
    from django.db import transaction

    from lawtrail.access.models import User
    from lawtrail.cases.models import Case, Deadline
    from lawtrail.registry.models import Unit

    unit = Unit.objects.get(agency=agency, name="市容环卫执法中队")
    user = User.objects.get(username="officer")
    now = dt.datetime.now(dt.UTC)
    rnd = random.Random(7)  # noqa: S311
    t = time.perf_counter()
    batch = 5000
    for start in range(0, n, batch):
        with transaction.atomic():
            cases = Case.objects.bulk_create([
                Case(agency=agency, number=f"B-{i:07d}", procedure="penalty", family="penalty", title=f"批量案件{i}",
                     unit=unit, stage="investigate", opened_at=now - dt.timedelta(days=30), created_by=user)
                for i in range(start, min(n, start + batch))])
            if cases[0].pk is None:  # backends that do not return keys from bulk_create
                cases = list(Case.objects.filter(number__in=[c.number for c in cases]))
            rows = []
            for c in cases:
                for code, rule, days in (("penalty_decision", "R-PROC-1", rnd.randint(-10, 90)),
                                         ("serve_decision", "R-SRV-1", rnd.randint(-5, 10))):
                    due = now + dt.timedelta(days=days)
                    rows.append(Deadline(case=c, agency=agency, code=code, rule=rule, articles="bench",
                                         started_at=now - dt.timedelta(days=30), due_at=due,
                                         warn_at=due - dt.timedelta(days=2), level="pending"))
            Deadline.objects.bulk_create(rows)
    return time.perf_counter() - t


def bench_sweep(n: int) -> dict:
    from django.db import connection, transaction

    from lawtrail.cases import deadlines
    from lawtrail.cases.models import Deadline

    rows = Deadline.objects.count()
    t = time.perf_counter()
    first = deadlines.sweep()
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    second = deadlines.sweep()
    second_s = time.perf_counter() - t
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE cases_deadline SET level = level")
    plain_s = time.perf_counter() - t
    return {"open_cases": n, "deadline_rows": rows, "first_sweep_s": round(first_s, 2), "first_changes": first,
            "steady_sweep_s": round(second_s, 2), "steady_changes": second,
            "plain_update_all_rows_s": round(plain_s, 2), "ratio_first_to_plain": round(first_s / plain_s, 2)}


def bench_recompute(count: int) -> dict:
    from lawtrail.cases.actions import refresh_deadlines
    from lawtrail.cases.models import Case

    ids = list(Case.objects.filter(records__isnull=False).distinct().values_list("pk", flat=True)[:count])
    t = time.perf_counter()
    done = refresh_deadlines(ids)
    s = time.perf_counter() - t
    return {"cases": done, "seconds": round(s, 2), "ms_per_case": round(s / max(done, 1) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--recompute", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="run on a throw-away PostgreSQL server")
    args = parser.parse_args()
    with bench_database("lawtrail-bench-cases-", args.postgres):
        from django.db import connection

        results = {"database": connection.vendor, "python": sys.version.split()[0], "cpus": os.cpu_count()}
        agency = _demo()
        results["step_latency"] = bench_step_latency(agency, args.steps)
        print(json.dumps(results["step_latency"]), flush=True)
        results["recompute"] = bench_recompute(args.recompute)
        print(json.dumps(results["recompute"]), flush=True)
        results["fill_s"] = round(fill_open_cases(agency, args.cases), 1)
        print(f"filled {args.cases} open cases in {results['fill_s']} s", flush=True)
        results["sweep"] = bench_sweep(args.cases)
        print(json.dumps(results["sweep"]), flush=True)
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        (out / f"cases-{connection.vendor}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
