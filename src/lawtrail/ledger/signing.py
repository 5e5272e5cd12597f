"""Signed checkpoints (R-INT-3): tree size, root and time, signed with Ed25519.

The signed body follows the transparency-log checkpoint layout (C2SP tlog-checkpoint):

    <origin>\n<tree size>\n<base64 root>\n<time>\n

The key lives in a file outside the database, created at first start, so that someone who can write
the database still cannot forge a checkpoint. No Django imports.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lawtrail.ledger.hashing import SM3


@dataclass(frozen=True)
class CheckpointBody:
    origin: str
    tree_size: int
    root_hex: str
    timestamp: str

    def to_bytes(self) -> bytes:
        root_b64 = base64.b64encode(bytes.fromhex(self.root_hex)).decode()
        return f"{self.origin}\n{self.tree_size}\n{root_b64}\n{self.timestamp}\n".encode()


def load_or_create_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Load the signing key, creating it (mode 0600) if the file does not exist yet."""
    p = Path(path)
    if p.exists():
        key = serialization.load_pem_private_key(p.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{p} does not hold an Ed25519 private key")
        return key
    p.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return load_or_create_key(p)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_pem(text: str | bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(text.encode() if isinstance(text, str) else text)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """Short, stable name of a key: the first 8 bytes of SM3 over the raw public key."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SM3.hexdigest(raw)[:16]


def sign(key: Ed25519PrivateKey, body: CheckpointBody) -> str:
    return base64.b64encode(key.sign(body.to_bytes())).decode()


def verify_signature(public: Ed25519PublicKey, body: CheckpointBody, signature_b64: str) -> bool:
    try:
        public.verify(base64.b64decode(signature_b64, validate=True), body.to_bytes())
    except (InvalidSignature, ValueError):
        return False
    return True
