from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "lawtrail.procedures"
    label = "procedures"
    verbose_name = _("Procedure catalogue and rule profiles")
