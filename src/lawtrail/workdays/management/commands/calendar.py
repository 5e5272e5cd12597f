"""`lawtrail calendar import FILE --user ADMIN [--year Y] [--source S]`: import a year's working-day calendar in
one step — the State Council's notice as published (text), or a JSON/CSV list of days. `lawtrail calendar
status` says which years are covered and which an administrator should import now."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lawtrail.access.commands import named_user
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.workdays import actions


class Command(BaseCommand):
    help = "Import a year's working-day calendar (the State Council's notice, or JSON/CSV), or show coverage."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        imp = sub.add_parser("import", help="import the notice (text) or a JSON/CSV list of days")
        imp.add_argument("file")
        imp.add_argument("--user", required=True, help="the administrator who imports it")
        imp.add_argument("--year", help="the year, if the file does not say")
        imp.add_argument("--source", default="", help="where the list comes from (default: the notice's title)")
        sub.add_parser("status", help="which years are covered; which to import now")

    def handle(self, *args, **options):
        if options["what"] == "status":
            cov = actions.coverage()
            self.stdout.write(f"built-in: {cov['package_years'][0]}–{cov['package_years'][1]}")
            for y in cov["declared_years"]:
                self.stdout.write(f"imported: {y['year']} ({y['source']})")
            missing = actions.missing_years(timezone.localdate())
            if missing:
                self.stdout.write(f"to import now: {', '.join(map(str, missing))}")
                raise CommandError("a year's calendar is missing")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no file {path}")
        user = named_user(options["user"])
        try:
            rows, meta = actions.read_calendar_file(path.read_bytes()[:actions.MAX_IMPORT_BYTES + 1], path.name)
            year = options["year"] or meta.get("year")
            if year is None:
                raise CommandError("the file names no year: give --year (a year's complete list)")
            days = actions.import_calendar(user=user, rows=rows, year=year,
                                           source=options["source"] or str(meta.get("source") or ""))
        except NotAllowed as exc:
            raise CommandError(f"refused: {exc}") from None
        except ActionError as exc:
            raise CommandError("; ".join(" ".join(map(str, v)) for v in exc.errors.values())) from None
        rest = sum(1 for work, _name in days.values() if not work)
        self.stdout.write(self.style.SUCCESS(
            f"{year}: {len(days)} days imported ({rest} rest days, {len(days) - rest} make-up working days); "
            "deadlines of open cases are computed again."))
