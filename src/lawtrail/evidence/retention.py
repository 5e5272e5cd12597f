"""Retention of audio-video records (R-AV-6, R-AV-7): how long each must be kept and what holds it
long-term. Retention follows the case, not a label an officer picks (FIELD-NOTES): a recording linked
to a case step is used as evidence and held; so is every recording of a major case or of a case with a
hearing on record. Other holds — a review, a lawsuit, a complaint, obstruction, an incident — are set by
hand, on one recording or on a whole case (then every recording of the case, present and future, is held).
Nothing held, or still within its retention period, or under an agency profile that names no period, can be
disposed of."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.evidence.models import Hold, Recording
from lawtrail.procedures.actions import rules_for
from lawtrail.workdays.calendar import due_at


@dataclass(frozen=True)
class HoldReason:
    reason: str
    label: str
    automatic: bool
    note: str = ""


def holds(recording: Recording) -> list[HoldReason]:
    out: list[HoldReason] = []
    if recording.record_id is not None:
        out.append(HoldReason("evidence", str(Hold.Reason.EVIDENCE.label), True,
                              _("linked to a case step (R-AV-7, WH 27, YZ 19)")))
    case = recording.case
    if case is not None:
        if case.is_major:
            out.append(HoldReason("major", str(Hold.Reason.MAJOR.label), True, _("the case is major or complex")))
        if case.records.filter(type__in=("hearing_record", "hearing_notice")).exists():
            out.append(HoldReason("hearing", str(Hold.Reason.HEARING.label), True, _("the case has a hearing")))
    versions, old = [recording.pk], recording.corrects_id
    while old is not None:  # a hold set before a relabelling still holds
        versions.append(old)
        old = Recording.objects.filter(pk=old).values_list("corrects_id", flat=True).first()
    manual = Q(recording_id__in=versions)
    if case is not None:
        manual |= Q(case=case)
    for h in Hold.objects.filter(manual).order_by("set_at", "pk"):
        out.append(HoldReason(h.reason, h.get_reason_display(), False, h.note))
    return out


def retention_end(recording: Recording) -> dt.datetime | None:
    """When the retention period of the agency's profile ends (None: the profile names no period)."""
    from lawtrail.workdays.actions import current_calendar

    period = rules_for(recording.agency_id).numbers().get("av_retention")
    if period is None:
        return None
    start = recording.ended_at or recording.uploaded_at
    return due_at(current_calendar(), start, period.amount, period.unit)


def why_not_disposable(recording: Recording, now: dt.datetime | None = None) -> list[str]:
    """Every reason the recording's bytes must be kept, each naming its rule; empty when none."""
    now = now or timezone.now()
    reasons = [_("Held long-term: %(label)s — %(note)s (R-AV-7).") % {"label": h.label, "note": h.note}
               for h in holds(recording)]
    end = retention_end(recording)
    if end is None:
        reasons.append(_("The agency's rule profile names no retention period for audio-video, so nothing may be "
                         "disposed of until one is set (R-AV-7)."))
    elif now < end:
        reasons.append(_("Within its retention period until %(end)s (R-AV-7).")
                       % {"end": timezone.localtime(end).strftime("%Y-%m-%d %H:%M")})
    return reasons
