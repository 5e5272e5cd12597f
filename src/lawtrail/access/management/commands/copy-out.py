"""`lawtrail copy-out REQUEST-ID --user CUSTODIAN --out DIR [--records 1,2] [--recordings 3] [--all]`: make the
watermarked copies an approved request for copies covers (R-ARC-4, HY-A6 21) — records as their printable
forms, photos and videos with the requester, time and request number across every picture — with a manifest,
each copy registered in the trail. For long videos: the web makes the same package, but re-encoding an hour
of video takes minutes."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawtrail.access import copies
from lawtrail.access.commands import named_user
from lawtrail.access.models import AccessRequest
from lawtrail.errors import ActionError, NotAllowed


def _ids(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Command(BaseCommand):
    help = "Make the watermarked copies an approved access request for copies covers."

    def add_arguments(self, parser):
        parser.add_argument("request", type=int, help="the access request's number")
        parser.add_argument("--user", required=True, help="the custodian who makes the copies")
        parser.add_argument("--out", required=True, type=Path, help="a new directory for the copies")
        parser.add_argument("--records", default="", help="record ids, comma-separated")
        parser.add_argument("--recordings", default="", help="recording ids, comma-separated")
        parser.add_argument("--all", action="store_true", help="every record (but state secrets) and recording")

    def handle(self, *args, **options):
        user = named_user(options["user"])
        req = AccessRequest.objects.filter(pk=options["request"], agency_id=user.agency_id).select_related(
            "case", "decision__decided_by").first()
        if req is None:
            raise CommandError(f"no access request {options['request']} in {user}'s agency")
        records, recordings = _ids(options["records"]), _ids(options["recordings"])
        if options["all"]:
            offer = copies.choices(req)
            records = [r["id"] for r in offer["records"]]
            recordings = [r.pk for r in offer["recordings"] if not hasattr(r.blob, "disposal")]
        try:
            manifest = copies.hand_out(user=user, req=req, records=records, recordings=recordings,
                                       out=options["out"])
        except (ActionError, NotAllowed) as exc:
            raise CommandError(f"refused: {exc}") from None
        plain = [i["file"] for i in manifest["items"] if not i["watermarked"]]
        self.stdout.write(f"{len(manifest['items'])} copies for {manifest['request']} in {options['out']}, "
                          f"watermarked “{manifest['watermark']}”" +
                          (f"; without a watermark (no picture): {', '.join(plain)}" if plain else ""))
