from django.core.management.base import BaseCommand

from lawtrail.ledger import store


class Command(BaseCommand):
    help = "Sign a checkpoint of the trail now (if it grew since the last one, or always with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, **options):
        cp = store.make_checkpoint(force=options["force"])
        self.stdout.write(f"checkpoint {cp.id}: {cp.tree_size} entries, root {cp.root_hash}, {cp.timestamp}")
