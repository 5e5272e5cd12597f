"""Read models shared by the API and the web pages: a case's stage timeline, its records with their
status, what may be recorded next, its deadlines and alerts, an officer's to-dos and a head's inbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.cases.actions import STEP_ROLES, av_required, gate_problems, place_in_procedure
from lawtrail.cases.models import Approval, ApprovalWait, Case, Deadline, Record
from lawtrail.cases.state import CaseState, RecordView
from lawtrail.procedures.catalogue import PROCEDURES, R
from lawtrail.procedures.model import Procedure, RecordType


def iso(moment) -> str | None:
    """Times in the API and pages are China time (DESIGN.md: Asia/Shanghai for display)."""
    return timezone.localtime(moment).isoformat() if moment is not None else None


def field_doc(rt: RecordType) -> list[dict[str, Any]]:
    return [{"name": f.name, "label": str(f.label), "kind": f.kind, "required": f.required,
             "when": list(f.when) if f.when else None, "when_case": f.when_case,
             "choices": [[k, str(v)] for k, v in f.choices], "refs": list(f.refs), "signers": list(f.signers),
             "min_items": f.min_items, "cite": str(f.cite) if f.cite else None} for f in rt.fields]


def record_type_doc(rt: RecordType) -> dict[str, Any]:
    return {"code": rt.code, "name": str(rt.name), "cite": str(rt.cite), "fields": field_doc(rt),
            "needs_place": rt.needs_place, "needs_party": rt.needs_party, "min_officers": rt.min_officers,
            "officers_when": list(rt.officers_when) if rt.officers_when else None,
            "av_required": None if rt.av is None else {"cite": str(rt.av.cite),
                                                       "when": list(rt.av.when) if rt.av.when else None},
            "approval": list(rt.approval), "document": rt.document, "decision": rt.decision, "once": rt.once,
            "gates": [{"types": list(g.types), "state": g.state, "cite": str(g.cite), "only_case": g.only_case,
                       "unless_case": g.unless_case} for g in rt.gates]}


def procedure_doc(p: Procedure) -> dict[str, Any]:
    def stage(s):
        return {"code": s.code, "name": str(s.name), "records": list(s.records), "cite": str(s.cite),
                "completes": list(s.completes), "completes_state": s.completes_state, "optional": s.optional,
                "window": list(s.window) if s.window else None}

    return {"code": p.code, "family": p.family, "name": str(p.name), "cite": str(p.cite),
            "power_categories": list(p.power_categories), "stages": [stage(s) for s in p.stages],
            "specials": [stage(s) for s in p.specials],
            "deadlines": [{"code": d.code, "name": str(d.name), "cite": str(d.cite), "starts": list(d.starts),
                           "ends": [list(e) for e in d.ends], "profile_key": d.profile_key,
                           "from_field": d.from_field, "extendable": d.extendable} for d in p.deadlines]}


def catalogue_doc() -> dict[str, Any]:
    return {"procedures": [procedure_doc(p) for p in PROCEDURES.values()],
            "record_types": [record_type_doc(rt) for rt in R.values()]}


def record_doc(view: RecordView) -> dict[str, Any]:
    r = view.record
    return {"id": r.pk, "seq": r.seq, "type": r.type, "type_name": str(view.spec.name), "stage": r.stage,
            "number": r.number, "occurred_at": iso(r.occurred_at), "place": r.place, "matter": r.matter,
            "officers": r.officers, "parties": r.parties, "content": r.content, "content_sm3": r.content_sm3,
            "corrects": r.corrects_id, "correction_reason": r.correction_reason,
            "superseded_by": view.superseded_by.pk if view.superseded_by else None, "status": view.status,
            "av_required": av_required(view.spec, r.content),
            "next_approval": view.next_step(), "served_by": view.service_ids,
            "recorded_by": r.created_by_id, "recorded_at": iso(r.created_at),
            "approvals": [{"step": a.step, "agree": a.agree, "opinion": a.opinion, "name": a.name,
                           "at": iso(a.at)} for a in view.approvals]}


def next_steps(case: Case, state: CaseState) -> list[dict[str, Any]]:
    """Record types that can be recorded now, with the gates still closed for each (so the page can say
    why a button is not there)."""
    if not case.is_open:
        return []
    spec = case.spec
    seen: list[str] = []
    out = []
    for s in spec.stages + spec.specials:
        for code in s.records:
            if code in seen:
                continue
            seen.append(code)
            rt = R[code]
            if case.status == Case.Status.SUSPENDED and rt.effect != "resume":
                continue
            stage, _why = place_in_procedure(case, spec, code)
            if stage is None:
                continue
            if rt.once and state.latest(code) is not None:
                continue
            if any(g.absent and state.has(g.types, g.state) for g in rt.gates):
                continue  # no longer makes sense (不予立案 after filing, 不予处罚 after the decision)
            blocked = gate_problems(case, state, rt)
            out.append({"type": code, "name": str(rt.name), "stage": stage.code, "stage_name": str(stage.name),
                        "special": stage not in spec.stages, "blocked": blocked})
    return out


def timeline(case: Case, state: CaseState) -> list[dict[str, Any]]:
    spec = case.spec
    current = spec.stage_index(case.stage)
    out = []
    for i, s in enumerate(spec.stages):
        if not case.is_open and case.status == Case.Status.CLOSED:
            status = "done"
        else:
            status = "done" if i < current else "current" if i == current else "upcoming"
        records = [v.record.pk for v in state.views.values() if v.record.stage == s.code]
        out.append({"code": s.code, "name": str(s.name), "status": status, "records": records, "cite": str(s.cite)})
    return out


def due_label(moment) -> str:
    """A due time read as people say it: a deadline at midnight is "the end of" the day before."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return _("end of %(day)s") % {"day": (local - dt.timedelta(days=1)).strftime("%Y-%m-%d")}
    return local.strftime("%Y-%m-%d %H:%M")


def deadline_doc(d: Deadline) -> dict[str, Any]:
    names = {x.code: x.name for p in PROCEDURES.values() for x in p.deadlines}
    return {"code": d.code, "name": str(names.get(d.code, d.code)), "rule": d.rule, "articles": d.articles,
            "period": d.period, "started_at": iso(d.started_at),
            "due_at": iso(d.due_at), "met_at": iso(d.met_at), "due_label": due_label(d.due_at),
            "level": d.level, "error": d.error, "error_message": deadline_error(d.error), "case_id": d.case_id,
            "earliest_due": iso(d.earliest_due), "latest_due": iso(d.latest_due),
            "provisional": provisional_label(d)}


def provisional_label(d: Deadline) -> str:
    """"暂定：最早…，最迟…" while the year's calendar is missing (from the statutory holidays)."""
    if not (d.error and d.earliest_due and d.latest_due) or d.met_at is not None:
        return ""
    if d.earliest_due == d.latest_due:  # no holiday arrangement can move it
        text = _("Provisional: %(day)s (until the year's calendar is imported)") % {"day": due_label(d.latest_due)}
    else:
        text = _("Provisional: earliest %(early)s, latest %(late)s (until the year's calendar is imported)") % {
            "early": due_label(d.earliest_due), "late": due_label(d.latest_due)}
    if timezone.now() >= d.latest_due:
        text += _("; late whatever the calendar says")
    return text


def deadline_error(code: str) -> str:
    """The administrator's message for a deadline that cannot be computed."""
    if code.startswith("calendar:"):
        return _("No working-day calendar covers %(year)s: an administrator must import that year's holiday and "
                 "make-up workday list (the State Council's notice) before this deadline can be computed.") % {
            "year": code.split(":", 1)[1]}
    return code


def case_doc(case: Case, *, full: bool = True, state: CaseState | None = None) -> dict[str, Any]:
    doc = {"id": case.pk, "number": case.number, "procedure": case.procedure,
           "procedure_name": str(PROCEDURES[case.procedure].name), "family": case.family, "title": case.title,
           "stage": case.stage, "stage_name": str(case.spec.stage(case.stage).name), "status": case.status,
           "is_major": case.is_major, "emergency": case.emergency, "unit": case.unit_id,
           "cause": case.cause_id, "power": case.power_id, "handlers": [o.pk for o in case.handlers.all()],
           "opened_at": iso(case.opened_at), "closed_at": iso(case.closed_at)}
    if full:
        state = state or CaseState(case)
        doc["parties"] = [{"id": p.pk, "kind": p.kind, "name": p.name, "id_type": p.id_type, "id_no": p.id_no,
                           "legal_rep": p.legal_rep, "address": p.address, "phone": p.phone}
                          for p in case.parties.all()]
        doc["records"] = [record_doc(v) for v in state.views.values()]
        doc["timeline"] = timeline(case, state)
        doc["next"] = next_steps(case, state)
        doc["deadlines"] = [deadline_doc(d) for d in case.deadlines.all()]
        from lawtrail.evidence import coverage  # evidence builds on cases, not the other way round

        doc["av_missing"] = [{**m, "occurred_at": iso(m["occurred_at"])} for m in coverage.missing(state)]
        from lawtrail.evidence import continuity

        doc["av_continuity"] = [{**p, "from": iso(p["from"]), "to": iso(p["to"])} for p in continuity.problems(state)]
    return doc


ALERT_LEVELS = (Deadline.Level.SOON, Deadline.Level.OVERDUE, Deadline.Level.MET_LATE, Deadline.Level.ERROR)


def my_cases(user) -> QuerySet:
    """The cases on the user's workbench: an officer's own; a unit head's unit's; every case for those who read
    every case (agency head, legal unit, custodian, supervisor); none for an administrator, who keeps the
    system and opens a case only through an access request (R-ARC-3)."""
    from lawtrail.access import policy

    qs = Case.objects.filter(agency_id=user.agency_id)
    if policy.sees_every_case(user) or policy.supervises(user):
        return qs
    if not user.officer_id and not user.has_role(Role.UNIT_HEAD):
        return qs.none()
    return qs.filter(policy.own_cases_q(user, listing=True))


def todos(user, *, limit: int = 200) -> list[dict[str, Any]]:
    """Open deadlines of the user's cases, earliest first (the workbench, R-SUP-2)."""
    cases = my_cases(user).filter(status__in=(Case.Status.OPEN, Case.Status.SUSPENDED))
    rows = (Deadline.objects.filter(case__in=cases).exclude(level=Deadline.Level.MET)
            .select_related("case").order_by("due_at")[:limit])
    out = []
    for d in rows:
        doc = deadline_doc(d)
        doc["case_number"], doc["case_title"] = d.case.number, d.case.title
        out.append(doc)
    return out


def inbox_steps(user) -> list[str]:
    """The approval steps this user's roles give an opinion at (R-PROC-7)."""
    return [step for step, role in STEP_ROLES.items() if user.is_superuser or user.has_role(role)]


def inbox_waits(user):
    """What waits for this user's opinion, read from the records' waits (`cases.waits`) down the (agency, step,
    record) index: at a step of the user's roles, in an open or suspended case, neither proposed nor already
    reviewed by the user (R-PROC-7) — one indexed read whatever the number of records (issue 19). The tests hold
    it against the rule worked out from the records and their approvals (tests/web/test_keyset_pages.py)."""
    approvals = Approval.objects.filter(record_id=OuterRef("record_id"), user=user)
    return (ApprovalWait.objects.filter(agency_id=user.agency_id, step__in=inbox_steps(user),
                                        case__status__in=(Case.Status.OPEN, Case.Status.SUSPENDED))
            .exclude(record__created_by=user).exclude(Exists(approvals)).select_related("record__case"))


def inbox(user, waits=None) -> list[dict[str, Any]]:
    """The inbox rows: all of the user's waits, or these (e.g. a page of `inbox_waits`) — the step each waits for
    is kept with it, so no approval is read here."""
    waits = inbox_waits(user).order_by("record_id") if waits is None else waits
    return [{"record_id": w.record_id, "type": w.record.type, "type_name": str(R[w.record.type].name),
             "step": w.step, "case_id": w.record.case_id, "case_number": w.record.case.number,
             "case_title": w.record.case.title, "recorded_at": iso(w.record.created_at), "matter": w.record.matter}
            for w in waits]


def my_submissions(user, *, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """The user's own records that need approval (R-PROC-7), for the workbench: those still waiting (with the
    step they wait for) and those a head refused (with the opinion, who and when), until corrected — of the
    newest LOADED, with counts that say "at least" when there may be more. Three queries whatever the number of
    cases."""
    types = [code for code, rt in R.items() if rt.approval]
    mine = Record.objects.filter(created_by=user, type__in=types,
                                 case__status__in=(Case.Status.OPEN, Case.Status.SUSPENDED)) \
        .exclude(corrections__isnull=False)
    newest = mine.order_by("-pk")  # newest first down the creator's index (was a sort of every record by time)
    records = list(newest.select_related("case")[:LOADED])
    approvals: dict[int, list[Approval]] = {}
    for a in Approval.objects.filter(record__in=newest.values("pk")[:LOADED]).order_by("pk"):
        approvals.setdefault(a.record_id, []).append(a)
    waiting, rejected = [], []
    for r in records:
        view = RecordView(r, approvals.get(r.pk, []))
        row = {"record_id": r.pk, "seq": r.seq, "type_name": str(view.spec.name), "case_id": r.case_id,
               "case_number": r.case.number, "case_title": r.case.title, "at": timezone.localtime(r.created_at)}
        if view.rejected:
            refusal = next(a for a in view.approvals if not a.agree)
            rejected.append({**row, "by": refusal.name, "opinion": refusal.opinion,
                             "refused_at": timezone.localtime(refusal.at), "step": STEP_NAMES().get(refusal.step)})
        elif view.next_step() is not None:
            waiting.append({**row, "step": STEP_NAMES().get(view.next_step())})
    def count(rows: list) -> str:  # every record read: exact; LOADED read and more may wait: say "at least"
        return str(len(rows)) if len(records) < LOADED else _("at least %(n)s") % {"n": len(rows)}

    return {"waiting": waiting[:limit], "rejected": rejected[:limit], "waiting_count": count(waiting),
            "rejected_count": count(rejected)}


LOADED = 500  # the newest of a user's own records needing approval the workbench reads


def STEP_NAMES() -> dict[str, str]:  # noqa: N802 - a table, translated when read
    return {"unit_head": _("the unit head (审核人)"), "agency_head": _("the agency head (批准人)"),
            "legal": _("the legal unit")}
