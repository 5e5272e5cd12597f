"""`lawtrail dispose SM3 --user CUSTODIAN --reason TEXT` asks to dispose of a stored file after its
retention period; `lawtrail dispose --approve REQUEST --user HEAD` approves. Both refuse while a recording
of the file is held or within retention (R-AV-7), naming why."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lawtrail.access.models import User
from lawtrail.errors import ActionError
from lawtrail.evidence import actions
from lawtrail.evidence.models import Blob, DisposalRequest


class Command(BaseCommand):
    help = "Ask for, or approve, the disposal of a stored file after its retention period."

    def add_arguments(self, parser):
        parser.add_argument("sm3", nargs="?")
        parser.add_argument("--user", required=True)
        parser.add_argument("--reason", default="")
        parser.add_argument("--approve", type=int, metavar="REQUEST")

    def handle(self, *args, sm3=None, user=None, reason="", approve=None, **options):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"no user {user}", returncode=2)
        try:
            if approve is not None:
                request = DisposalRequest.objects.filter(pk=approve).first()
                if request is None:
                    raise CommandError(f"no disposal request {approve}", returncode=2)
                actions.approve_disposal(user=actor, request=request)
                self.stdout.write(f"disposed of {request.blob_id}")
                return
            blob = Blob.objects.filter(pk=sm3 or "").first()
            if blob is None:
                raise CommandError(f"no stored file {sm3}", returncode=2)
            request = actions.request_disposal(user=actor, blob=blob, reason=reason)
            self.stdout.write(f"disposal request {request.pk} waits for the agency head's approval")
        except ActionError as exc:
            raise CommandError("refused: " + " ".join(m for msgs in exc.errors.values() for m in msgs),
                               returncode=1) from None
