"""Case-file and bundle endpoints (R-ARC-1, R-ARC-2, R-INT-3): cases waiting to be filed with their due
times, filing a case with its 四性 check, a case's file. Thin: parse, check access, call archive/."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object
from lawtrail.api.base import StrictSchema
from lawtrail.archive import casefiles
from lawtrail.archive.models import CaseFile
from lawtrail.cases.models import Case
from lawtrail.cases.overview import iso
from lawtrail.errors import NotAllowed

router = Router(tags=["archive"])


class ArchiveIn(StrictSchema):
    note: str = ""


def case_file_doc(cf: CaseFile) -> dict:
    return {"case": cf.case.number, "custodian": str(cf.custodian), "archived_at": iso(cf.archived_at),
            "index": cf.index, "report": cf.report, "passed": cf.passed, "note": cf.note, "late": cf.late,
            "retention_until": cf.retention_until.isoformat() if cf.retention_until else None,
            "content_sm3": cf.content_sm3}


@router.get("/archive/waiting", response=list[dict], operation_id="cases_waiting_to_be_filed")
def waiting(request: HttpRequest):
    """Ended cases not yet filed, the most urgent first (R-ARC-1: 30 days by profile)."""
    if not request.user.has_role(Role.RECORDS_CUSTODIAN, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER):
        raise NotAllowed("the archive shelf is the custodians'")
    return [{"case": r["case"].pk, "number": r["case"].number, "title": r["case"].title,
             "ended_at": iso(r["case"].closed_at), "due": iso(r["due"]), "level": r["level"], "error": r["error"]}
            for r in casefiles.waiting(request.user.agency_id)]


@router.post("/cases/{int:pk}/archive", response={201: dict}, operation_id="archive_case")
def archive(request: HttpRequest, pk: int, payload: ArchiveIn):
    case = access_object(request.user, Case, pk)
    return Status(201, case_file_doc(casefiles.archive_case(user=request.user, case=case, note=payload.note)))


@router.get("/cases/{int:pk}/case-file", response=dict, operation_id="get_case_file")
def case_file(request: HttpRequest, pk: int):
    case = access_object(request.user, Case, pk)
    cf = CaseFile.objects.filter(case=case).first()
    if cf is None:
        raise Http404(f"case {case.number} has no case file yet")
    return case_file_doc(cf)
