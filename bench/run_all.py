"""Benchmarks of the trail, each against a baseline measured in the same run (not part of the tests).

    python bench/run_all.py [--entries 1000000] [--appends 5000]

1. append rate: `store.append` (one transaction per entry) vs a plain INSERT of the same rows into a
   table of the same columns, also one transaction each; and the batched forms of both.
2. verify of the whole trail (chain, tree, checkpoints, node cache) vs `openssl dgst -sm3` over the
   same bytes (payloads and entry headers).
3. inclusion proof at the full size vs a primary-key SELECT of one entry.

Runs on SQLite in a temporary directory unless LAWTRAIL_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(var: Path) -> None:
    os.environ["LAWTRAIL_VAR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawtrail.settings")
    os.environ.setdefault("LAWTRAIL_CHECKPOINT_EVERY", "100000")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextmanager
def bench_database(prefix: str, postgres: bool = False):
    """A temporary directory, Django set up on SQLite inside it — or, with `postgres`, on a throw-away
    PostgreSQL server (the test script's) — removed afterwards. Yields the directory."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    pg = None
    try:
        if postgres:
            sys.path.insert(0, str(ROOT / "scripts"))
            from run_tests import Postgres

            pg = Postgres()
            os.environ["LAWTRAIL_DATABASE_URL"] = pg.start()
        setup_django(tmp / "var")
        yield tmp
    finally:
        if pg is not None:
            from django.db import connections

            connections.close_all()
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def bench_append(n: int) -> dict:
    from django.db import connection, transaction

    from lawtrail.ledger import store

    rows = [("bench.append", f"case:{i}", {"i": i, "note": "现场检查笔录", "officers": ["42011200001", "42011200002"]})
            for i in range(n)]
    t = time.perf_counter()
    for kind, subject, payload in rows:
        with transaction.atomic():
            store.append(kind, subject, payload)
    ours = n / (time.perf_counter() - t)

    cols = store.ENTRY_COLUMNS
    with connection.cursor() as c:
        c.execute(f"SELECT {cols} FROM ledger_entry ORDER BY seq DESC LIMIT %s", [n])  # noqa: S608
        same = c.fetchall()
    insert = f"INSERT INTO bench_plain ({cols}) VALUES ({', '.join(['%s'] * 11)})"  # noqa: S608

    def plain_table(indexed: bool) -> None:
        with connection.cursor() as c:
            c.execute("DROP TABLE IF EXISTS bench_plain")
            c.execute(f"CREATE TABLE bench_plain AS SELECT {cols} FROM ledger_entry WHERE 1 = 0")  # noqa: S608
            if indexed:  # the same keys and indexes as ledger_entry, so only the trail's own work differs
                c.execute("CREATE UNIQUE INDEX bench_plain_seq ON bench_plain (seq)")
                c.execute("CREATE UNIQUE INDEX bench_plain_prev ON bench_plain (prev_hash)")
                c.execute("CREATE UNIQUE INDEX bench_plain_hash ON bench_plain (entry_hash)")
                c.execute("CREATE INDEX bench_plain_subject ON bench_plain (subject)")
                c.execute("CREATE INDEX bench_plain_agency ON bench_plain (agency_id)")

    def one_by_one() -> float:
        t = time.perf_counter()
        for row in same:
            with transaction.atomic(), connection.cursor() as c:
                c.execute(insert, list(row))
        return n / (time.perf_counter() - t)

    def batched() -> float:
        t = time.perf_counter()
        for i in range(0, n, batch):
            with transaction.atomic(), connection.cursor() as c:
                c.executemany(insert, [list(r) for r in same[i:i + batch]])
        return n / (time.perf_counter() - t)

    batch = 100
    t = time.perf_counter()
    for i in range(0, n, batch):
        with transaction.atomic():
            store.append_many(rows[i:i + batch])
    ours_batch = n / (time.perf_counter() - t)
    rates = {}
    for indexed in (False, True):
        for how, fn in (("one", one_by_one), ("batch", batched)):
            plain_table(indexed)
            rates[(indexed, how)] = fn()
    bare, bare_batch = rates[(False, "one")], rates[(False, "batch")]
    plain, plain_batch = rates[(True, "one")], rates[(True, "batch")]
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_plain")
    return {"entries": n, "append_per_s": round(ours), "plain_insert_per_s": round(plain),
            "ratio": round(ours / plain, 3), "plain_insert_no_index_per_s": round(bare),
            "ratio_no_index": round(ours / bare, 3), "append_batched_per_s": round(ours_batch),
            "plain_insert_batched_per_s": round(plain_batch), "ratio_batched": round(ours_batch / plain_batch, 3),
            "plain_insert_batched_no_index_per_s": round(bare_batch)}


def fill(total: int) -> float:
    from django.db import transaction

    from lawtrail.ledger import store

    have = store.head()[0]
    t = time.perf_counter()
    batch = 2000
    i = have
    while i < total:
        k = min(batch, total - i)
        with transaction.atomic():
            store.append_many([("bench.fill", f"case:{j % 5000}", {"i": j, "note": "询问笔录", "amount": j % 997})
                               for j in range(i, i + k)])
        i += k
    store.make_checkpoint()
    return time.perf_counter() - t


def bench_verify(tmp: Path) -> dict:
    from django.core.management import call_command

    from lawtrail.ledger import store
    from lawtrail.ledger.entry import header_bytes

    t = time.perf_counter()
    call_command("verify", stdout=open(os.devnull, "w"))  # noqa: SIM115
    ours = time.perf_counter() - t

    # The same bytes verify hashes: every payload and every entry header.
    blob = tmp / "trail.bin"
    n = 0
    with open(blob, "wb") as f:
        for row in store.iter_entry_rows():
            seq, at, actor_id, actor, agency, kind, subject, payload, payload_hash, prev, _h = row
            f.write(payload.encode())
            f.write(header_bytes(seq, at, actor_id, actor, agency, kind, subject, payload_hash, prev))
            n += 1
    size = blob.stat().st_size
    t = time.perf_counter()
    subprocess.run(["openssl", "dgst", "-sm3", str(blob)], check=True, stdout=subprocess.DEVNULL)
    openssl = time.perf_counter() - t
    blob.unlink()
    return {"entries": n, "bytes": size, "verify_s": round(ours, 2), "openssl_dgst_sm3_s": round(openssl, 3),
            "ratio_to_openssl": round(ours / openssl, 1)}


def bench_proof(samples: int = 300) -> dict:
    from django.db import connection

    from lawtrail.ledger import store
    from lawtrail.ledger.models import Entry

    size = store.head()[0]
    rnd = random.Random(1)  # noqa: S311
    seqs = [rnd.randint(1, size) for _ in range(samples)]
    times, base = [], []
    for seq in seqs:
        t = time.perf_counter()
        entry = Entry.objects.get(seq=seq)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.inclusion_proof_doc(entry, size)
        times.append(time.perf_counter() - t)
    connection.close()
    med, p95 = statistics.median(times), sorted(times)[int(samples * 0.95)]
    return {"tree_size": size, "samples": samples, "proof_median_ms": round(med * 1000, 2),
            "proof_p95_ms": round(p95 * 1000, 2), "pk_select_median_ms": round(statistics.median(base) * 1000, 3),
            "ratio_to_pk_select": round(med / statistics.median(base), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lawtrail-bench-"))
    try:
        setup_django(tmp / "var")
        from django.db import connection

        results = {"database": connection.vendor, "python": sys.version.split()[0], "cpus": os.cpu_count()}
        results["append"] = bench_append(args.appends)
        print(json.dumps(results["append"]), flush=True)
        results["fill_s"] = round(fill(args.entries), 1)
        print(f"filled to {args.entries} entries in {results['fill_s']} s", flush=True)
        results["verify"] = bench_verify(tmp)
        print(json.dumps(results["verify"]), flush=True)
        results["proof"] = bench_proof()
        print(json.dumps(results["proof"]), flush=True)
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        (out / f"results-{connection.vendor}.json").write_text(json.dumps(results, indent=2))
        print(json.dumps(results, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
