"""Working days of the Chinese calendar and deadline arithmetic. Plain Python, no Django.

Deadlines in 工作日 count working days of the Chinese calendar: statutory holidays are off and 调休
make-up weekend days are on (REQUIREMENTS.md preamble). `chinese-calendar` knows the years the State
Council has announced; an administrator's override table adds later years (or corrects single days).
A date no calendar covers raises `CalendarNotCovered` — never a silent Monday–Friday guess.

Counting follows the common rule of Chinese procedure law (民事诉讼法 第八十五条, 行政处罚法 第八十五条):
the day a period starts on is not counted, and a period in days whose last day is a rest day ends on
the next working day. Hour periods are plain elapsed time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import chinese_calendar

CHINA = ZoneInfo("Asia/Shanghai")


class CalendarNotCovered(Exception):  # noqa: N818 - the name says what happened
    """A date lies in a year that neither the package nor the override table covers."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"no working-day calendar covers {year}")


def package_years() -> range:
    """The years the installed chinese-calendar release covers."""
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    return range(years[0], years[-1] + 1)


_PACKAGE_YEARS = package_years()


@dataclass(frozen=True)
class WorkCalendar:
    """`overrides` maps single dates to working (True) or rest (False); `declared_years` are years whose
    complete list of holidays and make-up days the override table holds (other days: Mon–Fri work)."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    declared_years: frozenset[int] = frozenset()
    # None: a year no calendar covers is an error. "early" / "late": it is bounded from its statutory holidays
    # (workdays/statutory.py) — for the provisional earliest and latest due dates, never for a deadline itself.
    assume: str | None = None

    def bound(self, assume: str) -> WorkCalendar:
        return WorkCalendar(overrides=self.overrides, declared_years=self.declared_years, assume=assume)

    def covers(self, year: int) -> bool:
        return year in self.declared_years or year in _PACKAGE_YEARS

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.declared_years:
            return day.weekday() < 5
        if day.year in _PACKAGE_YEARS:
            return chinese_calendar.is_workday(day)
        if self.assume is not None:
            from lawtrail.workdays.statutory import assumed_workday

            return assumed_workday(day, self.assume)
        raise CalendarNotCovered(day.year)

    def holiday_name(self, day: dt.date) -> str | None:
        if day.year in _PACKAGE_YEARS and day not in self.overrides:
            return chinese_calendar.get_holiday_detail(day)[1]
        return None

    # --- deadline arithmetic -------------------------------------------------------------------
    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted). n == 0: `start` if it is a
        working day, else the next one."""
        day = start
        if n == 0:
            while not self.is_workday(day):
                day += dt.timedelta(days=1)
            return day
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def sub_workdays(self, end: dt.date, n: int) -> dt.date:
        """The working day n working days before `end` (for "due soon" thresholds)."""
        day, counted = end, 0
        while counted < n:
            day -= dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add_days(self, start: dt.date, n: int) -> dt.date:
        """n calendar days after `start`; a last day that is a rest day moves to the next working day."""
        return self.add_workdays(start + dt.timedelta(days=n), 0)

    def workdays_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in [first, last]."""
        count, day = 0, first
        while day <= last:
            count += self.is_workday(day)
            day += dt.timedelta(days=1)
        return count


def end_of_day(day: dt.date) -> dt.datetime:
    """A deadline "on" a day runs to the end of that day in China: the first instant after it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=CHINA)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA).date()


UNITS = ("workdays", "days", "hours", "seconds", "end_of_day", "months", "years")


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, clamped to the month's last day (retention periods)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_at(calendar: WorkCalendar, start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    """When a period of `amount` `unit` that starts at `start` ends (exclusive instant)."""
    if unit == "hours":
        return start + dt.timedelta(hours=amount)
    if unit == "seconds":
        return start + dt.timedelta(seconds=amount)
    day = local_date(start)
    if unit == "workdays":
        return end_of_day(calendar.add_workdays(day, amount))
    if unit == "days":
        return end_of_day(calendar.add_days(day, amount))
    if unit == "end_of_day":  # YZ 18: "每天工作结束后" — the same day (amount extra days allowed)
        return end_of_day(day + dt.timedelta(days=amount))
    if unit in ("months", "years"):  # retention periods: plain calendar arithmetic, no working days
        return end_of_day(add_months(day, amount * (12 if unit == "years" else 1)))
    raise ValueError(f"unknown period unit {unit!r}; expected one of {', '.join(UNITS)}")
