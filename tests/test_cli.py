"""The `lawtrail` command on a fresh state directory: `demo` creates and migrates the database itself;
`verify` exits 0 on the intact trail and 1 naming the entry after a change made with sqlite3 directly."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lawtrail(env, *args):
    return subprocess.run([sys.executable, "-m", "lawtrail.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_demo_on_fresh_checkout_then_verify_and_tamper(tmp_path):
    env = {**os.environ, "LAWTRAIL_VAR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT)}
    env.pop("LAWTRAIL_DATABASE_URL", None)
    env.pop("LAWTRAIL_SIGNING_KEY", None)
    first = _lawtrail(env, "demo")
    assert first.returncode == 0, first.stderr
    assert "admin" in first.stdout and "supervisor" in first.stdout and "系统管理员" in first.stdout
    assert (tmp_path / "var" / "keys" / "checkpoint-ed25519.pem").exists()
    second = _lawtrail(env, "demo")  # idempotent: loads nothing twice, prints the same logins
    assert second.returncode == 0 and second.stdout.count("admin") == first.stdout.count("admin")
    ok = _lawtrail(env, "verify")
    assert ok.returncode == 0 and ok.stdout.startswith("OK:"), ok.stderr
    db = tmp_path / "var" / "lawtrail.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute('DROP TRIGGER "ledger_entry_no_update"')
        conn.execute("UPDATE ledger_entry SET payload = payload || ' ' WHERE seq = 20")
    bad = _lawtrail(env, "verify")
    assert bad.returncode == 1
    assert "first mismatch at entry 20" in bad.stderr
