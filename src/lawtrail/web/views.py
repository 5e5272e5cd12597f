"""Thin web entry points: parse, check access, call an action, render."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access import actions as access_actions
from lawtrail.access import party
from lawtrail.access.models import User
from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_entry, access_object, scoped, visible_entries
from lawtrail.errors import ActionError
from lawtrail.ledger.entry import parse_time
from lawtrail.ledger.models import Checkpoint, Entry
from lawtrail.registry import actions, importing
from lawtrail.registry.models import Agency, Officer
from lawtrail.web.forms import UserForm
from lawtrail.web.kinds import KINDS
from lawtrail.web.paging import keyset_page


def _kind(slug: str):
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404(slug) from None


def _apply_errors(form, exc: ActionError) -> None:
    """Show the action's errors on the form; the form's own validation has usually found the same
    ones already, so each message is shown once."""
    for field, msgs in exc.errors.items():
        key = field if field in form.fields else None
        shown = form.errors.get(key or "__all__", [])
        for msg in msgs:
            if msg not in shown:
                form.add_error(key, msg)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    officers = scoped(user, Officer)
    soon = today + dt.timedelta(days=60)
    context = {
        "agency": user.agency,
        "counts": [(kind, scoped(user, kind.model).count()) for kind in KINDS.values()],
        "expiring": officers.filter(is_active=True, cert_valid_until__lte=soon).order_by("cert_valid_until")[:20],
        "today": today,
        "recent": visible_entries(user).order_by("-seq")[:10],
    }
    return render(request, "web/home.html", context)


@login_required
def kind_list(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    qs = scoped(request.user, kind.model)
    q = request.GET.get("q", "").strip()
    if q:
        text_fields = [f.name for f in kind.model._meta.fields if f.get_internal_type() in ("CharField", "TextField")]
        cond = Q()
        for name in text_fields:
            cond |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(cond)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    fields = [kind.model._meta.get_field(c) for c in kind.columns]
    rows = [(obj, [_display(obj, f) for f in fields]) for obj in page]
    return render(request, "web/kind_list.html", {"kind": kind, "fields": fields, "rows": rows, "page": page,
                                                  "q": q, "can_change": kind.can_change(request.user)})


def _display(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value


@login_required
def kind_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    obj = access_object(request.user, kind.model, pk)
    fields = [(f.verbose_name, _display(obj, f)) for f in kind.model._meta.fields
              if f.name not in ("id", "agency", "photo")]
    history = Entry.objects.filter(subject=f"{obj._meta.label_lower}:{obj.pk}").order_by("-seq")
    return render(request, "web/kind_detail.html", {"kind": kind, "obj": obj, "fields": fields, "history": history,
                                                    "can_change": kind.can_change(request.user)})


@login_required
def kind_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    kind = _kind(slug)
    user = request.user
    instance = access_object(user, kind.model, pk) if pk is not None else None
    if not kind.can_change(user):
        messages.error(request, _("Your roles do not allow changing this."))
        return redirect("web:kind_list", slug=slug)
    if request.method == "POST":
        data = _post_data(kind.form(instance=instance, agency=user.agency), request.POST)
        try:
            obj = actions.save_base_info(kind.model, user=user, data=data, files=request.FILES, instance=instance)
        except ActionError as exc:
            form = kind.form(request.POST, request.FILES, instance=instance, agency=user.agency)
            form.is_valid()
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved. The change is recorded in the trail."))
            return redirect("web:kind_detail", slug=slug, pk=obj.pk)
    else:
        form = kind.form(instance=instance, agency=user.agency)
    return render(request, "web/kind_form.html", {"kind": kind, "form": form, "obj": instance})


def _post_data(form, post) -> dict:
    """The posted value of every field of the form, as the action expects it (an unticked checkbox is
    False, a multiple choice is a list)."""
    data = {}
    for name, field in form.fields.items():
        widget = field.widget
        if name == "photo":
            continue
        if getattr(widget, "allow_multiple_selected", False):
            data[name] = post.getlist(name)
        elif getattr(widget, "input_type", "") == "checkbox":
            data[name] = name in post
        else:
            data[name] = post.get(name, "")
    return data


@login_required
def kind_import(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    if not kind.importable:
        raise Http404(slug)
    result, errors, row_errors = None, [], []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a CSV or XLSX file to import.")]
        else:
            fn = importing.import_officers if slug == "officers" else importing.import_powers
            try:
                result = fn(user=request.user, filename=upload.name, content=upload.read())
            except ActionError as exc:
                errors = [m for msgs in exc.errors.values() for m in msgs]
                row_errors = exc.rows
            else:
                messages.success(request, _("Import finished. Every row is recorded in the trail."))
    columns = importing.OFFICER_COLUMNS if slug == "officers" else importing.POWER_COLUMNS
    status = 400 if errors else 200
    return render(request, "web/kind_import.html", {"kind": kind, "result": result, "errors": errors,
                                                    "row_errors": row_errors, "columns": columns}, status=status)


@login_required
def officer_photo(request: HttpRequest, pk: int) -> HttpResponse:
    officer = access_object(request.user, Officer, pk)
    if not officer.photo:
        raise Http404("no photo")
    try:
        handle = officer.photo.open("rb")
    except OSError:
        raise Http404("the photo file is missing") from None
    return FileResponse(handle, content_type="image/png" if officer.photo.name.lower().endswith(".png")
                        else "image/jpeg")


@login_required
def users(request: HttpRequest) -> HttpResponse:
    """Users and roles, with the parties' portal accounts: the administrator's page (the agency head reads it).
    Citizens' accounts are not shown to officers."""
    user = request.user
    can_manage = actions.can_change(user, User)
    if not (can_manage or user.has_role(Role.AGENCY_HEAD)):
        raise Http404("the administrator keeps the users")
    form = UserForm(agency=user.agency) if can_manage else None
    if request.method == "POST" and can_manage:
        form = UserForm(request.POST, agency=user.agency)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if Role.PARTY in d["roles"]:  # a portal account, tied to the party's identity number (R-ARC-5)
                    party.create_account(user=user, username=d["username"], password=d["password"],
                                         id_no=d["id_no"], full_name=d["full_name"])
                else:
                    access_actions.create_user(user=user, agency=user.agency, username=d["username"],
                                               password=d["password"], full_name=d["full_name"],
                                               roles=d["roles"], officer=d["officer"])
            except ActionError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Saved. The change is recorded in the trail."))
                return redirect("web:users")
    rows = scoped(user, User).select_related("officer").prefetch_related("role_grants").order_by("username")
    return render(request, "web/users.html", {"rows": rows, "form": form, "can_manage": can_manage},
                  status=400 if form is not None and form.errors else 200)


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not actions.can_change(user, User):
        raise Http404("the administrator keeps the users")
    target = access_object(user, User, pk)
    initial = {"roles": sorted(target.role_set), "officer": target.officer_id}
    form = UserForm(request.POST or None, agency=user.agency, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                access_actions.set_roles(target, user=user, roles=form.cleaned_data["roles"])
                access_actions.link_officer(target, form.cleaned_data["officer"], user=user)
        except ActionError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved. The change is recorded in the trail."))
            return redirect("web:users")
    return render(request, "web/user_edit.html", {"target": target, "form": form},
                  status=400 if form.errors else 200)


@login_required
def agency(request: HttpRequest) -> HttpResponse:
    obj = request.user.agency
    if obj is None:
        raise Http404("no agency")
    fields = [(f.verbose_name, _display(obj, f)) for f in Agency._meta.fields if f.name != "id"]
    units = obj.units.order_by("kind", "name")
    return render(request, "web/agency.html", {"obj": obj, "fields": fields, "units": units})


TRAIL_SPAN = 5_000


@login_required
def trail(request: HttpRequest) -> HttpResponse:
    """The trail in words, newest first, filtered by case, person, kind of action and dates (China days)."""
    from lawtrail.archive.bundle import case_subjects_q
    from lawtrail.cases.models import Case
    from lawtrail.web import trail_words

    user = request.user
    qs = visible_entries(user)
    f = {k: request.GET.get(k, "").strip() for k in ("case", "who", "group", "from", "to")}
    errors = []
    if f["case"]:
        case = scoped(user, Case).filter(number=f["case"]).first()
        if case is None:
            errors.append(_("No case %(number)s that you may see.") % {"number": f["case"]})
            qs = qs.none()
        else:
            # One case the user may see: its own subjects (by the subject index), less the records withheld from
            # this user (state secrets, LC 33) — not the whole visible trail filtered down (issue 19).
            from lawtrail.access import policy
            from lawtrail.cases.models import Record

            # no record filter to build for those from whom none is withheld (LC 33)
            records = None if policy.sees_every_record_of(user, case) else \
                policy.restrict(user, Record.objects.filter(case=case))
            qs = Entry.objects.filter(case_subjects_q(case, records))
    if f["who"].isdigit():
        qs = qs.filter(actor_id=int(f["who"]))
    if f["group"] in trail_words.GROUPS:
        qs = qs.filter(trail_words.group_q(f["group"]))
    for key, end in (("from", False), ("to", True)):
        if f[key]:
            bound = trail_words.day_bounds(f[key], end=end)
            if bound is None:
                errors.append(_("%(value)s is not a date like 2026-03-01.") % {"value": f[key]})
            else:
                qs = qs.filter(**{"recorded_at__lt" if end else "recorded_at__gte": bound})
    # Newest first, 50 at a time by entry number, looking at no more than TRAIL_SPAN entries a page: no count of
    # every entry the user may see, and a bounded cost for one who may see few of them (issue 19).
    top = Entry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    page = keyset_page(qs, request.GET, keep=f, span=None if f["case"] else TRAIL_SPAN, top=top)
    if page.error:
        errors.append(page.error)
    latest = Checkpoint.objects.order_by("-tree_size", "-id").first()
    return render(request, "web/trail.html", {
        "page": page, "rows": trail_words.rows(page.items), "latest": latest, "f": f, "errors": errors,
        "latest_time": timezone.localtime(parse_time(latest.timestamp)).strftime("%Y-%m-%d %H:%M") if latest else "",
        "groups": [(k, str(v[0])) for k, v in trail_words.GROUPS.items()],
        # the agency's staff — never the parties' portal accounts (citizens), whose actions show by name anyway
        "people": [(str(pk), full_name or username, str(pk) == f["who"]) for pk, full_name, username in
                   User.objects.filter(agency_id=user.agency_id).exclude(role_grants__role=Role.PARTY)
                   .order_by("username").values_list("pk", "full_name", "username")]})


@login_required
def trail_entry(request: HttpRequest, seq: int) -> HttpResponse:
    entry = access_entry(request.user, seq)
    payload = json.dumps(json.loads(entry.payload), ensure_ascii=False, indent=2)
    from lawtrail.web import trail_words

    return render(request, "web/trail_entry.html", {"entry": entry, "payload": payload,
                                                    "row": trail_words.rows([entry])[0]})
