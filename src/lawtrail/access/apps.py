from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "lawtrail.access"
    label = "access"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from lawtrail.access import signals  # noqa: F401
