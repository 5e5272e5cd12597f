"""Issue 19: the trail, the register and the approvals inbox are read a page at a time by key (no COUNT of every
row, no OFFSET). Following a list's "next page" links from its first page must give every row the reader may see
exactly once, in order, and "previous page" the same pages back; the trail looks at a bounded stretch of entries
a page (TRAIL_SPAN) and says so when a page is not full. Who may see which entry (R-ARC-3, LC 33) is checked
against the case-level rule and `case_subjects`, not against the SQL the pages use."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.db.models import Exists, OuterRef, Q

from lawtrail.access import policy, register
from lawtrail.access.models import User
from lawtrail.access.roles import Role
from lawtrail.archive.bundle import case_subjects
from lawtrail.cases import actions as case_actions
from lawtrail.cases import overview
from lawtrail.cases.models import Approval, Case, Record
from lawtrail.evidence.models import Recording
from lawtrail.ledger.models import Entry
from lawtrail.procedures.catalogue import R
from lawtrail.registry.models import Officer
from lawtrail.web import paging
from tests.conftest import _user, login

NEXT = re.compile(r'href="\?([^"]*)" rel="next"')
PREVIOUS = re.compile(r'href="\?([^"]*)" rel="prev"')


def walk(client, path: str, row: re.Pattern) -> tuple[list[list[str]], list[list[str]], list[str]]:
    """(pages forward, pages walked back from the last, the pages' HTML) of a list."""
    pages, htmls, url = [], [], path
    for _ in range(500):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        pages.append(row.findall(html))
        htmls.append(html)
        found = NEXT.search(html)
        if not found:
            break
        url = f"{path.split('?')[0]}?{unescape(found.group(1))}"
    back = [pages[-1]]
    html = htmls[-1]
    while found := PREVIOUS.search(html):
        html = client.get(f"{path.split('?')[0]}?{unescape(found.group(1))}").content.decode()
        back.append(row.findall(html))
    return pages, back, htmls


def expected_trail(user: User) -> list[int]:
    """The entries the user may read, from the case-level rule: those of the cases they may see (their
    `case_subjects`); of recordings not linked to a case, those they uploaded or recorded, their unit's (a unit
    head) or all (the agency-wide roles); the agency's entries about no case; their own actions — newest first."""
    subjects: set[str] = set()
    for case in Case.objects.filter(agency_id=user.agency_id):
        if policy.may_see_case(user, case):
            subjects.update(case_subjects(case))
    head_of = user.officer.unit_id if user.officer_id and user.has_role(Role.UNIT_HEAD) else None
    for r in Recording.objects.filter(agency_id=user.agency_id, case__isnull=True).select_related("officer"):
        if (policy.sees_every_case(user) or r.uploaded_by_id == user.pk
                or (user.officer_id and r.officer_id == user.officer_id)
                or (head_of and r.officer and r.officer.unit_id == head_of)):
            subjects.update({f"evidence.recording:{r.pk}", f"evidence.blob:{r.blob_id}"})
    out = []
    for e in Entry.objects.order_by("-seq"):
        about_a_case = e.subject.startswith(policy.CASE_SUBJECTS)
        if e.actor_id == user.pk or (e.agency_id == user.agency_id and (not about_a_case or e.subject in subjects)):
            out.append(e.seq)
    return out


@pytest.mark.parametrize("role", ["officer", "unithead", "agencyhead"])
def test_the_trail_pages_give_every_visible_entry_once(full_demo, role, monkeypatch):
    """R-ARC-3, R-INT-2 (issue 19): pages of 7 looking at 8 entries each: every entry the reader may see, once,
    newest first, forward and back; a page short of its stretch says what it searched."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 7)
    monkeypatch.setattr("lawtrail.web.views.TRAIL_SPAN", 8)
    user = _user(role)
    client = login(user)
    expected = expected_trail(user)  # before the walk: reading the trail writes no entry
    pages, back, htmls = walk(client, "/trail/", re.compile(r'href="/trail/(\d+)/"'))
    seen = [int(s) for page in pages for s in page]
    assert seen == expected and len(seen) > 7
    assert [int(s) for page in reversed(back) for s in page] == expected
    assert all(len(page) <= 7 for page in pages)


def test_a_sparse_trail_is_searched_a_stretch_at_a_time(full_demo, monkeypatch):
    """Issue 19: one person's entries among everyone's — each page looks at 8 entries at most, says which it
    searched when it found fewer than a page, and the walk still gives every one of them once, in order."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 7)
    monkeypatch.setattr("lawtrail.web.views.TRAIL_SPAN", 8)
    head = _user("agencyhead")
    officer = User.objects.get(username="officer")
    expected = [seq for seq in expected_trail(head) if Entry.objects.get(seq=seq).actor_id == officer.pk]
    pages, back, htmls = walk(login(head), f"/trail/?who={officer.pk}", re.compile(r'href="/trail/(\d+)/"'))
    assert [int(s) for page in pages for s in page] == expected and len(expected) > 7
    assert [int(s) for page in reversed(back) for s in page] == expected
    assert any("已查找第" in html for html in htmls) and any(not page for page in pages)


def test_a_bad_page_position_is_said_and_the_first_page_shown(full_demo):
    client = login(_user("officer"))
    response = client.get("/trail/?on=abc")
    html = response.content.decode()
    assert response.status_code == 200 and "abc 不是有效的翻页位置" in html and 'href="/trail/' in html
    response = client.get("/approvals/?back=-3")
    assert response.status_code == 200 and "-3 不是有效的翻页位置" in response.content.decode()


def reads(user: User, subject: str) -> bool:
    """Whether the user may read what a register row is about: a case (the case-level rule) or a recording (the
    recording's own rule, R-ARC-3)."""
    kind, pk = subject.split(":")
    if kind == "cases.case":
        return policy.may_see_case(user, Case.objects.get(pk=int(pk)))
    assert kind == "evidence.recording", subject
    return policy.restrict(user, Recording.objects.filter(pk=int(pk))).exists()


def test_the_register_pages_and_exports_every_row_the_reader_may_read(full_demo, monkeypatch):
    """R-ARC-4 (HY-A6 21), R-ARC-3: the register 7 rows a page — every registered view once, forward and back;
    the CSV has them all; a unit head reads only the rows of the unit's cases."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 7)
    supervisor = _user("supervisor")
    head = _user("unithead")
    other = (Officer.objects.filter(agency_id=head.agency_id, is_active=True).exclude(unit_id=head.officer.unit_id)
             .first().unit)
    elsewhere = case_actions.open_case(user=User.objects.get(username="officer"), data={
        "procedure": "penalty", "title": "另一中队的案件", "unit": other.pk,
        "handlers": list(Officer.objects.filter(unit=other, is_active=True).values_list("pk", flat=True)[:2])})
    cases = [elsewhere, *Case.objects.filter(agency_id=supervisor.agency_id).exclude(pk=elsewhere.pk)]
    for i in range(20):  # internal supervision's reads are registered (R-ARC-4)
        register.note_view(supervisor, cases[i % len(cases)], f"案件页面{i}")
    rows = re.compile(r"<tr><td>(\d{4}-\d\d-\d\d \d\d:\d\d)</td>")
    kinds = Entry.objects.filter(agency_id=supervisor.agency_id, kind__in=register.KINDS)
    for role in ("custodian", "unithead"):
        user = _user(role)
        mine = [e for e in kinds.order_by("-seq") if reads(user, e.subject)]
        client = login(user)
        pages, back, _html = walk(client, "/access/register/", rows)
        assert sum(len(p) for p in pages) == len(mine) and len(pages) == -(-len(mine) // 7)
        assert [len(p) for p in reversed(back)] == [len(p) for p in pages]
        exported = list(csv.reader(io.StringIO(client.get("/access/register/?format=csv").content
                                               .decode("utf-8-sig"))))
        assert len(exported) - 1 == len(mine)
    assert len(mine) < kinds.count()  # the unit head's register is the unit's cases only


def inbox_records(user):
    """Records waiting for this user's opinion (R-PROC-7), worked out from the records and their approvals, oldest
    first: for each approval chain, records of its types whose step for one of the user's roles is open and whose
    earlier steps agreed; none refused, not corrected, in an open case, neither proposed nor already reviewed by the
    user — the rule `overview.inbox_waits`, which reads the kept waits, must agree with."""
    steps = overview.inbox_steps(user)
    if not steps:
        return Record.objects.none()
    chains: dict[tuple[str, ...], list[str]] = {}
    for code, rt in R.items():
        if rt.approval:
            chains.setdefault(rt.approval, []).append(code)
    approvals = Approval.objects.filter(record_id=OuterRef("pk"))
    waiting = Q(pk__in=[])
    for chain, types in chains.items():
        for i, step in enumerate(chain):
            if step not in steps:
                continue
            cond = Q(type__in=types) & ~Q(Exists(approvals.filter(step=step)))
            for before in chain[:i]:
                cond &= Q(Exists(approvals.filter(step=before, agree=True)))
            waiting |= cond
    return (Record.objects.filter(agency_id=user.agency_id, case__status__in=(Case.Status.OPEN, Case.Status.SUSPENDED))
            .filter(waiting).exclude(Exists(approvals.filter(agree=False)))
            .exclude(Exists(Record.objects.filter(corrects_id=OuterRef("pk"))))
            .exclude(created_by=user).exclude(Exists(approvals.filter(user=user)))
            .select_related("case").order_by("created_at", "pk"))


def test_the_inbox_pages_give_every_waiting_record_once(full_demo, monkeypatch):
    """R-PROC-7 (issue 19): the heads' and the legal unit's inbox, oldest first, 3 a page, by key, read from the
    kept waits — every record waiting for them once, as worked out from the records and their approvals."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    for role in ("unithead", "agencyhead", "legal"):
        user = _user(role)
        expected = list(inbox_records(user).order_by("pk").values_list("pk", flat=True))
        pages, back, htmls = walk(login(user), "/approvals/", re.compile(r'href="/records/(\d+)/"'))
        assert [int(s) for p in pages for s in p] == expected, role
        assert [int(s) for p in reversed(back) for s in p] == expected, role
        assert f"({len(expected)})" in htmls[0]


def test_a_count_stops_at_its_cap(full_demo):
    qs = Case.objects.all()
    n = qs.count()
    assert paging.capped_count(qs, cap=n) == str(n)
    assert paging.capped_count(qs, cap=n - 1) == f"{n - 1} 以上"


def test_the_workbench_lists_a_unit_heads_unit_cases_and_an_officers_own(full_demo):
    """R-ARC-3: "my open cases" — a unit head's are the unit's cases, handled by others too; an officer's only those
    they handle or opened (the list reads the handlers' index, issue 19)."""
    head, officer = _user("unithead"), _user("officer")
    others = list(Officer.objects.filter(unit_id=head.officer.unit_id, is_active=True)
                  .exclude(pk__in=[head.officer_id, officer.officer_id]).values_list("pk", flat=True)[:2])
    # opened by the agency head for two others of the unit: the unit head neither opened nor handles it
    case = case_actions.open_case(user=_user("agencyhead"), data={
        "procedure": "penalty", "title": "同中队他人承办的案件", "unit": head.officer.unit_id, "handlers": others})
    assert case.created_by_id != head.pk and not case.handlers.filter(pk=head.officer_id).exists()
    assert overview.my_cases(head).filter(pk=case.pk).exists()
    assert not overview.my_cases(officer).filter(pk=case.pk).exists()
    assert case.number in login(head).get("/").content.decode()
    assert case.number not in login(officer).get("/").content.decode()


def test_the_waits_follow_approvals_refusals_and_corrections(full_demo, walker):
    """R-PROC-7 (issue 19): the kept waits agree with the records after an agreement, a refusal and a correction
    — and the migration's fill of an existing database gives the same rows."""
    from django.apps import apps

    from lawtrail.cases.models import ApprovalWait

    def same_for_every_head():
        for role in ("unithead", "agencyhead", "legal"):
            user = _user(role)
            assert (sorted(w.record_id for w in overview.inbox_waits(user))
                    == sorted(inbox_records(user).values_list("pk", flat=True))), role

    same_for_every_head()
    head, top = _user("unithead"), _user("agencyhead")
    waiting = [w.record for w in overview.inbox_waits(head).order_by("record_id")]
    assert len(waiting) >= 2
    case_actions.approve(user=head, record=waiting[0], agree=True, opinion="经审核，同意。")
    assert ApprovalWait.objects.get(record=waiting[0]).step == "agency_head"
    case_actions.approve(user=head, record=waiting[1], agree=False, opinion="证据不足，不同意。")
    assert not ApprovalWait.objects.filter(record=waiting[1]).exists()
    fixed = case_actions.correct_record(user=User.objects.get(pk=waiting[1].created_by_id), record=waiting[1],
                                        reason="补充证据后重新提请", data={})
    assert ApprovalWait.objects.get(record=fixed).step == "unit_head"
    case_actions.approve(user=top, record=waiting[0], agree=True, opinion="同意。")
    assert not ApprovalWait.objects.filter(record=waiting[0]).exists()
    same_for_every_head()
    kept = sorted(ApprovalWait.objects.values_list("record_id", "step"))
    ApprovalWait.objects.all().delete()
    import importlib

    importlib.import_module("lawtrail.cases.migrations.0005_approval_waits").fill(apps, None)
    assert sorted(ApprovalWait.objects.values_list("record_id", "step")) == kept and Record.objects.exists()
