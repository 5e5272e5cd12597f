"""Which rule profile an agency runs under, and its overrides of single numbers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lawtrail.procedures import profiles


class AgencyRules(models.Model):
    agency = models.OneToOneField("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                                  related_name="rules")
    profile = models.CharField(_("rule profile"), max_length=20, default=profiles.DEFAULT_PROFILE,
                               choices=[(k, v[0].zh) for k, v in profiles.SEEDS.items()])
    # {key: {"amount": int, "unit": str, "source": str} or null}
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agency rules")
        verbose_name_plural = _("agency rules")

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.profile}"

    def numbers(self) -> dict[str, profiles.Period | None]:
        return profiles.resolve(self.profile, self.overrides)
