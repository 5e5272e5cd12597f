"""R-INT-2: concurrent writers never fork or gap the chain. Eight separate processes append at once to
a database of their own (created and dropped here), then the chain is checked row by row and by
`lawtrail verify`."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 8
CHAIN_SQL = "SELECT seq, prev_hash, entry_hash, recorded_at FROM ledger_entry ORDER BY seq"


def _run_writers(env: dict[str, str], count: int) -> None:
    subprocess.run([sys.executable, "-m", "lawtrail.cli", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    procs = [subprocess.Popen([sys.executable, "-m", "tests.ledger.writer", str(w), str(count)], env=env, cwd=ROOT)
             for w in range(WRITERS)]
    codes = [p.wait(timeout=600) for p in procs]
    assert codes == [0] * WRITERS


def _check(rows: list[tuple[int, str, str, str]], expected: int) -> None:
    seqs = [r[0] for r in rows]
    times = [r[3] for r in rows]
    assert times == sorted(times), "recorded times run backwards along the sequence"
    assert seqs == list(range(1, expected + 1)), "gap or duplicate in sequence numbers"
    prev = "0" * 64
    for seq, prev_hash, entry_hash, _at in rows:
        assert prev_hash == prev, f"fork or break at entry {seq}"
        prev = entry_hash
    assert len({r[1] for r in rows}) == expected


def _env(tmp_path, **extra) -> dict[str, str]:
    from django.conf import settings

    return {**os.environ, "PYTHONPATH": str(ROOT), "LAWTRAIL_VAR": str(tmp_path / "var"),
            "LAWTRAIL_SIGNING_KEY": settings.LAWTRAIL["SIGNING_KEY_PATH"], **extra}


def test_eight_writers_on_postgresql_make_one_chain(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("this run uses SQLite; the PostgreSQL run of the suite covers it")
    params = connection.settings_dict
    name = f"lt_conc_{uuid.uuid4().hex[:8]}"
    admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    try:
        env = _env(tmp_path, LAWTRAIL_DATABASE_URL=url)
        _run_writers(env, 1000)
        with psycopg.connect(f"{admin.replace('dbname=postgres', '')} dbname={name}") as conn:
            rows = conn.execute(CHAIN_SQL).fetchall()
            per_writer = dict(conn.execute("SELECT subject, count(*) FROM ledger_entry GROUP BY subject").fetchall())
        _check(rows, WRITERS * 1000)
        assert per_writer == {f"writer:{w}": 1000 for w in range(WRITERS)}
        result = subprocess.run([sys.executable, "-m", "lawtrail.cli", "verify"], env=env, cwd=ROOT,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "OK: 8000 entries" in result.stdout
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_eight_writers_on_sqlite_make_one_chain(tmp_path):
    db = tmp_path / "concurrent.sqlite3"
    env = _env(tmp_path, LAWTRAIL_SQLITE_PATH=str(db))
    env.pop("LAWTRAIL_DATABASE_URL", None)
    _run_writers(env, 200)
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute(CHAIN_SQL).fetchall()
    _check(rows, WRITERS * 200)
    result = subprocess.run([sys.executable, "-m", "lawtrail.cli", "verify"], env=env, cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
