"""`lawtrail export-case CASE-NO --user USER --out DIR [--reason TEXT]`: write the case's bundle — a BagIt
bag with the records, files, trail entries and their inclusion proofs to a signed checkpoint, the public
key and the standalone verifier (R-INT-3). The export is itself registered in the trail."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawtrail.access.commands import named_user
from lawtrail.archive.bundle import export_case
from lawtrail.cases.models import Case
from lawtrail.errors import ActionError, NotAllowed


class Command(BaseCommand):
    help = "Export a case as an offline-verifiable bundle (BagIt, SM3 and SHA-256 manifests)."

    def add_arguments(self, parser):
        parser.add_argument("case", help="the case number")
        parser.add_argument("--user", required=True, help="who exports (checked against the access rules)")
        parser.add_argument("--out", required=True, type=Path, help="a new directory for the bundle")
        parser.add_argument("--reason", default="", help="why (recorded with the export)")

    def handle(self, *args, **options):
        user = named_user(options["user"])
        case = Case.objects.filter(number=options["case"], agency_id=user.agency_id).first()
        if case is None:
            raise CommandError(f"no case {options['case']} in {user}'s agency")
        try:
            result = export_case(user=user, case=case, out=options["out"], reason=options["reason"])
        except (ActionError, NotAllowed) as exc:
            raise CommandError(f"refused: {exc}") from None
        self.stdout.write(
            f"exported case {result['case']} to {result['out']}: {result['records']} records, {result['files']} "
            f"files, {result['entries']} trail entries (export entry {result['export_seq']}, checkpoint of size "
            f"{result['checkpoint']}, key {result['key_id']}). Check it with: python3 "
            f"{result['out']}/verify_bundle.py {result['out']}")
