"""The text form of list fields (persons, items) round-trips losslessly: render → submit → render gives the
same value, with empty columns, commas of both widths, quotes and blank space inside values (issue 12)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lawtrail.procedures import listtext
from lawtrail.procedures.listtext import ITEM_COLUMNS, PERSON_COLUMNS, from_text, parse_rows, to_text

# Values as the content check stores them: stripped, non-empty; any characters, and plenty of the ones that
# matter here (both commas, quotes, blanks, line breaks).
TRICKY = st.sampled_from([",", "，", '"', " ", "\u3000", "\t", "\n", "\r", "钱", "a", "1", "“", "”"])
VALUE = st.text(alphabet=st.one_of(TRICKY, st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=12) \
    .map(str.strip).filter(bool)


def entries(columns):
    entry = st.fixed_dictionaries({"name": VALUE}, optional={k: VALUE for k in columns[1:]})
    return st.lists(entry, max_size=5)


@settings(max_examples=400, deadline=None)
@given(entries(PERSON_COLUMNS))
def test_persons_round_trip(value):
    text = to_text(value, PERSON_COLUMNS)
    assert from_text(text, PERSON_COLUMNS) == value
    assert to_text(from_text(text, PERSON_COLUMNS), PERSON_COLUMNS) == text


@settings(max_examples=300, deadline=None)
@given(entries(ITEM_COLUMNS))
def test_items_round_trip(value):
    text = to_text(value, ITEM_COLUMNS)
    assert from_text(text, ITEM_COLUMNS) == value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.sampled_from(["张", "三", " ", "1", "x"]), max_size=4), min_size=1,
                         max_size=7), max_size=4),
       st.sampled_from([",", "，", " , ", "，　"]))
def test_typed_text_keeps_every_column_in_its_place(rows, separator):
    """What an officer types with either comma, blank columns and spaces around them: each value lands in the
    column where it was typed, and nothing typed is lost (surplus columns are kept as _7, _8 …)."""
    text = "\n".join(separator.join(row) for row in rows)
    parsed = from_text(text, PERSON_COLUMNS)
    expected = []
    for row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        keys = [*PERSON_COLUMNS, *(f"_{i + 1}" for i in range(len(PERSON_COLUMNS), len(cells)))]
        expected.append({k: c for k, c in zip(keys, cells, strict=False) if c})
    assert parsed == expected


def test_the_complainant_without_an_id_number_keeps_role_and_phone():
    """The defect seen in the browser: 钱女士，，投诉人，13912345678 (no ID) came back without its empty column,
    so a second submit stored ID = 投诉人 and role = the phone number."""
    typed = "钱女士，，投诉人，13912345678"
    value = from_text(typed, PERSON_COLUMNS)
    assert value == [{"name": "钱女士", "role": "投诉人", "phone": "13912345678"}]
    shown = to_text(value, PERSON_COLUMNS)
    assert shown == "钱女士, , 投诉人, 13912345678"
    assert from_text(shown, PERSON_COLUMNS) == value


def test_quoted_values_and_surplus_columns():
    assert parse_rows('"王, 五", 1\n\n  \n"say ""hi""" x, 2') == [["王, 五", "1"], ['say "hi" x', "2"]]
    value = from_text("a, b, c, d, e, f, g, , i", PERSON_COLUMNS)
    assert value == [{"name": "a", "id_no": "b", "role": "c", "phone": "d", "address": "e", "organisation": "f",
                      "_7": "g", "_9": "i"}]
    assert to_text(value, PERSON_COLUMNS) == "a, b, c, d, e, f, g, , i"
    assert listtext.quote('"x') == '"""x"'
