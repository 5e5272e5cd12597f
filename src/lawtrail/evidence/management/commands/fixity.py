"""`lawtrail fixity`: the scheduled fixity sweep — re-hash every stored file, append the result to the
trail (each problem as its own entry, so it stays on record), exit 1 if anything does not match."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lawtrail.evidence import fixity
from lawtrail.ledger import store


class Command(BaseCommand):
    help = "Re-hash every stored file against the trail; record and report any mismatch or missing file."

    def handle(self, *args, **options):
        checked, problems = 0, []
        for result in fixity.check():
            if isinstance(result, fixity.FixityProblem):
                problems.append(result)
            else:
                checked += 1
        items = [("evidence.fixity.problem", f"evidence.blob:{p.sm3}", {"sm3": p.sm3, "problem": p.message})
                 for p in problems]
        items.append(("evidence.fixity.sweep", "evidence.fixity", {"checked": checked, "problems": len(problems)}))
        store.append_many(items, actor="fixity sweep")
        for p in problems:
            self.stderr.write(f"MISMATCH {p}")
        if problems:
            raise CommandError(f"fixity sweep: {len(problems)} of {checked + len(problems)} files do not match",
                               returncode=1)
        self.stdout.write(f"fixity sweep: {checked} files OK")
