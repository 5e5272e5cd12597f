"""No page shows a link its viewer cannot open (issue 12 §2). Every role of the demo agency, a party's portal
account and an anonymous visitor crawl the site from "/" by following the links on each page they reach, and
no link may answer 404 or 403 (nor send a signed-in user back to the login page). A few pages of each shape
are enough: ids are folded, and at most PER_SHAPE pages of one shape are opened.

R-ARC-3 (who sees which case) is what makes links differ by role: a supervisor reads every case (R-SUP-1), an
administrator none; a party reaches its portal only (R-ARC-5)."""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

from django.test import Client

from lawtrail.access import party
from lawtrail.access.models import User
from lawtrail.cases.demo import PARTIES
from tests.conftest import PASSWORD, _user, login

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
PER_SHAPE = 2
LIMIT = 260
SKIP = ("/static/", "/logout/", "/i18n/")


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


# What a page must not show as text (issue 12 §4): ISO timestamps, Python reprs and booleans, an English full
# stop after Chinese. Raw data a page shows on purpose — <code>, <pre> (a trail entry's payload) — is left out.
UNREADABLE = {
    "ISO time": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),
    "Python repr": re.compile(r"\[\{'|\{'\w+': |\b(True|False|None)\b"),
    "English full stop": re.compile(r"[\u4e00-\u9fff]\.(\s|$)"),
}


def unreadable(page: str) -> list[str]:
    body = page.split("<main", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<(code|pre|script|style|option)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    text = html.unescape(body)
    return [f"{name}: …{text[max(0, m.start() - 30):m.end() + 30]}…" for name, rx in UNREADABLE.items()
            for m in [rx.search(text)] if m]


def crawl(client: Client, *, signed_in: bool) -> tuple[list[tuple[str, int, str]], int]:
    queue = deque([("/", "")])
    seen, shapes, bad = set(), Counter(), []
    while queue and len(seen) < LIMIT:
        url, came_from = queue.popleft()
        if url in seen or shapes[shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape(url)] += 1
        response = client.get(url)
        status = response.status_code
        if status in (403, 404) or (signed_in and status == 302 and "/login/" in response.get("Location", "")):
            bad.append((url, status, came_from))
            continue
        assert status in (200, 206, 302), (url, status, came_from)
        if status == 302:
            if signed_in:  # e.g. a party's "/" → its portal
                queue.append((urlsplit(response["Location"]).path, url))
            continue
        if status != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for problem in unreadable(response.content.decode()):
            bad.append((url, problem, came_from))
        for href in HREF.findall(response.content.decode()):
            target = urljoin(url, html.unescape(href))
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append((target, url))
    return bad, len(seen)


ROLES = ("officer", "unithead", "agencyhead", "legal", "custodian", "supervisor", "admin")


def party_accounts() -> dict[str, Client]:
    """A portal account for each party of the demo (a person, a company, another person)."""
    admin = User.objects.get(username="admin")
    out = {}
    for i, p in enumerate(PARTIES):
        party.create_account(user=admin, username=f"party{i}", password=PASSWORD, id_no=p["id_no"],
                             full_name=p["name"])
        out[f"party{i}"] = login(User.objects.get(username=f"party{i}"))
    return out


def test_no_link_on_any_page_fails_for_anyone(full_demo):
    """Every role, each demo party and an anonymous visitor: no link they are shown answers 404 or 403."""
    failures = {}
    for role in ROLES:
        bad, pages = crawl(login(_user(role)), signed_in=True)
        assert pages > 25, (role, pages)
        if bad:
            failures[role] = bad
    for name, client in party_accounts().items():
        bad, pages = crawl(client, signed_in=True)
        assert pages >= 2, (name, pages)
        if bad:
            failures[name] = bad
    bad, _pages = crawl(Client(), signed_in=False)
    if bad:
        failures["anonymous"] = bad
    assert not failures, failures


# What a citizen must never meet on the portal (issue 12 §3): a Python repr, an internal code, a database id
# standing for a record, an ISO timestamp, an internal form.
REPR = re.compile(r"\[\{'|\{'\w+': |\bTrue\b|\bFalse\b|\bNone\b")
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
CODES = re.compile(r"(?<![A-Za-z_/.-])(complaint|inspection|direct|lodging|mail|written|oral|statement|defence|"
                   r"recusal|hearing|made|waived|adopted|partly|rejected|general|full|partial|none|seal|seize|"
                   r"penalty|ordinary|state)(?![A-Za-z_])")
INTERNAL_FORMS = ("立案审批表", "处理决定审批表", "考量因素", "集体讨论记录", "案件来源登记", "案件调查终结报告")


def test_the_portal_reads_as_plain_chinese_for_every_family(full_demo):
    """R-ARC-5: each demo party's portal, for every case of every family it is party to, shows its documents
    and records in words — no repr, no code, no raw id, no ISO time, no internal approval form."""
    from lawtrail.cases.models import Case

    families = set()
    for _name, client in party_accounts().items():
        home = client.get("/party/").content.decode()
        for pk in re.findall(r'href="/party/cases/(\d+)/"', home):
            case = Case.objects.get(pk=int(pk))
            families.add(case.family)
            page = client.get(f"/party/cases/{pk}/")
            assert page.status_code == 200
            main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
            text = re.sub(r"<[^>]+>", " ", main)
            assert not REPR.search(text), (case.number, REPR.search(text).group(0))
            assert not ISO.search(text), (case.number, ISO.search(text).group(0))
            assert not CODES.search(text), (case.number, CODES.search(text).group(0), text[:3000])
            assert not any(f in text for f in INTERNAL_FORMS), (case.number, text[:3000])
            assert not re.search(r"(送达文书|所检查的决定|对应[^ ]{0,6})\s+\d+\b", text), case.number
    assert families >= {"penalty", "coercion", "inspection", "requisition", "licence"}, families
