"""Issue 19: no page's query grows with what the user may see. With SQLite's limit on SQL variables set far below
the usual (100 instead of 32,766), every page a role reaches by following links still answers, after 200 more
cases — where the trail page once put every visible case, record, party and recording id into one `IN (…)`."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from tests.conftest import _user, login
from tests.web.test_link_crawl import ROLES, crawl
from tests.web.test_query_counts import add_cases


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own variable limit")
def test_every_page_answers_with_a_low_sqlite_variable_limit(full_demo, walker):
    add_cases(walker, 200)
    clients = {role: login(_user(role)) for role in ROLES}
    connection.ensure_connection()
    old = connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)
    try:
        for role, client in clients.items():
            bad, pages = crawl(client, signed_in=True)
            assert pages > 25 and not bad, (role, bad)
    finally:
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, old)
