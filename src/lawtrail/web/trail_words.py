"""Trail entries as sentences (issue 12 §4): "王芳 记录了 询问（调查）笔录（2026-00001 #3）", at China time, with
the filters a person uses — case, person, kind of action, dates. The entry itself (kind, subject, hashes) stays
one click away on its own page; nothing here changes what the trail holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lawtrail.ledger.entry import parse_time

# Groups of kinds for the filter, by the prefixes of their kinds.
GROUPS = {
    "cases": (gettext_lazy("Cases and parties"), ("cases.case.", "cases.party.")),
    "records": (gettext_lazy("Records and corrections"), ("cases.record.",)),
    "approvals": (gettext_lazy("Approvals"), ("cases.approval.",)),
    "access": (gettext_lazy("Viewing, copying and access requests"),
               ("access.view", "access.copy", "access.request.", "evidence.recording.view",
                "evidence.recording.download", "archive.export")),
    "av": (gettext_lazy("Audio-video and devices"), ("evidence.",)),
    "review": (gettext_lazy("Legal review"), ("review.",)),
    "archive": (gettext_lazy("Case files"), ("archive.casefile.",)),
    "base": (gettext_lazy("Base information and settings"), ("registry.", "procedures.", "workdays.",
                                                              "access.user.", "access.partyaccount.")),
    "logins": (gettext_lazy("Sign-ins"), ("access.login", "access.logout")),
}


def group_q(group: str) -> Q:
    q = Q()
    for prefix in GROUPS.get(group, ("",))[1]:
        q |= Q(kind__startswith=prefix)
    return q


def _nouns() -> dict[str, str]:
    return {
        "cases.case": _("the case"), "cases.party": _("a party"), "registry.officer": _("an officer"),
        "registry.unit": _("a unit"), "registry.agency": _("the agency's details"), "registry.power": _("a power"),
        "registry.legalbasis": _("a legal basis"), "registry.discretionstandard": _("a discretion standard"),
        "registry.casecause": _("a case cause"), "access.user": _("a user"), "evidence.device": _("a recording device"),
        "evidence.deviceloan": _("a device loan"), "evidence.devicecheck": _("a device check"),
        "evidence.devicerepair": _("a device repair"), "evidence.deviceadministrator": _("a device administrator"),
        "review.majorrule": _("the catalogue of major decisions"), "procedures.agencyrules": _("the rule profile"),
        "workdays.calendaryear": _("the working-day calendar"), "workdays.calendarday": _("a calendar day"),
    }


def _verbs() -> dict[str, str]:
    return {"create": _("added"), "update": _("changed"), "delete": _("removed")}


def sentence(e, doc: dict[str, Any], records: dict[int, Any] | None = None) -> str:
    """What the entry says happened, in words (without who and when). `records`: records by id, to name the
    record an approval is about by its number in the case."""
    from lawtrail.access.register import content_text
    from lawtrail.procedures.catalogue import R

    kind = e.kind

    def named(type_code: str | None, case: str, seq) -> str:
        """A record as the trail names it: 询问（调查）笔录（2026-00001 #3）."""
        return f"{R[type_code].name if type_code in R else _('a record')}（{case} #{seq}）"

    if kind in ("cases.record.create", "cases.record.correct"):
        rec = doc.get("record") if isinstance(doc.get("record"), dict) else {}
        what = named(rec.get("type"), rec.get("case", ""), rec.get("seq", "")) if rec else _("a record")
        return (_("recorded %(what)s") if kind.endswith("create") else _("corrected %(what)s")) % {"what": what}
    if kind == "cases.approval.create":
        target = (records or {}).get(doc.get("record_id"))
        what = named(target.type, doc.get("case", ""), target.seq) if target is not None \
            else _("a record of case %(case)s") % {"case": doc.get("case", "")}
        word = _("approved %(what)s") if doc.get("agree") else _("refused to approve %(what)s")
        return (word % {"what": what}) + f"：{doc.get('opinion', '')}"
    if kind == "access.login":
        return _("signed in")
    if kind == "access.login_failed":
        return _("failed to sign in as %(name)s") % {"name": doc.get("username", "")}
    if kind == "access.logout":
        return _("signed out")
    if kind == "access.view":
        return _("viewed %(what)s of case %(case)s") % {"what": content_text(kind, doc), "case": doc.get("case", "")}
    if kind == "access.copy":
        return _("copied %(what)s of case %(case)s") % {"what": content_text(kind, doc), "case": doc.get("case", "")}
    if kind == "evidence.recording.view":
        return _("played %(file)s") % {"file": doc.get("filename", "")}
    if kind == "evidence.recording.download":
        return _("downloaded %(file)s") % {"file": doc.get("filename", "")}
    if kind == "evidence.recording.create":
        return _("uploaded the recording %(file)s") % {"file": doc.get("filename", "")}
    if kind == "evidence.recording.label":
        return _("relabelled a recording")
    if kind == "evidence.blob.store":
        return _("stored a file (SM3 %(h)s…)") % {"h": str(doc.get("sm3", ""))[:12]}
    if kind == "archive.export":
        return _("exported the verifiable bundle of case %(case)s") % {"case": doc.get("case", "")}
    if kind == "archive.casefile.create":
        return _("filed case %(case)s in the archive") % {"case": doc.get("case", "")}
    if kind.startswith("review.step."):
        return _("legal review of case %(case)s: %(step)s") % {"case": doc.get("case", ""),
                                                                "step": review_step_name(kind[len("review.step."):])}
    if kind == "review.review.create":
        return _("started the legal review of case %(case)s") % {"case": doc.get("case", "")}
    if kind.startswith("access.request."):
        return _("registered an access request") if kind.endswith("create") else _("decided an access request")
    if kind.startswith("evidence.fixity."):
        return _("checked the stored files against the trail")
    app_model, _dot, op = kind.rpartition(".")
    noun = _nouns().get(app_model)
    verb = _verbs().get(op)
    if noun and verb:
        return f"{verb}{noun}"
    return _("an action of the kind %(kind)s") % {"kind": kind}


def review_step_name(kind: str) -> str:
    from lawtrail.review.models import ReviewStep

    return str(dict(ReviewStep.Kind.choices).get(kind, kind))


def rows(entries) -> list[dict[str, Any]]:
    """The page's entries in words: who by their name, when in China time. Three queries for any page."""
    from lawtrail.access.models import User
    from lawtrail.cases.models import Record

    entries = list(entries)
    docs = []
    for e in entries:
        try:
            doc = json.loads(e.payload)
        except ValueError:
            doc = {}
        docs.append(doc if isinstance(doc, dict) else {})
    names = {u.pk: str(u) for u in User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id})}
    wanted = {d.get("record_id") for e, d in zip(entries, docs, strict=True) if e.kind == "cases.approval.create"}
    records = {r.pk: r for r in Record.objects.filter(pk__in=[w for w in wanted if isinstance(w, int)])
               .only("pk", "seq", "type")}
    link = reverse("web:trail_entry", args=[0])[:-2]  # "/trail/": one reverse a page, not one a row
    out = []
    for e, doc in zip(entries, docs, strict=True):
        at = timezone.localtime(parse_time(e.recorded_at))
        out.append({"seq": e.seq, "url": f"{link}{e.seq}/", "at": at, "when": at.strftime("%Y-%m-%d %H:%M:%S"),
                    "who": names.get(e.actor_id) or e.actor, "what": sentence(e, doc, records), "hash": e.entry_hash})
    return out


def day_bounds(text: str, *, end: bool = False) -> str | None:
    """A date typed in the filter as the UTC ISO string the trail's times compare with (China days)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    if end:
        day += dt.timedelta(days=1)
    moment = dt.datetime.combine(day, dt.time(0), tzinfo=timezone.get_current_timezone())
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
