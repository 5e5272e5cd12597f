"""The party portal (R-ARC-5, WH 30): a party signs in and sees and copies the records of its own cases —
matched by its identity number — with state secrets withheld and the identities of reporters, complainants
and third parties redacted. Internal opinions (approvals) are not shown. Every view and copy is a trail
entry and a row of the register (R-ARC-4)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from lawtrail.access import redaction
from lawtrail.access.models import PartyAccount, SecrecyMark
from lawtrail.cases.models import Case, Record
from lawtrail.cases.state import CaseState
from lawtrail.ledger import store


def account_of(user) -> PartyAccount | None:
    return PartyAccount.objects.filter(user=user).first() if user.is_authenticated else None


def own_cases(user):
    account = account_of(user)
    if account is None:
        return Case.objects.none()
    return Case.objects.filter(agency_id=user.agency_id, parties__id_no__iexact=account.id_no).distinct()


def _level_in_force() -> Subquery:
    """A record's secrecy level in force: its newest mark (None when never marked)."""
    return Subquery(SecrecyMark.objects.filter(record=OuterRef("pk")).order_by("-marked_at", "-pk")
                    .values("level")[:1])


def levels(records) -> dict[int, str]:
    """The secrecy level in force for each record: the newest mark, else ordinary."""
    return {pk: level or "ordinary" for pk, level in
            Record.objects.filter(pk__in=[r.pk for r in records]).annotate(level=_level_in_force())
            .values_list("pk", "level")}


def _replaced() -> Exists:
    """A mark a newer mark of the same record replaced (newest by time, then by id)."""
    return Exists(SecrecyMark.objects.filter(record_id=OuterRef("record_id")).filter(
        Q(marked_at__gt=OuterRef("marked_at")) | Q(marked_at=OuterRef("marked_at"), pk__gt=OuterRef("pk"))))


def state_secret_ids(agency_id: int):
    """Records whose level in force is state secret — a subquery of record ids, for `pk__in`. It starts from the
    agency's state-secret marks (few) and keeps those no newer mark replaced, so it never scans the records."""
    return (SecrecyMark.objects.filter(agency_id=agency_id, level=SecrecyMark.Level.STATE)
            .exclude(_replaced()).values("record_id"))


def not_state_secret() -> Q:
    """A filter on Record: its level in force is not state secret — per row, through the record's own marks."""
    return ~Exists(SecrecyMark.objects.filter(record_id=OuterRef("pk"), level=SecrecyMark.Level.STATE)
                   .exclude(_replaced()))


def shown_to_party(view) -> bool:
    """A record the party is given (R-ARC-5, HY-A1 13): not internal, in force, and — for a document — issued."""
    if view.spec.internal or not view.current or view.rejected:
        return False
    return not (view.spec.approval and not view.approved)


def case_view(user, case: Case) -> dict[str, Any]:
    """What the party sees of its case: its documents and the records of what was done with it — not the
    agency's internal forms, discussions and reports — redacted, in plain words, state secrets withheld."""
    from lawtrail.cases import display

    state = CaseState(case)
    r = redaction.for_case(case, state)
    level = levels([v.record for v in state.views.values()])
    by_id = {v.record.pk: v.record for v in state.views.values()}
    records, withheld = [], 0
    for view in state.views.values():
        rec = view.record
        if not shown_to_party(view):
            continue
        if level.get(rec.pk) == "state":
            withheld += 1
            continue
        records.append({"id": rec.pk, "seq": rec.seq, "type": rec.type, "name": str(view.spec.name),
                        "document": view.spec.document, "number": rec.number,
                        "occurred_at": display.moment_text(rec.occurred_at),
                        "served_at": display.moment_text(view.served_at) if view.served_at else "",
                        "place": r.text(rec.place), "matter": r.text(rec.matter),
                        "level": level.get(rec.pk, "ordinary"),
                        "content": display.content_rows(rec, records=by_id, redact=r.value)})
    store.append("access.view", f"cases.case:{case.pk}", {"case": case.number, "what": "party portal",
                                                          "party": True}, user=user, agency_id=case.agency_id)
    return {"case": case, "records": records, "withheld": withheld}


def copy_watermark(user, case: Case, act: str = "查阅复制") -> str:
    """What a party's copy — or page, act "查阅" — carries across it (R-ARC-4, HY-A6 22): who, when, which case."""
    from django.utils import timezone

    return f"{user} 当事人{act} · {timezone.localtime():%Y-%m-%d %H:%M} · {case.number}"


def note_copy(user, case: Case, record: Record) -> None:
    store.append("access.copy", f"cases.case:{case.pk}", {"case": case.number, "what": f"#{record.seq}",
                                                          "record": record.pk, "party": True},
                 user=user, agency_id=case.agency_id)


# --- writes -------------------------------------------------------------------------------------------
def create_account(*, user, username: str, password: str, id_no: str, full_name: str = "") -> PartyAccount:
    """An administrator opens a portal account for a party, tied to its identity number."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from lawtrail.access import actions as access_actions
    from lawtrail.access.roles import Role
    from lawtrail.errors import ActionError

    id_no = str(id_no or "").strip().upper()
    if not id_no or len(id_no) > 30:
        raise ActionError({"id_no": [_("Give the party's identity number (resident ID or credit code).")]})
    with transaction.atomic():
        account_user = access_actions.create_user(user=user, agency=user.agency, username=username,
                                                  password=password, full_name=full_name, roles=[Role.PARTY])
        account = PartyAccount.objects.create(agency_id=user.agency_id, user=account_user, id_no=id_no,
                                              created_by=user, created_at=timezone.now())
        store.append("access.partyaccount.create", f"access.user:{account_user.pk}",
                     {"user": account_user.username, "id_no": id_no}, user=user, agency_id=user.agency_id)
    return account


def mark_secrecy(*, user, record: Record, level: str, reason: str) -> SecrecyMark:
    """R-ARC-5, LC 33: the legal unit, the agency head or the custodian sets a record's secrecy level."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from lawtrail.access.roles import Role
    from lawtrail.errors import ActionError, NotAllowed

    if not (user.agency_id == record.agency_id and user.has_role(Role.LEGAL_REVIEWER, Role.AGENCY_HEAD,
                                                                 Role.RECORDS_CUSTODIAN)):
        raise NotAllowed(_("The legal unit, the agency head or the custodian sets secrecy levels (R-ARC-5)."))
    errors = {}
    if level not in SecrecyMark.Level.values:
        errors["level"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(SecrecyMark.Level.values)}]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why (e.g. the secrecy regulation applied).")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        mark = SecrecyMark.objects.create(agency_id=record.agency_id, record=record, level=level,
                                          reason=reason.strip(), marked_by=user, marked_at=timezone.now())
        store.append("access.secrecy.mark", f"cases.record:{record.pk}",
                     {"record": record.pk, "level": level, "reason": mark.reason}, user=user,
                     agency_id=record.agency_id)
    return mark
