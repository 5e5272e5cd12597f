#!/usr/bin/env python3
"""verify_bundle.py — check a LawTrail case bundle offline (R-INT-3).

    python3 verify_bundle.py BUNDLE_DIR [--trusted-key KEY.pem | --key-id ID]

Needs only Python 3.10+ and the `cryptography` package; it does not import LawTrail or Django and trusts
nothing the running system says. It checks that:

- every file listed in the BagIt manifests (SM3 and SHA-256) is there with those hashes, and no payload
  file is unlisted;
- the checkpoint is signed (Ed25519) by the bundle's key — and, given one, by the key you trust;
- every trail entry hashes to itself (payload and entry hash) and its inclusion proof leads to the
  signed root (RFC 9162 Merkle tree, SM3);
- the export entry — itself in the signed trail — lists exactly the entries and files the bundle holds,
  with their hashes, so nothing can be removed, added or altered unnoticed;
- every case record equals the record its trail entry hashed, and every stored file matches the hashes
  the trail recorded when it was stored (unless the trail records its approved disposal).

It names each thing missing or altered and exits 1, or prints a summary and exits 0.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path

CHUNK = 1 << 20
EXPORT_KIND = "archive.export"


# --- hashes -------------------------------------------------------------------------------------------
class _CryptographySM3:
    def __init__(self, data: bytes = b""):
        from cryptography.hazmat.primitives import hashes

        self._h = hashes.Hash(hashes.SM3())
        self._h.update(data)

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.copy().finalize()

    def hexdigest(self) -> str:
        return self.digest().hex()


def sm3(data: bytes = b""):
    """SM3 from OpenSSL through hashlib where it has it, else from `cryptography`."""
    try:
        h = hashlib.new("sm3")
    except ValueError:
        return _CryptographySM3(data)
    h.update(data)
    return h


def file_hashes(path: Path) -> tuple[str, str, int]:
    a, b, size = sm3(), hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            a.update(chunk)
            b.update(chunk)
            size += len(chunk)
    return a.hexdigest(), b.hexdigest(), size


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def header_bytes(e: dict) -> bytes:
    """The hashed header of a trail entry (format version 1)."""
    return json.dumps([1, e["seq"], e["recorded_at"], e["actor_id"], e["actor"], e["agency_id"], e["kind"],
                       e["subject"], e["payload_hash"], e["prev_hash"]],
                      ensure_ascii=False, separators=(",", ":")).encode()


def leaf_hash(entry_hash_hex: str) -> bytes:
    return sm3(b"\x00" + bytes.fromhex(entry_hash_hex)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sm3(b"\x01" + left + right).digest()


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2."""
    if index < 0 or index >= size:
        raise ValueError(f"leaf index {index} is not below tree size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if len(p) != 32:
            raise ValueError("a proof node is not a 32-byte SM3 hash")
        if sn == 0:
            raise ValueError("proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof is shorter than the tree is deep")
    return r


# --- keys ---------------------------------------------------------------------------------------------
def load_key(pem: bytes):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def key_id(key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return sm3(raw).hexdigest()[:16]


def checkpoint_signed(key, cp: dict) -> bool:
    from cryptography.exceptions import InvalidSignature

    body = (f"{cp['origin']}\n{cp['tree_size']}\n{base64.b64encode(bytes.fromhex(cp['root_hash'])).decode()}\n"
            f"{cp['timestamp']}\n").encode()
    try:
        key.verify(base64.b64decode(cp["signature"], validate=True), body)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the bundle ---------------------------------------------------------------------------------------
def _manifest(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(None, 1)
            out[name.strip()] = digest.lower()
    return out


def verify(bundle: Path, trusted_key_pem: bytes | None = None, trusted_key_id: str | None = None
           ) -> tuple[list[str], dict]:
    """Every problem found, named; and a summary of what was checked."""
    problems: list[str] = []
    info: dict = {}
    if not (bundle / "bagit.txt").is_file():
        return [f"{bundle}: not a BagIt bag (bagit.txt missing)"], info

    # 1. BagIt manifests, payload and tag files.
    for kind, fn in (("sm3", lambda p: file_hashes(p)[0]), ("sha256", lambda p: file_hashes(p)[1])):
        for manifest_name in (f"manifest-{kind}.txt", f"tagmanifest-{kind}.txt"):
            path = bundle / manifest_name
            if not path.is_file():
                problems.append(f"{manifest_name} is missing")
                continue
            for name, digest in _manifest(path).items():
                target = bundle / name
                if not target.is_file():
                    problems.append(f"{name} is missing (listed in {manifest_name})")
                elif fn(target) != digest:
                    problems.append(f"{name} was altered: its {kind.upper()} is not the one in {manifest_name}")
    listed = set(_manifest(bundle / "manifest-sm3.txt")) if (bundle / "manifest-sm3.txt").is_file() else set()
    for path in sorted((bundle / "data").rglob("*")) if (bundle / "data").is_dir() else []:
        rel = path.relative_to(bundle).as_posix()
        if path.is_file() and rel not in listed:
            problems.append(f"{rel} is in the bundle but in no manifest")

    # 2. The key and the signed checkpoint.
    try:
        key = load_key((bundle / "public-key.pem").read_bytes())
    except (OSError, ValueError) as exc:
        return problems + [f"public-key.pem cannot be read: {exc}"], info
    info["key_id"] = key_id(key)
    if trusted_key_pem is not None:
        trusted = load_key(trusted_key_pem)
        if key_id(trusted) != info["key_id"]:
            problems.append(f"the bundle's key {info['key_id']} is not the trusted key {key_id(trusted)}")
        key = trusted
    if trusted_key_id and trusted_key_id != info["key_id"]:
        problems.append(f"the bundle's key {info['key_id']} is not the trusted key {trusted_key_id}")
    trail = bundle / "data" / "trail"
    try:
        cp = json.loads((trail / "checkpoint.json").read_text(encoding="utf-8"))
        proofs = json.loads((trail / "proofs.json").read_text(encoding="utf-8"))
        entries = [json.loads(line) for line in (trail / "entries.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip()]
    except (OSError, ValueError) as exc:
        return problems + [f"the trail in data/trail cannot be read: {exc}"], info
    if not checkpoint_signed(key, cp):
        problems.append(f"the checkpoint of tree size {cp.get('tree_size')} is not signed by key {key_id(key)}")
    info["checkpoint"] = {"tree_size": cp.get("tree_size"), "timestamp": cp.get("timestamp")}
    root = bytes.fromhex(cp["root_hash"])

    # 3. Every trail entry: its hashes and its inclusion proof to the signed root.
    good: dict[int, dict] = {}
    for e in entries:
        seq = e.get("seq")
        if sm3(e["payload"].encode()).hexdigest() != e["payload_hash"]:
            problems.append(f"trail entry {seq} was altered: its payload does not match its payload hash")
            continue
        if sm3(header_bytes(e)).hexdigest() != e["entry_hash"]:
            problems.append(f"trail entry {seq} was altered: it does not match its entry hash")
            continue
        path = proofs.get(str(seq))
        if path is None:
            problems.append(f"trail entry {seq} has no inclusion proof")
            continue
        try:
            got = root_from_inclusion_proof(seq - 1, cp["tree_size"], leaf_hash(e["entry_hash"]),
                                            [bytes.fromhex(h) for h in path])
        except ValueError as exc:
            problems.append(f"the inclusion proof of trail entry {seq} is broken: {exc}")
            continue
        if got != root:
            problems.append(f"the inclusion proof of trail entry {seq} does not lead to the signed root")
            continue
        good[seq] = e

    # 4. The export entry names exactly what the bundle holds.
    exports = [e for e in good.values() if e["kind"] == EXPORT_KIND]
    if not exports:
        return problems + ["the export entry is missing or unproven: nothing anchors this bundle's contents"], info
    export = max(exports, key=lambda e: e["seq"])
    manifest = json.loads(export["payload"])
    info["case"] = manifest.get("case")
    present = {e.get("seq") for e in entries}
    for seq in manifest.get("entries", []):
        if seq not in present:
            problems.append(f"trail entry {seq} is missing (the export lists it)")
    allowed = set(manifest.get("entries", [])) | {export["seq"]}
    for seq in sorted(present - allowed):
        problems.append(f"trail entry {seq} is not part of this export")
    files = manifest.get("files", {})
    for name, want in sorted(files.items()):
        target = bundle / name
        if not target.is_file():
            problems.append(f"{name} is missing (the export lists it)")
            continue
        got_sm3, got_sha, size = file_hashes(target)
        if (got_sm3, got_sha, size) != (want["sm3"], want["sha256"], want["size"]):
            problems.append(f"{name} was altered: it is not the file that was exported")
    for path in sorted((bundle / "data").rglob("*")):
        rel = path.relative_to(bundle).as_posix()
        if path.is_file() and not rel.startswith("data/trail/") and rel not in files:
            problems.append(f"{rel} is not part of this export")

    # 5. Records and stored files against the trail entries that created them.
    records: dict[int, dict] = {}
    for path in sorted((bundle / "data" / "records").glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            records[doc["record_id"]] = {"path": path, "doc": doc}
        except (OSError, ValueError, KeyError):
            problems.append(f"data/records/{path.name} cannot be read")
    disposed = set()
    for e in good.values():
        if e["kind"] == "evidence.disposal.approve":
            disposed.add(json.loads(e["payload"]).get("sm3"))
    for e in sorted(good.values(), key=lambda x: x["seq"]):
        payload = json.loads(e["payload"])
        if e["kind"] in ("cases.record.create", "cases.record.correct"):
            rid = payload.get("record_id")
            found = records.get(rid)
            if found is None:
                problems.append(f"record {payload['record'].get('seq')} ({payload['record'].get('type')}) is "
                                f"missing from data/records")
                continue
            doc = found["doc"]
            if sm3(canonical_json(doc["record"]).encode()).hexdigest() != payload["content_sm3"] \
                    or doc["record"] != payload["record"]:
                problems.append(f"data/records/{found['path'].name} was altered: it is not the record the trail "
                                f"entry {e['seq']} hashed")
        elif e["kind"] == "evidence.blob.store":
            h = payload["sm3"]
            if h in disposed:
                continue
            matches = list((bundle / "data" / "files").glob(f"{h}*"))
            if not matches:
                problems.append(f"the stored file {h} is missing from data/files")
                continue
            got_sm3, got_sha, size = file_hashes(matches[0])
            if (got_sm3, got_sha, size) != (h, payload["sha256"], payload["size"]):
                problems.append(f"data/files/{matches[0].name} was altered: it is not the file the trail stored")
    info.update({"entries": len(entries), "records": len(records), "files": len(files)})
    return problems, info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a LawTrail case bundle offline (R-INT-3).")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--trusted-key", type=Path, help="the agency's public key, obtained independently")
    parser.add_argument("--key-id", help="or the id of the key you trust (16 hex digits)")
    args = parser.parse_args(argv)
    problems, info = verify(args.bundle, args.trusted_key.read_bytes() if args.trusted_key else None, args.key_id)
    if problems:
        for p in problems:
            print(f"FAIL {p}")
        print(f"{len(problems)} problem(s): the bundle cannot be trusted as it is.")
        return 1
    print(f"OK case {info.get('case')}: {info['records']} records, {info['files']} files, {info['entries']} trail "
          f"entries, all in the tree of size {info['checkpoint']['tree_size']} signed at "
          f"{info['checkpoint']['timestamp']} by key {info['key_id']}.")
    if not args.trusted_key and not args.key_id:
        print("Note: compare the key id with the one the agency publishes, or pass --trusted-key.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
