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
