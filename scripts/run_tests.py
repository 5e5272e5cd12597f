"""The test run behind `make test`: ruff, `makemigrations --check`, then pytest twice — on SQLite, and on
a real PostgreSQL server started here (initdb + pg_ctl in a temporary directory on a free loopback
port, removed afterwards). Exits non-zero if any step fails."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def step(title: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    print(f"=== {title}: exit {code} in {time.monotonic() - started:.1f} s", flush=True)
    if code != 0:
        sys.exit(code)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    sys.exit(f"PostgreSQL's {name} is not installed; install PostgreSQL 15 server binaries")


class Postgres:
    """A throw-away PostgreSQL server. initdb refuses to run as root, so as root it runs as the
    `postgres` system user."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="lawtrail-pg-"))
        self.data = self.tmp / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.tmp, "postgres")
            self.tmp.chmod(0o755)

    def run(self, *cmd: str) -> None:
        subprocess.run([*self.as_user, *cmd], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> str:
        self.run(pg_bin("initdb"), "-D", str(self.data), "-U", "lawtrail", "-A", "trust", "-E", "UTF8",
                 "--no-locale")
        opts = (f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.tmp / "log"), "-w", "start")
        return f"postgresql://lawtrail@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def _has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return False
    return bool(out.strip())


def ensure_system_packages() -> None:
    """The browser tests drive Debian's Chromium with Playwright, and their screenshots must show Chinese; the
    translation check runs makemessages (GNU gettext): install Chromium, a CJK font and gettext if missing."""
    missing = [pkg for pkg, present in (("chromium", bool(shutil.which("chromium"))),
                                        ("fonts-noto-cjk", _has_cjk_font()),
                                        ("gettext", bool(shutil.which("xgettext")))) if not present]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"The tests need {' and '.join(missing)}: run `sudo apt-get install {' '.join(missing)}` "
                 "(Debian), then retry.")
    print(f"\n=== installing {', '.join(missing)} for the tests", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


def main() -> None:
    started = time.monotonic()
    ensure_system_packages()
    base_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    var = Path(tempfile.mkdtemp(prefix="lawtrail-test-var-"))
    base_env["LAWTRAIL_VAR"] = str(var)
    try:
        step("ruff", [str(BIN / "ruff"), "check", "src", "tests", "bench", "scripts"], base_env)
        step("migrations", [str(BIN / "lawtrail"), "makemigrations", "--check", "--dry-run"], base_env)
        step("pytest on SQLite", [str(BIN / "pytest"), *sys.argv[1:]], base_env)
        pg = Postgres()
        try:
            url = pg.start()
            env = {**base_env, "LAWTRAIL_DATABASE_URL": url}
            step("pytest on PostgreSQL", [str(BIN / "pytest"), *sys.argv[1:]], env)
        finally:
            pg.stop()
    finally:
        shutil.rmtree(var, ignore_errors=True)
    print(f"\nall test steps passed in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
