"""`lawtrail sweep_alerts`: refresh every open deadline's level (due, due soon, overdue), and the clocks
of running legal reviews (R-LR-6)."""

from django.core.management.base import BaseCommand

from lawtrail.cases import deadlines


class Command(BaseCommand):
    help = "Refresh the levels of all open deadlines against the clock (R-SUP-2 alerts)."

    def add_arguments(self, parser):
        parser.add_argument("--recompute", action="store_true",
                            help="recompute every open case's deadlines from its records first")

    def handle(self, *args, recompute=False, **options):
        if recompute:
            from lawtrail.cases.actions import refresh_deadlines

            self.stdout.write(f"recomputed {refresh_deadlines()} cases")
        from lawtrail.review.actions import sweep as review_sweep

        counts = deadlines.sweep()
        counts["review clocks"] = review_sweep()
        self.stdout.write("changed: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
