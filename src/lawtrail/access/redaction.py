"""Redaction of what a party is shown (R-ARC-5, WH 30, LC 33): the identities of reporters, complainants and
third parties — everyone named in a record who is not a party of the case — are hidden: their names and
addresses wherever they appear, and every resident identity number (18 digits with a valid GB 11643 check
character) and telephone number that is not the party's own. Officers act in public and stay named."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lawtrail.cases.actions import valid_resident_id

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
    keep_ids: set[str] = field(default_factory=set)
    keep_phones: set[str] = field(default_factory=set)

    def mark(self, person: dict[str, Any]) -> None:
        name = str(person.get("name") or "").strip()
        if len(name) >= 2:
            self.names.add(name)
        address = str(person.get("address") or "").strip()
        if len(address) >= 4:
            self.addresses.add(address)

    def text(self, value: str) -> str:
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
    """Everyone named in a record who is not a party (nor an officer) is marked; the parties' own numbers
    stay."""
    parties = list(case.parties.all())
    party_names = {p.name for p in parties}
    party_ids = {p.id_no.upper() for p in parties if p.id_no}
    r = Redactor(keep_ids=party_ids, keep_phones={_digits(p.phone) for p in parties if p.phone})
    for view in state.views.values():
        for spec_field in view.spec.fields:
            if spec_field.kind != "persons":
                continue
            for person in view.record.content.get(spec_field.name) or []:
                if not isinstance(person, dict):
                    continue
                if person.get("name") in party_names or str(person.get("id_no") or "").upper() in party_ids:
                    continue
                r.mark(person)
    return r
