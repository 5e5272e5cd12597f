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

    def __init__(self, *args, agency, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.filter(agency=agency, is_active=True)
        if editing:
            del self.fields["username"], self.fields["password"], self.fields["full_name"]
