"""The seven kinds of material a submission for legal review must carry (R-LR-2, HY-A3), each checked
against the case's own records, so the legal unit's one-time notice (R-LR-3) lists everything missing at
once and the handling unit sees it before it submits."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lawtrail.cases.actions import state_word
from lawtrail.cases.state import CaseState
from lawtrail.procedures.catalogue import R
from lawtrail.review.catalogue import DRAFTS, GATED

MATERIALS = (
    ("source", gettext_lazy("Case source and filing approval")),
    ("qualifications", gettext_lazy("Officers' enforcement qualifications")),
    ("evidence", gettext_lazy("Evidence gathered")),
    ("procedure", gettext_lazy("Procedure followed and its records")),
    ("draft", gettext_lazy("Draft decision with its facts and legal basis")),
    ("discretion", gettext_lazy("Discretion standard applied and the reasons")),
    ("other", gettext_lazy("Other materials")),
)
EVIDENCE_TYPES = ("inquiry", "site_inspection", "sampling", "preservation", "appraisal_report", "evidence_request",
                  "investigation_report", "inspection_record", "verification", "argumentation", "consultation",
                  "application", "coercion_request")
DISCRETION_BY_DEFAULT = ("penalty", "coercion")


def check(state: CaseState, content: dict[str, Any]) -> list[dict[str, str]]:
    """What is missing, one entry per problem naming its kind of material; [] when complete."""
    case = state.case
    label = dict(MATERIALS)
    missing: list[dict[str, str]] = []

    def lack(material: str, message: str) -> None:
        missing.append({"material": material, "label": str(label[material]), "message": message})

    spec = case.spec
    first = spec.stages[0]
    if first.completes and not state.has(first.completes, first.completes_state):
        lack("source", _("%(what)s is not %(state)s yet.") % {
            "what": _(" or ").join(str(R[t].name) for t in first.completes),
            "state": state_word(first.completes_state)})
    today = timezone.localdate()
    lapsed = [o.name for o in case.handlers.all() if not o.certificate_valid_on(today)]
    if lapsed:
        lack("qualifications", _("No valid enforcement certificate today: %(names)s (R-BASE-2).")
             % {"names": "、".join(lapsed)})
    if not case.handlers.exists():
        lack("qualifications", _("The case names no handling officers."))
    if not state.current(*EVIDENCE_TYPES):
        lack("evidence", _("No investigation record (inquiry, inspection, sampling, appraisal, …) is on file."))
    if state.has("hearing_notice", "recorded") and not state.has("hearing_record", "recorded"):
        lack("evidence", _("A hearing was notified but its record is not on file (HY-A3: hearing materials)."))
    gated = GATED.get(case.procedure)
    draft_type = DRAFTS.get(gated or "")
    if gated:
        for gate in R[gated].gates:
            if draft_type in gate.types or "collective_discussion" in gate.types:
                continue  # approved after the review (HY-A3: reviewed, then to the head or collective)
            if gate.only_case and gate.only_case not in case.flags:
                continue
            if gate.unless_case and gate.unless_case in case.flags:
                continue
            if gate.absent:
                continue  # a record that must not exist is not a material to submit
            if not state.has(gate.types, gate.state):
                lack("procedure", _("%(what)s is not %(state)s yet (%(cite)s).") % {
                    "what": _(" or ").join(str(R[t].name) for t in gate.types), "state": state_word(gate.state),
                    "cite": gate.cite})
    draft = state.latest(draft_type) if draft_type else None
    if draft is None:
        lack("draft", _("No %(type)s is on file.") % {"type": R[draft_type].name if draft_type else "—"})
    involved = content.get("discretion_involved")
    if involved is None:
        involved = case.procedure in DISCRETION_BY_DEFAULT
    if involved and not str(content.get("discretion") or "").strip():
        lack("discretion", _("Name the discretion standard applied and give the reasons (R-LR-2)."))
    return missing
