"""R-INT-3: the standalone verifier gives the same verdict whatever the chunking and the number of
worker processes, including chunks that start inside a Merkle tile and checkpoints inside tiles."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lawtrail.ledger import merkle, signing, verifier
from lawtrail.ledger.entry import GENESIS_PREV, make_entry
from lawtrail.ledger.hashing import SM3

N = 1100
SIZES = [1, 255, 256, 300, 512, 1000, N]


def _log():
    rows, prev = [], GENESIS_PREV
    for seq in range(1, N + 1):
        e = make_entry(seq=seq, prev_hash=prev, recorded_at="2026-11-23T00:00:00.000000Z", actor_id=1, actor="a",
                       agency_id=1, kind="k", subject=f"s:{seq}", payload={"n": seq})
        rows.append((e.seq, e.recorded_at, e.actor_id, e.actor, e.agency_id, e.kind, e.subject, e.payload,
                     e.payload_hash, e.prev_hash, e.entry_hash))
        prev = e.entry_hash
    key = Ed25519PrivateKey.generate()
    leaves = [SM3.hash_leaf(bytes.fromhex(r[10])) for r in rows]
    cps = []
    for i, size in enumerate(SIZES):
        body = signing.CheckpointBody("o", size, merkle.tree_hash(leaves[:size]).hex(), "t")
        cps.append(verifier.CheckpointRow(i + 1, "o", size, body.root_hex, "t", signing.sign(key, body)))
    return rows, cps, key.public_key()


def _tamper(rows, how):
    rows = list(rows)
    if how == "payload":
        r = list(rows[399])
        r[7] = '{"n":0}'
        rows[399] = tuple(r)
    elif how == "delete":
        del rows[599]
    elif how == "link":
        r = list(rows[776])
        r[9] = "0" * 64
        rows[776] = tuple(r)
    elif how == "swap":
        rows[899], rows[900] = rows[900], rows[899]
    return rows


EXPECTED = {"none": None, "payload": 400, "delete": 600, "link": 777, "swap": 900}


@pytest.mark.parametrize("how", list(EXPECTED))
@pytest.mark.parametrize(("workers", "chunk"), [(1, 16384), (1, 100), (2, 100), (2, 333), (2, 256)])
def test_verdict_does_not_depend_on_chunking_or_workers(how, workers, chunk):
    rows, cps, pub = _log()
    nodes = {}
    report = verifier.verify_log(_tamper(rows, how), cps, pub, origin="o", workers=workers, chunk_size=chunk,
                                 on_node=lambda lvl, idx, h: nodes.setdefault((lvl, idx), h), on_node_min_level=8)
    assert report.first_bad_seq == EXPECTED[how], [str(p) for p in report.problems]
    if how == "none":
        assert report.ok and report.entries == N
        assert report.root_hex == merkle.tree_hash([SM3.hash_leaf(bytes.fromhex(r[10])) for r in rows]).hex()
        assert set(nodes) == {(8, 0), (8, 1), (8, 2), (8, 3), (9, 0), (9, 1), (10, 0)}


_ROWS: list = []


def _fetch(after: int, upto: int) -> list:
    """Module-level so forked workers can use it; reads the rows set before the pool starts."""
    return [r for r in _ROWS if after < r[0] <= upto]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(("how", "first_bad"), [("none", None), ("payload", 400), ("delete", 600), ("link", 777),
                                                 ("gap", 201), ("tail", 1001)])
def test_workers_reading_their_own_ranges_give_the_same_verdict(workers, how, first_bad):
    rows, cps, pub = _log()
    if how == "gap":  # whole chunks missing in the middle: their ranges come back empty
        rows = rows[:200] + rows[500:]
    elif how == "tail":  # the end deleted: the chain is fine but checkpoint N says more existed
        rows = rows[:1000]
    else:
        rows = _tamper(rows, how)
    _ROWS[:] = rows
    report = verifier.verify_log(None, cps, pub, origin="o", workers=workers, chunk_size=100, fetch=_fetch,
                                 last_seq=rows[-1][0])
    assert report.first_bad_seq == first_bad, [str(p) for p in report.problems]
    if how == "gap":
        assert "the next entry found is 501" in str(report.problems[0])
