"""Independent verification of the trail (R-INT-3). Imports only the standard library, this package's
plain modules and `cryptography` — never Django — so a court, a party or an auditor can run it on
an exported bundle without the running system.

`verify_log` streams entries in sequence order and checks, for every entry: no gap, duplicate or
reordering; the payload hash; the link to the previous entry; the entry hash; and, at the size of
every checkpoint, the Merkle root and its Ed25519 signature. It names the first entry that fails.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lawtrail.ledger import merkle
from lawtrail.ledger.entry import GENESIS_PREV, header_bytes
from lawtrail.ledger.hashing import DEFAULT, Hasher, hasher_named
from lawtrail.ledger.signing import CheckpointBody, load_public_pem, verify_signature

# (seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload, payload_hash, prev_hash, entry_hash)
EntryRow = Sequence


@dataclass(frozen=True)
class CheckpointRow:
    id: int
    origin: str
    tree_size: int
    root_hash: str
    timestamp: str
    signature: str
    key_id: str = ""


@dataclass(frozen=True)
class Problem:
    seq: int | None
    message: str
    checkpoint_id: int | None = None

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else f"checkpoint {self.checkpoint_id}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    entries: int = 0
    checkpoints: int = 0
    root_hex: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_seq(self) -> int | None:
        seqs = [p.seq for p in self.problems if p.seq is not None]
        return min(seqs) if seqs else None


class _Stop(Exception):
    pass


@dataclass
class _Chunk:
    """What one chunk of consecutive entries says about itself, computed independently of the rest."""

    first_seq: int
    first_prev: str
    last_hash: str
    count: int  # entries in order before the first sequence anomaly (all, if none)
    problems: list[tuple[int, str]]  # (seq, message) in sequence order
    pieces: list[tuple[int, bytes]]  # (level, hash): leaves and whole tiles covering those entries
    anomaly: tuple[int, str] | None  # a gap, duplicate or reordering ends the check


def _check_chunk(chunk: Sequence[EntryRow], hasher_name: str, tile_level: int,
                 leaf_sizes: frozenset[int]) -> _Chunk:
    """Per entry: payload hash, entry hash, link to the entry before it in the chunk, sequence order.
    Leaves are folded into tiles of 2**tile_level where no checkpoint needs a root inside the tile
    (`leaf_sizes`), so the process following the tree sees a few hashes per tile instead of one per
    entry. Runs in worker processes when verifying in parallel."""
    hasher = hasher_named(hasher_name)
    hexdigest, leaf = hasher.hexdigest, hasher.hash_leaf
    problems: list[tuple[int, str]] = []
    pieces: list[tuple[int, bytes]] = []
    tile: list[bytes] = []
    width = 1 << tile_level
    first_seq = chunk[0][0]
    expected, prev, anomaly, count = first_seq, chunk[0][9], None, 0
    for seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload, payload_hash, prev_hash, entry_hash \
            in chunk:
        if seq != expected:
            anomaly = ((expected, f"missing: the next entry found is {seq}") if seq > expected
                       else (seq, f"out of order or duplicated: found after entry {expected - 1}"))
            break
        if prev_hash != prev:
            problems.append((seq, "previous-hash link does not match the entry before it"))
        if hexdigest(payload.encode()) != payload_hash:
            problems.append((seq, "payload does not match its payload hash"))
        if hexdigest(header_bytes(seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload_hash,
                                  prev_hash)) != entry_hash:
            problems.append((seq, "entry hash does not match the entry's contents"))
        try:
            tile.append(leaf(bytes.fromhex(entry_hash)))
        except ValueError:
            anomaly = (seq, "entry hash is not hexadecimal")
            break
        count += 1
        prev, expected = entry_hash, expected + 1
        # seq is also the tree size after this entry; tiles start at multiples of `width`.
        if seq % width == 0 and len(tile) == width and not any(seq - width < s < seq for s in leaf_sizes):
            pieces.append((tile_level, merkle.tree_hash(tile, hasher)))
            tile = []
        elif seq % width == 0 or seq in leaf_sizes or len(tile) == width:
            pieces.extend((0, h) for h in tile)
            tile = []
    pieces.extend((0, h) for h in tile)
    return _Chunk(first_seq, chunk[0][9], prev, count, problems, pieces, anomaly)


def _fetch_and_check(bounds: tuple[int, int], fetch: Callable[[int, int], Sequence[EntryRow]], **kwargs) -> _Chunk:
    """Read entries (a, b] with `fetch` in this (worker) process and check them."""
    rows = fetch(*bounds)
    if not rows:  # a range with no entries at all; the next non-empty chunk shows where the gap ends
        return _Chunk(0, "", "", 0, [], [], None)
    return _check_chunk(rows, **kwargs)


def _chunks(entries: Iterable[EntryRow], size: int):
    chunk: list[EntryRow] = []
    for row in entries:
        chunk.append(tuple(row))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def verify_log(
    entries: Iterable[EntryRow],
    checkpoints: Iterable[CheckpointRow] = (),
    public_key: Ed25519PublicKey | None = None,
    *,
    origin: str | None = None,
    hasher: Hasher = DEFAULT,
    max_problems: int = 20,
    on_node: Callable[[int, int, bytes], None] | None = None,
    on_node_min_level: int = 0,
    workers: int = 1,
    chunk_size: int = 16_384,
    tile_level: int = 8,
    fetch: Callable[[int, int], Sequence[EntryRow]] | None = None,
    last_seq: int = 0,
    worker_init: Callable[[], None] | None = None,
) -> Report:
    """Check the whole log. Problems are reported in sequence order, the first being the earliest
    entry that does not match; checking stops after `max_problems`.

    Entries come either from `entries`, read here, or — with `fetch(a, b)` returning entries a+1..b and
    `last_seq` the highest sequence number present — read by each worker for its own range, so that no
    entry crosses between processes. With `workers` > 1 chunks are checked in that many processes
    while this one follows the chain across chunks, the tree and the checkpoints; at most 2 × workers
    chunks are in flight. `worker_init` runs first in every worker (e.g. to drop inherited database
    connections)."""
    report = Report()
    cps = sorted(checkpoints, key=lambda c: (c.tree_size, c.id))
    report.checkpoints = len(cps)
    leaf_sizes = frozenset(c.tree_size for c in cps)

    def problem(seq: int | None, message: str, cp: int | None = None) -> None:
        report.problems.append(Problem(seq, message, cp))
        if len(report.problems) >= max_problems:
            raise _Stop

    rng = merkle.CompactRange(hasher, on_node, on_node_min_level)
    prev, expected, cp_i = GENESIS_PREV, 1, 0
    options = {"hasher_name": hasher.name, "tile_level": tile_level, "leaf_sizes": leaf_sizes}
    if fetch is not None:
        check = functools.partial(_fetch_and_check, fetch=fetch, **options)
        chunks = iter([(a, min(a + chunk_size, last_seq)) for a in range(0, last_seq, chunk_size)])
    else:
        check = functools.partial(_check_chunk, **options)
        chunks = _chunks(entries, chunk_size)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=worker_init) if workers > 1 else None
    window: deque = deque()

    def submit() -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            window.append(pool.apply_async(check, (chunk,)) if pool is not None else check(chunk))

    try:
        while cp_i < len(cps) and cps[cp_i].tree_size == 0:  # the empty tree: only the signature to check
            _check_checkpoint(cps[cp_i], hasher.empty_root().hex(), public_key, origin, problem)
            cp_i += 1
        for _ in range(2 * workers):
            submit()
        while window:
            head = window.popleft()
            submit()
            result: _Chunk = head.get() if pool is not None else head
            if result.first_seq == 0:
                continue
            if result.first_seq != expected:
                if result.first_seq > expected:
                    problem(expected, f"missing: the next entry found is {result.first_seq}")
                else:
                    problem(result.first_seq, f"out of order or duplicated: found after entry {expected - 1}")
                raise _Stop
            if result.count and result.first_prev != prev:
                problem(expected, "previous-hash link does not match the entry before it")
            for seq, message in result.problems:
                problem(seq, message)
            for level, node in result.pieces:
                rng.append_subtree(level, node)
                while cp_i < len(cps) and cps[cp_i].tree_size == rng.size:
                    _check_checkpoint(cps[cp_i], rng.root().hex(), public_key, origin, problem)
                    cp_i += 1
            expected += result.count
            if result.count:
                prev = result.last_hash
            if result.anomaly is not None:
                problem(*result.anomaly)
                raise _Stop
        report.entries = expected - 1
        for cp in cps[cp_i:]:
            problem(expected, f"missing: checkpoint {cp.id} signed a tree of {cp.tree_size} entries but the "
                              f"log ends at {expected - 1}", cp.id)
        report.root_hex = rng.root().hex()
    except _Stop:
        report.entries = expected - 1
    finally:
        if pool is not None:
            _shut_down(pool, window)
    return report


def _shut_down(pool, window: deque) -> None:
    """Let the chunks still in flight finish, then close the pool. Pool.terminate() with busy workers can
    hang for good (python/cpython#73945, #78178, #96995) — it did, now and then, when a tampered log
    stopped the check early — so it is kept for the case where waiting is not possible."""
    try:
        for pending in window:
            try:
                pending.get(timeout=600)
            except Exception:  # noqa: BLE001, S110 - a failed or stuck chunk no longer matters
                pass
        pool.close()
        pool.join()
    except BaseException:
        pool.terminate()
        raise


def _check_checkpoint(cp: CheckpointRow, root_hex: str, public_key: Ed25519PublicKey | None,
                      origin: str | None, problem: Callable[..., None]) -> None:
    body = CheckpointBody(cp.origin, cp.tree_size, cp.root_hash, cp.timestamp)
    if origin is not None and cp.origin != origin:
        problem(None, f"origin {cp.origin!r} is not this log's {origin!r}", cp.id)
    if public_key is not None and not verify_signature(public_key, body, cp.signature):
        problem(None, f"signature over tree size {cp.tree_size} does not verify with the log's public key", cp.id)
    if cp.root_hash != root_hex:
        # The root covers entries 1..tree_size; the chain checks above name a broken entry when there
        # is one, so this only fires alone when the checkpoint itself was altered.
        problem(None, f"root of the first {cp.tree_size} entries does not match the signed root", cp.id)


def verify_inclusion_document(doc: dict, public_key_pem: str | None = None) -> None:
    """Check an inclusion proof document as served by /api/v1/ledger/proof/inclusion: the entry hashes
    to its leaf, the audit path leads to the checkpoint's root, and the checkpoint is signed.
    Raises merkle.ProofError with the reason."""
    hasher = hasher_named(doc.get("hash", "sm3"))
    e = doc["entry"]
    if hasher.hexdigest(e["payload"].encode()) != e["payload_hash"]:
        raise merkle.ProofError("entry payload does not match its payload hash")
    computed = hasher.hexdigest(header_bytes(e["seq"], e["recorded_at"], e["actor_id"], e["actor"],
                                             e["agency_id"], e["kind"], e["subject"], e["payload_hash"],
                                             e["prev_hash"]))
    if computed != e["entry_hash"]:
        raise merkle.ProofError("entry hash does not match the entry's contents")
    cp = doc["checkpoint"]
    _verify_checkpoint_doc(cp, public_key_pem or doc.get("public_key"))
    merkle.verify_inclusion(doc["leaf_index"], cp["tree_size"], hasher.hash_leaf(bytes.fromhex(e["entry_hash"])),
                            [bytes.fromhex(h) for h in doc["proof"]], bytes.fromhex(cp["root_hash"]), hasher)
    if doc["leaf_index"] != e["seq"] - 1:
        raise merkle.ProofError("leaf index does not correspond to the entry's sequence number")


def verify_consistency_document(doc: dict, public_key_pem: str | None = None) -> None:
    hasher = hasher_named(doc.get("hash", "sm3"))
    first, second = doc["first"], doc["second"]
    for cp in (first, second):
        _verify_checkpoint_doc(cp, public_key_pem or doc.get("public_key"))
    merkle.verify_consistency(first["tree_size"], second["tree_size"], bytes.fromhex(first["root_hash"]),
                              bytes.fromhex(second["root_hash"]), [bytes.fromhex(h) for h in doc["proof"]], hasher)


def _verify_checkpoint_doc(cp: dict, public_key_pem: str | None) -> None:
    if not public_key_pem:
        raise merkle.ProofError("no public key to check the checkpoint signature with")
    body = CheckpointBody(cp["origin"], cp["tree_size"], cp["root_hash"], cp["timestamp"])
    if not verify_signature(load_public_pem(public_key_pem), body, cp["signature"]):
        raise merkle.ProofError(f"checkpoint signature over tree size {cp['tree_size']} does not verify")


def main(argv: list[str] | None = None) -> int:
    """`python -m lawtrail.ledger.verifier proof.json [public_key.pem]` — check a proof document."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m lawtrail.ledger.verifier PROOF.json [PUBLIC_KEY.pem]", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        doc = json.load(f)
    pem = open(args[1], encoding="utf-8").read() if len(args) > 1 else None  # noqa: SIM115
    try:
        if "entry" in doc:
            verify_inclusion_document(doc, pem)
        else:
            verify_consistency_document(doc, pem)
    except (merkle.ProofError, KeyError, ValueError) as exc:
        print(f"NOT VERIFIED: {exc}")
        return 1
    print("verified")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
