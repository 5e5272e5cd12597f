"""`lawtrail serve`: migrate, make sure the checkpoint key exists, and serve with waitress; while
serving, a checkpoint is signed every LAWTRAIL_CHECKPOINT_INTERVAL seconds if the trail grew, and the
deadline levels are swept every LAWTRAIL_SWEEP_INTERVAL seconds (so alerts turn yellow and red on time
without a cron job), and every stored file is re-hashed every LAWTRAIL_FIXITY_INTERVAL seconds."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from lawtrail.cases import deadlines
from lawtrail.ledger import store
from lawtrail.review import actions as review_actions

log = logging.getLogger("lawtrail.serve")


def _every(stop: threading.Event, interval: int, job, name: str) -> None:
    while not stop.wait(interval):
        try:
            close_old_connections()
            job()
        except Exception:  # keep serving; the next round tries again
            log.exception("periodic %s failed", name)
        finally:
            close_old_connections()


def _fixity() -> None:
    from django.core.management import CommandError, call_command

    try:
        call_command("fixity")
    except CommandError as exc:  # recorded in the trail by the sweep itself; keep serving
        log.error("%s", exc)


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
        jobs = (("checkpoint", settings.LAWTRAIL["CHECKPOINT_INTERVAL"], store.make_checkpoint),
                ("deadline sweep", settings.LAWTRAIL["SWEEP_INTERVAL"], deadlines.sweep),
                ("review clock sweep", settings.LAWTRAIL["SWEEP_INTERVAL"], review_actions.sweep),
                ("fixity sweep", settings.LAWTRAIL["FIXITY_INTERVAL"], _fixity))
        for name, interval, job in jobs:
            threading.Thread(target=_every, args=(stop, interval, job, name), daemon=True, name=name).start()
        self.stdout.write(f"LawTrail serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        try:
            serve(application, host=options["host"], port=options["port"], threads=options["threads"],
                  ident="LawTrail")
        finally:
            stop.set()
