"""Web-only forms: they collect input for actions and never write themselves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lawtrail.access.roles import Role
from lawtrail.registry.models import Officer


class UserForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("full name"), max_length=50, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=True)
    roles = forms.MultipleChoiceField(label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      required=False)
    officer = forms.ModelChoiceField(label=_("officer"), queryset=Officer.objects.none(), required=False)
    id_no = forms.CharField(label=_("Party's identity number"), max_length=30, required=False,
                            help_text=_("For a party's portal account: the resident ID or unified social credit code "
                                        "its cases name (R-ARC-5)."))

    def __init__(self, *args, agency, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.filter(agency=agency, is_active=True)
        if editing:
            del self.fields["username"], self.fields["password"], self.fields["full_name"], self.fields["id_no"]

    def clean(self):
        data = super().clean()
        roles = data.get("roles") or []
        if "id_no" in self.fields:
            if Role.PARTY in roles and not data.get("id_no"):
                self.add_error("id_no", _("A party's portal account needs the party's identity number."))
            if Role.PARTY in roles and len(roles) > 1:
                self.add_error("roles", _("A party's portal account has no other role."))
            if data.get("id_no") and Role.PARTY not in roles:
                self.add_error("id_no", _("Only a party's portal account takes an identity number."))
        return data
