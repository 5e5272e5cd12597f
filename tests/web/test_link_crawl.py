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

import pytest
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
        for href in HREF.findall(response.content.decode()):
            target = urljoin(url, html.unescape(href))
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append((target, url))
    return bad, len(seen)


@pytest.fixture
def party_client(demo_agency):
    admin = _user("admin")
    party.create_account(user=admin, username="zhangjianhua", password=PASSWORD, id_no=PARTIES[0]["id_no"],
                         full_name="张建华")
    return login(User.objects.get(username="zhangjianhua"))


@pytest.mark.parametrize("role", ["officer", "unithead", "agencyhead", "legal", "custodian", "supervisor", "admin"])
def test_every_link_a_role_is_shown_opens(demo_agency, role):
    bad, pages = crawl(login(_user(role)), signed_in=True)
    assert pages > 10, pages
    assert not bad, bad


def test_every_link_a_party_is_shown_opens(party_client):
    bad, pages = crawl(party_client, signed_in=True)
    assert pages >= 2
    assert not bad, bad


def test_every_link_an_anonymous_visitor_is_shown_opens(demo_agency):
    bad, _pages = crawl(Client(), signed_in=False)
    assert not bad, bad
