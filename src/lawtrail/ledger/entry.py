"""Canonical form of a trail entry and its hashes (R-INT-2, R-INT-3). No Django imports: the same
code is what an offline verifier runs.

    payload_hash = SM3(payload)                       payload is canonical JSON (sorted keys, UTF-8)
    entry_hash   = SM3(canonical JSON array of [version, seq, recorded_at, actor_id, actor,
                                               agency_id, kind, subject, payload_hash, prev_hash])
    leaf         = 0x00 || bytes(entry_hash)          the RFC 6962 leaf of entry seq is index seq-1
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from lawtrail.ledger.hashing import DEFAULT, Hasher

FORMAT_VERSION = 1
GENESIS_PREV = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime in a trail payload; use an aware datetime")
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):  # date, time
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not allowed in a trail payload")


# Encoders are built once: json.dumps with options builds a new encoder on every call, which is most
# of the cost of hashing a million entries in `lawtrail verify`.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default,
                              allow_nan=False)
_HEADER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text kept as is (not \\u-escaped)."""
    return _CANONICAL.encode(value)


def format_time(moment: datetime) -> str:
    """Fixed-width UTC text, so that sorting the text sorts the times and every database stores the
    same bytes that were hashed."""
    if moment.tzinfo is None:
        raise ValueError("trail times must be time-zone aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    recorded_at: str
    actor_id: int | None
    actor: str
    agency_id: int | None
    kind: str
    subject: str
    payload: str
    payload_hash: str
    prev_hash: str
    entry_hash: str

    def leaf_hash(self, hasher: Hasher = DEFAULT) -> bytes:
        return hasher.hash_leaf(bytes.fromhex(self.entry_hash))

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


def header_bytes(seq: int, recorded_at: str, actor_id: int | None, actor: str, agency_id: int | None,
                 kind: str, subject: str, payload_hash: str, prev_hash: str) -> bytes:
    return _HEADER.encode(
        [FORMAT_VERSION, seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload_hash, prev_hash]
    ).encode()


def make_entry(*, seq: int, prev_hash: str, recorded_at: str, actor_id: int | None, actor: str,
               agency_id: int | None, kind: str, subject: str, payload: Any, hasher: Hasher = DEFAULT) -> Entry:
    text = payload if isinstance(payload, str) else canonical_json(payload)
    payload_hash = hasher.hexdigest(text.encode())
    entry_hash = hasher.hexdigest(
        header_bytes(seq, recorded_at, actor_id, actor, agency_id, kind, subject, payload_hash, prev_hash))
    return Entry(seq, recorded_at, actor_id, actor, agency_id, kind, subject, text, payload_hash, prev_hash,
                 entry_hash)
