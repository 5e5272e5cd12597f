"""Reading and changing the working-day calendar. Changes are the administrator's, each in the trail;
after a change, deadlines computed from the calendar are recomputed (signal `calendar_changed`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from lawtrail.access.roles import Role
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.workdays.calendar import WorkCalendar, package_years
from lawtrail.workdays.models import CalendarDay, CalendarYear

calendar_changed = Signal()  # sent with years=set[int] after the transaction commits

MAX_IMPORT_BYTES = 1_000_000


def current_calendar() -> WorkCalendar:
    """The package calendar with the override table applied. Two small queries; load once per action."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_workday"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(overrides=overrides, declared_years=years)


def coverage() -> dict[str, Any]:
    """What the administrator sees: the package's years and the declared years, with their sources."""
    years = package_years()
    return {
        "package_years": [years.start, years.stop - 1],
        "declared_years": [{"year": y.year, "source": y.source} for y in CalendarYear.objects.all()],
    }


def _require_admin(user) -> None:
    if not (user.is_superuser or user.has_role(Role.ADMINISTRATOR)):
        raise NotAllowed(_("Only an administrator can change the working-day calendar."))


_WORK = {"1", "true", "yes", "y", "work", "workday", "班", "上班", "工作日"}
_REST = {"0", "false", "no", "n", "rest", "holiday", "休", "休息", "节假日"}


def parse_days(rows: Iterable[Mapping[str, Any]]) -> dict[dt.date, tuple[bool, str]]:
    """Validate override rows {date, workday, name}; ActionError names every bad row."""
    out: dict[dt.date, tuple[bool, str]] = {}
    errors: list[str] = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            errors.append(_("Row %(row)s: expected an object with date, workday and name.") % {"row": i})
            continue
        raw_date, raw_work = row.get("date"), row.get("workday")
        try:
            day = raw_date if isinstance(raw_date, dt.date) else dt.date.fromisoformat(str(raw_date).strip())
        except ValueError:
            errors.append(_("Row %(row)s: %(value)r is not a date like 2027-01-01.") % {"row": i, "value": raw_date})
            continue
        if isinstance(raw_work, bool):
            work = raw_work
        elif str(raw_work).strip().lower() in _WORK:
            work = True
        elif str(raw_work).strip().lower() in _REST:
            work = False
        else:
            errors.append(_("Row %(row)s: workday %(value)r must be true (working day) or false (rest day).")
                          % {"row": i, "value": raw_work})
            continue
        if day in out:
            errors.append(_("Row %(row)s: %(date)s is listed twice.") % {"row": i, "date": day})
            continue
        out[day] = (work, str(row.get("name") or "").strip()[:50])
    if errors:
        raise ActionError({"file": errors})
    return out


def missing_years(today: dt.date, calendar: WorkCalendar | None = None) -> list[int]:
    """Years an administrator should import now: this year if no calendar covers it, and from 1 November next
    year too (the State Council announces it in late autumn; deadlines into January start in December)."""
    calendar = calendar or current_calendar()
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [y for y in years if not calendar.covers(y)]


def read_notice(text: str, year: Any = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The State Council's notice as text: its days and its year, with the notice's title as the source."""
    from lawtrail.workdays.statutory import NoticeError, parse_notice

    try:
        found_year, rows = parse_notice(text, int(year) if year else None)
    except (NoticeError, ValueError) as exc:
        raise ActionError({"file": [_("The notice could not be read: %(error)s. Paste it as published, one holiday "
                                      "a line (一、元旦：1月1日…放假…).") % {"error": exc}]}) from None
    return rows, {"year": found_year, "source": f"国务院办公厅关于{found_year}年部分节假日安排的通知"}


def read_calendar_file(content: bytes, filename: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """JSON (a list of days, or {"year", "source", "days"}), CSV with columns date, workday, name, or the State
    Council's notice as text (.txt, or any text that announces 放假). Returns the rows and any year/source the
    file itself states."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ActionError({"file": [_("The file is larger than 1 MB; a calendar list is a few kilobytes.")]})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError:
            raise ActionError({"file": [_("The file is not text in UTF-8 or GB18030.")]}) from None
    if filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ActionError({"file": [_("The file is not valid JSON: %(error)s.") % {"error": exc}]}) from None
        meta: dict[str, Any] = {}
        if isinstance(data, dict):
            meta = {k: data[k] for k in ("year", "source") if k in data}
            data = data.get("days")
        if not isinstance(data, list):
            raise ActionError({"file": [_('Expected a JSON list of days or an object with "days".')]})
        return data, meta
    if filename.lower().endswith(".txt") or ("放假" in text and "," not in text.splitlines()[0]):
        return read_notice(text)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"date", "workday"} <= {f.strip().lower() for f in reader.fieldnames}:
        raise ActionError({"file": [_("The CSV file needs the columns date, workday and name.")]})
    return [{k.strip().lower(): v for k, v in row.items() if k} for row in reader], {}


def _notify(years: set[int]) -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarDay, years=years))


def import_calendar(*, user, rows: Iterable[Mapping[str, Any]], year: int | None = None, source: str = ""):
    """Import override days. With `year`, the rows are that year's complete list of holidays and
    make-up workdays (the State Council notice): earlier overrides of the year are replaced and the
    year counts as covered. Without it, each row overrides one day. All or nothing."""
    _require_admin(user)
    days = parse_days(rows)
    if year is not None:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ActionError({"year": [_("Enter a year such as 2027.")]}) from None
        if not 2000 <= year <= 2100:
            raise ActionError({"year": [_("Enter a year between 2000 and 2100.")]})
        outside = sorted(str(d) for d in days if d.year != year)
        if outside:
            raise ActionError({"file": [_("These dates are not in %(year)s: %(dates)s.")
                                        % {"year": year, "dates": ", ".join(outside[:10])}]})
        if not any(not work for work, _name in days.values()):
            raise ActionError({"file": [_("A year's list must include its statutory holidays; none is a rest day.")]})
        if not source.strip():
            raise ActionError({"source": [_("Name the source of the list, e.g. the State Council's notice.")]})
    elif not days:
        raise ActionError({"file": [_("The file lists no days.")]})
    with transaction.atomic():
        if year is not None:
            CalendarDay.objects.filter(date__year=year).delete()
            CalendarYear.objects.update_or_create(year=year, defaults={"source": source.strip()[:200],
                                                                       "declared_by": user})
        for day, (work, name) in days.items():
            CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": work, "name": name})
        payload = {"year": year, "source": source.strip() or None,
                   "days": [[d.isoformat(), w, n] for d, (w, n) in sorted(days.items())]}
        store.append("workdays.calendar.import", f"workdays.calendar:{year or 'days'}", payload,
                     user=user, agency_id=None)
        _notify({year} if year is not None else {d.year for d in days})
    return days


def remove_day(*, user, day: dt.date) -> None:
    """Drop one override (the package or Monday–Friday rule applies again)."""
    _require_admin(user)
    with transaction.atomic():
        deleted, _rows = CalendarDay.objects.filter(date=day).delete()
        if not deleted:
            raise ActionError({"date": [_("%(date)s has no override.") % {"date": day}]})
        store.append("workdays.calendar.remove", f"workdays.calendar:{day.isoformat()}", {"date": day.isoformat()},
                     user=user, agency_id=None)
        _notify({day.year})
