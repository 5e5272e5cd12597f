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
from django.db.models import Exists, OuterRef, Q

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
    """The cases of the user's grants running now — the database's now, so that the SQL is the same from one
    request to the next (scoping keeps it compiled)."""
    from django.db.models.functions import Now

    from lawtrail.access.models import AccessGrant

    return AccessGrant.objects.filter(user=user, valid_from__lte=Now(), valid_until__gt=Now()).values("case_id")


def own_cases_q(user, *, listing: bool = False) -> Q:
    """A filter on Case: the cases the user's own work or unit lets them see, without any grant. Checked for one
    case (inside an EXISTS), a case's handlers are joined; `listing` their cases instead comes from the handlers
    table's index as one set, not a join that repeats each case per handler (issue 19)."""
    from lawtrail.cases.models import Case

    own = Q(created_by=user)
    officer = getattr(user, "officer", None)
    if officer is not None:
        if listing:
            own |= Q(pk__in=Case.handlers.through.objects.filter(officer_id=officer.pk).values("case_id"))
        else:
            own |= Q(handlers=officer.pk)
        if user.has_role(Role.UNIT_HEAD):
            own |= Q(unit_id=officer.unit_id)
    return own


def visible_cases_q(user) -> Q:
    """A filter on Case: the cases this user may see (beyond the agency filter)."""
    if sees_every_case(user) or supervises(user):
        return Q()
    return own_cases_q(user) | Q(pk__in=granted_case_ids(user))


def visible_case(user, ref: str = "pk") -> Exists:
    """EXISTS: the case `ref` names (an outer column) is one the user may see — checked for that case alone
    through its primary key, never by building the list of every visible case (issue 19)."""
    from lawtrail.cases.models import Case

    return Exists(Case.objects.filter(pk=OuterRef(ref)).filter(visible_cases_q(user)))


def restrict(user, qs: models.QuerySet) -> models.QuerySet:
    """Narrow an agency-scoped queryset of a case-bound model to what the user may see: a correlated EXISTS on
    the row's case, so one row costs one index lookup whatever the number of cases."""
    label = qs.model._meta.label
    if label not in CASE_BOUND or sees_every_case(user):
        return qs
    from lawtrail.access.party import not_state_secret

    path = CASE_BOUND[label]
    if supervises(user):  # every case; only a state secret's record is withheld
        return qs.filter(not_state_secret()) if label == "cases.Record" else qs
    return qs.filter(kept(_ALLOWED, (reader_key(user), label), lambda: _allowed(user, qs.model, path)))


# The filter `restrict` builds for a reader and a model, kept: it names only the reader's own ids (grants and
# secrecy marks are read in SQL each time), and building it was a third of an officer's record page (issue 19).
_ALLOWED: dict[tuple, Q] = {}


def kept(cache: dict, key, build):
    """`cache[key]`, built once by `build()`; the cache is emptied when it passes 4,096 readers' entries."""
    if key not in cache:
        if len(cache) > 4096:
            cache.clear()
        cache[key] = build()
    return cache[key]


def reader_key(user) -> tuple:
    """What a restricted reader's filters depend on: who they are, their agency, officer, unit and roles."""
    officer = getattr(user, "officer", None)
    return (user.pk, user.agency_id, user.is_superuser, officer and officer.pk, officer and officer.unit_id,
            tuple(sorted(user.role_set)))


def _allowed(user, model, path: str) -> Q:
    from lawtrail.access.party import not_state_secret

    label = model._meta.label
    allowed = Q(visible_case(user, path or "pk"))
    if label == "cases.Record":
        # LC 33: a state secret is seen only by those who see every case and by the case's own officers.
        officer_id = getattr(user, "officer_id", None)
        handled = Q(case__handlers=officer_id) if officer_id else Q(pk__in=[])
        allowed &= not_state_secret() | Q(Exists(model.objects.filter(pk=OuterRef("pk")).filter(handled)))
    if label == "evidence.Recording":  # not linked to a case yet: its uploader, its officer, their unit's head
        who = Q(uploaded_by=user)
        if user.officer_id:
            who |= Q(officer_id=user.officer_id)
            if user.has_role(Role.UNIT_HEAD):
                who |= Q(officer__unit_id=user.officer.unit_id)
        allowed |= Q(case__isnull=True) & who
    return allowed


def sees_every_record_of(user, case) -> bool:
    """Whether no record of the case is withheld from the user: LC 33 keeps a state secret for those who see every
    case and the case's own officers (its handlers) — the rule `restrict` applies row by row, asked for one case."""
    return sees_every_case(user) or (user.officer_id is not None
                                     and case.handlers.filter(pk=user.officer_id).exists())


def works_on(user, case) -> bool:
    """Whether the user sees the case without any grant: its officers, its unit's head, the agency-wide roles."""
    from lawtrail.cases.models import Case

    if sees_every_case(user):
        return True
    known = user.__dict__.setdefault("_works_on", {})  # for this request's user object: asked once a case
    if case.pk not in known:
        known[case.pk] = Case.objects.filter(pk=case.pk).filter(own_cases_q(user)).exists()
    return known[case.pk]


def may_see_case(user, case) -> bool:
    if not (user.is_authenticated and (user.agency_id == case.agency_id or
                                       (user.is_superuser and user.agency_id is None))):
        return False
    if user.__dict__.get("_works_on", {}).get(case.pk):  # works on it (asked already this request): sees it
        return True
    from lawtrail.cases.models import Case

    return Case.objects.filter(pk=case.pk).filter(visible_cases_q(user)).exists()


CASE_SUBJECTS = ("cases.case:", "cases.record:", "cases.party:", "evidence.recording:", "evidence.blob:",
                 "evidence.upload:", "review.review:")
NUMBERED = ("cases.case:", "cases.record:", "cases.party:", "evidence.recording:", "review.review:")


def with_refs(qs: models.QuerySet) -> models.QuerySet:
    """Trail entries with what their subject names, parsed in SQL: `ref_<model>` the id of a case, record, party,
    recording or review ("cases.record:12" → ref_record 12, NULL on any other subject) and `ref_blob` a file's
    SM3 — so each entry is checked against its own row by primary key (issue 19). The CASE guards the cast: only
    a subject with that prefix is ever cast to a number."""
    from django.db.models import BigIntegerField, CharField, When
    from django.db.models import Case as Choose
    from django.db.models.functions import Cast, Substr

    refs = {f"ref_{p.split('.')[1][:-1]}": Choose(
        When(subject__startswith=p, then=Cast(Substr("subject", len(p) + 1), BigIntegerField())),
        default=None, output_field=BigIntegerField()) for p in NUMBERED}
    refs["ref_blob"] = Choose(When(subject__startswith="evidence.blob:", then=Substr("subject", 15)), default=None,
                              output_field=CharField())
    return qs.alias(**refs)


def per_row(qs) -> Q:
    """EXISTS of `qs` (correlated with a trail entry), kept a lookup per entry: the added condition on the entry's
    own number is always true, but PostgreSQL cannot turn an EXISTS with such a condition into a hash of every
    row the subquery could return — which it otherwise does, reading all 100,000 visible cases to show 50
    entries (issue 19; EXPLAIN in docs/benchmarks.md)."""
    from django.db.models import Value
    from django.db.models.lookups import GreaterThan

    return Q(Exists(qs.filter(GreaterThan(OuterRef("seq"), Value(0)))))


def entries_q(user) -> Q:
    """Trail entries of an agency a restricted user may read (on a queryset from `with_refs`): each entry about a
    case, record, party, recording, file or review only if the user may see that row — a correlated EXISTS by its
    primary key, so a page of the trail costs the same whatever the number of cases the user sees — and those
    about no case at all (base information, settings, devices). An upload not yet stored is its uploader's."""
    from lawtrail.cases.models import Case, Party, Record
    from lawtrail.evidence.models import Recording
    from lawtrail.review.models import Review

    agency = user.agency_id
    recordings = restrict(user, Recording.objects.filter(agency_id=agency))
    visible = (per_row(Case.objects.filter(pk=OuterRef("ref_case"), agency_id=agency).filter(visible_cases_q(user)))
               | per_row(restrict(user, Record.objects.filter(agency_id=agency)).filter(pk=OuterRef("ref_record")))
               | per_row(restrict(user, Party.objects.filter(agency_id=agency)).filter(pk=OuterRef("ref_party")))
               | per_row(recordings.filter(pk=OuterRef("ref_recording")))
               | per_row(recordings.filter(blob_id=OuterRef("ref_blob")))
               | per_row(restrict(user, Review.objects.filter(agency_id=agency)).filter(pk=OuterRef("ref_review"))))
    about_a_case = Q()
    for prefix in CASE_SUBJECTS:
        about_a_case |= Q(subject__startswith=prefix)
    return Q(visible) | ~about_a_case


def secret_entries_q() -> Q:
    """Trail entries about a record whose level in force is state secret (LC 33), on a queryset from
    `with_refs` — checked through that record's own marks."""
    from lawtrail.access.models import SecrecyMark
    from lawtrail.access.party import _replaced

    return per_row(SecrecyMark.objects.filter(record_id=OuterRef("ref_record"), level=SecrecyMark.Level.STATE)
                   .exclude(_replaced()))


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
