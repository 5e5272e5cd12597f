from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawtrail.access.commands import named_user
from lawtrail.errors import ActionError
from lawtrail.registry import importing


class Command(BaseCommand):
    help = "Import a officers list (CSV or XLSX) as USER; nothing is imported if any row is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="user name of the administrator importing")

    def handle(self, *args, **options):
        user = named_user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = importing.import_officers(user=user, filename=path.name, content=path.read_bytes())
        except ActionError as exc:
            for row in exc.rows:
                self.stderr.write(f"row {row['row']} {row['column']}: {row['message']}")
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{result['rows']} rows: {result['created']} created, {result['updated']} updated, "
                          f"{result['unchanged']} unchanged")
