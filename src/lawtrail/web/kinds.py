"""The base-information pages: one description per kind, so the list, detail and form pages are the
same code for all of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from lawtrail.registry import actions, forms
from lawtrail.registry.models import CaseCause, DiscretionStandard, LegalBasis, Officer, Power, Unit


@dataclass(frozen=True)
class Kind:
    slug: str
    model: Any
    form: Any
    title: Any
    columns: tuple[str, ...]
    importable: bool = False

    def can_change(self, user) -> bool:
        return actions.can_change(user, self.model)


KINDS = {k.slug: k for k in [
    Kind("units", Unit, forms.UnitForm, _("Units"), ("name", "kind", "parent", "head", "is_active")),
    Kind("officers", Officer, forms.OfficerForm, _("Officers"),
         ("name", "unit", "post", "cert_no", "category", "area", "cert_valid_until", "is_active"), importable=True),
    Kind("powers", Power, forms.PowerForm, _("Powers list"),
         ("code", "name", "category", "handling_unit", "time_limit", "is_active"), importable=True),
    Kind("legal-bases", LegalBasis, forms.LegalBasisForm, _("Legal bases"),
         ("title", "article", "level", "issuer", "is_active")),
    Kind("discretion-standards", DiscretionStandard, forms.DiscretionStandardForm, _("Discretion standards"),
         ("code", "legal_basis", "severity", "measure", "is_active")),
    Kind("causes", CaseCause, forms.CaseCauseForm, _("Case causes"), ("code", "name", "power", "is_active")),
]}
