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

from django.db.models import Q
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


CHUNK = 400  # the most ids one query of the register carries


def _by_pk(qs, ids) -> dict:
    """Rows of `qs` by primary key, fetched in chunks so that no query carries more than CHUNK parameters."""
    ids = sorted({i for i in ids if i is not None})
    out = {}
    for i in range(0, len(ids), CHUNK):
        out.update({row.pk: row for row in qs.filter(pk__in=ids[i:i + CHUNK])})
    return out


def content_text(kind: str, doc: dict) -> str:
    """What a registered view, copy or export was of, in words (the register's 调阅、复制内容 and the trail's)."""
    from django.utils.translation import gettext as _

    if kind in ("access.view", "access.copy"):
        return _("the party portal") if doc.get("what") == "party portal" else doc.get("what", "")
    if kind == "evidence.recording.view":
        start, end = (doc.get("range") or ["", ""])[:2]
        return _("%(file)s, bytes %(start)s–%(end)s") % {"file": doc.get("filename", ""), "start": start, "end": end}
    if kind == "evidence.recording.download":
        return doc.get("filename", "")
    return _("the verifiable bundle, %(n)s files") % {"n": len(doc.get("files", {}))}


def entries(agency_id: int, reader=None):
    """The register's trail entries — every view, download, copy and export — that `reader` may read: the trail's
    own visibility in SQL (R-ARC-3: a unit head reads the rows of the unit's cases), so a page of the register is
    read by its key whatever the number of cases (issue 19). Unordered: pages and exports read it kind by kind
    (`BY_KIND`) with web/paging.py."""
    from lawtrail.access.scoping import visible_entries

    qs = Entry.objects.filter(agency_id=agency_id) if reader is None else visible_entries(reader)
    return qs.filter(agency_id=agency_id)


# One query per kind, each down its (kind, seq) index, merged by entry number: the kinds together would make
# SQLite walk the whole trail by number instead (issue 19).
BY_KIND = [Q(kind=k) for k in KINDS]


def rows(entries_: list, agency_id: int) -> list[dict[str, Any]]:
    """The register's rows for these entries, in their order. A fixed number of queries for any number of rows or
    cases: the cases, users, requests and grants the rows name are read together, in chunks."""
    entries = list(entries_)
    docs = [json.loads(e.payload) for e in entries]
    case_ids = {d["case"] for d in docs if isinstance(d.get("case"), int)}
    numbers = {pk: c.number for pk, c in _by_pk(Case.objects.filter(agency_id=agency_id), case_ids).items()}
    users = _by_pk(User.objects.select_related("officer__unit"), {e.actor_id for e in entries})
    requests = _by_pk(AccessRequest.objects.select_related("decision__decided_by", "registered_by"),
                      {d.get("request") for d in docs if isinstance(d.get("request"), int)})
    grants: dict = {}  # the grants of the cases the rows name, in chunks like every id list here
    granted = AccessGrant.objects.select_related("request__decision__decided_by", "request__registered_by")
    ids = sorted(case_ids)
    for i in range(0, len(ids), CHUNK):
        for g in granted.filter(case_id__in=ids[i:i + CHUNK]):
            grants.setdefault((g.user_id, g.case_id), []).append(g)
    out = []
    for e, doc in zip(entries, docs, strict=True):
        case_number = numbers.get(doc["case"], "") if isinstance(doc.get("case"), int) else doc.get("case") or ""
        user = users.get(e.actor_id)
        at = parse_time(e.recorded_at)
        request = requests.get(doc.get("request")) if doc.get("request") else None
        if request is None and user is not None and isinstance(doc.get("case"), int):
            # A recording viewed or downloaded through a grant: the request that let the viewer in.
            grant = next((g for g in grants.get((user.pk, doc["case"]), [])
                          if g.valid_from <= at < g.valid_until), None)
            request = grant.request if grant else None
        kind = {"access.view": "view", "access.copy": "copy", "evidence.recording.view": "view",
                "evidence.recording.download": "copy", "archive.export": "copy"}[e.kind]
        out.append({
            "seq": e.seq, "at": timezone.localtime(at), "kind": kind, "entry_kind": e.kind,
            "name": request.requester_name if request else (str(user) if user else e.actor),
            "unit": request.requester_unit if request else (user.officer.unit.name if user and user.officer else ""),
            "phone": request.phone if request else (user.officer.phone if user and user.officer else ""),
            "approver": str(request.decision.decided_by) if request and hasattr(request, "decision") else "",
            "custodian": str(request.registered_by) if request else "",
            "content": content_text(e.kind, doc), "reason": request.reason if request else doc.get("reason", "") or "",
            "case": case_number,
        })
    return out
