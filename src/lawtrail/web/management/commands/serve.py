"""`lawtrail serve`: migrate, make sure the checkpoint key exists, and serve with waitress; while
serving, a checkpoint is signed every LAWTRAIL_CHECKPOINT_INTERVAL seconds if the trail grew."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from lawtrail.ledger import store

log = logging.getLogger("lawtrail.serve")


def _checkpoint_loop(stop: threading.Event, interval: int) -> None:
    while not stop.wait(interval):
        try:
            close_old_connections()
            store.make_checkpoint()
        except Exception:  # keep serving; the next round tries again
            log.exception("periodic checkpoint failed")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Serve LawTrail over HTTP (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, **options):
        from waitress import serve

        from lawtrail.wsgi import application

        if not options["no_migrate"]:
            call_command("migrate", verbosity=0, interactive=False)
        store.signing_key()  # created at first start, outside the database
        stop = threading.Event()
        threading.Thread(target=_checkpoint_loop, args=(stop, settings.LAWTRAIL["CHECKPOINT_INTERVAL"]),
                         daemon=True, name="checkpoints").start()
        self.stdout.write(f"LawTrail serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        try:
            serve(application, host=options["host"], port=options["port"], threads=options["threads"],
                  ident="LawTrail")
        finally:
            stop.set()
