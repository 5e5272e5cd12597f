"""Logins, logouts and failed logins are trail entries (R-INT-3: every access can be verified)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lawtrail.access import actions


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    actions.record_login(user=user, ip=_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        actions.record_logout(user=user, ip=_ip(request))


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    actions.record_login_failure(username=str(credentials.get("username", ""))[:150], ip=_ip(request))


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
