"""Validation of base information. The same forms serve the web pages, the API and the imports, so a
rule is checked in one place whatever the door."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lawtrail.registry.models import Agency, CaseCause, DiscretionStandard, LegalBasis, Officer, Power, Unit
from lawtrail.validators import phone_problem

# Certificate numbers differ by province (e.g. 湖南省行政执法证, HY 3(1)); the default accepts 6-32
# digits, letters and hyphens, optionally after one Chinese character (a province's short name).
DEFAULT_CERT_PATTERN = r"^[\u4e00-\u9fff]?[A-Za-z0-9][A-Za-z0-9-]{4,30}[A-Za-z0-9]$"


class PhoneChecked:
    """A form with a `phone` field refuses what cannot be a phone number (issue 12: "abc" was accepted)."""

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        problem = phone_problem(value, str(_("Phone")))
        if problem:
            raise forms.ValidationError(problem)
        return value


class AgencyScopedForm(PhoneChecked, forms.ModelForm):
    """Every choice of a related row is limited to the form's agency, so another agency's id is an
    invalid choice with a field-level message, never a silent cross-agency link."""

    def __init__(self, *args, agency: Agency | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        if agency is not None and hasattr(self.instance, "agency_id"):
            self.instance.agency = agency
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                if any(f.name == "agency" for f in model._meta.fields):
                    field.queryset = field.queryset.filter(agency=agency)

    def _get_validation_exclusions(self):
        # The agency is set by the action, not posted; keep it in the uniqueness checks so that
        # duplicates within an agency are a field error rather than a database IntegrityError.
        exclude = super()._get_validation_exclusions()
        exclude.discard("agency")
        return exclude


class AgencyForm(PhoneChecked, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "entrusted_by", "region", "address", "phone", "head_name", "duties",
                  "cert_no_pattern", "is_active"]

    def __init__(self, *args, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_cert_no_pattern(self):
        pattern = self.cleaned_data["cert_no_pattern"]
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise forms.ValidationError(_("Not a valid regular expression: %(error)s"),
                                            params={"error": exc}) from None
        return pattern

    def clean(self):
        # R-BASE-1 (WH 2): an entrusted organisation acts in the name of the organ that entrusts it.
        data = super().clean()
        if data.get("kind") == Agency.Kind.ENTRUSTED and not data.get("entrusted_by"):
            self.add_error("entrusted_by", _("An entrusted organisation must name the organ that entrusts it."))
        if self.instance.pk and data.get("entrusted_by") and data["entrusted_by"].pk == self.instance.pk:
            self.add_error("entrusted_by", _("An agency cannot entrust itself."))
        return data


class UnitForm(AgencyScopedForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "head", "phone", "is_active"]

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A unit cannot be its own parent."))
        head = data.get("head")
        if head is not None and self.instance.pk and head.unit_id != self.instance.pk:
            self.add_error("head", _("The head must be an officer of this unit."))
        return data


class OfficerForm(AgencyScopedForm):
    class Meta:
        model = Officer
        fields = ["name", "unit", "post", "cert_no", "category", "area", "cert_valid_from", "cert_valid_until",
                  "photo", "phone", "is_active"]
        widgets = {"cert_valid_from": forms.DateInput(attrs={"type": "date"}),
                   "cert_valid_until": forms.DateInput(attrs={"type": "date"})}

    def clean_cert_no(self):
        """R-BASE-2 (HY-A1 7, LC 11): the 执法证件编号 is recorded and shown on every investigation, so
        it must be well-formed; the agency may set its province's exact pattern."""
        value = self.cleaned_data["cert_no"].strip()
        pattern = (self.agency.cert_no_pattern if self.agency else "") or DEFAULT_CERT_PATTERN
        if not re.fullmatch(pattern, value):
            raise forms.ValidationError(
                _("Certificate number %(value)s has the wrong format: expected 6 to 32 letters, digits or "
                  "hyphens, optionally after the province's one-character short name, e.g. 湘A0401010001."),
                params={"value": value})
        return value

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and not getattr(photo, "_committed", False):
            limit = settings.LAWTRAIL["PHOTO_MAX_BYTES"]
            if photo.size > limit:
                raise forms.ValidationError(_("The photo is %(size)d bytes; at most %(limit)d are accepted."),
                                            params={"size": photo.size, "limit": limit})
            head = photo.read(8)
            photo.seek(0)
            if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
                raise forms.ValidationError(_("The photo must be a JPEG or PNG image."))
        return photo

    def clean(self):
        data = super().clean()
        # R-BASE-2: certificate validity decides whether the officer may act in a case.
        start, end = data.get("cert_valid_from"), data.get("cert_valid_until")
        if start and end and end < start:
            self.add_error("cert_valid_until", _("The certificate cannot expire before it becomes valid."))
        return data


class LegalBasisForm(AgencyScopedForm):
    class Meta:
        model = LegalBasis
        fields = ["title", "level", "issuer", "article", "content", "effective_date", "is_active"]
        widgets = {"effective_date": forms.DateInput(attrs={"type": "date"})}


class DiscretionStandardForm(AgencyScopedForm):
    class Meta:
        model = DiscretionStandard
        fields = ["legal_basis", "code", "severity", "circumstance", "measure", "min_amount", "max_amount",
                  "is_active"]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_amount"), data.get("max_amount")
        for name in ("min_amount", "max_amount"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Amounts cannot be negative."))
        if low is not None and high is not None and high < low:
            self.add_error("max_amount", _("The maximum cannot be below the minimum."))
        return data


class PowerForm(AgencyScopedForm):
    class Meta:
        model = Power
        fields = ["code", "name", "category", "handling_unit", "basis_text", "legal_bases", "object", "time_limit",
                  "is_active"]


class CaseCauseForm(AgencyScopedForm):
    class Meta:
        model = CaseCause
        fields = ["code", "name", "power", "violated_basis", "penalty_basis", "is_active"]
