"""What is known of a year before the State Council announces it, and reading the announcement itself.

1. The statutory holidays (全国年节及纪念日放假办法, as revised 2024, in force 2025): 元旦 (1 January), 春节 (lunar
   New Year's Eve and the first three days of the first lunar month), 清明 (the Qingming solar term), 劳动节
   (1–2 May), 端午 (5th day of the 5th lunar month), 中秋 (15th day of the 8th lunar month), 国庆 (1–3 October) —
   known for any year from the lunar calendar (the `holidays` package's Chinese lunisolar tables). Only the
   调休 arrangement (bridging weekdays off, weekend days worked) is announced each year.

   So a deadline in a year not yet announced is not computed — the system keeps refusing to guess — but it can
   be bounded: the *earliest* possible due date treats the weekends near a holiday as possible make-up working
   days, the *latest* treats the weekdays near a holiday as possible bridging rest days (`assumed_workday`).
   The windows come from the announcements of 2020–2026 (tests/workdays/test_statutory.py checks that every
   real day of those years falls inside the bounds).

2. The announcement (国务院办公厅关于20xx年部分节假日安排的通知) in its standard wording — "二、春节：2月6日（农历
   除夕、周六）至14日（农历正月初八、周日）放假调休，共9天。2月20日（周六）上班。" — is read into the year's rest days
   and make-up working days (`parse_notice`), so importing it is one step: paste or upload the notice.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from django.utils.translation import gettext as _

# How far from a statutory holiday the announced 调休 reaches (days), from the announcements of 2020–2026: the
# make-up working weekend days lie up to 9 days away (2026: Spring Festival ends 19 Feb, 28 Feb worked), the
# bridging rest weekdays up to 4 days (2026: 23 Feb).
MAKEUP_REACH = 10
BRIDGE_REACH = 5


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The statutory rest days of `year` by law, without any 调休 (which only the yearly notice fixes)."""
    import holidays

    known = holidays.country_holidays("CN", years=year, language="en_US")
    return {day: name for day, name in known.items()
            if "observed" not in name.lower() and "substituted" not in name.lower()}


def _near_holiday(day: dt.date, reach: int) -> bool:
    for year in {day.year - 1, day.year, day.year + 1}:
        for holiday in statutory_holidays(year):
            if abs((holiday - day).days) <= reach:
                return True
    return False


def assumed_workday(day: dt.date, assume: str) -> bool:
    """Whether `day` counts as a working day under the bound `assume` ("early": as many working days as the
    year's notice could give; "late": as few)."""
    if day in statutory_holidays(day.year):
        return False
    weekend = day.weekday() >= 5
    if assume == "early":
        return not weekend or _near_holiday(day, MAKEUP_REACH)
    if assume == "late":
        return not weekend and not _near_holiday(day, BRIDGE_REACH)
    raise ValueError(f"unknown assumption {assume!r}")


# --- the State Council's notice -------------------------------------------------------------------------
_YEAR = re.compile(r"(20\d\d)年(?:部分)?节假日安排")
# An item starts a line: "二、春节：…" ("初七、周二" inside an item is not one).
_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+、\s*([^：:\n]+)[：:]", re.M)
_DATE = r"(?:(\d{1,2})月)?(\d{1,2})日"
_RANGE = re.compile(_DATE + r"(?:（[^）]*）|\([^)]*\))?\s*(?:至|—|-|~)\s*" + _DATE)
_SINGLE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:（[^）]*）|\([^)]*\))?\s*放假")
_WORK = re.compile(r"([^。；;]*?)上班")
_WORK_DATE = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日")


class NoticeError(ValueError):
    pass


def parse_notice(text: str, year: int | None = None) -> tuple[int, list[dict]]:
    """The notice's year and its days as rows {date, workday, name} (for `import_calendar`). Raises NoticeError
    saying what could not be read."""
    text = text.replace("\u3000", " ")
    if year is None:
        m = _YEAR.search(text)
        if m is None:
            raise NoticeError(_("the notice names no year (…关于2027年部分节假日安排的通知)"))
        year = int(m.group(1))
    rows: dict[dt.date, dict] = {}
    heads = list(_ITEM.finditer(text))
    items = [(h.group(1), text[h.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)])
             for i, h in enumerate(heads)]
    if not items:
        raise NoticeError(_("no holiday item like “一、元旦：1月1日…放假” was found"))
    for name, body in items:
        name = name.strip()
        rest_part, _sep, _after = body.partition("放假")
        found = False
        for m in _RANGE.finditer(rest_part + "放假"):
            m1, d1, m2, d2 = m.groups()
            if m1 is None:
                continue
            start = dt.date(year, int(m1), int(d1))
            end = dt.date(year, int(m2 or m1), int(d2))
            if end < start:
                raise NoticeError(_("%(name)s: the holiday ends before it starts") % {"name": name})
            day = start
            while day <= end:
                rows[day] = {"date": day.isoformat(), "workday": False, "name": name}
                day += dt.timedelta(days=1)
            found = True
            break
        if not found:
            m = _SINGLE.search(body)
            if m is None:
                raise NoticeError(_("%(name)s: no holiday dates in “%(text)s”") % {
                    "name": name, "text": body.strip()[:40]})
            day = dt.date(year, int(m.group(1)), int(m.group(2)))
            rows[day] = {"date": day.isoformat(), "workday": False, "name": name}
        for clause in _WORK.findall(body):
            month = None
            for m in _WORK_DATE.finditer(clause):
                month = int(m.group(1)) if m.group(1) else month
                if month is None:
                    raise NoticeError(_("%(name)s: a make-up working day without its month") % {"name": name})
                day = dt.date(year, month, int(m.group(2)))
                rows[day] = {"date": day.isoformat(), "workday": True, "name": f"{name}调休上班"}
    return year, [rows[d] for d in sorted(rows)]
