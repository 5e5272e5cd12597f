"""Template filters for times as people read them (issue 12 §4)."""

from __future__ import annotations

from django import template

from lawtrail.cases.overview import due_label

register = template.Library()


@register.filter
def due(moment) -> str:
    """A due time: midnight is "the end of" the day before (2026-12-31 日终), else 2026-12-31 17:00."""
    return due_label(moment)
