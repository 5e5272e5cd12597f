"""Redaction of what a party is shown (R-ARC-5, WH 30, LC 33): the identities of reporters, complainants and
third parties — the persons `identities.protected` lists for the case: those the catalogue's persons fields
name who are not parties, and those marked by hand — are hidden: their names, addresses, identity and phone
numbers wherever they appear; and every resident identity number (18 digits with a valid GB 11643 check
character) and telephone number that is not the party's own. Officers act in public and stay named."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lawtrail.validators import valid_resident_id

NAME = "【已隐去】"
ADDRESS = "【地址已隐去】"
ID_NO = "【身份证号已隐去】"
PHONE = "【电话已隐去】"

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)")
def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass
class Redactor:
    """What to hide, built from the case: the marked persons, and what of the party's own stays."""

    names: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)  # a marked person's own numbers, whatever their form
    keep_ids: set[str] = field(default_factory=set)
    keep_phones: set[str] = field(default_factory=set)

    def mark(self, person: dict[str, Any]) -> None:
        name = str(person.get("name") or "").strip()
        if len(name) >= 2:
            self.names.add(name)
        address = str(person.get("address") or "").strip()
        if len(address) >= 4:
            self.addresses.add(address)
        for key, placeholder in (("id_no", ID_NO), ("phone", PHONE)):
            number = str(person.get(key) or "").strip()
            if len(number) >= 5:
                self.numbers[number] = placeholder

    def text(self, value: str) -> str:
        for number in sorted(self.numbers, key=len, reverse=True):
            value = value.replace(number, self.numbers[number])
        for address in sorted(self.addresses, key=len, reverse=True):
            value = value.replace(address, ADDRESS)
        for name in sorted(self.names, key=len, reverse=True):
            value = value.replace(name, NAME)

        def ids(m: re.Match) -> str:
            number = m.group(1)
            return number if number.upper() in self.keep_ids or not valid_resident_id(number) else ID_NO

        def phones(m: re.Match) -> str:
            return m.group(1) if _digits(m.group(1)) in self.keep_phones else PHONE

        value = ID_RE.sub(ids, value)
        value = MOBILE_RE.sub(phones, value)
        return LANDLINE_RE.sub(phones, value)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value


def for_case(case, state) -> Redactor:
    """The redactor for what a party of `case` is shown: every protected person is marked; the parties' own
    numbers stay."""
    from lawtrail.access import identities

    parties = list(case.parties.all())
    r = Redactor(keep_ids={p.id_no.upper() for p in parties if p.id_no},
                 keep_phones={_digits(p.phone) for p in parties if p.phone})
    for person in identities.protected(case, state):
        r.mark(person)
    return r
