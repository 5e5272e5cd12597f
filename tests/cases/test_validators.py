"""Phone and identity numbers as people write them (issue 12 §1), and the catalogue's time rules: every date
and time field of every record type states how it relates to the record's time (R-PROC-6)."""

from __future__ import annotations

import pytest

from lawtrail.procedures.catalogue import R
from lawtrail.validators import id_number_problem, phone_ok, valid_credit_code


@pytest.mark.parametrize("number", ["13912345678", "139 1234 5678", "+86 13912345678", "0086-139-1234-5678",
                                    "027-88886666", "(027) 8888 6666", "0731-8123456", "027-88886666转123",
                                    "027-88886666-8012", "88886666", "400-812-3123", "12345", "110"])
def test_phone_numbers_people_write_are_accepted(number):
    assert phone_ok(number)


@pytest.mark.parametrize("number", ["abc", "12", "1391234567", "23912345678", "139123456789", "027-0000000",
                                    "投诉人", "13912345678abc", "1-2-3"])
def test_what_cannot_be_a_phone_is_refused(number):
    assert not phone_ok(number)


def test_identity_numbers():
    assert id_number_problem("11010519491231002X") is None
    assert id_number_problem("110105194912310021") is not None  # wrong check digit
    assert id_number_problem("投诉人") is not None
    assert id_number_problem("P1234567") is None and id_number_problem("A123456(7)") is None
    assert valid_credit_code("91420100MA4K12345K") and not valid_credit_code("91420100MA4K12345J")
    # A unified social credit code of 18 digits is not mistaken for a resident ID with a bad check digit.
    assert valid_credit_code("911101080000000007") and id_number_problem("911101080000000007") is None


def test_every_date_and_time_field_relates_to_the_record_s_time():
    """Each date or time field has a time rule against the record's time, or against another field that has
    one, each rule citing where it comes from."""
    for code, rt in R.items():
        anchored = set()
        fields = [f for f in rt.fields if f.kind in ("date", "datetime")]
        for _ in fields:
            for f in fields:
                if any(r.other in ("record", *anchored) for r in f.times):
                    anchored.add(f.name)
        unanchored = [f.name for f in fields if f.name not in anchored]
        assert not unanchored, (code, unanchored)
        for f in fields:
            assert all(r.cite.rule.startswith("R-") for r in f.times), (code, f.name)
