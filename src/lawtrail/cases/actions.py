"""The only place cases, parties, records and approvals are written. Each action checks the user, checks
the step against the procedure catalogue (stage order, gates, required fields, officers and their
certificates), writes its rows, appends its trail entry and recomputes the case's deadlines — all in
one transaction. A refused step raises ActionError naming the rule; nothing is written then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.cases import deadlines, waits
from lawtrail.cases.models import Approval, Case, Deadline, Party, Record
from lawtrail.cases.state import CaseState, RecordView
from lawtrail.errors import NON_FIELD, ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.ledger.changes import record_change, snapshot
from lawtrail.ledger.entry import canonical_json
from lawtrail.ledger.hashing import sm3_hex
from lawtrail.procedures import checks
from lawtrail.procedures.actions import rules_for
from lawtrail.procedures.catalogue import DOC_ABBR, PROCEDURES, R
from lawtrail.procedures.model import Procedure, RecordType, Stage
from lawtrail.registry.models import CaseCause, Officer, Power, Unit
from lawtrail.validators import phone_problem, valid_resident_id
from lawtrail.workdays.actions import current_calendar
from lawtrail.workdays.calendar import CalendarNotCovered, due_at

CASE_ROLES = (Role.OFFICER, Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER)
STEP_ROLES = {"unit_head": Role.UNIT_HEAD, "agency_head": Role.AGENCY_HEAD, "legal": Role.LEGAL_REVIEWER}

# The legal review (review/gate.py, R-LR-1) registers a check here. Each hook gets the case, its state,
# the record type about to be recorded and its content (None when only asking what could be recorded
# next), and returns a message naming the rule that blocks it, or None. Hooks run for every decision
# document on every path (API, web, CLI).
GateHook = Callable[[Case, CaseState, RecordType, "dict | None"], "str | None"]
DECISION_GATE_HOOKS: list[GateHook] = []

HEADER_FIELDS = ("type", "occurred_at", "place", "matter", "officers", "parties", "content")
FUTURE_TOLERANCE = checks.CLOCK_SLACK


def _require_case_role(user) -> None:
    if not (user.is_authenticated and user.agency_id and user.has_role(*CASE_ROLES)):
        raise NotAllowed(_("Only officers, heads and the legal unit of the agency can record cases."))


# --- opening a case and its parties -----------------------------------------------------------------
def _resolve(model, pk, agency_id, field: str, errors: dict[str, list[str]], required: bool = False):
    if pk in (None, ""):
        if required:
            errors[field] = [_("This field is required.")]
        return None
    try:
        return model.objects.get(pk=int(pk), agency_id=agency_id)
    except (model.DoesNotExist, TypeError, ValueError):
        errors[field] = [_("No %(what)s %(id)s in your agency.") % {"what": model._meta.verbose_name, "id": pk}]
        return None


def open_case(*, user, data: dict[str, Any]) -> Case:
    """Open a case of one procedure (R-PROC-1..5). Its first stage is the procedure's own start: the
    case source (R-START-2), the application (R-START-1), the request for approval (R-PROC-2), …"""
    _require_case_role(user)
    allowed = {"procedure", "title", "unit", "handlers", "cause", "power", "is_major", "opened_at"}
    errors: dict[str, list[str]] = {k: [_("Unknown field; expected one of: %(fields)s.")
                                        % {"fields": ", ".join(sorted(allowed))}] for k in set(data) - allowed}
    procedure = data.get("procedure")
    if procedure not in PROCEDURES:
        errors["procedure"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(PROCEDURES)}]
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = [_("This field is required.")]
    elif len(title) > 200:
        errors["title"] = [_("At most 200 characters.")]
    agency_id = user.agency_id
    unit = _resolve(Unit, data.get("unit"), agency_id, "unit", errors, required=True)
    cause = _resolve(CaseCause, data.get("cause"), agency_id, "cause", errors)
    power = _resolve(Power, data.get("power"), agency_id, "power", errors)
    handler_ids = data.get("handlers") or []
    if not isinstance(handler_ids, list) or not handler_ids:
        errors["handlers"] = [_("Name at least one handling officer.")]
        handlers = []
    else:
        handlers = list(Officer.objects.filter(agency_id=agency_id, pk__in=[h for h in handler_ids
                                                                              if str(h).isdigit()]))
        if len(handlers) != len(set(handler_ids)):
            errors["handlers"] = [_("Some handlers are not officers of your agency: %(ids)s.")
                                  % {"ids": ", ".join(str(h) for h in handler_ids
                                                      if str(h) not in {str(o.pk) for o in handlers})}]
    if power is not None and procedure in PROCEDURES and power.category not in PROCEDURES[procedure].power_categories:
        errors["power"] = [_("The power %(power)s is not a %(family)s power.")
                           % {"power": power, "family": PROCEDURES[procedure].name}]
    is_major = checks.as_bool(data.get("is_major", False))
    if is_major is None:
        errors["is_major"] = [_("Must be yes or no.")]
    opened_at = timezone.now()
    if data.get("opened_at"):
        opened_at = checks.parse_datetime(data["opened_at"])
        if opened_at is None or opened_at > timezone.now() + FUTURE_TOLERANCE:
            errors["opened_at"] = [_("Enter a time like 2026-03-01T09:30 that is not in the future.")]
    if errors:
        raise ActionError(errors)
    spec = PROCEDURES[procedure]
    with transaction.atomic():
        store.lock_writers()
        year = timezone.localtime(opened_at).year
        count = Case.objects.filter(agency_id=agency_id, number__startswith=f"{year}-").count()
        case = Case.objects.create(
            agency_id=agency_id, number=f"{year}-{count + 1:05d}", procedure=procedure, family=spec.family,
            title=title, cause=cause, power=power, unit=unit, stage=spec.stages[0].code, is_major=bool(is_major),
            opened_at=opened_at, created_by=user)
        case.handlers.set(handlers)
        record_change(case, user=user, op="create", agency_id=agency_id)
    return case


def register_case(*, user, data: dict[str, Any], party: dict[str, Any] | None = None,
                  source: dict[str, Any] | None = None) -> Case:
    """Open a case with its party and, for a penalty, its case source (R-START-2) in one step and one
    transaction: a complaint taken at the desk is registered at once. Errors of every part come back together,
    the party's as `party_<field>`, the source's as `source_<field>`; nothing is written unless all parts pass."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        try:
            case = open_case(user=user, data=data)
        except ActionError as exc:
            errors.update(exc.errors)
            case = None
        if party is not None:
            try:
                values = _check_party(party)
            except ActionError as exc:
                errors.update({f"party_{k}": v for k, v in exc.errors.items()})
            else:
                if case is not None and not errors:
                    add_party(user=user, case=case, data=values)
        if source is not None and case is not None and not errors:
            handlers = [o.pk for o in case.handlers.all()]
            try:
                record_step(user=user, case=case, data={
                    "type": "case_source", "occurred_at": source.get("occurred_at") or timezone.now().isoformat(),
                    "place": "", "matter": case.title, "officers": handlers,
                    "parties": list(case.parties.values_list("pk", flat=True)), "content": source.get("content", {})})
            except ActionError as exc:
                errors.update({f"source_{k}" if k != NON_FIELD else k: v for k, v in exc.errors.items()})
        if errors:
            transaction.set_rollback(True)
            raise ActionError(errors)
    return case


PARTY_FIELDS = ("kind", "name", "id_type", "id_no", "legal_rep", "address", "phone")


def _check_party(data: dict[str, Any], base: Party | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for k in set(data) - set(PARTY_FIELDS):
        errors[k] = [_("Unknown field; expected one of: %(fields)s.") % {"fields": ", ".join(PARTY_FIELDS)}]
    values = {f: (getattr(base, f) if base else "") for f in PARTY_FIELDS}
    values.update({k: str(v).strip() if v is not None else "" for k, v in data.items() if k in PARTY_FIELDS})
    if values["kind"] not in Party.Kind.values:
        errors["kind"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(Party.Kind.values)}]
    if values["id_type"] not in Party.IdType.values:
        errors["id_type"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(Party.IdType.values)}]
    for f in ("name", "id_no"):
        if not values[f]:
            errors[f] = [_("This field is required.")]
    if values["id_type"] == Party.IdType.RESIDENT_ID and values["id_no"] and not valid_resident_id(values["id_no"]):
        errors["id_no"] = [_("Not a valid 18-digit resident identity number (check digit per GB 11643).")]
    if values["id_type"] == Party.IdType.USCC and values["id_no"] and len(values["id_no"]) != 18:
        errors["id_no"] = [_("A unified social credit code has 18 characters.")]
    problem = phone_problem(values["phone"], _("Phone"))
    if problem:
        errors["phone"] = [problem]
    if values["kind"] == Party.Kind.ORGANISATION and not values["legal_rep"]:
        errors["legal_rep"] = [_("An organisation needs its legal representative or person in charge.")]
    limits = {"name": 200, "id_no": 40, "legal_rep": 50, "address": 200, "phone": 40}
    for f, n in limits.items():
        if len(values[f]) > n:
            errors[f] = [_("At most %(n)s characters.") % {"n": n}]
    if errors:
        raise ActionError(errors)
    return values


def add_party(*, user, case: Case, data: dict[str, Any]) -> Party:
    _require_case_role(user)
    _require_open(case)
    values = _check_party(data)
    with transaction.atomic():
        party = Party.objects.create(case=case, agency_id=case.agency_id, **values)
        record_change(party, user=user, op="create")
    return party


def update_party(*, user, party: Party, data: dict[str, Any]) -> Party:
    _require_case_role(user)
    _require_open(party.case)
    values = _check_party(data, base=party)
    with transaction.atomic():
        before = snapshot(party)
        for k, v in values.items():
            setattr(party, k, v)
        party.save()
        record_change(party, user=user, op="update", before=before)
    return party


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ActionError(_("Case %(number)s is %(status)s; it takes no new records (R-INT-2: what is recorded "
                            "stays as it is).") % {"number": case.number, "status": case.get_status_display()})


# --- stage order and gates --------------------------------------------------------------------------
def _passable(case: Case, stage: Stage) -> bool:
    """A stage the case may move past without completing it: optional ones, and in an emergency start
    the approval stage whose approval is made up later (R-START-4, R-PROC-2)."""
    if stage.optional:
        return True
    return case.emergency and stage.completes_state == "approved" and \
        bool(set(stage.completes) & {"filing_approval", "coercion_request"})


def place_in_procedure(case: Case, spec: Procedure, record_type: str) -> tuple[Stage | None, str | None]:
    """The stage a record of this type would be made in now, or None and why not (R-PROC-6)."""
    current = spec.stage_index(case.stage)
    for i, stage in enumerate(spec.stages):
        if record_type not in stage.records:
            continue
        if i <= current:
            return stage, None
        if all(_passable(case, s) for s in spec.stages[current:i]):
            return stage, None
    for stage in spec.specials:
        if record_type not in stage.records:
            continue
        if stage.window is None:
            return stage, None
        first, last = (spec.stage_index(s) for s in stage.window)
        if first <= current <= last:
            return stage, None
    stage_now = spec.stages[current]
    where = [str(s.name) for s in spec.stages + spec.specials if record_type in s.records]
    if not where:
        return None, _("%(type)s is not part of the %(procedure)s procedure (R-PROC-6).") % {
            "type": R[record_type].name, "procedure": spec.name}
    missing = ", ".join(str(R[t].name) for t in stage_now.completes)
    return None, _("Out of order (R-PROC-6): %(type)s belongs to the stage %(stages)s, but the case is at "
                   "%(current)s, which first needs: %(missing)s.") % {
        "type": R[record_type].name, "stages": " / ".join(where), "current": stage_now.name, "missing": missing}


def state_word(state: str) -> str:
    return {"recorded": _("recorded"), "approved": _("approved"), "issued": _("issued"),
            "served": _("served")}[state]


def gate_problems(case: Case, state: CaseState, rt: RecordType, content: dict | None = None,
                  at: dt.datetime | None = None) -> list[str]:
    """Why a record of `rt` cannot be made now (or dated `at`): gates, waiting periods, case state."""
    problems = wait_problems(case, state, rt, at or timezone.now())
    flags = case.flags
    for gate in rt.gates:
        if gate.only_case and gate.only_case not in flags:
            continue
        if gate.unless_case and gate.unless_case in flags:
            continue
        if gate.absent:
            if state.has(gate.types, gate.state):
                problems.append(_("%(type)s is no longer possible: %(what)s is %(state)s (%(cite)s).") % {
                    "type": rt.name, "what": _(" or ").join(str(R[t].name) for t in gate.types),
                    "state": state_word(gate.state), "cite": gate.cite})
            continue
        if not state.has(gate.types, gate.state):
            problems.append(_("%(type)s needs first: %(what)s %(state)s (%(cite)s).") % {
                "type": rt.name, "what": _(" or ").join(str(R[t].name) for t in gate.types),
                "state": state_word(gate.state), "cite": gate.cite})
    if rt.effect == "resume" and case.status != Case.Status.SUSPENDED:
        problems.append(_("Only a suspended case can be resumed (R-PROC-1)."))
    if rt.effect == "suspend" and case.status == Case.Status.SUSPENDED:
        problems.append(_("The case is already suspended (R-PROC-1)."))
    if rt.code == "closure":
        for d in Deadline.objects.filter(case=case, code__in=("performance", "rectification"), met_at__isnull=True):
            problems.append(_("Performance or rectification has not been checked yet (%(rule)s %(articles)s).")
                            % {"rule": d.rule, "articles": d.articles})
        pending = [v for v in state.current() if v.next_step() is not None and v.record.type != "closure"]
        for v in pending:
            problems.append(_("%(type)s no. %(seq)s still waits for approval (R-PROC-7).")
                            % {"type": v.spec.name, "seq": v.record.seq})
        if case.emergency and case.procedure in ("penalty", "coercion") \
                and not state.has(("filing_approval", "coercion_request"), "approved"):
            problems.append(_("The approval of the emergency start has not been made up (R-START-4)."))
    if rt.decision:
        for hook in DECISION_GATE_HOOKS:
            message = hook(case, state, rt, content)
            if message:
                problems.append(message)
    return problems


def wait_problems(case: Case, state: CaseState, rt: RecordType, at: dt.datetime) -> list[str]:
    """The record's waiting periods (catalogue `waits`): not before the profile's period has run from the start
    event, unless a record that ends the wait was made since — R-INV-5: the penalty decision waits for the
    statement and defence period after the prior notice is served (行政处罚法 44, 45, 62) unless the party's
    statement, defence or written waiver is recorded and reviewed."""
    problems = []
    for wait in rt.waits:
        start_type, start_state = wait.starts
        started = state.when(start_type, start_state)
        if started is None:
            continue  # the gate on the start itself says what is missing
        issued = state.when(start_type, "recorded") or started
        if any(v.record.occurred_at >= issued for v in state.current(*wait.unless) if not v.rejected):
            continue
        period = rules_for(case.agency_id).numbers().get(wait.profile_key)
        if period is None:
            continue  # the profile names no period: nothing to wait for, never an invented one
        waited_for = _(" or ").join(str(R[t].name) for t in wait.unless)
        try:
            due = due_at(current_calendar(), started, period.amount, period.unit)
        except CalendarNotCovered as exc:
            problems.append(_("%(type)s: the period after %(start)s cannot be computed (%(error)s); record the "
                              "%(waited)s first (%(cite)s).") % {
                "type": rt.name, "start": R[start_type].name, "error": exc, "waited": waited_for,
                "cite": wait.cite})
            continue
        if at < due:
            problems.append(_("%(type)s cannot be made before %(due)s: the period of %(period)s after %(start)s "
                              "was %(state)s (%(started)s) has not run, and no %(waited)s is recorded "
                              "(%(cite)s).") % {
                "type": rt.name, "due": checks.show_moment(due), "period": deadlines.describe(period),
                "start": R[start_type].name, "state": state_word(start_state),
                "started": checks.show_moment(started), "waited": waited_for, "cite": wait.cite})
    return problems


# --- recording a step -------------------------------------------------------------------------------
def _officers(case: Case, rt: RecordType, ids: Any, content: dict[str, Any], day: dt.date,
              errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """R-INV-1, R-SRV-1: enough officers; R-BASE-2: each with a certificate valid that day."""
    minimum = rt.min_officers
    if rt.officers_when:
        field, values, n = rt.officers_when
        if str(content.get(field)) in values:
            minimum = max(minimum, n)
    if not isinstance(ids, list) or not all(str(i).isdigit() for i in ids):
        errors["officers"] = [_("List the officers by their ids.")]
        return []
    ids = [int(i) for i in ids]
    found = {o.pk: o for o in Officer.objects.filter(agency_id=case.agency_id, pk__in=ids)}
    problems = []
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        problems.append(_("Not officers of your agency: %(ids)s.") % {"ids": ", ".join(unknown)})
    if len(set(ids)) != len(ids):
        problems.append(_("An officer is listed twice."))
    if len(set(ids)) < minimum:
        rule = "R-SRV-1 (WH 22, HY-A2 13)" if rt.code == "service" else "R-INV-1 (WH 14, LC 11, HY-A2 8)"
        problems.append(_("%(type)s needs at least %(n)s officers; %(given)s given (%(rule)s).")
                        % {"type": rt.name, "n": minimum, "given": len(set(ids)), "rule": rule})
    for o in found.values():
        if not o.is_active:
            problems.append(_("%(name)s is not an active officer (R-BASE-2).") % {"name": o.name})
        elif not o.certificate_valid_on(day):
            problems.append(_("The certificate %(cert)s of %(name)s is not valid on %(day)s (valid %(start)s to "
                              "%(end)s); only an officer with a valid certificate can act (R-BASE-2, HY-A1 7).")
                            % {"cert": o.cert_no, "name": o.name, "day": day, "start": o.cert_valid_from,
                               "end": o.cert_valid_until})
    if problems:
        errors["officers"] = problems
    return [{"id": found[i].pk, "name": found[i].name, "cert_no": found[i].cert_no, "unit": found[i].unit.name}
            for i in ids if i in found]


def _parties(case: Case, rt: RecordType, ids: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    if ids in (None, ""):
        ids = []
    if not isinstance(ids, list) or not all(str(i).isdigit() for i in ids):
        errors["parties"] = [_("List the parties by their ids.")]
        return []
    found = {p.pk: p for p in Party.objects.filter(case=case, pk__in=[int(i) for i in ids])}
    unknown = [str(i) for i in ids if int(i) not in found]
    if unknown:
        errors["parties"] = [_("Not parties of this case: %(ids)s.") % {"ids": ", ".join(unknown)}]
    elif rt.needs_party and not found:
        errors["parties"] = [_("Name the party this record concerns (R-PROC-6: time, place, officers, party, "
                               "matter); add the party to the case first if needed.")]
    return [{"id": p.pk, "name": p.name, "kind": p.kind, "id_type": p.id_type, "id_no": p.id_no}
            for p in found.values()]


def _check_refs(case: Case, state: CaseState, rt: RecordType, content: dict[str, Any],
                errors: dict[str, list[str]]) -> None:
    for field in rt.fields:
        if field.kind != "record" or field.name not in content:
            continue
        target = state.views.get(content[field.name])
        ok_types = field.refs
        if target is None:
            errors[field.name] = [_("No record %(id)s in this case.") % {"id": content[field.name]}]
            continue
        if not target.current:
            errors[field.name] = [_("Record %(id)s was corrected by record %(new)s; refer to the correction.")
                                  % {"id": target.record.pk, "new": target.superseded_by.pk}]
            continue
        if ok_types == ("document",):
            if not target.spec.document:
                errors[field.name] = [_("%(type)s is not a document that is served.") % {"type": target.spec.name}]
                continue
            if not target.approved:
                errors[field.name] = [_("%(type)s is not approved yet, so it cannot be served (R-PROC-7).")
                                      % {"type": target.spec.name}]
                continue
        elif target.record.type not in ok_types:
            errors[field.name] = [_("Must point at one of: %(types)s.")
                                  % {"types": ", ".join(str(R[t].name) for t in ok_types)}]
            continue
        served_at = checks.parse_datetime(content.get("served_at")) if rt.code == "service" else None
        if served_at is not None and served_at < target.record.occurred_at:
            errors["served_at"] = [_("Served before the document was made (%(made)s).")
                                   % {"made": f"{timezone.localtime(target.record.occurred_at):%Y-%m-%d %H:%M}"}]
        if rt.code == "service" and content.get("method") == "fax_email" and target.spec.decision:
            errors["method"] = [_("A decision document may not be served by fax or e-mail (R-SRV-4, WH 22); "
                                  "use direct, lodging, mail, entrusted service or announcement.")]
    if rt.effect == "extend":
        spec = PROCEDURES[case.procedure]
        extendable = {d.code: d for d in spec.deadlines if d.extendable}
        code = content.get("deadline")
        open_codes = set(Deadline.objects.filter(case=case, code__in=extendable, met_at__isnull=True)
                         .values_list("code", flat=True))
        if code not in open_codes:
            errors["deadline"] = [_("Name a running deadline that may be extended: %(codes)s.")
                                  % {"codes": ", ".join(sorted(open_codes)) or _("none is running")}]


def _document_number(case: Case, rt: RecordType, at: dt.datetime) -> str:
    """文书编号 like 示综执罚决字〔2026〕第3号: agency code, the document's abbreviation, year, serial."""
    year = timezone.localtime(at).year
    prefix = f"{case.agency.code}{DOC_ABBR.get(rt.code, '文')}字〔{year}〕第"
    count = Record.objects.filter(agency_id=case.agency_id, number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


def canonical_record(record: Record, case_number: str) -> dict[str, Any]:
    """What is hashed into the trail for a record (R-INT-2, R-INT-3): every field a reader relies on."""
    return {
        "case": case_number, "seq": record.seq, "type": record.type, "stage": record.stage, "number": record.number,
        "occurred_at": record.occurred_at.isoformat(), "place": record.place, "matter": record.matter,
        "officers": record.officers, "parties": record.parties, "content": record.content,
        "corrects": record.corrects_id, "correction_reason": record.correction_reason,
    }


def _load_case(case_id: int, user) -> Case:
    qs = Case.objects.select_related("agency")
    try:
        case = qs.select_for_update().get(pk=case_id) if transaction.get_connection().in_atomic_block \
            else qs.get(pk=case_id)
    except Case.DoesNotExist:
        raise ActionError(_("No case %(id)s.") % {"id": case_id}) from None
    if case.agency_id != user.agency_id:
        raise NotAllowed(_("That case belongs to another agency."))
    return case


def record_step(*, user, case: Case, data: dict[str, Any], corrects: Record | None = None,
                reason: str = "") -> Record:
    """Record one step of a case: a record of a catalogue type with its header (R-PROC-6) and content."""
    _require_case_role(user)
    errors: dict[str, list[str]] = {}
    for k in set(data) - set(HEADER_FIELDS):
        errors[k] = [_("Unknown field; expected one of: %(fields)s.") % {"fields": ", ".join(HEADER_FIELDS)}]
    code = data.get("type")
    if code not in R:
        raise ActionError({"type": [_("Unknown record type %(code)s.") % {"code": code}]})
    rt = R[code]
    content = data.get("content") or {}
    if not isinstance(content, dict):
        raise ActionError({"content": [_("Content must be an object of the record type's fields.")]})
    with transaction.atomic():
        store.lock_writers()
        case = _load_case(case.pk, user)
        spec = case.spec
        state = CaseState(case)
        _require_open(case)
        if case.status == Case.Status.SUSPENDED and rt.effect != "resume" and corrects is None:
            raise ActionError(_("The case is suspended (中止); record its resumption first (R-PROC-1)."))
        if corrects is None:
            stage, why = place_in_procedure(case, spec, code)
            if stage is None:
                raise ActionError(why)
            if rt.once and state.latest(code) is not None:
                raise ActionError(_("This case already has a %(type)s; correct it instead of recording a second "
                                    "one (R-INT-2).") % {"type": rt.name})
        occurred = checks.parse_datetime(data.get("occurred_at")) if data.get("occurred_at") else None
        now = timezone.now()
        if corrects is None:
            problems = gate_problems(case, state, rt, content, at=occurred or now)
            if problems:
                raise ActionError({NON_FIELD: problems})
        else:
            stage = spec.stage(corrects.stage)
        if occurred is None:
            errors["occurred_at"] = [_("Enter when it happened, like 2026-03-01T09:30 (R-PROC-6).")]
        elif occurred > now + FUTURE_TOLERANCE:
            errors["occurred_at"] = [_("The time is in the future.")]
        place = str(data.get("place") or "").strip()
        if rt.needs_place and not place:
            errors["place"] = [_("Enter where it happened (R-PROC-6, WH 6, DXH 8).")]
        matter = str(data.get("matter") or "").strip()
        if not matter:
            errors["matter"] = [_("Enter the matter this record is about (R-PROC-6, WH 6, DXH 8).")]
        normalised, content_errors = checks.check_content(rt, content, case_flags=case.flags, occurred_at=occurred,
                                                          now=now)
        errors.update(content_errors)
        day = (occurred or now).astimezone(checks.CHINA).date()
        officers = _officers(case, rt, data.get("officers"), normalised, day, errors)
        parties = _parties(case, rt, data.get("parties"), errors)
        _check_refs(case, state, rt, normalised, errors)
        if errors:
            raise ActionError(errors)
        seq = (Record.objects.filter(case=case).aggregate(m=Max("seq"))["m"] or 0) + 1
        if corrects is not None and corrects.number:
            number = corrects.number  # a corrected document keeps its number
        else:
            number = _document_number(case, rt, occurred) if rt.document else ""
        record = Record(case=case, agency_id=case.agency_id, seq=seq, type=code, stage=stage.code, number=number,
                        occurred_at=occurred, place=place, matter=matter, officers=officers, parties=parties,
                        content=normalised, corrects=corrects, correction_reason=reason, created_by=user,
                        created_at=now)
        doc = canonical_record(record, case.number)
        record.content_sm3 = sm3_hex(canonical_json(doc).encode())
        record.save(force_insert=True)
        payload = {"record_id": record.pk, "case_id": case.pk, "record": doc, "content_sm3": record.content_sm3}
        if rt.av:
            payload["av_required"] = av_required(rt, normalised)
        store.append("cases.record.correct" if corrects else "cases.record.create", f"cases.record:{record.pk}",
                     payload, user=user, agency_id=case.agency_id)
        _after_write(case, user=user, changed=record)
    return record


def av_required(rt: RecordType, content: dict[str, Any]) -> bool:
    """R-INV-6: whether this record's activity had to be filmed (the evidence issue checks coverage)."""
    if rt.av is None:
        return False
    return rt.av.when is None or checks.condition_holds(rt.av.when, content)


def correct_record(*, user, record: Record, reason: str, data: dict[str, Any]) -> Record:
    """R-INT-2: a correction is a new record of the same type naming what it corrects and why. `data`
    holds the header fields and content fields that change; the rest is taken from the corrected record."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionError({"reason": [_("Say why the record is corrected (R-INT-2).")]})
    with transaction.atomic():
        state = CaseState(record.case)
        view = state.views[record.pk]
        if not view.current:
            raise ActionError(_("Record %(id)s was already corrected by record %(new)s; correct that one.")
                              % {"id": record.pk, "new": view.superseded_by.pk})
        base = {"type": record.type, "occurred_at": record.occurred_at.isoformat(), "place": record.place,
                "matter": record.matter, "officers": [o["id"] for o in record.officers],
                "parties": [p["id"] for p in record.parties], "content": dict(record.content)}
        for k, v in data.items():
            if k == "content" and isinstance(v, dict):
                base["content"].update(v)
            elif k == "type":
                raise ActionError({"type": [_("A correction keeps the record type.")]})
            else:
                base[k] = v
        return record_step(user=user, case=record.case, data=base, corrects=record, reason=reason)


def approve(*, user, record: Record, agree: Any, opinion: str) -> Approval:
    """Give the next opinion in a record's approval chain (R-PROC-7: each opinion, person and time)."""
    if not (user.is_authenticated and user.agency_id == record.agency_id):
        raise NotAllowed(_("That record belongs to another agency."))
    agree_value = checks.as_bool(agree)
    errors: dict[str, list[str]] = {}
    if agree_value is None:
        errors["agree"] = [_("Say whether you agree (true) or not (false).")]
    opinion = (opinion or "").strip()
    if not opinion:
        errors["opinion"] = [_("Write your opinion with reasons (R-PROC-7, LC 6).")]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        store.lock_writers()
        case = _load_case(record.case_id, user)
        _require_open(case)
        state = CaseState(case)
        view = state.views[record.pk]
        step = view.next_step()
        if step is None:
            raise ActionError(_("%(type)s no. %(seq)s is not waiting for an approval (status: %(status)s).")
                              % {"type": view.spec.name, "seq": record.seq,
                                 "status": {"recorded": _("recorded"), "approved": _("approved"), "issued": _("issued"),
                                            "served": _("served"), "rejected": _("refused"),
                                            "corrected": _("corrected")}.get(view.status, view.status)})
        if not (user.is_superuser or user.has_role(STEP_ROLES[step])):
            raise NotAllowed(_("This step needs the %(role)s's opinion (R-PROC-7).")
                             % {"role": Role(STEP_ROLES[step]).label})
        if record.created_by_id == user.pk or any(a.user_id == user.pk for a in view.approvals):
            raise NotAllowed(_("The person who proposed or already reviewed a record cannot also approve it "
                               "(R-PROC-7: proposer, reviewer and approver are different people)."))
        name = user.full_name or (user.officer.name if user.officer_id else user.username)
        approval = Approval.objects.create(record=record, agency_id=record.agency_id, step=step, agree=agree_value,
                                           opinion=opinion, user=user, name=name, at=timezone.now())
        store.append("cases.approval.create", f"cases.record:{record.pk}",
                     {"approval_id": approval.pk, "record_id": record.pk, "case": case.number, "step": step,
                      "agree": agree_value, "opinion": opinion, "name": name, "at": approval.at.isoformat(),
                      "record_sm3": record.content_sm3}, user=user, agency_id=record.agency_id)
        _after_write(case, user=user, changed=record)
    return approval


# --- consequences of a write -------------------------------------------------------------------------
def _apply_effects(case: Case, state: CaseState, view: RecordView) -> None:
    effect = view.spec.effect
    if effect is None or not view.current:
        return
    done = view.approved
    at = view.approved_at
    content = view.record.content
    if effect == "emergency":
        case.emergency = True
    elif effect == "supplement_requested":
        case.supplement_pending = True
    elif effect == "supplement_received" and content.get("complete"):
        case.supplement_pending = False
    elif effect == "acceptance":
        if content.get("outcome") == "refuse":
            case.status, case.closed_at = Case.Status.REFUSED, at
        case.supplement_pending = False
    elif effect == "not_filed" and done:
        case.status, case.closed_at = Case.Status.NOT_FILED, at
    elif effect == "no_penalty" and done:
        case.stage = "close"
    elif effect == "suspend" and done:
        case.status = Case.Status.SUSPENDED
    elif effect == "resume" and done:
        case.status = Case.Status.OPEN
    elif effect == "close" and done:
        case.status, case.closed_at = Case.Status.CLOSED, at


def _advance(case: Case, state: CaseState, changed: Record) -> None:
    """Move the case to the stage of the record just made (if it passed optional stages) and on past every
    stage whose completing record is there (R-PROC-6)."""
    spec = case.spec
    stage_codes = [s.code for s in spec.stages]
    if changed.stage in stage_codes and stage_codes.index(changed.stage) > stage_codes.index(case.stage):
        case.stage = changed.stage
    while True:
        i = stage_codes.index(case.stage)
        stage = spec.stages[i]
        if i + 1 >= len(spec.stages) or not stage.completes or not state.has(stage.completes, stage.completes_state):
            break
        case.stage = spec.stages[i + 1].code


def _after_write(case: Case, *, user, changed: Record) -> None:
    state = CaseState(case)
    before = snapshot(case)
    _apply_effects(case, state, state.views[changed.pk])
    if case.is_open:
        _advance(case, state, changed)
    after = snapshot(case)
    if after != before:
        case.save()
        record_change(case, user=user, op="update", before=before)
    rules = rules_for(case.agency_id)
    deadlines.refresh_case(case, state, current_calendar(), rules.numbers())
    waits.refresh_case(case, state)  # the inbox's rows (issue 19)


def refresh_deadlines(cases=None) -> int:
    """Recompute deadlines of open cases (after a calendar or profile change). Returns cases done."""
    qs = Case.objects.filter(status__in=(Case.Status.OPEN, Case.Status.SUSPENDED))
    if cases is not None:
        qs = qs.filter(pk__in=[c.pk if isinstance(c, Case) else c for c in cases])
    calendar = current_calendar()
    numbers: dict[int, Any] = {}
    n = 0
    for case in qs.iterator():
        if case.agency_id not in numbers:
            numbers[case.agency_id] = rules_for(case.agency_id).numbers()
        with transaction.atomic():
            deadlines.refresh_case(case, CaseState(case), calendar, numbers[case.agency_id])
        n += 1
    return n
