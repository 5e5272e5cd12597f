"""Who may see which case (R-ARC-3, HY-A6 20–21, WH 30) — decided here, once, and used by every view, API
call, download and export through `scoping.scoped` / `scoping.access_object`:

- officers: the cases they handle or opened (their own activity);
- unit heads: their unit's cases, and their own;
- the legal unit, the agency head and the records custodians (管理员, who handle every viewing and copying,
  HY-A6 20) — the agency's cases;
- supervisors (执法监督人员, internal supervision staff) — read the agency's cases, state secrets excepted
  (LC 33), write nothing into them, and every page of a case they open is a registered view (R-ARC-4), so
  they can be asked about it;
- everyone else (administrators, officers for other cases): only through an approved access request for
  that case, while its grant runs. An administrator keeps the system, not the cases: no case on their
  workbench.

A recording not linked to a case is seen by who uploaded or recorded it, and by the roles that see every
case. Other agencies' rows are never visible (404, as if they did not exist)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from lawtrail.access.roles import Role

AGENCY_WIDE = (Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.RECORDS_CUSTODIAN)

# Models whose rows belong to a case, and the path from the row to its case. (Reports to supervision are
# not: they exist to be read by supervision, R-LR-8.)
CASE_BOUND = {
    "cases.Case": "", "cases.Record": "case", "cases.Party": "case", "cases.Deadline": "case",
    "evidence.Recording": "case", "evidence.EvidenceCopy": "recording__case", "review.Review": "case",
    "review.ReviewMark": "case",
}


def sees_every_case(user) -> bool:
    """Sees every record of every case of the agency, state secrets included (LC 33: the agency-wide roles)."""
    return bool(user.is_superuser and user.agency_id is None) or user.has_role(*AGENCY_WIDE)


def supervises(user) -> bool:
    """Reads every case of the agency but its state secrets, as internal supervision (R-SUP-1, R-ARC-3)."""
    return not sees_every_case(user) and user.has_role(Role.SUPERVISOR)


def granted_case_ids(user):
    from lawtrail.access.models import AccessGrant

    now = timezone.now()
    return AccessGrant.objects.filter(user=user, valid_from__lte=now, valid_until__gt=now).values("case_id")


def own_cases_q(user) -> Q:
    """A filter on Case: the cases the user's own work or unit lets them see, without any grant."""
    own = Q(created_by=user)
    officer = getattr(user, "officer", None)
    if officer is not None:
        own |= Q(handlers=officer.pk)
        if user.has_role(Role.UNIT_HEAD):
            own |= Q(unit_id=officer.unit_id)
    return own


def visible_cases_q(user) -> Q:
    """A filter on Case: the cases this user may see (beyond the agency filter)."""
    if sees_every_case(user) or supervises(user):
        return Q()
    return own_cases_q(user) | Q(pk__in=granted_case_ids(user))


def restrict(user, qs: models.QuerySet) -> models.QuerySet:
    """Narrow an agency-scoped queryset of a case-bound model to what the user may see."""
    label = qs.model._meta.label
    if label not in CASE_BOUND or sees_every_case(user):
        return qs
    from lawtrail.cases.models import Case

    cases = Case.objects.filter(agency_id=user.agency_id).filter(visible_cases_q(user)).values("pk")
    path = CASE_BOUND[label]
    if supervises(user):  # every case; only a state secret's record is withheld
        if label == "cases.Record":
            from lawtrail.access.party import state_secret_ids

            return qs.exclude(pk__in=state_secret_ids(user.agency_id))
        return qs
    if not path:
        return qs.filter(pk__in=cases)
    allowed = Q(**{f"{path}__in": cases})
    if label == "cases.Record":
        # LC 33: a state secret is seen only by those who see every case and by the case's own officers.
        from lawtrail.access.party import state_secret_ids

        secret = Q(pk__in=state_secret_ids(user.agency_id))
        officer_id = getattr(user, "officer_id", None)
        handled = Case.objects.filter(handlers=officer_id).values("pk") if officer_id else Case.objects.none()
        allowed &= ~secret | Q(case__in=handled)
    if label == "evidence.Recording":  # not linked to a case yet: its uploader, its officer, their unit's head
        who = Q(uploaded_by=user)
        if user.officer_id:
            who |= Q(officer_id=user.officer_id)
            if user.has_role(Role.UNIT_HEAD):
                who |= Q(officer__unit_id=user.officer.unit_id)
        allowed |= Q(case__isnull=True) & who
    return qs.filter(allowed)


def works_on(user, case) -> bool:
    """Whether the user sees the case without any grant: its officers, its unit's head, the agency-wide roles."""
    from lawtrail.cases.models import Case

    return sees_every_case(user) or Case.objects.filter(pk=case.pk).filter(own_cases_q(user)).exists()


def may_see_case(user, case) -> bool:
    if not (user.is_authenticated and (user.agency_id == case.agency_id or
                                       (user.is_superuser and user.agency_id is None))):
        return False
    from lawtrail.cases.models import Case

    return Case.objects.filter(pk=case.pk).filter(visible_cases_q(user)).exists()


CASE_SUBJECTS = ("cases.case:", "cases.record:", "cases.party:", "evidence.recording:", "evidence.blob:",
                 "evidence.upload:", "review.review:")


def entries_q(user) -> Q:
    """Trail entries of an agency a restricted user may read: those about the cases they may see, and those
    about no case at all (base information, settings, devices)."""
    from lawtrail.cases.models import Case, Party, Record
    from lawtrail.evidence.models import Recording
    from lawtrail.review.models import Review

    cases = list(Case.objects.filter(agency_id=user.agency_id).filter(visible_cases_q(user))
                 .values_list("pk", flat=True))
    subjects = [f"cases.case:{pk}" for pk in cases]
    subjects += [f"cases.record:{pk}" for pk in Record.objects.filter(case_id__in=cases).values_list("pk", flat=True)]
    subjects += [f"cases.party:{pk}" for pk in Party.objects.filter(case_id__in=cases).values_list("pk", flat=True)]
    recordings = list(restrict(user, Recording.objects.filter(agency_id=user.agency_id)).values_list("pk", "blob_id"))
    subjects += [f"evidence.recording:{pk}" for pk, _sm3 in recordings]
    subjects += sorted({f"evidence.blob:{sm3}" for _pk, sm3 in recordings})
    subjects += [f"review.review:{pk}" for pk in Review.objects.filter(case_id__in=cases).values_list("pk",
                                                                                                   flat=True)]
    about_a_case = Q()
    for prefix in CASE_SUBJECTS:
        about_a_case |= Q(subject__startswith=prefix)
    return Q(subject__in=subjects) | ~about_a_case


def may_copy(user, case) -> bool:
    """Whether the user may take a copy out (a download, a bundle): those who may see the case — but internal
    supervision reads in place; a copy needs an approved request like anyone's (R-ARC-4, YZ 21)."""
    if case is None:
        return True
    if not may_see_case(user, case):
        return False
    if supervises(user):
        from lawtrail.access.register import active_grant

        return active_grant(user, case) is not None
    return True
