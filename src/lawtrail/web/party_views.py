"""The party portal (R-ARC-5, WH 30): a party's own cases and records, redacted, state secrets withheld;
copies are printable and registered. Thin: access/party.py decides what is shown."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lawtrail.access import party, redaction
from lawtrail.cases import display
from lawtrail.cases.models import Record
from lawtrail.cases.state import CaseState


def _case(user, pk: int):
    case = party.own_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404("not one of your cases")
    return case


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if party.account_of(request.user) is None:
        raise Http404("no party account")
    return render(request, "web/party_home.html", {"cases": party.own_cases(request.user).select_related("unit")})


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    view = party.case_view(request.user, _case(request.user, pk))
    request.view_watermark = party.copy_watermark(request.user, view["case"], act="查阅")
    return render(request, "web/party_case.html", view)


@login_required
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable copy of one record, redacted like the page, registered as a copy (R-ARC-4)."""
    record = Record.objects.filter(pk=pk).select_related("case").first()
    if record is None:
        raise Http404("no such record")
    case = _case(request.user, record.case_id)
    if party.levels([record]).get(record.pk) == "state":
        raise Http404("withheld")
    state = CaseState(case)
    view = state.views[record.pk]
    if not party.shown_to_party(view):
        raise Http404("an internal record")
    r = redaction.for_case(case, state)
    rows = display.content_rows(record, records={v.record.pk: v.record for v in state.views.values()},
                                redact=r.value)
    party.note_copy(request.user, case, record)
    return render(request, "web/party_copy.html", {"case": case, "record": record, "name": str(view.spec.name),
                                                   "rows": rows, "matter": r.text(record.matter),
                                                   "when": display.moment_text(record.occurred_at),
                                                   "place": r.text(record.place), "user": request.user,
                                                   "watermark": party.copy_watermark(request.user, case)})
