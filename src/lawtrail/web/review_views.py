"""Legal-review pages (R-LR-1..8): the legal unit's queue ordered by clock, a review beside the case's
records with the forms each role may use at its stage, the printable opinion letter, the catalogue of
major decisions, the case page's review box actions and the reports to supervision. Thin: parse, check
access, call an action in review/actions.py."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object, scoped
from lawtrail.cases.models import Case
from lawtrail.cases.state import CaseState
from lawtrail.errors import ActionError
from lawtrail.procedures.catalogue import FAMILIES
from lawtrail.registry.models import Power
from lawtrail.review import actions, overview
from lawtrail.review.materials import MATERIALS
from lawtrail.review.models import MajorRule, Review, SupervisionReport
from lawtrail.web.case_views import STATUS_LABELS, content_rows, show_action_errors

LEVEL_CSS = {"overdue": "red", "met_late": "red", "error": "red", "soon": "yellow"}
SPLIT = re.compile(r"[,，、;；\n]+")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("all") == "1"
    rows = overview.queue(request.user, everything=everything)
    for r in rows:
        r["css"] = LEVEL_CSS.get(r["level"], "")
    return render(request, "web/review_queue.html", {"rows": rows, "everything": everything})


def _content(kind: str, post) -> dict:
    """The step's content from the form's fields."""
    if kind == "prelim":
        return {"agree": post.get("agree", ""), "opinion": post.get("opinion", "")}
    if kind in ("submit", "supplement"):
        return {"discretion_involved": post.get("discretion_involved") == "on",
                "discretion": post.get("discretion", ""), "other": post.get("other", ""),
                "note": post.get("note", "")}
    if kind == "findings":
        return {"points": {code: {"finding": post.get(f"finding_{code}", ""), "note": post.get(f"note_{code}", "")}
                           for code, _label in actions.POINTS}}
    if kind == "panel":
        return {"experts": [e.strip() for e in SPLIT.split(post.get("experts", "")) if e.strip()],
                "conclusion": post.get("conclusion", ""), "agreed": post.get("agreed") == "on",
                "outcome": post.get("outcome", "")}
    if kind == "collective":
        return {"participants": [e.strip() for e in SPLIT.split(post.get("participants", "")) if e.strip()],
                "outcome": post.get("outcome", ""), "conclusion": post.get("conclusion", ""),
                "panel_not_formed": post.get("panel_not_formed") == "on"}
    fields = {"check": (), "pause": ("reason", "note"), "resume": ("note",), "extension": ("reason",),
              "counsel": ("counsel", "opinion"), "counsel_review": ("counsel_step", "note"),
              "opinion": ("outcome", "opinion"), "copy": ("which", "note"), "disagree": ("reason",)}
    return {f: post.get(f, "") for f in fields.get(kind, ())}


def _forms(user, review: Review, doc: dict) -> set[str]:
    """Which step forms this user sees now — the actions decide again on submit."""
    s, R_ = review.status, Review.Status
    has = user.has_role
    out = set()
    if s == R_.PRELIM:
        if has(Role.UNIT_HEAD):
            out.add("prelim")
        if has(*actions.SUBMIT_ROLES) and any(x["kind"] == "prelim" and x["content"].get("agree")
                                                for x in doc["steps"]):
            out.add("submit")
    if s == R_.INCOMPLETE and has(*actions.SUBMIT_ROLES):
        out.add("supplement")
    if has(Role.LEGAL_REVIEWER):
        if s == R_.SUBMITTED:
            out.add("check")
        if s in (R_.REVIEWING, R_.PAUSED):
            out |= {"findings", "counsel", "counsel_review", "pause" if s == R_.REVIEWING else "resume"}
        if s == R_.REVIEWING:
            out.add("opinion")
        if s in (R_.DECIDED, R_.DISPUTED) and not all(doc["copies"].values()):
            out.add("copy")
        if s == R_.DISPUTED:
            out.add("panel")
    if has(Role.AGENCY_HEAD):
        if s in (R_.REVIEWING, R_.PAUSED) and not review.urgent and not any(x["kind"] == "extension"
                                                                          for x in doc["steps"]):
            out.add("extension")
        if s == R_.DISPUTED:
            out |= {"panel", "collective"}
    if has(Role.UNIT_HEAD) and s == R_.DECIDED and review.outcome != "agree":
        out.add("disagree")
    return out


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_object(request.user, Review, pk)
    errors: dict = {}
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    if kind:
        try:
            actions.add_step(user=request.user, review=review, kind=kind, content=_content(kind, request.POST))
        except ActionError as exc:
            errors = {kind: exc.errors}
            show_action_errors(request, exc, every_field=kind not in ("findings",))
        else:
            messages.success(request, _("Recorded. The step is in the trail."))
            return redirect("web:review", pk=review.pk)
        review.refresh_from_db()
    state = CaseState(review.case)
    doc = overview.review_doc(review, state=state)
    counsel = [s for s in doc["steps"] if s["kind"] == "counsel"]
    draft = state.views.get(review.draft_id)
    labels = STATUS_LABELS()
    records = [{"view": v, "status": labels.get(v.status, v.status)} for v in state.views.values()]
    return render(request, "web/review.html", {
        "review": review, "doc": doc, "case": review.case, "records": records, "draft": draft,
        "draft_rows": content_rows(draft.record) if draft else [], "forms": _forms(request.user, review, doc),
        "errors": errors,
        "data": {kind: request.POST} if kind else {}, "points": actions.POINTS, "outcomes": actions.OUTCOMES,
        "pause_reasons": actions.PAUSE_REASONS, "materials": MATERIALS, "counsel": counsel,
        "level_css": LEVEL_CSS.get(review.level, "")}, status=400 if errors else 200)


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The opinion letter (重大行政执法决定法制审核意见书, R-LR-7): printable, in two copies."""
    review = access_object(request.user, Review, pk)
    doc = overview.review_doc(review)
    opinion = next((s for s in reversed(doc["steps"]) if s["kind"] == "opinion"), None)
    findings = next((s for s in reversed(doc["steps"]) if s["kind"] == "findings"), None)
    points = [(label, (findings or {}).get("content", {}).get("points", {}).get(code, {})) for code, label
              in actions.POINTS]
    final = next((s for s in reversed(doc["steps"]) if s["kind"] in ("collective", "panel")
                  and s["content"].get("outcome")), None)
    return render(request, "web/review_letter.html", {
        "review": review, "doc": doc, "opinion": opinion, "points": points, "final": final,
        "final_outcome": dict(actions.OUTCOMES).get(final["content"]["outcome"], "") if final else ""})


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The legal unit's catalogue of major decisions (R-LR-1, HY-A3 3)."""
    user = request.user
    errors: dict = {}
    data: dict = {}
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("toggle"):
                rule = access_object(user, MajorRule, post.get("toggle"))
                actions.save_rule(user=user, rule=rule, data={"active": not rule.active})
            else:
                data = {k: post.get(k, "") for k in ("name", "family", "power", "amount_at_least", "source")}
                data.update({k: post.get(k) == "on" for k in ("when_hearing", "when_major")})
                actions.save_rule(user=user, data=data)
        except ActionError as exc:
            errors = exc.errors
            show_action_errors(request, exc)
        else:
            messages.success(request, _("Saved. The change is in the trail."))
            return redirect("web:review_catalogue")
    return render(request, "web/review_catalogue.html", {
        "rules": scoped(user, MajorRule).select_related("power"), "families": list(FAMILIES.items()),
        "powers": scoped(user, Power).filter(is_active=True), "errors": errors, "data": data,
        "can_edit": user.has_role(*actions.CATALOGUE_ROLES)}, status=400 if errors else 200)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page's review box: start a review, list the case (collective discussion), or override."""
    case = access_object(request.user, Case, pk)
    what = request.POST.get("what")
    try:
        if what == "start":
            review = actions.start_review(user=request.user, case=case, urgent=request.POST.get("urgent") == "on")
            messages.success(request, _("Review started; the unit head's preliminary review comes next."))
            return redirect("web:review", pk=review.pk)
        if what == "mark":
            actions.mark_case(user=request.user, case=case, reason=request.POST.get("reason", ""),
                              meeting=request.POST.get("meeting", ""))
            messages.success(request, _("The case is listed for legal review."))
        elif what == "override":
            actions.override_review(user=request.user, case=case, reason=request.POST.get("reason", ""))
            messages.warning(request, _("Override recorded and reported to supervision (R-LR-8)."))
        else:
            messages.error(request, _("Unknown form."))
    except ActionError as exc:
        show_action_errors(request, exc, every_field=True)
    return redirect("web:case", pk=case.pk)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.SUPERVISOR, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER):
        messages.error(request, _("Reports to supervision are for supervisors, the agency head and the legal unit."))
        return redirect("web:home")
    rows = scoped(request.user, SupervisionReport).select_related("case", "created_by")[:500]
    return render(request, "web/review_reports.html", {"rows": rows})
