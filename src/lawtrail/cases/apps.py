from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lawtrail.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from lawtrail.cases.actions import refresh_deadlines
        from lawtrail.cases.deadlines import cases_touching_years
        from lawtrail.cases.models import Case
        from lawtrail.procedures.actions import rules_changed
        from lawtrail.workdays.actions import calendar_changed

        # Deadlines are computed from the calendar and the agency's numbers: when either changes, the
        # deadlines of open cases are computed again (a 2027 deadline that was an error becomes a date).
        def on_calendar(sender, years, **kwargs):
            refresh_deadlines(cases_touching_years(years))

        def on_rules(sender, agency_id, **kwargs):
            refresh_deadlines(Case.objects.filter(agency_id=agency_id).values_list("pk", flat=True))

        calendar_changed.connect(on_calendar, weak=False, dispatch_uid="cases.calendar")
        rules_changed.connect(on_rules, weak=False, dispatch_uid="cases.rules")
