"""Base information (基础信息, R-BASE-1..5): agencies, units, officers, powers, legal bases, discretion
standards and case causes. Rows are created and changed only by `registry.actions`, each change with a
trail entry (R-BASE-5: every change kept with who and when)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """执法主体 (R-BASE-1, WH 2)."""

    class Kind(models.TextChoices):
        ORGAN = "organ", _("Administrative organ")
        AUTHORISED = "authorised", _("Authorised organisation")
        ENTRUSTED = "entrusted", _("Entrusted organisation")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    entrusted_by = models.ForeignKey("self", verbose_name=_("entrusted by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="entrusted")
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    head_name = models.CharField(_("head"), max_length=50, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    cert_no_pattern = models.CharField(
        _("certificate number pattern"), max_length=200, blank=True,
        help_text=_("Regular expression for this agency's certificate numbers; empty uses the default."))
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """承办机构, squads and branches, the legal-affairs unit (R-BASE-1)."""

    class Kind(models.TextChoices):
        HANDLING = "handling", _("Handling unit")
        SQUAD = "squad", _("Squad or branch")
        LEGAL = "legal", _("Legal-affairs unit")
        OFFICE = "office", _("Office")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name=_("parent unit"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    head = models.ForeignKey("Officer", verbose_name=_("head"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="headed_units")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="registry_unit_agency_name")]

    def __str__(self) -> str:
        return self.name


class Officer(models.Model):
    """执法人员 with their certificate (R-BASE-2, HY-A1 7)."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officers")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officers")
    name = models.CharField(_("full name"), max_length=50)
    post = models.CharField(_("post"), max_length=50, blank=True)
    cert_no = models.CharField(_("certificate number"), max_length=32, unique=True)
    category = models.CharField(_("enforcement category"), max_length=100)
    area = models.CharField(_("enforcement area"), max_length=100)
    cert_valid_from = models.DateField(_("certificate valid from"))
    cert_valid_until = models.DateField(_("certificate valid until"))
    photo = models.FileField(_("photo"), upload_to="officers/", blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["agency", "unit", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cert_no})"

    def certificate_valid_on(self, day: dt.date) -> bool:
        """R-BASE-2: only an officer with a valid certificate can act in a case."""
        return self.is_active and self.cert_valid_from <= day <= self.cert_valid_until


class LegalBasis(models.Model):
    """A law, regulation or rule article (R-BASE-4, WH 21(4))."""

    class Level(models.TextChoices):
        LAW = "law", _("Law")
        ADMIN_REGULATION = "admin_regulation", _("Administrative regulation")
        LOCAL_REGULATION = "local_regulation", _("Local regulation")
        DEPARTMENT_RULE = "department_rule", _("Departmental rule")
        LOCAL_RULE = "local_rule", _("Local government rule")
        NORMATIVE = "normative", _("Normative document")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="legal_bases")
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=30, choices=Level.choices)
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    article = models.CharField(_("article"), max_length=50)
    content = models.TextField(_("content"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["agency", "title", "article"]
        constraints = [models.UniqueConstraint(fields=["agency", "title", "article"],
                                               name="registry_legalbasis_article")]

    def __str__(self) -> str:
        return f"{self.title}{self.article}"


class DiscretionStandard(models.Model):
    """裁量基准: the circumstance and the range of measures it allows (R-BASE-4, WH 21(4))."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        ORDINARY = "ordinary", _("Ordinary")
        SERIOUS = "serious", _("Serious")
        GRAVE = "grave", _("Grave")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="discretion_standards")
    legal_basis = models.ForeignKey(LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT,
                                    related_name="discretion_standards")
    code = models.CharField(_("code"), max_length=32)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    circumstance = models.TextField(_("circumstance"))
    measure = models.TextField(_("measure"))
    min_amount = models.DecimalField(_("minimum amount (yuan)"), max_digits=14, decimal_places=2, null=True,
                                     blank=True)
    max_amount = models.DecimalField(_("maximum amount (yuan)"), max_digits=14, decimal_places=2, null=True,
                                     blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("discretion standard")
        verbose_name_plural = _("discretion standards")
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="registry_discretion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.get_severity_display()}"


class Power(models.Model):
    """执法事项/职权 in the powers list (R-BASE-3, HY-A1 7(4))."""

    class Category(models.TextChoices):
        PENALTY = "penalty", _("Administrative penalty")
        COERCION = "coercion", _("Administrative coercion")
        INSPECTION = "inspection", _("Administrative inspection")
        REQUISITION = "requisition", _("Requisition")
        LICENCE = "licence", _("Licence")
        CONFIRMATION = "confirmation", _("Confirmation")
        FEE = "fee", _("Fee collection")
        PAYMENT = "payment", _("Payment")
        AWARD = "award", _("Award")
        RULING = "ruling", _("Ruling")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="powers")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    handling_unit = models.ForeignKey(Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT,
                                      related_name="powers")
    basis_text = models.TextField(_("legal basis"))
    legal_bases = models.ManyToManyField(LegalBasis, verbose_name=_("legal basis articles"), blank=True,
                                         related_name="powers")
    object = models.CharField(_("object"), max_length=200, blank=True)
    time_limit = models.CharField(_("time limit"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("power")
        verbose_name_plural = _("powers list")
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="registry_power_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CaseCause(models.Model):
    """案由 (R-BASE-4, WH 9)."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="causes")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    power = models.ForeignKey(Power, verbose_name=_("power"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="causes")
    violated_basis = models.ForeignKey(LegalBasis, verbose_name=_("provision violated"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="causes_violated")
    penalty_basis = models.ForeignKey(LegalBasis, verbose_name=_("penalty provision"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="causes_penalised")
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case cause")
        verbose_name_plural = _("case causes")
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="registry_cause_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
