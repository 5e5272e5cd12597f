"""Hash functions for the trail. SM3 (GB/T 32905) is the default; SHA-256 exists so that the Merkle
code can be checked against the published RFC 6962 test vectors. No Django imports here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


def _constructor(name: str) -> Callable[[bytes], hashlib._Hash]:
    if name == "sha256":
        return hashlib.sha256
    # hashlib.new("sm3") looks the algorithm up in OpenSSL on every call; copying a prepared object
    # is several times cheaper, which matters when verify hashes millions of entries.
    base = hashlib.new(name)

    def make(data: bytes = b""):
        h = base.copy()
        h.update(data)
        return h

    return make


@dataclass(frozen=True)
class Hasher:
    """An RFC 6962/9162 tree hasher: leaves get the 0x00 prefix and interior nodes 0x01."""

    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_new", _constructor(self.name))

    @property
    def size(self) -> int:
        return self._new(b"").digest_size  # type: ignore[attr-defined]

    def digest(self, data: bytes) -> bytes:
        return self._new(data).digest()  # type: ignore[attr-defined]

    def hexdigest(self, data: bytes) -> str:
        return self._new(data).hexdigest()  # type: ignore[attr-defined]

    def empty_root(self) -> bytes:
        return self.digest(b"")

    def hash_leaf(self, data: bytes) -> bytes:
        return self._new(LEAF_PREFIX + data).digest()  # type: ignore[attr-defined]

    def hash_children(self, left: bytes, right: bytes) -> bytes:
        return self._new(NODE_PREFIX + left + right).digest()  # type: ignore[attr-defined]


SM3 = Hasher("sm3")
SHA256 = Hasher("sha256")
DEFAULT = SM3


def hasher_named(name: str) -> Hasher:
    if name == "sm3":
        return SM3
    if name == "sha256":
        return SHA256
    raise ValueError(f"unknown hash function {name!r}; expected 'sm3' or 'sha256'")


def sm3_hex(data: bytes) -> str:
    return SM3.hexdigest(data)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
