"""The roles of DESIGN.md's users and what each may change. Plain data, no Django models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    UNIT_HEAD = "unit_head", _("Unit head")
    AGENCY_HEAD = "agency_head", _("Agency head")
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")
    RECORDS_CUSTODIAN = "records_custodian", _("Records custodian")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")
    PARTY = "party", _("Party (portal)")


# Who may change which kind of base information. Everyone in the agency may read it (R-PUB-1 makes
# most of it public anyway); legal bases, discretion standards and causes belong to the legal unit.
CHANGE_BASE_INFO = {
    "agency": {Role.ADMINISTRATOR},
    "unit": {Role.ADMINISTRATOR},
    "officer": {Role.ADMINISTRATOR},
    "power": {Role.ADMINISTRATOR, Role.LEGAL_REVIEWER},
    "legalbasis": {Role.ADMINISTRATOR, Role.LEGAL_REVIEWER},
    "discretionstandard": {Role.ADMINISTRATOR, Role.LEGAL_REVIEWER},
    "casecause": {Role.ADMINISTRATOR, Role.LEGAL_REVIEWER},
    "user": {Role.ADMINISTRATOR},
}
