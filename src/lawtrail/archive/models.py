"""Case files (案卷): what was filed when a procedure ended, by whom, with its file index and 四性 report
(R-ARC-1, R-ARC-2, DA/T 70). Append-only: an archived file is never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseFile(models.Model):
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="case_file")
    custodian = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("custodian"), on_delete=models.PROTECT,
                                  related_name="+")
    archived_at = models.DateTimeField(_("archived at"))
    index = models.JSONField(_("file index"))
    report = models.JSONField(_("四性 check report"))
    passed = models.BooleanField(_("四性 check passed"))
    note = models.TextField(_("note"), blank=True)
    retention_until = models.DateField(_("kept until"), null=True, blank=True)
    late = models.BooleanField(_("archived late"), default=False)
    content_sm3 = models.CharField(_("SM3 of index and report"), max_length=64)

    class Meta:
        ordering = ["-archived_at", "-pk"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")

    def __str__(self) -> str:
        return f"{self.case_id} ({self.archived_at:%Y-%m-%d})"
