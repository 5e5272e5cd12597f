from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "lawtrail.review"
    label = "review"
    verbose_name = _("Legal review of major decisions")

    def ready(self) -> None:
        # R-LR-1: the legal review is a hard gate on the decision, on every path that records one.
        from lawtrail.cases.actions import DECISION_GATE_HOOKS
        from lawtrail.review.gate import review_gate

        if review_gate not in DECISION_GATE_HOOKS:
            DECISION_GATE_HOOKS.append(review_gate)
