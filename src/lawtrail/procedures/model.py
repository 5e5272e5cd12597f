"""The shapes of the procedure catalogue: procedures, stages, record types, fields, gates, deadlines.
Plain frozen dataclasses; the catalogue itself (catalogue.py) is data written with them, and every
entry carries the requirement id and article it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language


@dataclass(frozen=True)
class T:
    """A name in both UI languages; str() picks the active one."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "zh-hans").startswith("en") else self.zh


@dataclass(frozen=True)
class Cite:
    """Where a rule comes from: its requirement id and the articles (short names of regulations/README.md;
    national laws by name)."""

    rule: str
    articles: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.articles})"


@dataclass(frozen=True)
class TimeRule:
    """How a date or time field relates to another moment, so that a record's times agree with each other
    (R-PROC-6): `op` is "not_before", "not_after" or "near"; `other` is a field of the same record,
    "record" (the record's own time) or "now". `days`: for not_before, at least that many calendar days
    later; for near, at most that many days apart. Dates compare with the day of a time (China time)."""

    op: str
    other: str
    cite: Cite
    days: int = 0

    def __post_init__(self):
        if self.op not in ("not_before", "not_after", "near"):
            raise ValueError(f"unknown time relation {self.op}")


# Field kinds a record type may use. Structured kinds hold lists of small objects (see checks.py).
FIELD_KINDS = ("text", "textarea", "date", "datetime", "choice", "multichoice", "bool", "true", "int", "decimal",
               "persons", "items", "signatures", "record")


@dataclass(frozen=True)
class Field:
    name: str
    label: T
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, T], ...] = ()
    # Required only when another field holds one of these values: ("method", ("lodging",)).
    when: tuple[str, tuple[str, ...]] | None = None
    # Required only when the case has this flag set ("major", "emergency", ...).
    when_case: str | None = None
    # For "record" fields: the record types it may point at; "document" = any issued document.
    refs: tuple[str, ...] = ()
    # For "signatures": the signer roles that must sign or have a recorded refusal.
    signers: tuple[str, ...] = ()
    # For "persons": at least this many.
    min_items: int = 0
    # For "persons": whose identity the named persons who are not parties of the case have — hidden from a
    # party (R-ARC-5, WH 30): "reporter" (投诉人、举报人), "third_party"; "" for persons who act in office.
    protects: str = "third_party"
    cite: Cite | None = None
    help: T | None = None
    # For "date" and "datetime": how the value relates to the record's time and to the other fields.
    times: tuple[TimeRule, ...] = ()
    # For "text": the form offers a list to pick from instead of typing ("officer": the agency's officers).
    pick: str = ""

    def __post_init__(self):
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"field {self.name}: unknown kind {self.kind}")
        if self.times and self.kind not in ("date", "datetime"):
            raise ValueError(f"field {self.name}: time rules on a {self.kind} field")


@dataclass(frozen=True)
class Gate:
    """What must exist in the case before a record of this type: a record of one of `types` in `state`
    (recorded, approved, issued or served). `unless_case` names a case flag that lifts the gate;
    `only_case` a flag without which the gate does not apply. With `absent`, the gate is the other way round:
    the record makes no sense once such a record exists (不予立案 after the filing is approved), and is not
    offered at all."""

    types: tuple[str, ...]
    state: str
    cite: Cite
    unless_case: str | None = None
    only_case: str | None = None
    absent: bool = False


@dataclass(frozen=True)
class Wait:
    """A period the record must wait for: it may not be made (nor dated) before the profile's `profile_key`
    period has run from when a record of `starts` reached its state, unless a record of one of `unless` was
    made after that start — e.g. a penalty decision waits for the statement and defence period after the
    prior notice is served, unless the party's statement or written waiver is on file (R-INV-5)."""

    starts: tuple[str, str]
    profile_key: str
    unless: tuple[str, ...]
    cite: Cite


@dataclass(frozen=True)
class AVRule:
    """Audio-video is mandatory for this record (R-INV-6), optionally only when a field has a value."""

    cite: Cite
    when: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class RecordType:
    code: str
    name: T
    fields: tuple[Field, ...]
    cite: Cite
    # R-PROC-6: every step records time, place, officers, party, matter. Internal forms take no place.
    needs_place: bool = True
    needs_party: bool = True
    min_officers: int = 1
    officers_when: tuple[str, tuple[str, ...], int] | None = None  # (field, values, minimum) overrides
    av: AVRule | None = None
    # Internal approval chain (R-PROC-7): the roles whose opinions approve the record, in order.
    approval: tuple[str, ...] = ()
    document: bool = False  # an outward document that is issued with a number and served
    decision: bool = False  # a decision document: never served by fax or e-mail (R-SRV-4)
    once: bool = False  # at most one per case (corrections aside)
    gates: tuple[Gate, ...] = ()
    waits: tuple[Wait, ...] = ()
    effect: str | None = None  # what it does to the case: see cases/actions.py EFFECTS
    # Internal to the agency (R-ARC-5, R-PUB-4, HY-A1 13): approval forms, discussion, reports, registrations —
    # never shown to a party, who sees its documents and the records of what was done with it.
    internal: bool = False


@dataclass(frozen=True)
class Stage:
    code: str
    name: T
    records: tuple[str, ...]
    cite: Cite
    # The stage is done when one of these records exists in the given state; then the case moves on.
    completes: tuple[str, ...] = ()
    completes_state: str = "recorded"
    optional: bool = False  # may be passed over by recording the next stage's record
    # For special stages: the general stages during which their records may be made (first, last).
    window: tuple[str, str] | None = None


@dataclass(frozen=True)
class Deadline:
    """A period that starts when `starts` happens and is met when `ends` happens. Its length comes from
    the agency's rule profile (`profile_key`) or, for `from_field`, from a date field of the start record."""

    code: str
    name: T
    starts: tuple[str, str]  # (record type, state)
    ends: tuple[tuple[str, str], ...]  # any of (record type, state)
    cite: Cite
    profile_key: str | None = None
    from_field: str | None = None
    only_case: str | None = None
    extendable: bool = False  # an approved extension (延期) adds the profile's extension period
    pauses: bool = True  # suspension (中止) stops the clock


@dataclass(frozen=True)
class Procedure:
    code: str
    family: str  # penalty, coercion, inspection, requisition, licence
    name: T
    stages: tuple[Stage, ...]
    specials: tuple[Stage, ...]
    cite: Cite
    power_categories: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    flags: tuple[str, ...] = field(default_factory=tuple)

    def stage(self, code: str) -> Stage:
        for s in self.stages + self.specials:
            if s.code == code:
                return s
        raise KeyError(code)

    def stage_index(self, code: str) -> int:
        return [s.code for s in self.stages].index(code)

    def stage_of(self, record_type: str) -> Stage | None:
        for s in self.stages + self.specials:
            if record_type in s.records:
                return s
        return None
