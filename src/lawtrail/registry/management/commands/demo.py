"""`lawtrail demo`: migrate the database if needed, load the demo agency the first time, and print the
demo logins. Passwords are random per installation and kept in var/demo-logins.txt (mode 0600)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from lawtrail.cases.demo import create_cases
from lawtrail.evidence.demo import create_recordings
from lawtrail.ledger import store
from lawtrail.registry import demo
from lawtrail.registry.models import Agency
from lawtrail.review.demo import create_reviews


class Command(BaseCommand):
    help = "Create and migrate the database if needed, load the demo data once, print the demo logins."

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        path = settings.VAR_DIR / "demo-logins.txt"
        if not demo.demo_exists():
            with translation.override("zh-hans"):
                logins = demo.create_demo()
                agency = Agency.objects.get(code=demo.AGENCY_CODE)
                cases = create_cases(agency)
                recordings = create_recordings(agency)
                reviews = create_reviews(agency)
                store.make_checkpoint()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(f"{u}\t{r}\t{p}\n" for u, r, p in logins), encoding="utf-8")
            path.chmod(0o600)
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: 示例区综合行政执法局, {cases + reviews} cases "
                                                 f"({reviews} in legal review), {recordings} recordings."))
        if path.exists():
            self.stdout.write("Demo logins (user / role / password):")
            for line in path.read_text(encoding="utf-8").splitlines():
                user, role, password = line.split("\t")
                self.stdout.write(f"  {user:<12} {role:<8} {password}")
        else:
            self.stdout.write("Demo data exists but its logins file is gone; reset passwords with "
                              "`lawtrail changepassword USER`.")
