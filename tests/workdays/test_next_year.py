"""The next calendar year (issue 12 §6): the system still refuses to guess a year no calendar covers, but it knows
the statutory holidays of any year and shows a provisional earliest and latest due date; administrators are told
from 1 November that next year's calendar is missing; the State Council's notice imports in one step — read from
its published text — on the command line and on the page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import chinese_calendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lawtrail.cases.models import Deadline
from lawtrail.workdays import actions
from lawtrail.workdays.calendar import CalendarNotCovered, WorkCalendar, due_at
from lawtrail.workdays.models import CalendarDay, CalendarYear
from lawtrail.workdays.statutory import assumed_workday, parse_notice, statutory_holidays
from tests.conftest import _user, login

D = dt.date
NOTICE_2026 = Path(__file__).with_name("notice-2026.txt").read_text(encoding="utf-8")
# A notice for a far year no package knows, in the State Council's wording (dates of 2040 by the lunar calendar:
# New Year's Eve 11 Feb, Qingming 4 Apr, Dragon Boat 14 Jun, Mid-Autumn 20 Sep).
NOTICE_2040 = """国务院办公厅关于2040年部分节假日安排的通知
一、元旦：1月1日（周日）放假，1月2日（周一）补休，共2天。
二、春节：2月11日（农历除夕、周六）至18日（农历正月初七、周六）放假调休，共8天。2月19日（周日）上班。
三、清明节：4月4日（周三）放假1天，不调休。
四、劳动节：5月1日（周二）至2日（周三）放假，共2天。
五、端午节：6月14日（周四）至16日（周六）放假调休，共3天。6月17日（周日）上班。
六、中秋节：9月20日（周四）至22日（周六）放假调休，共3天。9月23日（周日）上班。
七、国庆节：10月1日（周一）至7日（周日）放假调休，共7天。9月29日（周六）、9月30日（周日）上班。
"""


def test_the_2026_notice_reads_exactly_as_the_package_knows_it():
    year, rows = parse_notice(NOTICE_2026)
    rest = {D.fromisoformat(r["date"]) for r in rows if not r["workday"]}
    work = {D.fromisoformat(r["date"]) for r in rows if r["workday"]}
    assert year == 2026
    assert rest == {d for d in chinese_calendar.holidays if d.year == 2026}
    assert work == {d for d in chinese_calendar.workdays if d.year == 2026}
    assert {r["name"] for r in rows if r["date"] == "2026-02-23"} == {"春节"}  # "初七、周一" is not an item


def test_statutory_holidays_of_any_year_by_law():
    """全国年节及纪念日放假办法 (2025): 13 days — 元旦 1, 春节 4 (除夕, 初一–初三), 清明 1, 劳动节 2, 端午 1,
    中秋 1, 国庆 3."""
    days = statutory_holidays(2040)
    assert len(days) == 13
    assert {D(2040, 1, 1), D(2040, 2, 11), D(2040, 2, 14), D(2040, 4, 4), D(2040, 5, 2), D(2040, 6, 14),
            D(2040, 9, 20), D(2040, 10, 3)} <= set(days)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_the_bounds_hold_every_day_of_the_announced_years(year):
    """Every real working day is one under the early bound, every real rest day one under the late bound — so
    the provisional dates bracket what the notice will say."""
    day = D(year, 1, 1)
    while day.year == year:
        real = chinese_calendar.is_workday(day)
        assert not real or assumed_workday(day, "early"), day
        assert real or not assumed_workday(day, "late"), day
        day += dt.timedelta(days=1)


def test_an_uncovered_year_is_refused_but_bounded():
    cal = WorkCalendar()
    start = dt.datetime(2040, 2, 8, 10, tzinfo=timezone.get_current_timezone())
    with pytest.raises(CalendarNotCovered):
        due_at(cal, start, 5, "workdays")
    early, late = (due_at(cal.bound(a), start, 5, "workdays") for a in ("early", "late"))
    assert early < late
    _year, rows = parse_notice(NOTICE_2040)
    announced = WorkCalendar(overrides={D.fromisoformat(r["date"]): r["workday"] for r in rows},
                             declared_years=frozenset({2040}))
    assert early <= due_at(announced, start, 5, "workdays") <= late


def test_administrators_are_told_from_1_november(demo_agency):
    assert actions.missing_years(D(2040, 10, 31)) == [2040]
    assert actions.missing_years(D(2040, 11, 1)) == [2040, 2041]
    assert actions.missing_years(D(2026, 6, 1)) == []


def test_the_notice_imports_in_one_step_from_the_command_line(demo_agency, tmp_path):
    path = tmp_path / "notice-2040.txt"
    path.write_text(NOTICE_2040, encoding="utf-8")
    _user("admin")
    with pytest.raises(CommandError, match="refused"):
        call_command("calendar", "import", str(path), "--user", "officer", stdout=io.StringIO())
    out = io.StringIO()
    call_command("calendar", "import", str(path), "--user", "admin", stdout=out)
    assert "2040" in out.getvalue()
    year = CalendarYear.objects.get(year=2040)
    assert year.source == "国务院办公厅关于2040年部分节假日安排的通知"
    assert not CalendarDay.objects.get(date=D(2040, 2, 17)).is_workday
    assert CalendarDay.objects.get(date=D(2040, 9, 30)).is_workday  # a Sunday worked
    assert actions.current_calendar().covers(2040)


def test_provisional_dates_on_the_workbench_until_the_notice_is_pasted(walker):
    """A penalty filed now runs its 90 days into next year: while that year is not imported, the workbench
    shows "暂定：最早…，最迟…"; the administrator is alerted; pasting the notice on the page computes it."""
    if actions.current_calendar().covers(timezone.localdate().year + 1):
        pytest.skip("the installed calendar already covers next year")
    now = timezone.localtime().replace(second=0, microsecond=0)
    walker.open("penalty")
    walker.record("case_source", at=now - dt.timedelta(hours=2))
    walker.approve(walker.record("filing_approval", at=now - dt.timedelta(hours=1))["id"])
    row = Deadline.objects.get(case_id=walker.case_id, code="penalty_decision")
    assert row.error.startswith("calendar:") and row.earliest_due <= row.latest_due
    home = walker.officer.get("/").content.decode()
    assert "暂定" in home
    admin = login(_user("admin"))
    if timezone.localdate().month >= 11:
        assert "年工作日历尚未导入" in admin.get("/").content.decode()
    year = timezone.localdate().year + 1
    text = NOTICE_2040.replace("2040", str(year))
    r = admin.post("/settings/calendar/", {"notice": text})
    assert r.status_code == 302
    assert CalendarYear.objects.filter(year=year).exists()
