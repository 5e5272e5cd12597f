"""Recording pages: the agency's recordings to be labelled (R-AV-5) or uploaded late, and one recording's
page with its player, labels, upload timeliness, holds and retention, evidence copies (R-AV-7) and the
forms to relabel, record a copy, hold and ask to dispose. Thin: parse, check access, call an action."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lawtrail.access import policy, register
from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object, scoped
from lawtrail.cases.models import Case
from lawtrail.errors import ActionError
from lawtrail.evidence import actions, labels, retention, timeliness
from lawtrail.evidence.models import EvidenceCopy, Hold, Recording
from lawtrail.procedures.actions import rules_for
from lawtrail.web.case_views import show_action_errors
from lawtrail.workdays.actions import current_calendar

SHOW = ("unlinked", "late", "all")
LATE_WINDOW_DAYS = 90


@login_required
def recording_list(request: HttpRequest) -> HttpResponse:
    """Unlinked recordings first: what a dock import brought in that no one has tied to a case step yet."""
    show = request.GET.get("show", "unlinked")
    show = show if show in SHOW else "unlinked"
    device = request.GET.get("device", "").strip()
    qs = scoped(request.user, Recording).current().select_related("blob", "case", "officer__unit", "uploaded_by")
    if device:
        qs = qs.filter(device_no=device)
    judge = {"numbers": rules_for(request.user.agency_id).numbers(), "calendar": current_calendar()}
    if show == "unlinked":
        qs = qs.filter(case__isnull=True)
    elif show == "late":
        # Lateness depends on the profile and the calendar, so it is judged per recording, over a window.
        since = timezone.now() - dt.timedelta(days=LATE_WINDOW_DAYS)
        qs = [r for r in qs.filter(uploaded_at__gte=since, ended_at__isnull=False)
              if timeliness.upload_timeliness(r, **judge).late]
    page = Paginator(qs.order_by("-uploaded_at", "-pk") if show != "late" else qs, 50).get_page(
        request.GET.get("page"))
    for r in page:
        r.labels = labels.labels(r)
        r.timely = timeliness.upload_timeliness(r, **judge)
    return render(request, "web/recordings.html", {"page": page, "show": show, "device": device,
                                                   "late_days": LATE_WINDOW_DAYS})


def _page(request: HttpRequest, recording: Recording, errors: dict | None = None, data: dict | None = None,
          status: int = 200) -> HttpResponse:
    user = request.user
    current = recording.corrections.first()
    versions, old = [], recording.corrects
    while old is not None:
        versions.append(old)
        old = old.corrects
    steps = []
    if recording.case_id:
        steps = [(r.pk, f"#{r.seq} {r.spec.name}") for r in recording.case.records.order_by("seq")]
    from lawtrail.evidence.models import Device

    return render(request, "web/recording.html", {
        "may_copy": policy.may_copy(request.user, recording.case),
        "devices": Device.objects.filter(agency_id=recording.agency_id).order_by("number"),
        "r": recording, "labels": labels.labels(recording), "timely": timeliness.upload_timeliness(recording),
        "holds": retention.holds(recording), "keep_because": retention.why_not_disposable(recording),
        "retention_end": retention.retention_end(recording), "copies": recording.copies.all(),
        "replaced_by": current, "versions": versions, "steps": steps, "errors": errors or {}, "data": data or {},
        "media": EvidenceCopy.Medium.choices, "reasons": Hold.Reason.choices,
        "disposed": getattr(recording.blob, "disposal", None),
        "can_hold": user.has_role(*actions.HOLD_ROLES), "can_dispose": user.has_role(Role.RECORDS_CUSTODIAN),
        "can_label": user.has_role(*actions.UPLOAD_ROLES) and current is None,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}, status=status)


@login_required
def recording_page(request: HttpRequest, pk: int) -> HttpResponse:
    recording = access_object(request.user, Recording, pk)
    if request.method != "POST":
        if recording.case_id:
            request.view_watermark = register.note_view(
                request.user, recording.case, _("recording page %(name)s") % {"name": recording.filename})
        return _page(request, recording)
    form = request.POST.get("form")
    post = request.POST
    try:
        if form == "label":
            case_ref = post.get("case", "").strip()
            step = post.get("record", "").strip()
            seq = post.get("seq", "").strip().lstrip("#")
            if seq and not step:  # the step by its number within the case, as the case page shows it
                case, _r, _e = actions.case_and_step(recording.agency_id, case_ref, None)
                found = case.records.filter(seq=int(seq)).first() if case and seq.isdigit() else None
                if case is not None and found is None:
                    raise ActionError({"seq": [_("Case %(case)s has no step #%(seq)s.") % {"case": case.number,
                                                                                        "seq": seq}]})
                step = str(found.pk) if found else ""
            new = actions.label_recording(user=request.user, recording=recording, data={
                "case": case_ref, "record": step, "cause": post.get("cause", ""),
                "party": post.get("party", ""), "reason": post.get("reason", ""),
                **{k: post.get(k, "") for k in ("device_no", "started_at", "ended_at")}})
            messages.success(request, _("Labels saved as a new version; the old labels stay in the trail."))
            return redirect("web:recording", pk=new.pk)
        if form == "copy":
            actions.record_copy(user=request.user, recording=recording, data={
                k: post.get(k, "") for k in ("medium", "medium_no", "maker", "extractor", "extracted_at", "note")})
            messages.success(request, _("The evidence copy is recorded in the trail."))
        elif form == "hold":
            actions.place_hold(user=request.user, recording=recording, reason=post.get("reason", ""),
                               note=post.get("note", ""))
            messages.success(request, _("Held long-term. The hold is in the trail."))
        else:
            messages.error(request, _("Unknown form."))
            return _page(request, recording, status=400)
    except ActionError as exc:
        show_action_errors(request, exc)
        return _page(request, recording, errors={form: exc.errors}, data={form: post}, status=400)
    return redirect("web:recording", pk=recording.pk)


@login_required
@require_POST
def case_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold every recording of a case long-term: a review, a lawsuit, a complaint… (R-AV-7)."""
    case = access_object(request.user, Case, pk)
    try:
        actions.place_hold(user=request.user, case=case, reason=request.POST.get("reason", ""),
                           note=request.POST.get("note", ""))
    except ActionError as exc:
        show_action_errors(request, exc, every_field=True)
    else:
        messages.success(request, _("Every recording of this case is held long-term. The hold is in the trail."))
    return redirect("web:case", pk=case.pk)
