"""`lawtrail verify`: re-check the whole trail (R-INT-2, R-INT-3) — the chain, the Merkle tree, every
checkpoint's root and Ed25519 signature, and the stored node cache — and the fixity of every stored file
against the hashes the trail recorded (R-AV-6). Exit 0 when intact; otherwise exit 1 naming the first
entry (sequence number) or file that does not match."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lawtrail.ledger import signing, store, verifier
from lawtrail.ledger.models import Checkpoint


class Command(BaseCommand):
    help = "Verify the trail: chain, Merkle tree, checkpoints and their signatures."

    def add_arguments(self, parser):
        parser.add_argument("--public-key", help="PEM file of the public key to check signatures with "
                                                 "(default: derived from the configured signing key)")
        parser.add_argument("--max-problems", type=int, default=20)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="processes hashing entries in parallel (default: one per CPU)")
        parser.add_argument("--no-files", action="store_true", help="skip re-hashing the stored files")

    def handle(self, *args, **options):
        started = time.perf_counter()
        public = self._public_key(options.get("public_key"))
        checkpoints = [verifier.CheckpointRow(c.id, c.origin, c.tree_size, c.root_hash, c.timestamp, c.signature,
                                              c.key_id) for c in Checkpoint.objects.all()]
        computed_nodes: dict[tuple[int, int], str] = {}

        def on_node(level: int, index: int, node: bytes) -> None:
            computed_nodes[(level, index)] = node.hex()

        common = {"origin": settings.LAWTRAIL["LOG_ORIGIN"], "max_problems": options["max_problems"],
                  "on_node": on_node, "on_node_min_level": store.TILE_LEVEL}
        workers = max(1, options["workers"])
        if workers > 1 and self._workers_can_read():
            report = verifier.verify_log(None, checkpoints, public, workers=workers, fetch=store.fetch_entry_rows,
                                         last_seq=store.head()[0], worker_init=store.forget_inherited_connections,
                                         **common)
        else:
            report = verifier.verify_log(store.iter_entry_rows(), checkpoints, public, **common)
        if report.ok:
            self._check_nodes(computed_nodes, report)
        files, file_bytes, file_problems = 0, 0, []
        if report.ok and not options["no_files"]:
            from lawtrail.evidence import fixity

            for result in fixity.check():
                if isinstance(result, fixity.FixityProblem):
                    file_problems.append(result)
                else:
                    files, file_bytes = files + 1, file_bytes + result[1]
        elapsed = time.perf_counter() - started
        if report.ok and not file_problems:
            self.stdout.write(f"OK: {report.entries} entries, {report.checkpoints} checkpoints, root "
                              f"{report.root_hex}; {files} files, {file_bytes} bytes ({elapsed:.2f} s)")
            return
        for p in [*report.problems, *file_problems]:
            self.stderr.write(f"MISMATCH {p}")
        if not report.ok:
            first = report.first_bad_seq
            summary = f"first mismatch at entry {first}" if first is not None else str(report.problems[0])
        else:
            summary = f"first mismatch at {file_problems[0]}"
        raise CommandError(f"trail verification FAILED: {summary}", returncode=1)

    @staticmethod
    def _workers_can_read() -> bool:
        """Workers open their own connections: they see only committed data, and nothing of an
        in-memory SQLite database. Inside a transaction or in memory, read here instead."""
        if connection.in_atomic_block:
            return False
        name = str(connection.settings_dict.get("NAME") or "")
        return not (connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name))

    def _public_key(self, path: str | None):
        if path:
            return signing.load_public_pem(Path(path).read_bytes())
        key_path = Path(settings.LAWTRAIL["SIGNING_KEY_PATH"])
        if not key_path.exists():
            if Checkpoint.objects.exists():
                raise CommandError(f"signing key {key_path} is missing; pass --public-key to check the "
                                   "checkpoint signatures", returncode=2)
            return None
        return signing.load_or_create_key(key_path).public_key()

    def _check_nodes(self, computed: dict[tuple[int, int], str], report) -> None:
        with connection.cursor() as cursor:
            cursor.execute('SELECT level, "index", hash FROM ledger_node')
            stored = {(lvl, idx): h for lvl, idx, h in cursor.fetchall()}
        for key in sorted(stored, key=lambda k: (k[1] << k[0], k[0])):
            if computed.get(key) != stored[key]:
                level, index = key
                report.problems.append(verifier.Problem(
                    (index << level) + 1, f"stored Merkle node {level}/{index} (entries {(index << level) + 1}.."
                                          f"{(index + 1) << level}) does not match the entries"))
                break
