"""A real S3-compatible server for the S3 backend: moto's standalone server, started once per test run
on a free loopback port and stopped at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    exe = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    port = _free_port()
    proc = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - our own loopback server
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"moto_server exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def s3_store(s3_server):
    import uuid

    from lawtrail.evidence.storage import S3BlobStore

    store = S3BlobStore(bucket=f"lawtrail-{uuid.uuid4().hex[:12]}", endpoint_url=s3_server, access_key="test",
                        secret_key="test")  # noqa: S106 - moto's stand-in credentials
    store.client.create_bucket(Bucket=store.bucket)
    return store


@pytest.fixture(autouse=True)
def _evidence_dirs(settings, tmp_path):
    """Each test stores its blobs and partial uploads in its own directories."""
    settings.LAWTRAIL = {**settings.LAWTRAIL, "BLOB_STORE": "local", "BLOB_ROOT": str(tmp_path / "blobs"),
                         "UPLOAD_ROOT": str(tmp_path / "uploads")}
