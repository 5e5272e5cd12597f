"""Bundles (R-INT-3, R-ARC-6): `lawtrail export-case` writes a BagIt bag that the standalone verifier
checks offline — with only the standard library and `cryptography` — and every mutation (a changed file
byte, a removed file, a changed record, a removed trail entry, an altered proof, another key, a changed
record with re-computed manifests) fails it, naming what is wrong. The export is itself registered."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from lawtrail.archive import verify_bundle
from lawtrail.ledger.models import Entry
from lawtrail.workdays.calendar import CHINA
from tests.conftest import store_recording


def at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 3, 2 + days, hour, tzinfo=CHINA)


@pytest.fixture
def bundle(walker, tmp_path, settings):
    settings.LAWTRAIL = {**settings.LAWTRAIL, "BLOB_ROOT": str(tmp_path / "blobs"),
                         "UPLOAD_ROOT": str(tmp_path / "uploads")}
    walker.open("penalty")
    walker.record("case_source", at=at(0), content={"channel": "complaint"})
    walker.approve(walker.record("filing_approval", at=at(0, 11))["id"])
    step = walker.record("site_inspection", at=at(1))
    recording = store_recording(case=walker.case_id, record=step["id"], filename="DSJ_0001.MP4")
    assert walker.officer.get(f"/recordings/{recording.pk}/file").status_code == 200  # a view, in the bundle too
    number = walker.case()["number"]
    out = tmp_path / "bundle"
    buf = io.StringIO()
    call_command("export-case", number, "--user", "custodian", "--out", str(out), "--reason", "法院调卷",
                 stdout=buf)
    assert "exported case" in buf.getvalue()
    return out


def test_untouched_bundle_verifies_with_only_the_standard_library_and_cryptography(bundle, tmp_path):
    for name in ("bagit.txt", "bag-info.txt", "manifest-sm3.txt", "manifest-sha256.txt", "tagmanifest-sm3.txt",
                 "public-key.pem", "verify_bundle.py", "data/case.json", "data/trail/entries.jsonl"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "data" / "files").glob("*.mp4"))
    assert list((bundle / "data" / "records").glob("*-site_inspection.html"))
    problems, info = verify_bundle.verify(bundle)
    assert problems == [] and info["records"] == 3 and info["files"] >= 5
    kinds = [json.loads(line)["kind"] for line in (bundle / "data/trail/entries.jsonl").read_text().splitlines()]
    assert {"cases.record.create", "cases.approval.create", "evidence.blob.store", "evidence.recording.create",
            "evidence.recording.view", "archive.export"} <= set(kinds)
    export = Entry.objects.get(kind="archive.export")
    assert json.loads(export.payload)["reason"] == "法院调卷"  # the export is registered (R-ARC-4)

    # A Python that can import nothing but the standard library and `cryptography` (and what it needs).
    only = tmp_path / "only-cryptography"
    only.mkdir()
    for mod in ("cryptography", "cffi", "_cffi_backend", "pycparser"):
        spec = importlib.util.find_spec(mod)
        if spec is None:
            continue
        src = Path(spec.origin)
        src = src.parent if src.name == "__init__.py" else src
        (only / src.name).symlink_to(src)
    runner = ("import sys, runpy, importlib.util; sys.path[:0] = [sys.argv[1]]; "
              "assert importlib.util.find_spec('django') is None and importlib.util.find_spec('lawtrail') is None; "
              "sys.argv = [sys.argv[2], sys.argv[3]]; runpy.run_path(sys.argv[0], run_name='__main__')")
    cmd = [sys.executable, "-S", "-E", "-c", runner, str(only), str(bundle / "verify_bundle.py"), str(bundle)]
    ok = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK case") and info["key_id"] in ok.stdout


def _first(bundle: Path, pattern: str) -> Path:
    return sorted(bundle.glob(pattern))[0]


def change_file_byte(b: Path) -> str:
    f = _first(b, "data/files/*.mp4")
    data = bytearray(f.read_bytes())
    data[100] ^= 0xFF
    f.write_bytes(bytes(data))
    return f"{f.relative_to(b).as_posix()} was altered"


def remove_file(b: Path) -> str:
    f = _first(b, "data/files/*.mp4")
    f.unlink()
    return f"{f.relative_to(b).as_posix()} is missing"


def change_record(b: Path) -> str:
    f = _first(b, "data/records/*-site_inspection.json")
    doc = json.loads(f.read_text())
    doc["record"]["place"] = "另一个地点"
    f.write_text(json.dumps(doc, ensure_ascii=False))
    return f"data/records/{f.name} was altered"


def change_record_and_manifests(b: Path) -> str:
    """An attacker who also recomputes the BagIt manifests is still caught by the signed trail."""
    expected = change_record(b)
    from lawtrail.archive.bundle import _bagit_manifests_only

    _bagit_manifests_only(b)
    return expected.split(" was altered")[0]


def remove_trail_entry(b: Path) -> str:
    f = b / "data/trail/entries.jsonl"
    lines = f.read_text().splitlines()
    victim = next(json.loads(line) for line in lines if json.loads(line)["kind"] == "evidence.recording.view")
    f.write_text("".join(line + "\n" for line in lines if json.loads(line)["seq"] != victim["seq"]))
    return f"trail entry {victim['seq']} is missing"


def alter_proof(b: Path) -> str:
    f = b / "data/trail/proofs.json"
    proofs = json.loads(f.read_text())
    seq = sorted(proofs, key=int)[1]
    first = proofs[seq][0]
    proofs[seq][0] = ("0" if first[0] != "0" else "1") + first[1:]
    f.write_text(json.dumps(proofs))
    return f"inclusion proof of trail entry {seq}"


def other_key(b: Path) -> str:
    pem = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.PEM,
                                                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    (b / "public-key.pem").write_bytes(pem)
    return "is not signed by key"


MUTATIONS = [change_file_byte, remove_file, change_record, change_record_and_manifests, remove_trail_entry,
             alter_proof, other_key]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=[m.__name__ for m in MUTATIONS])
def test_every_mutation_fails_the_verifier_naming_it(bundle, tmp_path, mutate):
    copy = tmp_path / f"copy-{mutate.__name__}"
    shutil.copytree(bundle, copy)
    expected = mutate(copy)
    problems, _info = verify_bundle.verify(copy)
    assert problems, f"{mutate.__name__} went unnoticed"
    assert any(expected in p for p in problems), (expected, problems)


def test_tampered_bundle_exits_1_and_a_foreign_trusted_key_is_refused(bundle, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    remove_file(copy)
    bad = subprocess.run([sys.executable, str(copy / "verify_bundle.py"), str(copy)], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1 and "FAIL" in bad.stdout and "is missing" in bad.stdout
    foreign = tmp_path / "foreign.pem"
    foreign.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    problems, _ = verify_bundle.verify(bundle, trusted_key_pem=foreign.read_bytes())
    assert any("is not the trusted key" in p for p in problems)
    problems, _ = verify_bundle.verify(bundle, trusted_key_id="0" * 16)
    assert any("is not the trusted key" in p for p in problems)


def test_export_needs_access(walker, tmp_path, other_agency):
    walker.open("penalty")
    number = walker.case()["number"]
    with pytest.raises(CommandError, match="refused"):
        call_command("export-case", number, "--user", "supervisor", "--out", str(tmp_path / "x"),
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="no case"):
        call_command("export-case", number, "--user", "admin-b", "--out", str(tmp_path / "y"),
                     stdout=io.StringIO())
    assert not Entry.objects.filter(kind="archive.export").exists()
