"""Case pages: the workbench, case list and case page with its stage timeline, forms generated from the
catalogue for every record type, record pages with approvals and corrections, printable documents, the
approval inbox, the rule profile and the working-day calendar. Thin: parse, check access, call an action."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lawtrail.access import policy, register
from lawtrail.access import requests as access_requests
from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object, scoped
from lawtrail.cases import actions, display, overview
from lawtrail.cases.models import Case, Deadline, Party, Record
from lawtrail.cases.state import CaseState
from lawtrail.errors import NON_FIELD, ActionError
from lawtrail.evidence import alerts as av_alerts
from lawtrail.procedures import actions as rule_actions
from lawtrail.procedures import profiles
from lawtrail.procedures.catalogue import FAMILIES, PROCEDURES, R
from lawtrail.registry.models import CaseCause, Officer, Power, Unit
from lawtrail.web import case_forms, trail_words
from lawtrail.web.paging import capped_count, keyset_page, take
from lawtrail.workdays import actions as calendar_actions
from lawtrail.workdays.models import CalendarDay, CalendarYear

LEVEL_CLASS = {"overdue": "red", "error": "red", "met_late": "red", "soon": "yellow"}


def show_action_errors(request, exc: ActionError, *, every_field: bool = False) -> None:
    """Show the action's messages at the top of the page: the ones not tied to a field (the form shows
    the rest beside their fields), or all of them where the page has no form fields to show them on."""
    for field, msgs in exc.errors.items():
        if every_field or field == NON_FIELD:
            for msg in msgs:
                messages.error(request, msg)


def _deadline_rows(rows):
    out = []
    for d in rows:
        doc = overview.deadline_doc(d)
        doc["css"] = LEVEL_CLASS.get(d.level, "")
        doc["level_label"] = Deadline.Level(d.level).label
        doc["case"] = getattr(d, "case", None)
        doc["met"] = timezone.localtime(d.met_at) if d.met_at else None
        out.append(doc)
    return out


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    user = request.user
    cases = overview.my_cases(user).filter(status__in=(Case.Status.OPEN, Case.Status.SUSPENDED))
    todo_rows = (Deadline.objects.filter(case__in=cases).exclude(level=Deadline.Level.MET)
                 .select_related("case").order_by("due_at")[:100])
    today = timezone.localdate()
    expiring = scoped(user, Officer).filter(is_active=True, cert_valid_until__lte=today + dt.timedelta(days=60))
    waiting, steps = overview.inbox_waits(user), _by_step(user)
    return render(request, "web/workbench.html", {
        "cases": cases.select_related("unit")[:100], "todos": _deadline_rows(todo_rows),
        "inbox": overview.inbox(user, take(waiting, "record_id", 20, steps)),
        "inbox_count": capped_count(waiting.order_by("record_id"), split=steps),
        "can_open": user.has_role(*actions.CASE_ROLES),
        "mine": overview.my_submissions(user), "requests_waiting": access_requests.pending_for(user),
        "expiring": expiring.order_by("cert_valid_until")[:20], "today": today,
        "av": av_alerts.for_user(user, cases),
        "reviews": _review_queue(user),
        "to_file": _to_file(user),
        "can_register": register.may_read(user),
        "calendar_missing": calendar_actions.missing_years(timezone.localdate())
        if user.has_role(Role.ADMINISTRATOR) else [],
    })


def _to_file(user) -> list[dict]:
    """Ended cases waiting to be filed, for the custodians' workbench (R-ARC-1)."""
    if not user.has_role(Role.RECORDS_CUSTODIAN):
        return []
    from lawtrail.archive.casefiles import waiting

    rows = waiting(user.agency_id)
    for r in rows:
        r["css"] = LEVEL_CLASS.get(r["level"], "")
    return rows


def _review_queue(user) -> list[dict]:
    """The legal unit's running reviews, earliest due first (R-LR-6), for its members' workbench."""
    if not user.has_role(Role.LEGAL_REVIEWER):
        return []
    from lawtrail.review.overview import queue

    rows = queue(user)
    for r in rows:
        r["css"] = LEVEL_CLASS.get(r["level"], "")
    return rows


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    qs = scoped(request.user, Case).select_related("unit")
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    procedure = request.GET.get("procedure", "")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(parties__name__icontains=q)).distinct()
    if status in Case.Status.values:
        qs = qs.filter(status=status)
    if procedure in PROCEDURES:
        qs = qs.filter(procedure=procedure)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "web/cases.html", {
        "page": page, "q": q, "status": status, "procedure": procedure, "statuses": Case.Status.choices,
        "procedures": [(k, str(p.name)) for k, p in PROCEDURES.items()],
        "can_open": request.user.has_role(*actions.CASE_ROLES)})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case; its party and, for a penalty, its case source (R-START-2) may be given on the same form, so
    a complaint is registered in one step (issue 12)."""
    user = request.user
    errors: dict[str, list[str]] = {}
    data: dict = {"procedure": request.GET.get("procedure", "penalty"), "handlers": [user.officer_id]
                  if user.officer_id else []}
    party_data: dict = {"kind": "person", "id_type": "resident_id"}
    source_rt = R["case_source"]
    source_content: dict = {"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    if request.method == "POST":
        post = request.POST
        data = {"procedure": post.get("procedure", ""), "title": post.get("title", ""),
                "unit": post.get("unit") or None,
                "handlers": [int(h) for h in post.getlist("handlers") if h.isdigit()],
                "cause": post.get("cause") or None, "power": post.get("power") or None,
                "is_major": post.get("is_major") == "on"}
        party_data = {k: post.get(f"party_{k}", "") for k in actions.PARTY_FIELDS}
        source_content = case_forms.parse_content(source_rt, post)
        with_party = bool(party_data["name"].strip() or party_data["id_no"].strip())
        with_source = data["procedure"] == "penalty" and bool(post.get("c_channel"))
        try:
            case = actions.register_case(user=user, data=data, party=party_data if with_party else None,
                                         source={"content": source_content} if with_source else None)
        except ActionError as exc:
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            if not with_party:
                messages.success(request, _("Case %(number)s opened. Add its party, then record its first step.")
                                 % {"number": case.number})
                return redirect("web:party_new", pk=case.pk)
            messages.success(request, _("Case %(number)s opened with its party%(source)s.") % {
                "number": case.number, "source": _(" and its case source") if with_source else ""})
            return redirect("web:case", pk=case.pk)
    agency = user.agency_id
    source_errors = {k[len("source_"):]: v for k, v in errors.items() if k.startswith("source_")}
    return render(request, "web/case_new.html", {
        "data": data, "errors": errors,
        "pdata": party_data, "perrors": {k[len("party_"):]: v for k, v in errors.items() if k.startswith("party_")},
        "kinds": Party.Kind.choices, "id_types": Party.IdType.choices,
        "widgets": case_forms.record_widgets(source_rt, source_content, source_errors, None),
        "source_cite": source_rt.cite,
        "procedures": [(k, str(p.name)) for k, p in PROCEDURES.items()],
        "units": Unit.objects.filter(agency_id=agency, is_active=True),
        "officers": Officer.objects.filter(agency_id=agency, is_active=True).select_related("unit"),
        "causes": CaseCause.objects.filter(agency_id=agency, is_active=True),
        "powers": Power.objects.filter(agency_id=agency, is_active=True)}, status=400 if errors else 200)


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_object(request.user, Case, pk)
    request.view_watermark = register.note_view(request.user, case, _("case page"))
    state = CaseState(case)
    doc = overview.case_doc(case, state=state)
    labels = STATUS_LABELS()
    spec = case.spec
    for r, rec in zip(doc["records"], state.views.values(), strict=True):
        r["css"] = {"rejected": "red", "pending": "yellow", "corrected": "muted"}.get(r["status"], "")
        r["status_label"] = labels.get(r["status"], r["status"])
        r["stage_name"] = str(spec.stage(r["stage"]).name)
        r["occurred"] = timezone.localtime(rec.record.occurred_at)
        r["next_label"] = Role(actions.STEP_ROLES[r["next_approval"]]).label if r["next_approval"] else ""
    deadlines = _deadline_rows(case.deadlines.all())
    groups: dict[str, list] = {}
    for step in doc["next"]:
        groups.setdefault(step["stage_name"], []).append(step)
    return render(request, "web/case.html", {"case": case, "doc": doc, "deadlines": deadlines,
                                             "may_copy": policy.may_copy(request.user, case),
                                             "next_groups": list(groups.items()),
                                             "family": FAMILIES[case.family], **_review_box(request.user, case, state),
                                             **_av_tab(request.user, case, doc.get("av_continuity", [])),
                                             **_identities_box(request.user, case, state)})


def _identities_box(user, case: Case, state: CaseState) -> dict:
    """Protected identities (R-ARC-5, WH 30): who a party of the case is never shown, and the mark form."""
    from lawtrail.access import identities
    from lawtrail.access.models import IdentityMark

    return {"protected": identities.protected(case, state), "can_mark_identity": identities.may_mark(user, case),
            "identity_kinds": IdentityMark.Kind.choices}


def _review_box(user, case: Case, state: CaseState) -> dict:
    """The legal review as the case page shows it (R-LR-1): whether the decision needs it, why, whether the
    current draft is cleared, and what this user may do about it."""
    from lawtrail.review import actions as review_actions
    from lawtrail.review import catalogue
    from lawtrail.review.gate import current_draft
    from lawtrail.review.overview import case_review_doc

    box = case_review_doc(case, state)
    running = any(r["status"] in review_actions.OPEN for r in box["reviews"])
    gated = case.is_open and case.procedure in catalogue.GATED and current_draft(state) is not None
    return {"review_box": box,
            "can_start_review": gated and box["needed"] and not box["cleared_by"] and not running
            and user.has_role(*review_actions.SUBMIT_ROLES),
            "can_override_review": gated and box["needed"] and not box["cleared_by"]
            and user.has_role(Role.AGENCY_HEAD),
            "can_mark_review": case.is_open and case.procedure in catalogue.GATED
            and user.has_role(Role.AGENCY_HEAD, Role.LEGAL_REVIEWER)}


def _av_tab(user, case: Case, continuity: list[dict]) -> dict:
    """The case's audio-video: labels (R-AV-5: case number, party, handler, squad, officer, time, cause)
    and, for each step (one activity), a timeline of its segments per device (R-AV-4) with the continuity
    problems (gaps, a late start: R-AV-2, R-AV-3) marked on a lane of their own; holds on the whole case."""
    from lawtrail.evidence.actions import HOLD_ROLES
    from lawtrail.evidence.models import Hold, Recording

    recordings = list(Recording.objects.current().filter(case=case).select_related("officer", "record", "blob")
                      .order_by("device_no", "started_at", "pk"))
    by_step: dict[int | None, list] = {}
    for r in recordings:
        if r.started_at and r.ended_at:
            by_step.setdefault(r.record_id, []).append(r)
    problems: dict[int, list] = {}
    for p in continuity:
        problems.setdefault(p["segments_of"], []).append(
            (dt.datetime.fromisoformat(p["from"]), dt.datetime.fromisoformat(p["to"]), p))
    timelines = []
    for record_id, timed in sorted(by_step.items(), key=lambda kv: min(r.started_at for r in kv[1])):
        step, marks = timed[0].record, problems.get(record_id, [])
        # The span takes in a late start too: the step began before its first recording (R-AV-2).
        first = min([r.started_at for r in timed] + [a for a, _b, _p in marks])
        last = max([r.ended_at for r in timed] + [b for _a, b, _p in marks])
        span = max((last - first).total_seconds(), 1.0)

        def place(a, b, first=first, span=span):
            return {"left": round(100 * (a - first).total_seconds() / span, 2),
                    "width": max(round(100 * (b - a).total_seconds() / span, 2), 0.5)}

        lanes: dict[str, list[dict]] = {}
        for r in timed:
            lanes.setdefault(r.device_no or "—", []).append({"recording": r, **place(r.started_at, r.ended_at)})
        timelines.append({
            "step": step, "span": (timezone.localtime(first), timezone.localtime(last)),
            "lanes": sorted(lanes.items()),
            "gaps": [{**p, "from": a, "to": b, **place(a, b)} for a, b, p in marks if b > a]})
    return {"av_recordings": recordings, "av_timelines": timelines,
            "av_case_holds": list(Hold.objects.filter(case=case)), "hold_reasons": Hold.Reason.choices,
            "can_hold": user.has_role(*HOLD_ROLES),
            "av_labels": {"party": "、".join(p.name for p in case.parties.all()),
                          "handlers": "、".join(o.name for o in case.handlers.all()), "squad": case.unit.name,
                          "cause": str(case.cause) if case.cause_id else ""}}


@login_required
def party_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_object(request.user, Case, pk)
    errors: dict[str, list[str]] = {}
    data = {"kind": "person", "id_type": "resident_id"}
    if request.method == "POST":
        data = {f: request.POST.get(f, "") for f in actions.PARTY_FIELDS}
        try:
            actions.add_party(user=request.user, case=case, data=data)
        except ActionError as exc:
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            messages.success(request, _("Party added. The change is recorded in the trail."))
            return redirect("web:case", pk=case.pk)
    return render(request, "web/party_form.html", {"case": case, "data": data, "errors": errors,
                                                   "kinds": Party.Kind.choices, "id_types": Party.IdType.choices},
                  status=400 if errors else 200)


def _record_form(request: HttpRequest, case: Case, rt, *, correcting: Record | None = None) -> HttpResponse:
    state = CaseState(case)
    errors: dict[str, list[str]] = {}
    if correcting is not None:
        data = {"occurred_at": timezone.localtime(correcting.occurred_at).strftime("%Y-%m-%dT%H:%M"),
                "place": correcting.place, "matter": correcting.matter,
                "officers": [o["id"] for o in correcting.officers], "parties": [p["id"] for p in correcting.parties],
                "content": dict(correcting.content)}
    else:
        data = case_forms.default_data(case, rt, request.user, state)
    reason = ""
    if request.method == "POST":
        data = case_forms.parse_record_post(rt, request.POST)
        reason = request.POST.get("reason", "")
        try:
            if correcting is not None:
                new = actions.correct_record(user=request.user, record=correcting, reason=reason,
                                             data={k: v for k, v in data.items() if k != "type"})
            else:
                new = actions.record_step(user=request.user, case=case, data=data)
        except ActionError as exc:
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            messages.success(request, _("%(type)s recorded. Its content is hashed into the trail.")
                             % {"type": rt.name})
            if R[new.type].approval:
                messages.info(request, _("It now waits for approval."))
            return redirect("web:record", pk=new.pk)
    blocked = [] if correcting else actions.gate_problems(case, state, rt)
    return render(request, "web/record_form.html", {
        "case": case, "rt": rt, "widgets": case_forms.record_widgets(rt, data.get("content", {}), errors, state),
        "header": case_forms.header_context(case, data, errors), "blocked": blocked, "correcting": correcting,
        "reason": reason, "reason_errors": errors.get("reason", []),
        "av_cite": str(rt.av.cite) if rt.av else "", "av_when": rt.av.when if rt.av else None,
    }, status=400 if errors else 200)


@login_required
def record_new(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    case = access_object(request.user, Case, pk)
    rt = case_forms.record_type(code)
    if rt is None:
        raise Http404(code)
    return _record_form(request, case, rt)


@login_required
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_object(request.user, Record, pk)
    return _record_form(request, record.case, R[record.type], correcting=record)


def content_rows(record: Record) -> list[tuple[str, str]]:
    records = {r.pk: r for r in Record.objects.filter(case_id=record.case_id).only("pk", "seq", "type", "number")}
    return display.content_rows(record, records=records)


@login_required
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_object(request.user, Record, pk, related=("case",))
    request.view_watermark = register.note_view(request.user, record.case,
                                                f"#{record.seq} {R[record.type].name}")
    state = CaseState(record.case)
    view = state.views[record.pk]
    doc = overview.record_doc(view)
    step = view.next_step()
    can_approve = bool(step) and record.case.is_open and request.user.has_role(actions.STEP_ROLES[step]) and \
        record.created_by_id != request.user.pk and all(a.user_id != request.user.pk for a in view.approvals)
    from lawtrail.ledger.models import Entry

    # By subject alone (its index): the record is already scoped to the agency (issue 19: with the agency filter
    # SQLite chose the agency index and scanned the agency's whole trail).
    entries = trail_words.rows(Entry.objects.filter(subject=f"cases.record:{record.pk}").order_by("seq"))
    from lawtrail.cases.actions import av_required
    from lawtrail.evidence.models import Recording

    versions, old = {record.pk}, record.corrects_id
    while old in state.views:
        versions.add(old)
        old = state.views[old].record.corrects_id
    from lawtrail.evidence import retention

    recordings = list(Recording.objects.current().filter(record_id__in=versions)
                      .select_related("blob", "uploaded_by", "case"))
    # The same file (same SM3) uploaded to another step says so (issue 12, R-AV-5) — those the reader may open.
    same = {}
    for other in (scoped(request.user, Recording).current().filter(blob_id__in=[r.blob_id for r in recordings])
                  .exclude(pk__in=[r.pk for r in recordings]).select_related("record")):
        same.setdefault(other.blob_id, []).append(other)
    for r in recordings:
        r.keep_because = retention.why_not_disposable(r)
        r.same_file = same.get(r.blob_id, [])
    from lawtrail.access.models import SecrecyMark
    from lawtrail.evidence.models import Device

    marks = list(SecrecyMark.objects.filter(record=record).select_related("marked_by").order_by("marked_at", "pk"))
    return render(request, "web/record.html", {
        "secrecy_marks": marks, "secrecy_level": marks[-1] if marks else None,
        "secrecy_levels": SecrecyMark.Level.choices,
        "can_mark_secrecy": request.user.has_role(Role.LEGAL_REVIEWER, Role.AGENCY_HEAD, Role.RECORDS_CUSTODIAN),
        "record": record, "case": record.case, "doc": doc, "rt": R[record.type], "rows": content_rows(record),
        "step": step, "step_label": Role(actions.STEP_ROLES[step]).label if step else "", "can_approve": can_approve,
        "approvals": view.approvals,
        "entries": entries, "status_label": STATUS_LABELS().get(view.status, view.status),
        "recordings": recordings, "av_required": av_required(R[record.type], record.content),
        "can_dispose": request.user.has_role(Role.RECORDS_CUSTODIAN),
        "may_copy": policy.may_copy(request.user, record.case),
        "devices": Device.objects.filter(agency_id=record.agency_id).order_by("number"),
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})


def STATUS_LABELS() -> dict[str, str]:  # noqa: N802 - a table, translated when read
    return {"recorded": _("Recorded"), "approved": _("Approved"), "issued": _("Issued"), "served": _("Served"),
            "pending": _("Waiting for approval"), "rejected": _("Rejected"), "corrected": _("Corrected")}


@login_required
@require_POST
def record_approve(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_object(request.user, Record, pk)
    try:
        actions.approve(user=request.user, record=record, agree=request.POST.get("agree"),
                        opinion=request.POST.get("opinion", ""))
    except ActionError as exc:
        show_action_errors(request, exc, every_field=True)
    else:
        messages.success(request, _("Your opinion is recorded in the trail."))
    return redirect("web:record", pk=record.pk)


@login_required
def record_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The record as its paper form: title, number, header, content, signatures, approvals, and the hash
    that ties the paper to the trail (R-INT-1, R-INT-3)."""
    record = access_object(request.user, Record, pk)
    request.view_watermark = register.note_view(request.user, record.case,
                                                _("printable form of #%(seq)s") % {"seq": record.seq})
    view = CaseState(record.case).views[record.pk]
    return render(request, "web/record_print.html", {
        "record": record, "case": record.case, "rt": R[record.type], "rows": content_rows(record),
        "approvals": view.approvals, "agency": record.case.agency, "watermark": request.view_watermark})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The heads' inbox, 50 a page (issue 19)."""
    waiting, steps = overview.inbox_waits(request.user), _by_step(request.user)
    # oldest first, by key (no OFFSET), each step down the waits' (agency, step, record) index
    page = keyset_page(waiting, request.GET, key="record_id", desc=False, split=steps)
    items = overview.inbox(request.user, page.items)
    for item, wait in zip(items, page.items, strict=True):  # the day it was recorded, in China time
        item["recorded_on"] = timezone.localtime(wait.record.created_at).strftime("%Y-%m-%d")
    return render(request, "web/inbox.html", {
        "items": items, "page": page,
        "count": capped_count(waiting.order_by("record_id"), split=steps),
        # one reverse each a page, not two a row
        "record_url": reverse("web:record", args=[0])[:-2], "case_url": reverse("web:case", args=[0])[:-2]})


def _by_step(user) -> list[Q] | None:
    """The inbox read one approval step at a time when the user gives opinions at more than one (each down its
    index in key order, merged)."""
    steps = overview.inbox_steps(user)
    return [Q(step=s) for s in steps] if len(steps) > 1 else None


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    user = request.user
    agency_id = user.agency_id
    can_change = user.is_superuser or user.has_role(Role.ADMINISTRATOR, Role.LEGAL_REVIEWER)
    if request.method == "POST":
        try:
            if "profile" in request.POST:
                rule_actions.choose_profile(user=user, agency_id=agency_id, profile=request.POST["profile"])
            else:
                amount = request.POST.get("amount", "").strip()
                rule_actions.override_number(
                    user=user, agency_id=agency_id, key=request.POST.get("key", ""),
                    amount=None if amount in ("", "none") else amount, unit=request.POST.get("unit"),
                    source=request.POST.get("source", ""), clear="clear" in request.POST)
        except ActionError as exc:
            show_action_errors(request, exc, every_field=True)
        else:
            messages.success(request, _("Saved. The change is recorded in the trail."))
        return redirect("web:rules")
    current = rule_actions.rules_for(agency_id)
    numbers = current.numbers()
    rows = [{"key": k, "name": str(label), "value": numbers[k], "overridden": k in current.overrides,
             "amount": profiles.amount_text(numbers[k]) if numbers[k] else ""}
            for k, label in profiles.KEYS.items()]
    return render(request, "web/rules.html", {
        "current": current, "rows": rows, "profiles": [(k, str(v[0])) for k, v in profiles.SEEDS.items()],
        "units": list(profiles.unit_labels().items()), "can_change": can_change})


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST" and request.POST.get("action") in ("set_day", "remove_day"):
        try:
            if request.POST["action"] == "remove_day":
                try:
                    day = dt.date.fromisoformat(request.POST.get("date", ""))
                except ValueError:
                    raise ActionError({"date": [_("Enter a date like 2027-01-01.")]}) from None
                calendar_actions.remove_day(user=user, day=day)
            else:
                calendar_actions.import_calendar(user=user, rows=[{
                    "date": request.POST.get("date", ""), "workday": request.POST.get("workday", ""),
                    "name": request.POST.get("name", "")}])
        except ActionError as exc:
            show_action_errors(request, exc, every_field=True)
        else:
            messages.success(request, _("Saved. Deadlines of open cases are computed again."))
        return redirect("web:calendar")
    if request.method == "POST":
        try:
            upload = request.FILES.get("file")
            notice = request.POST.get("notice", "").strip()
            if notice:  # the State Council's notice pasted as published: one step (issue 12 §6)
                rows, meta = calendar_actions.read_notice(notice, request.POST.get("year") or None)
            elif upload is None:
                raise ActionError({"file": [_("Paste the State Council's notice, or choose a JSON, CSV or text "
                                              "file.")]})
            else:
                rows, meta = calendar_actions.read_calendar_file(
                    upload.read(calendar_actions.MAX_IMPORT_BYTES + 1), upload.name or "")
            year = request.POST.get("year") or meta.get("year")
            days = calendar_actions.import_calendar(user=user, rows=rows, year=year or None,
                                                    source=request.POST.get("source") or str(meta.get("source") or ""))
        except ActionError as exc:
            show_action_errors(request, exc, every_field=True)
        else:
            messages.success(request, _("%(n)s days imported. Deadlines of open cases are computed again.")
                             % {"n": len(days)})
        return redirect("web:calendar")
    errors = Deadline.objects.filter(agency_id=user.agency_id, level=Deadline.Level.ERROR)
    uncovered = sorted({d.error.split(":", 1)[1] for d in errors if d.error.startswith("calendar:")})
    return render(request, "web/calendar.html", {
        "coverage": calendar_actions.coverage(), "years": CalendarYear.objects.all(),
        "missing": calendar_actions.missing_years(timezone.localdate()),
        "days": CalendarDay.objects.all()[:400], "uncovered": uncovered, "error_count": errors.count(),
        "can_change": user.is_superuser or user.has_role(Role.ADMINISTRATOR),
        "example": json.dumps({"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
                               "days": [{"date": "2027-01-01", "workday": False, "name": "元旦"}]},
                              ensure_ascii=False)})
