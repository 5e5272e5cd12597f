"""The Django side of the trail: the one function that appends entries, the Merkle node cache, signed
checkpoints and proofs (R-INT-2, R-INT-3).

Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the write
lock that `BEGIN IMMEDIATE` takes (settings). The entry is written in the caller's transaction, so a
domain change and its trail entry commit or roll back together. `prev_hash` is UNIQUE in the schema,
so even a bug here could not fork the chain.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lawtrail.ledger import merkle, signing
from lawtrail.ledger.entry import GENESIS_PREV, Entry, format_time, make_entry
from lawtrail.ledger.hashing import DEFAULT as HASHER

# Perfect subtrees of 2**TILE_LEVEL leaves and above are stored in ledger_node; below that they are
# recomputed from at most 256 entry hashes, which is cheaper than storing ~2 nodes per entry.
TILE_LEVEL = 8
TILE = 1 << TILE_LEVEL
ADVISORY_LOCK_KEY = 0x4C415754  # "LAWT"

_INSERT_ENTRY = (
    "INSERT INTO ledger_entry (seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload, "
    "payload_hash, prev_hash, entry_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _lock(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def lock_writers() -> None:
    """Take the trail's writer lock now, in the caller's transaction (held until it ends). Actions that
    number things (case and document numbers) take it first, so numbers are handed out in trail order
    and never twice; on SQLite the IMMEDIATE transaction already serialises writers."""
    with connection.cursor() as cursor:
        _lock(cursor)


def head(cursor=None) -> tuple[int, str]:
    """(seq, entry_hash) of the last entry, or (0, genesis) for an empty trail."""
    own = cursor is None
    cursor = cursor or connection.cursor()
    try:
        cursor.execute("SELECT seq, entry_hash FROM ledger_entry ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    finally:
        if own:
            cursor.close()
    return (row[0], row[1]) if row else (0, GENESIS_PREV)


def _actor(user) -> tuple[int | None, str, int | None]:
    if user is None:
        return None, "system", None
    return user.pk, user.get_username(), getattr(user, "agency_id", None)


def append(kind: str, subject: str, payload: Any, *, user=None, agency_id: int | None = None,
           actor: str | None = None, at: datetime | None = None) -> Entry:
    """Append one entry. Call it inside the transaction that makes the change it records."""
    return append_many([(kind, subject, payload)], user=user, agency_id=agency_id, actor=actor, at=at)[-1]


def append_many(items: list[tuple[str, str, Any]], *, user=None, agency_id: int | None = None,
                actor: str | None = None, at: datetime | None = None) -> list[Entry]:
    """Append several entries under one lock acquisition, in order."""
    actor_id, actor_name, user_agency = _actor(user)
    if actor:
        actor_name = actor
    agency = agency_id if agency_id is not None else user_agency
    every = settings.LAWTRAIL["CHECKPOINT_EVERY"]
    out: list[Entry] = []
    # No savepoint: if the append fails, the caller's whole transaction must fail with it, since a
    # domain change without its trail entry may not commit. This saves two statements per append.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        _lock(cursor)
        # Taken under the lock, so that times never run backwards along the sequence.
        recorded_at = format_time(at or timezone.now())
        seq, prev = head(cursor)
        for kind, subject, payload in items:
            seq += 1
            entry = make_entry(seq=seq, prev_hash=prev, recorded_at=recorded_at, actor_id=actor_id,
                               actor=actor_name, agency_id=agency, kind=kind, subject=subject, payload=payload)
            cursor.execute(_INSERT_ENTRY, [entry.seq, entry.recorded_at, entry.actor_id, entry.actor,
                                           entry.agency_id, entry.kind, entry.subject, entry.payload,
                                           entry.payload_hash, entry.prev_hash, entry.entry_hash])
            if seq % TILE == 0:
                _store_tile(cursor, seq)
            out.append(entry)
            prev = entry.entry_hash
        if every and (seq // every) > ((seq - len(items)) // every):
            _checkpoint(cursor, seq)
    return out


def _leaf_hashes(cursor, start: int, end: int) -> list[bytes]:
    """Leaf hashes of leaf indexes [start, end) (entries start+1 .. end)."""
    cursor.execute("SELECT seq, entry_hash FROM ledger_entry WHERE seq > %s AND seq <= %s ORDER BY seq",
                   [start, end])
    rows = cursor.fetchall()
    if len(rows) != end - start or (rows and (rows[0][0] != start + 1 or rows[-1][0] != end)):
        raise LookupError(f"entries {start + 1}..{end} are not all present")
    return [HASHER.hash_leaf(bytes.fromhex(h)) for _, h in rows]


def _store_tile(cursor, seq: int) -> None:
    """Entry `seq` completed a tile: store its root, then every perfect ancestor it completes."""
    index = seq // TILE - 1
    node = merkle.tree_hash(_leaf_hashes(cursor, seq - TILE, seq), HASHER)
    level = TILE_LEVEL
    cursor.execute('INSERT INTO ledger_node (level, "index", hash) VALUES (%s, %s, %s)', [level, index, node.hex()])
    while index & 1:
        cursor.execute('SELECT hash FROM ledger_node WHERE level = %s AND "index" = %s', [level, index - 1])
        row = cursor.fetchone()
        if row is None:
            raise LookupError(f"Merkle node {level}/{index - 1} is missing; run `lawtrail verify`")
        node = HASHER.hash_children(bytes.fromhex(row[0]), node)
        index >>= 1
        level += 1
        cursor.execute('INSERT INTO ledger_node (level, "index", hash) VALUES (%s, %s, %s)',
                       [level, index, node.hex()])


class SubtreeSource:
    """MTH(D[start:end]) served from the node cache and, below tile level, from entry hashes."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.memo: dict[tuple[int, int], bytes] = {}

    def perfect(self, level: int, index: int) -> bytes:
        start, end = index << level, (index + 1) << level
        if level >= TILE_LEVEL:
            self.cursor.execute('SELECT hash FROM ledger_node WHERE level = %s AND "index" = %s', [level, index])
            row = self.cursor.fetchone()
            if row is not None:
                return bytes.fromhex(row[0])
        tile_start = (start >> TILE_LEVEL) << TILE_LEVEL
        if level < TILE_LEVEL:
            # One query brings the whole tile; every lower node of it is then answered from memory.
            key = ("tile", tile_start)
            leaves = self.memo.get(key)  # type: ignore[call-overload]
            if leaves is None:
                last = self._size_hint(tile_start)
                leaves = _leaf_hashes(self.cursor, tile_start, last)
                self.memo[key] = leaves  # type: ignore[index]
            sub = leaves[start - tile_start:end - tile_start]
            if len(sub) != end - start:
                raise LookupError(f"entries {start + 1}..{end} are not all present")
            return merkle.tree_hash(sub, HASHER)
        return merkle.tree_hash(_leaf_hashes(self.cursor, start, end), HASHER)

    def _size_hint(self, tile_start: int) -> int:
        self.cursor.execute("SELECT MAX(seq) FROM ledger_entry WHERE seq <= %s", [tile_start + TILE])
        return self.cursor.fetchone()[0] or 0

    def __call__(self, start: int, end: int) -> bytes:
        key = (start, end)
        if key in self.memo:
            return self.memo[key]
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            value = self.perfect(n.bit_length() - 1, start // n)
        else:
            k = merkle.largest_power_of_two_below(n)
            value = HASHER.hash_children(self(start, start + k), self(start + k, end))
        self.memo[key] = value
        return value


def root(size: int, cursor=None) -> bytes:
    if size == 0:
        return HASHER.empty_root()
    if cursor is None:
        with connection.cursor() as c:
            return SubtreeSource(c)(0, size)
    return SubtreeSource(cursor)(0, size)


@functools.cache
def _signing_key_cached(path: str):
    return signing.load_or_create_key(path)


def signing_key():
    """The checkpoint key; created at first use, outside the database (R-INT-3)."""
    return _signing_key_cached(settings.LAWTRAIL["SIGNING_KEY_PATH"])


def public_key_pem() -> str:
    return signing.public_pem(signing_key())


def _checkpoint(cursor, size: int):
    key = signing_key()
    body = signing.CheckpointBody(settings.LAWTRAIL["LOG_ORIGIN"], size, root(size, cursor).hex(),
                                  format_time(timezone.now()))
    from lawtrail.ledger.models import Checkpoint

    return Checkpoint.objects.create(origin=body.origin, tree_size=size, root_hash=body.root_hex,
                                     timestamp=body.timestamp, signature=signing.sign(key, body),
                                     key_id=signing.key_id(key))


def make_checkpoint(*, force: bool = False):
    """Sign the current tree unless the latest checkpoint already covers it."""
    from lawtrail.ledger.models import Checkpoint

    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        size, _ = head(cursor)
        latest = Checkpoint.objects.order_by("-tree_size", "-id").first()
        if latest is not None and latest.tree_size == size and not force:
            return latest
        return _checkpoint(cursor, size)


def checkpoint_covering(seq: int):
    """The newest checkpoint, signing a new one if none covers entry `seq` yet."""
    from lawtrail.ledger.models import Checkpoint

    latest = Checkpoint.objects.order_by("-tree_size", "-id").first()
    if latest is None or latest.tree_size < seq:
        latest = make_checkpoint()
    return latest


def checkpoint_doc(cp) -> dict:
    return {"id": cp.id, "origin": cp.origin, "tree_size": cp.tree_size, "root_hash": cp.root_hash,
            "timestamp": cp.timestamp, "signature": cp.signature, "key_id": cp.key_id}


def entry_doc(e) -> dict:
    return {f: getattr(e, f) for f in ("seq", "recorded_at", "actor_id", "actor", "agency_id", "kind", "subject",
                                       "payload", "payload_hash", "prev_hash", "entry_hash")}


def _checkpoint_of_size(size: int):
    from lawtrail.ledger.models import Checkpoint

    cp = Checkpoint.objects.filter(tree_size=size).order_by("-id").first()
    if cp is None:
        raise LookupError(f"no checkpoint signs a tree of size {size}")
    return cp


def inclusion_proof_doc(entry, tree_size: int | None = None) -> dict:
    """A self-contained inclusion proof: the entry, its audit path to a signed checkpoint, the key."""
    if tree_size is None:
        cp = checkpoint_covering(entry.seq)
    else:
        cp = _checkpoint_of_size(tree_size)
        if tree_size < entry.seq:
            raise LookupError(f"entry {entry.seq} is not in a tree of size {tree_size}")
    with connection.cursor() as cursor:
        proof = merkle.inclusion_proof(entry.seq - 1, cp.tree_size, SubtreeSource(cursor))
    return {"hash": HASHER.name, "leaf_index": entry.seq - 1, "entry": entry_doc(entry),
            "proof": [p.hex() for p in proof], "checkpoint": checkpoint_doc(cp), "public_key": public_key_pem()}


def consistency_proof_doc(first_size: int, second_size: int) -> dict:
    cps = {size: _checkpoint_of_size(size) for size in (first_size, second_size)}
    if first_size > second_size:
        raise LookupError("the first size must not exceed the second")
    with connection.cursor() as cursor:
        proof = merkle.consistency_proof(first_size, second_size, SubtreeSource(cursor))
    return {"hash": HASHER.name, "first": checkpoint_doc(cps[first_size]), "second": checkpoint_doc(cps[second_size]),
            "proof": [p.hex() for p in proof], "public_key": public_key_pem()}


ENTRY_COLUMNS = ("seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload, payload_hash, "
                 "prev_hash, entry_hash")


def fetch_entry_rows(after: int, upto: int) -> list[tuple]:
    """Entries after+1 .. upto in sequence order (a worker's share in `lawtrail verify`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ENTRY_COLUMNS} FROM ledger_entry WHERE seq > %s AND seq <= %s ORDER BY seq",  # noqa: S608
                       [after, upto])
        return cursor.fetchall()


def forget_inherited_connections() -> None:
    """In a forked worker: drop the parent's database connections without closing them (closing would
    end the parent's session too); the worker then opens its own on first use."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.connection = None
        conn.in_atomic_block = False
        conn.needs_rollback = False


def iter_entry_rows(batch: int = 20000) -> Iterator[tuple]:
    """All entries in sequence order, streamed in key-range batches (constant memory)."""
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(f"SELECT {ENTRY_COLUMNS} FROM ledger_entry WHERE seq > %s ORDER BY seq LIMIT %s",  # noqa: S608
                           [last, batch])
            rows = cursor.fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]
