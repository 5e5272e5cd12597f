"""Access-request endpoints (R-ARC-3): register a written request to view or copy a case, list those
waiting for your decision, decide. Thin: parse, check access, call access/requests.py."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from lawtrail.access import requests as access_requests
from lawtrail.access.models import AccessRequest
from lawtrail.access.roles import Role
from lawtrail.api.base import StrictSchema
from lawtrail.cases.overview import iso

router = Router(tags=["access"])


class RequestIn(StrictSchema):
    case: str
    kind: str
    requester_name: str
    requester_unit: str
    phone: str
    reason: str
    matter: str
    wants_copy: bool = False
    account: str | None = None
    valid_until: str


class DecisionIn(StrictSchema):
    approved: bool
    opinion: str = ""


def request_doc(r: AccessRequest) -> dict:
    decision = getattr(r, "decision", None)
    grant = getattr(r, "grant", None)
    return {"id": r.pk, "case": r.case.number, "kind": r.kind, "requester_name": r.requester_name,
            "requester_unit": r.requester_unit, "phone": r.phone, "reason": r.reason, "matter": r.matter,
            "wants_copy": r.wants_copy, "account": r.account.username if r.account else None,
            "valid_until": iso(r.valid_until),
            "registered_by": str(r.registered_by), "registered_at": iso(r.registered_at),
            "approver_role": access_requests.approver_role(r.kind),
            "decision": None if decision is None else {"approved": decision.approved, "opinion": decision.opinion,
                                                       "by": str(decision.decided_by),
                                                       "at": iso(decision.decided_at)},
            "grant_until": iso(grant.valid_until) if grant else None}


@router.post("/access-requests", response={201: dict}, operation_id="register_access_request")
def register(request: HttpRequest, payload: RequestIn):
    return Status(201, request_doc(access_requests.register(user=request.user, data=payload.model_dump())))


@router.get("/access-requests", response=list[dict], operation_id="list_access_requests")
def list_requests(request: HttpRequest, waiting: bool = False):
    """For custodians and heads: the agency's requests; `waiting=true`: those waiting for your decision.
    Everyone else: their own."""
    user = request.user
    if waiting:
        return [request_doc(r) for r in access_requests.pending_for(user)]
    qs = AccessRequest.objects.filter(agency_id=user.agency_id).select_related("case", "account", "registered_by")
    if not user.has_role(Role.RECORDS_CUSTODIAN, Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER):
        qs = qs.filter(account=user)
    return [request_doc(r) for r in qs[:500]]


@router.post("/access-requests/{int:pk}/decision", response={201: dict}, operation_id="decide_access_request")
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    req = AccessRequest.objects.filter(pk=pk, agency_id=request.user.agency_id).select_related("case").first()
    if req is None:
        raise Http404(f"no access request {pk} in your agency")
    access_requests.decide(user=request.user, request=req, approved=payload.approved, opinion=payload.opinion)
    return Status(201, request_doc(AccessRequest.objects.get(pk=req.pk)))


class PartyAccountIn(StrictSchema):
    username: str
    password: str
    id_no: str
    full_name: str = ""


class SecrecyIn(StrictSchema):
    level: str
    reason: str


@router.post("/party-accounts", response={201: dict}, operation_id="create_party_account")
def create_party_account(request: HttpRequest, payload: PartyAccountIn):
    """An administrator opens a portal account for a party (R-ARC-5)."""
    from lawtrail.access import party

    account = party.create_account(user=request.user, username=payload.username, password=payload.password,
                                   id_no=payload.id_no, full_name=payload.full_name)
    return Status(201, {"username": account.user.username, "id_no": account.id_no})


@router.post("/records/{int:pk}/secrecy", response={201: dict}, operation_id="mark_record_secrecy")
def mark_secrecy(request: HttpRequest, pk: int, payload: SecrecyIn):
    """Set a record's secrecy level (R-ARC-5, LC 33)."""
    from lawtrail.access import party
    from lawtrail.access.scoping import access_object
    from lawtrail.cases.models import Record

    record = access_object(request.user, Record, pk)
    mark = party.mark_secrecy(user=request.user, record=record, level=payload.level, reason=payload.reason)
    return Status(201, {"record": record.pk, "level": mark.level, "reason": mark.reason})


class IdentityMarkIn(StrictSchema):
    kind: str
    name: str
    id_no: str = ""
    phone: str = ""
    address: str = ""
    reason: str


@router.get("/cases/{int:pk}/identities", response=list[dict], operation_id="list_protected_identities")
def list_identities(request: HttpRequest, pk: int):
    """The case's protected identities — reporters, complainants, third parties — from the records' persons
    fields and explicit marks; what a party is never shown (R-ARC-5, WH 30)."""
    from lawtrail.access import identities
    from lawtrail.access.scoping import access_object
    from lawtrail.cases.models import Case

    case = access_object(request.user, Case, pk)
    return [{k: p.get(k, "") for k in ("kind", "name", "id_no", "phone", "address", "source")}
            for p in identities.protected(case)]


@router.post("/cases/{int:pk}/identities", response={201: dict}, operation_id="mark_protected_identity")
def mark_identity(request: HttpRequest, pk: int, payload: IdentityMarkIn):
    """Mark a reporter, complainant or third party named in the case's text (R-ARC-5, WH 30)."""
    from lawtrail.access import identities
    from lawtrail.access.scoping import access_object
    from lawtrail.cases.models import Case

    case = access_object(request.user, Case, pk)
    row = identities.mark(user=request.user, case=case, data=payload.dict())
    return Status(201, {"id": row.pk, "kind": row.kind, "name": row.name})
