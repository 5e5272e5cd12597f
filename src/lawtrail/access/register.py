"""The register of viewing and copying (调阅、复制登记表, R-ARC-4, HY-A6 21 and its form; WH 28): every view,
download, copy and export of a case's records is a trail entry, and the register is read from those
entries — time, viewer or copier, unit, phone, approver, custodian, content, reason — so it cannot say
anything the trail does not.

What counts as 调阅: views by someone who is in the case only through an approved access request (every
page and API read), and by anyone: each view or download of a stored recording, each bundle export. An
officer working their own case is not 调阅; their recording views are registered all the same."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from lawtrail.access import policy
from lawtrail.access.models import AccessGrant, AccessRequest, User
from lawtrail.cases.models import Case
from lawtrail.ledger import store
from lawtrail.ledger.entry import parse_time
from lawtrail.ledger.models import Entry

KINDS = ("access.view", "access.copy", "evidence.recording.view", "evidence.recording.download", "archive.export")


def may_read(user) -> bool:
    """Who reads the register: the custodians who keep it, the heads who approve (a unit head the rows of the
    unit's cases), the legal unit and internal supervision (R-ARC-4, R-SUP-1)."""
    from lawtrail.access.roles import Role

    return user.has_role(Role.RECORDS_CUSTODIAN, Role.AGENCY_HEAD, Role.UNIT_HEAD, Role.LEGAL_REVIEWER,
                         Role.SUPERVISOR)


def active_grant(user, case: Case) -> AccessGrant | None:
    now = timezone.now()
    return (AccessGrant.objects.filter(user=user, case=case, valid_from__lte=now, valid_until__gt=now)
            .select_related("request__decision__decided_by", "request__registered_by").order_by("-valid_until")
            .first())


def note_view(user, case: Case, what: str) -> str:
    """Register a view of `what` in the case when the viewer is there through an access request or as a
    supervisor. Returns the watermark the page then carries across it (HY-A6 22: the platform resists copying
    and screenshots), or "" for someone working the case."""
    if policy.works_on(user, case):
        return ""
    grant = active_grant(user, case)
    if grant is None:
        if not policy.supervises(user):
            return ""
        # Internal supervision reads without a request, and each page it opens is registered (R-ARC-4).
        store.append("access.view", f"cases.case:{case.pk}", {"case": case.number, "what": what,
                                                              "reason": "执法监督"}, user=user,
                     agency_id=case.agency_id)
        unit = user.officer.unit.name if user.officer_id else ""
        return f"{unit} {user} 监督查阅 · {timezone.localtime():%Y-%m-%d %H:%M} · 仅供查阅"
    store.append("access.view", f"cases.case:{case.pk}", {"case": case.number, "what": what,
                                                          "request": grant.request_id}, user=user,
                 agency_id=case.agency_id)
    req = grant.request
    return (f"{req.requester_unit} {req.requester_name} 调阅 · {timezone.localtime():%Y-%m-%d %H:%M} · "
            f"调阅申请第{req.pk}号 · 仅供查阅")


def rows(agency_id: int, *, reader=None, limit: int = 2000) -> list[dict[str, Any]]:
    """The register, newest first: one row per registered view, download, copy or export — of the cases
    `reader` may see (R-ARC-3: a unit head reads the register of the unit's cases)."""
    qs = Entry.objects.filter(agency_id=agency_id, kind__in=KINDS).order_by("-seq")
    out = []
    users: dict = {}
    cases = Case.objects.filter(agency_id=agency_id)
    if reader is not None and not policy.sees_every_case(reader):
        cases = cases.filter(policy.visible_cases_q(reader))
    numbers = dict(cases.values_list("pk", "number"))
    visible = set(numbers.values())
    everything = reader is None or policy.sees_every_case(reader)
    for e in qs[:limit]:
        doc = json.loads(e.payload)
        case_number = numbers.get(doc["case"], "") if isinstance(doc.get("case"), int) else doc.get("case") or ""
        if not (everything or case_number in visible):  # (a recording not linked to a case: agency-wide readers)
            continue
        user = users.get(e.actor_id)
        if user is None and e.actor_id:
            user = users[e.actor_id] = User.objects.filter(pk=e.actor_id).select_related("officer__unit").first()
        at = parse_time(e.recorded_at)
        request = None
        if doc.get("request"):
            request = AccessRequest.objects.filter(pk=doc["request"]).select_related(
                "decision__decided_by", "registered_by").first()
        elif user is not None and isinstance(doc.get("case"), int):
            # A recording viewed or downloaded through a grant: the request that let the viewer in.
            grant = (AccessGrant.objects.filter(user=user, case_id=doc["case"], valid_from__lte=at,
                                                valid_until__gt=at).select_related("request").first())
            request = grant.request if grant else None
        what = {"access.view": doc.get("what", ""), "access.copy": doc.get("what", ""),
                "evidence.recording.view": f"{doc.get('filename', '')} [{doc.get('range', ['', ''])[0]}–"
                                           f"{doc.get('range', ['', ''])[1]}]",
                "evidence.recording.download": doc.get("filename", ""),
                "archive.export": f"bundle, {len(doc.get('files', {}))} files"}[e.kind]
        kind = {"access.view": "view", "access.copy": "copy", "evidence.recording.view": "view",
                "evidence.recording.download": "copy", "archive.export": "copy"}[e.kind]
        out.append({
            "seq": e.seq, "at": timezone.localtime(at), "kind": kind, "entry_kind": e.kind,
            "name": request.requester_name if request else (str(user) if user else e.actor),
            "unit": request.requester_unit if request else (user.officer.unit.name if user and user.officer else ""),
            "phone": request.phone if request else (user.officer.phone if user and user.officer else ""),
            "approver": str(request.decision.decided_by) if request and hasattr(request, "decision") else "",
            "custodian": str(request.registered_by) if request else "",
            "content": what, "reason": request.reason if request else doc.get("reason", "") or "",
            "case": case_number,
        })
    return out
