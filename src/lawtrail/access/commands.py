"""What the `lawtrail` commands share about who runs them."""

from __future__ import annotations

from django.core.management.base import CommandError

from lawtrail.access.models import User


def named_user(username: str) -> User:
    """The user a command acts as (`--user`); its rights are checked by the action it calls."""
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"no user {username!r}") from None
