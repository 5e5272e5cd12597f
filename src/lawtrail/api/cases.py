"""Case endpoints: the procedure catalogue, cases, parties, records, corrections, approvals, the
workbench and the approval inbox; the agency's rule profile and the working-day calendar. Thin: each
parses, checks access and calls an action; the actions check the catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lawtrail.access import register
from lawtrail.access.scoping import access_object, scoped
from lawtrail.api.base import StrictSchema
from lawtrail.cases import actions, overview
from lawtrail.cases.models import Case, Party, Record
from lawtrail.cases.state import CaseState
from lawtrail.errors import ActionError
from lawtrail.procedures import actions as rule_actions
from lawtrail.procedures import profiles
from lawtrail.workdays import actions as calendar_actions

router = Router(tags=["cases"])


class CaseIn(StrictSchema):
    procedure: str
    title: str
    unit: int
    handlers: list[int]
    cause: int | None = None
    power: int | None = None
    is_major: bool = False
    opened_at: str | None = None


class PartyIn(StrictSchema):
    kind: str
    name: str
    id_type: str
    id_no: str
    legal_rep: str = ""
    address: str = ""
    phone: str = ""


class PartyPatch(StrictSchema):
    kind: str | None = None
    name: str | None = None
    id_type: str | None = None
    id_no: str | None = None
    legal_rep: str | None = None
    address: str | None = None
    phone: str | None = None


class RecordIn(StrictSchema):
    type: str
    occurred_at: str | None = None
    place: str = ""
    matter: str = ""
    officers: list[int] = []
    parties: list[int] = []
    content: dict[str, Any] = {}


class CorrectionIn(StrictSchema):
    reason: str
    occurred_at: str | None = None
    place: str | None = None
    matter: str | None = None
    officers: list[int] | None = None
    parties: list[int] | None = None
    content: dict[str, Any] = {}


class ApprovalIn(StrictSchema):
    agree: bool
    opinion: str


class ProfileIn(StrictSchema):
    profile: str


class NumberIn(StrictSchema):
    amount: int | None = None
    unit: str | None = None
    source: str = ""
    clear: bool = False


@router.get("/procedures", response=dict, operation_id="procedure_catalogue")
def procedure_catalogue(request: HttpRequest):
    """The procedure catalogue as data: procedures, stages, record types, fields, gates, deadlines."""
    return overview.catalogue_doc()


@router.get("/cases", response=list[dict], operation_id="list_cases")
def list_cases(request: HttpRequest, status: str | None = None, mine: bool = False):
    qs = overview.my_cases(request.user) if mine else scoped(request.user, Case)
    if status:
        qs = qs.filter(status=status)
    return [overview.case_doc(c, full=False) for c in qs.prefetch_related("handlers")[:500]]


@router.post("/cases", response={201: dict}, operation_id="open_case")
def open_case(request: HttpRequest, payload: CaseIn):
    case = actions.open_case(user=request.user, data=payload.dict(exclude_unset=True))
    return Status(201, overview.case_doc(case))


@router.get("/cases/{int:pk}", response=dict, operation_id="get_case")
def get_case(request: HttpRequest, pk: int):
    case = access_object(request.user, Case, pk)
    register.note_view(request.user, case, "API case")
    return overview.case_doc(case)


@router.post("/cases/{int:pk}/parties", response={201: dict}, operation_id="add_party")
def add_party(request: HttpRequest, pk: int, payload: PartyIn):
    case = access_object(request.user, Case, pk)
    party = actions.add_party(user=request.user, case=case, data=payload.dict())
    return Status(201, {"id": party.pk, "name": party.name})


@router.patch("/cases/{int:pk}/parties/{int:party_id}", response=dict, operation_id="update_party")
def update_party(request: HttpRequest, pk: int, party_id: int, payload: PartyPatch):
    case = access_object(request.user, Case, pk)
    party = access_object(request.user, Party, party_id)
    if party.case_id != case.pk:
        raise ActionError(_("Party %(id)s is not a party of this case.") % {"id": party_id})
    party = actions.update_party(user=request.user, party=party, data=payload.dict(exclude_unset=True))
    return {"id": party.pk, "name": party.name}


@router.post("/cases/{int:pk}/records", response={201: dict}, operation_id="record_step")
def record_step(request: HttpRequest, pk: int, payload: RecordIn):
    """Record one step (R-PROC-6). Refused with 400 and the rule's id when out of order, incomplete, with
    too few officers or an invalid certificate; nothing is written then."""
    case = access_object(request.user, Case, pk)
    record = actions.record_step(user=request.user, case=case, data=payload.dict())
    return Status(201, overview.record_doc(CaseState(record.case).views[record.pk]))


@router.get("/records/{int:pk}", response=dict, operation_id="get_record")
def get_record(request: HttpRequest, pk: int):
    record = access_object(request.user, Record, pk)
    register.note_view(request.user, record.case, f"API record #{record.seq}")
    return overview.record_doc(CaseState(record.case).views[record.pk])


@router.post("/records/{int:pk}/corrections", response={201: dict}, operation_id="correct_record")
def correct_record(request: HttpRequest, pk: int, payload: CorrectionIn):
    """R-INT-2: a new record naming the record it corrects and why; the original stays."""
    record = access_object(request.user, Record, pk)
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason")
    new = actions.correct_record(user=request.user, record=record, reason=reason, data=data)
    return Status(201, overview.record_doc(CaseState(new.case).views[new.pk]))


@router.post("/records/{int:pk}/approvals", response={201: dict}, operation_id="approve_record")
def approve_record(request: HttpRequest, pk: int, payload: ApprovalIn):
    record = access_object(request.user, Record, pk)
    approval = actions.approve(user=request.user, record=record, agree=payload.agree, opinion=payload.opinion)
    return Status(201, {"record_id": record.pk, "step": approval.step, "agree": approval.agree})


@router.get("/workbench", response=dict, operation_id="workbench")
def workbench(request: HttpRequest):
    """The officer's workbench: their open cases and what is due, earliest first."""
    cases = overview.my_cases(request.user).filter(status__in=(Case.Status.OPEN, Case.Status.SUSPENDED))
    return {"cases": [overview.case_doc(c, full=False) for c in cases.prefetch_related("handlers")[:200]],
            "todos": overview.todos(request.user), "inbox": overview.inbox(request.user)}


@router.get("/approvals/inbox", response=list[dict], operation_id="approval_inbox")
def approval_inbox(request: HttpRequest):
    return overview.inbox(request.user)


# --- rule profile ----------------------------------------------------------------------------------
def _rules_doc(agency_id: int) -> dict:
    rules = rule_actions.rules_for(agency_id)
    numbers = rules.numbers()
    return {"profile": rules.profile, "profiles": {k: str(v[0]) for k, v in profiles.SEEDS.items()},
            "overrides": rules.overrides,
            "numbers": {k: {"name": str(profiles.KEYS[k]), **(v.as_dict() if v else {"amount": None})}
                        for k, v in numbers.items()}}


@router.get("/agency/rules", response=dict, tags=["rules"], operation_id="get_rules")
def get_rules(request: HttpRequest):
    return _rules_doc(request.user.agency_id)


@router.put("/agency/rules", response=dict, tags=["rules"], operation_id="choose_profile")
def choose_profile(request: HttpRequest, payload: ProfileIn):
    rule_actions.choose_profile(user=request.user, agency_id=request.user.agency_id, profile=payload.profile)
    return _rules_doc(request.user.agency_id)


@router.put("/agency/rules/{key}", response=dict, tags=["rules"], operation_id="override_number")
def override_number(request: HttpRequest, key: str, payload: NumberIn):
    rule_actions.override_number(user=request.user, agency_id=request.user.agency_id, key=key,
                                 amount=payload.amount, unit=payload.unit, source=payload.source, clear=payload.clear)
    return _rules_doc(request.user.agency_id)


# --- working-day calendar ----------------------------------------------------------------------------
@router.get("/workdays", response=dict, tags=["calendar"], operation_id="calendar_coverage")
def calendar_coverage(request: HttpRequest, start: dt.date | None = None, days: int = 0):
    doc = calendar_actions.coverage()
    if start and 0 < days <= 366:
        cal = calendar_actions.current_calendar()
        out = []
        for i in range(days):
            d = start + dt.timedelta(days=i)
            try:
                out.append({"date": d.isoformat(), "workday": cal.is_workday(d), "name": cal.holiday_name(d)})
            except Exception:  # noqa: BLE001 - CalendarNotCovered, shown as such
                out.append({"date": d.isoformat(), "workday": None, "name": None})
        doc["days"] = out
    return doc


@router.post("/workdays/import", response=dict, tags=["calendar"], operation_id="import_calendar")
def import_calendar(request: HttpRequest, file: UploadedFile = File(...),  # noqa: B008
                    year: int | None = Form(None), source: str = Form("")):  # noqa: B008
    rows, meta = calendar_actions.read_calendar_file(file.read(calendar_actions.MAX_IMPORT_BYTES + 1), file.name or "")
    days = calendar_actions.import_calendar(user=request.user, rows=rows, year=year or meta.get("year"),
                                            source=source or str(meta.get("source") or ""))
    return {"imported": len(days), **calendar_actions.coverage()}


@router.delete("/workdays/{day}", response=dict, tags=["calendar"], operation_id="remove_calendar_day")
def remove_calendar_day(request: HttpRequest, day: dt.date):
    calendar_actions.remove_day(user=request.user, day=day)
    return calendar_actions.coverage()
