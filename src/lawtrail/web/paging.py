"""Pages of long, growing lists read by their key instead of by counting and skipping (issue 19): a page is the
`size` rows that follow (or precede) the key of the row it continues from, in the list's order — the trail and
the register newest first, the inbox oldest first — so they cost the same on their ten-millionth row as on their
first: no COUNT of every row a user may see, no OFFSET.

With `span`, a page also looks at no more than `span` consecutive keys: a reader who may see few of the rows
(an officer with two cases in an agency of a hundred thousand) gets, at a bounded cost, what there is in that
stretch and a link to look further — never a scan of the whole table for one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _


@dataclass
class KeysetPage:
    items: list
    next: str = ""  # the query string of the next page (further down the list), "" if none
    previous: str = ""
    first: str | None = None  # the query string back to the top of the list ("" without filters), when this is
    # not that page
    error: str = ""
    searched: tuple[int, int] | None = None  # (lowest, highest) key looked at, when the page is not full

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next or self.previous) or self.first is not None


def _position(params, errors: list) -> tuple[str, int] | None:
    """("on", K): the page continuing down the list after the row with key K; ("back", K): the page ending
    just above it; None: the top of the list."""
    for direction in ("on", "back"):
        value = (params.get(direction) or "").strip()
        if value.isdigit():
            return direction, int(value)
        if value:
            errors.append(_("%(value)s is not a page position; showing the first page.") % {"value": value})
            return None
    return None


PAGE_SIZE = 50  # rows a page shows
COUNT_CAP = 1000


def _parts(qs: QuerySet, split: list, order: str, n: int) -> list[QuerySet]:
    return [qs.filter(q).order_by(order)[:n] for q in split]


def _together(qs: QuerySet) -> bool:
    """Whether the database runs the parts as one UNION ALL of ordered, limited queries (PostgreSQL; SQLite does
    not allow a LIMIT in a compound's parts): one round trip instead of one per part."""
    return connections[qs.db].features.supports_slicing_ordering_in_compound


def capped_count(qs: QuerySet, cap: int = COUNT_CAP, split: list | None = None) -> str:
    """How many rows, as words for a heading: the number up to `cap`, "more than `cap`" beyond — counting stops
    there, so the figure costs the same however long the list grows (issue 19). With `split`, the rows of each
    filter in it, added up (the filters must not overlap). Ordered by the key its index is in, `qs` is counted down
    that index (SQLite otherwise may scan a table its statistics call unselective)."""
    parts = [qs.filter(q)[:cap + 1] for q in split or [Q()]]  # in the caller's order: it can steer the index
    if len(parts) > 1 and _together(qs):
        n = parts[0].union(*parts[1:], all=True).count()
    else:
        n = 0
        for part in parts:
            n += part.count()
            if n > cap:
                break
    return str(n) if n <= cap else _("more than %(n)s") % {"n": cap}


def take(qs: QuerySet, order: str, n: int, split: list | None = None) -> list:
    """The first `n` rows of `qs` in `order` (one field, "-" for descending). With `split`, the first `n` of each
    filter in it, merged — for an IN list or an OR that the database would otherwise read by walking the whole
    table in order (one query on PostgreSQL, one per filter on SQLite)."""
    if not split:
        return list(qs.order_by(order)[:n])
    field = order.lstrip("-")
    parts = _parts(qs, split, order, n)
    if len(parts) > 1 and _together(qs):
        found = parts[0].union(*parts[1:], all=True)
    else:
        found = (row for part in parts for row in part)
    rows = {getattr(row, field): row for row in found}  # once each, should filters overlap
    return [rows[k] for k in sorted(rows, reverse=order.startswith("-"))][:n]


def every(qs: QuerySet, *, key: str = "seq", chunk: int = 2000, split: list | None = None):
    """All rows of `qs`, newest first, read `chunk` at a time by key (an export: nothing cut off at a limit)."""
    before = None
    while True:
        rows = take(qs if before is None else qs.filter(**{f"{key}__lt": before}), f"-{key}", chunk, split)
        yield from rows
        if len(rows) < chunk:
            return
        before = getattr(rows[-1], key)


def keyset_page(qs: QuerySet, params, *, key: str = "seq", desc: bool = True, size: int | None = None,
                keep: dict | None = None, span: int | None = None, top: int = 0,
                split: list | None = None) -> KeysetPage:
    """The page of `qs` that `params` (request.GET) asks for, the list ordered by `key` (`desc`: highest first):
    `on=K` the rows after the row K, `back=K` those before it, neither the top of the list. `keep` is the rest of
    the query (filters) for the links. With `span` (descending lists only; `top` the highest key there is), at
    most `span` keys are looked at. `split` as in `take`. A position that is not a whole number is said so and
    the first page is shown."""
    keep = {k: v for k, v in (keep or {}).items() if v}
    size = size or PAGE_SIZE
    errors: list[str] = []
    position = _position(params, errors)
    page = KeysetPage(items=[], error=errors[0] if errors else "")
    down, up = ("lt", "gt") if desc else ("gt", "lt")
    order, reverse = (f"-{key}", key) if desc else (key, f"-{key}")

    def link(**bound) -> str:
        return urlencode({**keep, **bound})

    def at(row) -> int:
        return getattr(row, key)

    if position and position[0] == "back":
        mark = position[1]
        rest = qs.filter(**{f"{key}__{up}": mark})
        limit = mark + 1 + span if span else None
        if limit is not None:
            rest = rest.filter(**{f"{key}__lt": limit})
        rows = take(rest, reverse, size + 1, split)
        page.items = rows[:size][::-1]
        if len(rows) > size:
            page.previous = link(back=at(page.items[0]))
        elif limit is not None and limit <= top:
            page.previous, page.searched = link(back=limit - 1), (mark + 1, limit - 1)
        page.next = link(on=(at(page.items[-1]) if page.items else mark + (1 if desc else -1)))
        page.first = link()
        return page
    mark = position[1] if position else None
    rest = qs.filter(**{f"{key}__{down}": mark}) if mark is not None else qs
    lower = None
    if span:
        lower = max((mark if mark is not None else top + 1) - span, 1)
        rest = rest.filter(**{f"{key}__gte": lower})
    rows = take(rest, order, size + 1, split)
    page.items = rows[:size]
    if len(rows) > size:
        page.next = link(on=at(page.items[-1]))
    elif lower is not None and lower > 1:
        page.next = link(on=lower)
        page.searched = (lower, (mark if mark is not None else top + 1) - 1)
    if mark is not None:
        page.previous = link(back=(at(page.items[0]) if page.items else mark + (-1 if desc else 1)))
        page.first = link()
    return page
