"""The demo cases load through the actions: every procedure family, at different stages, with live alerts."""

from __future__ import annotations

from django.core.management import call_command

from lawtrail.cases.demo import create_cases
from lawtrail.cases.models import Case, Deadline


def test_demo_cases_cover_all_families_and_stages(demo_agency):
    assert create_cases(demo_agency) == 10
    assert create_cases(demo_agency) == 0  # once only
    cases = Case.objects.filter(agency=demo_agency)
    assert {c.family for c in cases} == {"penalty", "coercion", "inspection", "requisition", "licence"}
    assert {c.status for c in cases} >= {"open", "closed", "suspended"}
    assert len({(c.procedure, c.stage) for c in cases}) >= 8
    levels = set(Deadline.objects.filter(agency=demo_agency).values_list("level", flat=True))
    assert {"met", "met_late"} <= levels
    call_command("verify", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the demo trail verifies
