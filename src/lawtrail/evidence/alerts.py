"""Audio-video alerts on the workbench: steps of the user's open cases that had to be filmed and have no
recording (R-INV-6), recordings not linked to a case (R-AV-5), recordings uploaded late (R-AV-5) and the
last fixity sweep's mismatches (R-AV-6). Each alert names its rule; nothing is capped silently — a count
says how many there are even where the list shows only the first ones."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lawtrail.access.roles import Role
from lawtrail.cases.models import Case
from lawtrail.evidence import coverage, timeliness
from lawtrail.evidence.models import Recording
from lawtrail.ledger.models import Entry
from lawtrail.procedures.actions import rules_for
from lawtrail.workdays.actions import current_calendar

SHOWN = 10
MISSING_CAP = 200  # past this many steps without audio-video, the count says "more than 200" and stops reading
LATE_WINDOW = dt.timedelta(days=30)
FIXITY_ROLES = (Role.RECORDS_CUSTODIAN, Role.AGENCY_HEAD, Role.ADMINISTRATOR, Role.LEGAL_REVIEWER)


def _mine(user):
    """Recordings the user answers for: those they uploaded or recorded; a whole agency for custodians and
    heads (who see that nothing is left unlabelled)."""
    qs = Recording.objects.current().filter(agency_id=user.agency_id)
    if user.has_role(Role.RECORDS_CUSTODIAN, Role.AGENCY_HEAD):
        return qs
    if user.has_role(Role.UNIT_HEAD) and user.officer_id:
        return qs.filter(Q(officer__unit=user.officer.unit_id) | Q(uploaded_by=user))
    mine = Q(uploaded_by=user)
    if user.officer_id:
        mine |= Q(officer_id=user.officer_id)
    return qs.filter(mine)


def for_user(user, cases) -> dict[str, Any]:
    """`cases`: the user's open cases (the workbench's list)."""
    if not user.agency_id:
        return {}
    missing, complete = coverage.missing_in(cases.filter(status=Case.Status.OPEN), stop_after=MISSING_CAP)
    mine = _mine(user)
    unlinked = mine.filter(case__isnull=True)
    since = timezone.now() - LATE_WINDOW
    numbers, calendar = rules_for(user.agency_id).numbers(), current_calendar()
    late = [r for r in mine.filter(uploaded_at__gte=since, ended_at__isnull=False).select_related("case")
            .order_by("-uploaded_at") if timeliness.upload_timeliness(r, numbers=numbers, calendar=calendar).late]
    return {"av_missing": missing[:SHOWN], "av_missing_count": len(missing) if complete else MISSING_CAP,
            "av_missing_more": not complete,
            "unlinked": list(unlinked.order_by("-uploaded_at")[:SHOWN]), "unlinked_count": unlinked.count(),
            "late": late[:SHOWN], "late_count": len(late), "late_days": LATE_WINDOW.days,
            "fixity": fixity_alert(user) if user.has_role(*FIXITY_ROLES) else None}


def fixity_alert(user) -> dict[str, Any] | None:
    """The last sweep, if it found problems: when, how many, and the files of the user's agency."""
    sweeps = list(Entry.objects.filter(kind="evidence.fixity.sweep").order_by("-seq")[:2])
    if not sweeps:
        return None
    last = sweeps[0]
    result = json.loads(last.payload)
    if not result.get("problems"):
        return None
    after = sweeps[1].seq if len(sweeps) > 1 else 0
    problems = [json.loads(e.payload) for e in Entry.objects.filter(kind="evidence.fixity.problem",
                                                                      seq__gt=after, seq__lt=last.seq)]
    ours = set(Recording.objects.filter(agency_id=user.agency_id, blob_id__in=[p["sm3"] for p in problems])
               .values_list("blob_id", flat=True))
    return {"at": last.recorded_at, "seq": last.seq, "checked": result.get("checked", 0),
            "problems": [p for p in problems if p["sm3"] in ours or user.has_role(Role.ADMINISTRATOR)],
            "count": result["problems"]}
