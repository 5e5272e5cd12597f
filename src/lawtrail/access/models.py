from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lawtrail.access.roles import Role


class User(AbstractUser):
    """A login. Every user but a system superuser belongs to exactly one agency, and sees and changes
    only that agency's data. A user may be linked to the officer record of the person."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users")
    officer = models.OneToOneField("registry.Officer", verbose_name=_("officer"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="user")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_set(self) -> set[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = set(self.role_grants.values_list("role", flat=True)) if self.pk else set()
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="access_rolegrant_user_role")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class AccessRequest(models.Model):
    """A written request to view or copy a case's records by someone the access rules do not let in
    (R-ARC-3, HY-A6 20–21, WH 30): who, for which unit, why, what, until when. Requests of courts, police,
    supervision and audit organs are approved by the handling unit's head; of a superior organ or an
    internal unit by the department head (the agency head). Append-only: the decision is a new row."""

    class Kind(models.TextChoices):
        COURT = "court", _("Court")
        POLICE = "police", _("Public security organ")
        SUPERVISION = "supervision", _("Supervision organ")
        AUDIT = "audit", _("Audit organ")
        SUPERIOR = "superior", _("Superior organ")
        INTERNAL = "internal", _("Internal unit")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="access_requests")
    kind = models.CharField(_("requester kind"), max_length=20, choices=Kind.choices)
    requester_name = models.CharField(_("requester"), max_length=100)
    requester_unit = models.CharField(_("requester's unit"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40)
    reason = models.TextField(_("reason"))
    matter = models.TextField(_("content requested"))
    wants_copy = models.BooleanField(_("copies requested"), default=False)
    account = models.ForeignKey(User, verbose_name=_("account that will view"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    valid_until = models.DateTimeField(_("access until"))
    registered_by = models.ForeignKey(User, verbose_name=_("registered by"), on_delete=models.PROTECT,
                                      related_name="+")
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")

    def __str__(self) -> str:
        return f"{self.requester_unit} {self.requester_name}"


class AccessDecision(models.Model):
    """The approval or refusal of an access request, by the head the rules name. Append-only."""

    request = models.OneToOneField(AccessRequest, verbose_name=_("request"), on_delete=models.PROTECT,
                                   related_name="decision")
    approved = models.BooleanField(_("approved"))
    opinion = models.TextField(_("opinion"), blank=True)
    decided_by = models.ForeignKey(User, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("access decision")
        verbose_name_plural = _("access decisions")

    def __str__(self) -> str:
        return f"{self.request_id}: {'approved' if self.approved else 'refused'}"


class AccessGrant(models.Model):
    """What an approved request lets one account do: see one case until a time. Grants expire; they are
    never changed. Append-only."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    request = models.OneToOneField(AccessRequest, verbose_name=_("request"), on_delete=models.PROTECT,
                                   related_name="grant")
    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.PROTECT, related_name="grants")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateTimeField(_("from"))
    valid_until = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")

    def __str__(self) -> str:
        return f"{self.user} → {self.case_id} until {self.valid_until:%Y-%m-%d}"


class PartyAccount(models.Model):
    """A party's login to the portal (R-ARC-5): it sees the cases in which a party has this identity
    number (resident identity number or unified social credit code)."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    user = models.OneToOneField(User, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="party_account")
    id_no = models.CharField(_("identity number"), max_length=30)
    created_by = models.ForeignKey(User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("party account")
        verbose_name_plural = _("party accounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.id_no[:6]}…)"


class SecrecyMark(models.Model):
    """The secrecy level of a record (R-ARC-5, LC 33): ordinary, personal privacy, commercial secret, state
    secret. The newest mark is in force; marks are never changed (append-only)."""

    class Level(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary")
        PRIVACY = "privacy", _("Personal privacy")
        COMMERCIAL = "commercial", _("Commercial secret")
        STATE = "state", _("State secret")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    record = models.ForeignKey("cases.Record", verbose_name=_("record"), on_delete=models.PROTECT,
                               related_name="secrecy_marks")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    reason = models.TextField(_("reason"))
    marked_by = models.ForeignKey(User, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("secrecy level")
        verbose_name_plural = _("secrecy levels")

    def __str__(self) -> str:
        return f"{self.record_id}: {self.level}"


class IdentityMark(models.Model):
    """A person whose identity a party must not learn (R-ARC-5, WH 30): a reporter, a complainant or a third
    party named in a case. The persons named in the catalogue's persons fields are marked by the field
    (`Field.protects`); this is the explicit mark for someone who appears only in free text, or whom the
    catalogue cannot know to protect. Marks are never changed (append-only)."""

    class Kind(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        COMPLAINANT = "complainant", _("Complainant")
        THIRD_PARTY = "third_party", _("Third party")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="identity_marks")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_no = models.CharField(_("identity number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    marked_by = models.ForeignKey(User, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        ordering = ["marked_at", "pk"]
        verbose_name = _("protected identity")
        verbose_name_plural = _("protected identities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"
