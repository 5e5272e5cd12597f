"""R-INT-2, R-INT-3: appends chain correctly, the database refuses changes to the trail on this run's
database (SQLite or PostgreSQL), and served proofs verify offline with the standalone verifier."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import IntegrityError, connection, transaction

from lawtrail.ledger import signing, store, verifier
from lawtrail.ledger.entry import GENESIS_PREV, canonical_json
from lawtrail.ledger.models import Checkpoint, Entry, Node

pytestmark = pytest.mark.django_db


def _fill(n: int) -> None:
    for i in range(0, n, 100):
        store.append_many([("test.filler", f"test:{j}", {"n": j, "text": "记录"}) for j in range(i, min(n, i + 100))])


def test_entries_chain_from_genesis_and_hash_canonical_payloads():
    a = store.append("test.kind", "test:1", {"b": 2, "a": "执法"})
    b = store.append("test.kind", "test:2", {"x": 1})
    assert a.seq == 1 and a.prev_hash == GENESIS_PREV
    assert b.seq == 2 and b.prev_hash == a.entry_hash
    assert Entry.objects.get(seq=1).payload == '{"a":"执法","b":2}' == canonical_json({"a": "执法", "b": 2})


@pytest.mark.parametrize("table", ["ledger_entry", "ledger_checkpoint", "ledger_node"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET {c} = {c}", "DELETE FROM {t}"])
def test_database_refuses_update_and_delete_on_trail_tables(table, statement):
    """R-INT-2: UPDATE and DELETE raise on both SQLite and PostgreSQL (triggers)."""
    _fill(300)  # > 256 so that ledger_node has a row
    store.make_checkpoint()
    column = {"ledger_entry": "kind", "ledger_checkpoint": "origin", "ledger_node": "hash"}[table]
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(statement.format(t=table, c=column))


def test_truncate_is_refused_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    store.append("test.kind", "test:1", {})
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute("TRUNCATE ledger_entry")


def test_orm_update_and_delete_are_refused_too():
    store.append("test.kind", "test:1", {})
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(seq=1).update(kind="changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(seq=1).delete()


def test_a_fork_is_refused_by_the_schema():
    """Two entries can never share a predecessor (prev_hash is UNIQUE)."""
    e = store.append("test.kind", "test:1", {})
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as c:
        c.execute(store._INSERT_ENTRY, [2, e.recorded_at, None, "x", None, "k", "s", "{}", "0" * 64, GENESIS_PREV,
                                        "f" * 64])


def test_failed_transaction_leaves_no_entry():
    """The entry is part of the caller's transaction: a domain write that fails takes its entry with it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        store.append("test.kind", "test:1", {})
        raise RuntimeError("domain write failed")
    assert Entry.objects.count() == 0
    assert store.append("test.kind", "test:2", {}).seq == 1


def test_tile_nodes_are_stored_and_match_recomputation():
    _fill(1100)
    assert set(Node.objects.values_list("level", "index")) == {(8, 0), (8, 1), (8, 2), (8, 3), (9, 0), (9, 1),
                                                                (10, 0)}
    leaves = [bytes.fromhex(h) for h in Entry.objects.order_by("seq").values_list("entry_hash", flat=True)]
    from lawtrail.ledger import merkle
    from lawtrail.ledger.hashing import SM3
    expected = merkle.tree_hash([SM3.hash_leaf(x) for x in leaves])
    assert store.root(1100) == expected


def test_served_inclusion_and_consistency_proofs_verify_offline(admin_client, settings):
    settings.LAWTRAIL = {**settings.LAWTRAIL, "CHECKPOINT_EVERY": 0}
    _fill(700)
    first = store.make_checkpoint().tree_size
    _fill(333)
    second = store.make_checkpoint().tree_size
    rnd = random.Random(7)  # noqa: S311 - choosing test samples
    for seq in [1, 256, 257, first, first + 1, second, *rnd.sample(range(1, second + 1), 15)]:
        entry = Entry.objects.get(seq=seq)
        doc = store.inclusion_proof_doc(entry, second)
        verifier.verify_inclusion_document(doc)
        tampered = json.loads(json.dumps(doc))
        tampered["entry"]["payload"] = tampered["entry"]["payload"][:-1] + ',"x":1}'
        with pytest.raises(verifier.merkle.ProofError):
            verifier.verify_inclusion_document(tampered)
    response = admin_client.get(f"/api/v1/ledger/proof/consistency?first={first}&second={second}")
    assert response.status_code == 200
    verifier.verify_consistency_document(response.json())


def test_inclusion_proof_through_the_api_for_an_own_entry(admin_client, admin_user):
    entry = Entry.objects.filter(agency_id=admin_user.agency_id).order_by("-seq").first()
    response = admin_client.get(f"/api/v1/ledger/proof/inclusion/{entry.seq}")
    assert response.status_code == 200
    doc = response.json()
    verifier.verify_inclusion_document(doc)
    pem = admin_client.get("/api/v1/ledger/public-key").content.decode()
    verifier.verify_inclusion_document(doc, pem)
    assert Checkpoint.objects.filter(tree_size=doc["checkpoint"]["tree_size"]).exists()


def test_public_key_and_checkpoints_need_no_login(demo_agency, client):
    assert client.get("/api/v1/ledger/public-key").content.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert client.get("/api/v1/ledger/checkpoints/latest").status_code == 200
    assert client.get("/api/v1/ledger/entries").status_code == 401


def test_verifier_module_imports_no_django():
    code = ("import sys; import lawtrail.ledger.verifier, lawtrail.ledger.merkle, lawtrail.ledger.signing; "
            "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_checkpoints_are_signed_every_n_entries(settings):
    settings.LAWTRAIL = {**settings.LAWTRAIL, "CHECKPOINT_EVERY": 100}
    _fill(250)
    assert list(Checkpoint.objects.values_list("tree_size", flat=True)) == [100, 200]


def test_offline_verifier_command_checks_a_downloaded_proof(admin_client, admin_user, tmp_path):
    """R-INT-3: `python -m lawtrail.ledger.verifier proof.json key.pem` needs no server and no Django."""
    entry = Entry.objects.filter(agency_id=admin_user.agency_id).order_by("-seq").first()
    doc = admin_client.get(f"/api/v1/ledger/proof/inclusion/{entry.seq}").json()
    proof, key = tmp_path / "proof.json", tmp_path / "key.pem"
    proof.write_text(json.dumps(doc), encoding="utf-8")
    key.write_bytes(admin_client.get("/api/v1/ledger/public-key").content)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    ok = subprocess.run([sys.executable, "-m", "lawtrail.ledger.verifier", str(proof), str(key)], env=env,
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip() == "verified", ok.stderr
    doc["entry"]["actor"] = "someone-else"
    proof.write_text(json.dumps(doc), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "lawtrail.ledger.verifier", str(proof), str(key)], env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "NOT VERIFIED: entry hash does not match" in bad.stdout
    other = Ed25519PrivateKey.generate()
    key.write_text(signing.public_pem(other))
    proof.write_text(json.dumps({**doc, "entry": {**doc["entry"], "actor": entry.actor}}), encoding="utf-8")
    forged = subprocess.run([sys.executable, "-m", "lawtrail.ledger.verifier", str(proof), str(key)], env=env,
                            capture_output=True, text=True)
    assert forged.returncode == 1 and "signature" in forged.stdout
