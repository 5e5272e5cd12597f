"""The review clock (R-LR-6, HY-A3 11) across holidays and pauses, on the Chinese working-day calendar:
3 working days from complete materials, 1 when urgent, +2 with the head's extension; expert argument and
verification do not count."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from lawtrail.registry.models import Agency
from lawtrail.review import clock
from lawtrail.workdays.calendar import CHINA


def t(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=CHINA)


def run(*acts, urgent=False):
    """The clock of a review of the demo agency (profile wuhan: 3 / 1 / +2 working days, HY-A3 11)."""
    review = SimpleNamespace(agency_id=Agency.objects.get().pk, urgent=urgent)
    return clock.compute(review, [SimpleNamespace(kind=k, at=a) for k, a in acts])


@pytest.mark.parametrize(("accepted", "urgent", "extended", "due"), [
    # National Day 2026: Oct 1–7 off, Sat Oct 10 worked. Tue 9-29 + 3 working days = 9-30, 10-8, 10-9.
    (t(9, 29), False, False, t(10, 10, 0)),
    (t(9, 29), True, False, t(10, 1, 0)),  # urgent: 9-30 only
    (t(9, 29), False, True, t(10, 13, 0)),  # +2: Sat 10-10 (worked), Mon 10-12
    # Spring Festival 2026: Fri 2-13 + 3 = Sat 2-14 (worked), Tue 2-24, Wed 2-25.
    (t(2, 13), False, False, t(2, 26, 0)),
    # Mid-Autumn: Thu 9-24 + 1 = Mon 9-28 (9-25 to 9-27 off).
    (t(9, 24), True, False, t(9, 29, 0)),
])
def test_clock_across_holidays(demo_agency, accepted, urgent, extended, due):
    acts = [("accept", accepted)] + ([("extension", accepted + dt.timedelta(hours=1))] if extended else [])
    assert run(*acts, urgent=urgent).due == due


def test_pause_for_expert_argument_moves_the_due_day_by_the_working_days_it_covered(demo_agency):
    # Paused Wed 9-30 09:00 → resumed Thu 10-8 17:00: working days covered 9-30 (the holiday is not counted),
    # so the due day moves from Fri 10-9 one working day on, to Sat 10-10 (a make-up working day).
    c = run(("accept", t(9, 29)), ("pause", t(9, 30, 9)), ("resume", t(10, 8, 17)))
    assert c.due == t(10, 11, 0) and not c.paused
    running = run(("accept", t(9, 29)), ("pause", t(9, 30, 9)))
    assert running.paused and clock.level(running, t(10, 20)) == "paused"


def test_levels(demo_agency):
    c = run(("accept", t(9, 29)))
    assert clock.level(c, t(9, 29, 15)) == "pending"
    assert clock.level(c, t(10, 9, 9)) == "soon"  # yellow from the end of the working day before the last
    assert clock.level(c, t(10, 10, 1)) == "overdue"
    done = run(("accept", t(9, 29)), ("opinion", t(10, 12)))
    assert clock.level(done, t(10, 20)) == "met_late"
    assert clock.level(run(("accept", t(9, 29)), ("opinion", t(9, 30))), t(10, 20)) == "met"


def test_a_year_no_calendar_covers_is_an_error_not_a_guess(demo_agency):
    c = run(("accept", dt.datetime(2031, 3, 3, 10, tzinfo=CHINA)))
    assert c.due is None and c.error == "calendar:2031" and clock.level(c, t(10, 1)) == "error"
