"""The working-day calendar: statutory holidays and 调休 make-up workdays, the override table, and the
refusal to guess for a year no calendar covers (REQUIREMENTS.md preamble; DESIGN.md working days)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lawtrail.ledger.models import Entry
from lawtrail.workdays import calendar as cal_module
from lawtrail.workdays.calendar import CHINA, CalendarNotCovered, WorkCalendar, add_months, due_at
from tests.conftest import login

D = dt.date
LIST_2026 = Path(__file__).with_name("calendar-2026.json")
PACKAGE = WorkCalendar()


def test_spring_festival_2026_holidays_and_make_up_days():
    """2026-02-15..23 are off; Saturday 02-14 and Saturday 02-28 are make-up workdays."""
    assert not any(PACKAGE.is_workday(D(2026, 2, d)) for d in range(15, 24))
    assert PACKAGE.is_workday(D(2026, 2, 14)) and PACKAGE.is_workday(D(2026, 2, 28))
    # 2 working days after Friday 02-13: Saturday 02-14 (make-up), then Tuesday 02-24.
    assert PACKAGE.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    # A Monday–Friday guess would have said 02-17.
    assert PACKAGE.add_workdays(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_national_day_2026():
    """10-01..07 off, Sunday 09-20 and Saturday 10-10 worked; 7 working days after 09-28 end on 10-13."""
    assert PACKAGE.is_workday(D(2026, 9, 20)) and PACKAGE.is_workday(D(2026, 10, 10))
    assert not PACKAGE.is_workday(D(2026, 10, 7)) and not PACKAGE.is_workday(D(2026, 10, 11))
    assert PACKAGE.add_workdays(D(2026, 9, 28), 7) == D(2026, 10, 13)
    assert PACKAGE.add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 9)
    # A period in days whose last day is a holiday ends on the next working day (民事诉讼法 85).
    assert PACKAGE.add_days(D(2026, 9, 7), 30) == D(2026, 10, 8)
    assert PACKAGE.sub_workdays(D(2026, 10, 8), 1) == D(2026, 9, 30)


def test_due_times_are_end_of_day_china_and_hours_ignore_holidays():
    start = dt.datetime(2026, 2, 13, 10, 0, tzinfo=CHINA)
    assert due_at(PACKAGE, start, 2, "workdays") == dt.datetime(2026, 2, 25, tzinfo=CHINA)
    assert due_at(PACKAGE, start, 24, "hours") == dt.datetime(2026, 2, 14, 10, 0, tzinfo=CHINA)
    assert due_at(PACKAGE, start, 0, "end_of_day") == dt.datetime(2026, 2, 14, tzinfo=CHINA)
    assert due_at(PACKAGE, start, 3, "months") == dt.datetime(2026, 5, 14, tzinfo=CHINA)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    with pytest.raises(ValueError, match="unknown period unit"):
        due_at(PACKAGE, start, 1, "fortnights")


def test_uncovered_year_is_an_error_not_a_weekday_guess():
    year = cal_module.package_years().stop  # the first year the installed package does not know
    with pytest.raises(CalendarNotCovered) as exc:
        PACKAGE.add_workdays(D(year - 1, 12, 28), 10)
    assert exc.value.year == year


def test_declared_year_uses_its_list_and_weekdays_otherwise():
    year = cal_module.package_years().stop
    calendar = WorkCalendar(overrides={D(year, 1, 1): False, D(year, 1, 9): True}, declared_years=frozenset({year}))
    assert not calendar.is_workday(D(year, 1, 1))
    assert calendar.is_workday(D(year, 1, 9)) is True
    assert calendar.is_workday(D(year, 1, 5)) is (D(year, 1, 5).weekday() < 5)


def _upload(client, content: bytes, name: str, **fields):
    return client.post("/api/v1/workdays/import", {"file": SimpleUploadedFile(name, content), **fields})


def test_import_of_a_year_list_makes_the_year_covered_and_agrees_with_the_package(admin_user, monkeypatch):
    """With a package that ends at 2025, 2026 is uncovered; importing the 2026 notice as an override list
    gives the same working days as the package's own 2026 data. The import is in the trail."""
    from lawtrail.workdays.actions import current_calendar

    monkeypatch.setattr(cal_module, "_PACKAGE_YEARS", range(2004, 2026))
    with pytest.raises(CalendarNotCovered):
        current_calendar().add_workdays(D(2026, 2, 13), 2)
    client = login(admin_user)
    response = _upload(client, LIST_2026.read_bytes(), "2026.json")
    assert response.status_code == 200, response.content
    assert {"year": 2026, "source": json.loads(LIST_2026.read_text())["source"]} in response.json()["declared_years"]
    imported = current_calendar()
    monkeypatch.setattr(cal_module, "_PACKAGE_YEARS", range(2004, 2027))
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert imported.is_workday(day) == PACKAGE.is_workday(day), day
        day += dt.timedelta(days=1)
    entry = Entry.objects.filter(kind="workdays.calendar.import").get()
    assert '"year":2026' in entry.payload and entry.actor_id == admin_user.pk


def test_csv_import_single_days_and_removal(admin_user):
    client = login(admin_user)
    csv = "date,workday,name\n2026-12-31,false,本地调整\n".encode()
    assert _upload(client, csv, "days.csv").status_code == 200
    from lawtrail.workdays.actions import current_calendar

    assert current_calendar().is_workday(D(2026, 12, 31)) is False
    assert client.delete("/api/v1/workdays/2026-12-31").status_code == 200
    assert current_calendar().is_workday(D(2026, 12, 31)) is True
    assert client.delete("/api/v1/workdays/2026-12-31").status_code == 400


@pytest.mark.parametrize(("content", "name", "fields", "expected"), [
    (b"date,workday\n2027-13-01,false\n", "x.csv", {}, "2027-13-01"),
    (b"date,workday\n2027-01-01,maybe\n", "x.csv", {}, "maybe"),
    (b"date,workday\n2027-01-01,false\n2027-01-01,false\n", "x.csv", {}, "重复"),
    (b"when,off\n2027-01-01,1\n", "x.csv", {}, "date、workday"),
    (b"{not json", "x.json", {}, "JSON"),
    (b"\xff\xfe\x00\x01garbage\x80", "x.csv", {}, "UTF-8"),
    (b'{"year": 2027, "days": [{"date": "2027-01-04", "workday": true}]}', "x.json", {"source": "通知"},
     "节假日"),
    (b'{"year": 2027, "days": [{"date": "2028-01-01", "workday": false}]}', "x.json", {"source": "通知"},
     "2028-01-01"),
    (b'{"year": 2027, "days": [{"date": "2027-01-01", "workday": false}]}', "x.json", {}, "出处"),
])
def test_bad_calendar_files_are_refused_with_the_reason(admin_user, content, name, fields, expected):
    client = login(admin_user)
    before = Entry.objects.count()
    response = _upload(client, content, name, **fields)
    assert response.status_code == 400, response.content
    assert expected in json.dumps(response.json(), ensure_ascii=False)
    assert Entry.objects.count() == before


def test_only_an_administrator_changes_the_calendar(officer_user):
    response = _upload(login(officer_user), LIST_2026.read_bytes(), "2026.json")
    assert response.status_code == 403
