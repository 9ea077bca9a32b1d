"""Fields: list markers recognised and removed, items split (also over a page break), scalar fields
cut at their first paragraph, and entry blocks turned into ``Entry`` records with provenance."""

from __future__ import annotations

import pytest

from pipeline.fields.entry import block_to_entry
from pipeline.fields.items import paragraph_lines, split_items
from pipeline.models.layout import Word
from pipeline.read.words import marker_of
from pipeline.structure.blocks import EntryBlock, FieldBlock
from tests.words import word_line

ITEMS = ["priprava programa srečanj", "izvedba treh delavnic", "obisk dveh mladinskih centrov"]


def _line(text: str, baseline: float, page: int = 1, x0: float = 150.0, bold: bool = False) -> list[Word]:
    return word_line(text, baseline, page=page, x0=x0, bold=bold)


def _lines(*texts: str, start: float = 100.0) -> list[list[Word]]:
    return [_line(t, start + 13 * i) for i, t in enumerate(texts)]


def _text(group: list[list[Word]]) -> str:
    return " ".join(w.text for line in group for w in line)


@pytest.mark.parametrize("text, marker", [
    ("1.", ("numbered", "1")),
    ("12)", ("numbered", "12")),
    ("(3)", ("numbered", "3")),
    ("a)", ("lettered", "a")),
    ("B.", ("lettered", "B")),
    ("•", ("bullet", "•")),
    ("–", ("bullet", "–")),
    ("2031", None),
    ("1.1.", None),
    ("aktivnosti", None),
])
def test_fields_marker_of(text, marker):
    assert marker_of(text) == marker


@pytest.mark.parametrize("markers", [["1.", "2.", "3."], ["1)", "2)", "3)"], ["a)", "b)", "c)"], ["•", "•", "•"],
                                     ["i.", "ii.", "iii."], ["►", "►", "►"], ["(1)", "(2)", "(3)"]])
def test_fields_split_items_removes_markers(markers):
    lines = _lines(*[f"{m} {t}" for m, t in zip(markers, ITEMS)])
    assert [_text(g) for g in split_items(lines)] == ITEMS


def test_fields_split_items_roman_and_letters_that_look_roman():
    # "v." after "iv." is five, "i." after "h)" is a letter: the list's own sequence decides
    roman = ["i.", "ii.", "iii.", "iv.", "v.", "vi."]
    lines = _lines(*[f"{m} točka {n}" for n, m in enumerate(roman)])
    assert len(split_items(lines)) == 6
    letters = [f"{chr(97 + k)})" for k in range(10)]  # a) .. j), passing through i)
    lines = _lines(*[f"{m} točka {n}" for n, m in enumerate(letters)])
    assert len(split_items(lines)) == 10


def test_fields_split_items_keeps_wrapped_lines_with_their_item():
    lines = _lines("1. priprava programa srečanj za", "mlade iz treh krajev", "2. izvedba delavnic")
    assert [_text(g) for g in split_items(lines)] == ["priprava programa srečanj za mlade iz treh krajev",
                                                      "izvedba delavnic"]


@pytest.mark.parametrize("continuation", ["15. marca in 3. aprila", "3. izvedba", "2031 v Ljubljani", "c) zadnji del"])
def test_fields_split_items_number_out_of_sequence_is_text(continuation):
    # "3." after item 1, a date or a letter after numbers does not open an item
    lines = _lines("1. srečanje bo", continuation, "2. drugo srečanje")
    assert [_text(g) for g in split_items(lines)] == [f"srečanje bo {continuation}", "drugo srečanje"]


def test_fields_split_items_over_a_page_break():
    lines = [_line("1. priprava gradiv za delo", 720.0, page=2), _line("2. priprava gradiv za delo z", 733.0, page=2),
             _line("mladimi v lokalnih okoljih", 100.0, page=3), _line("3. obisk centrov", 113.0, page=3)]
    items = split_items(lines)
    assert [_text(g) for g in items] == ["priprava gradiv za delo", "priprava gradiv za delo z mladimi v lokalnih okoljih",
                                         "obisk centrov"]
    assert [line[0].page for line in items[1]] == [2, 3]


def test_fields_paragraph_lines_stop_at_a_gap():
    lines = _lines("Erasmus+ Mladina", "in lastna sredstva") + [_line("Drug odstavek po vrzeli", 140.0)]
    assert [_text([ln]) for ln in paragraph_lines(lines)] == ["Erasmus+ Mladina", "in lastna sredstva"]


def _field(name: str, label: str, *texts: str, start: float) -> FieldBlock:
    return FieldBlock(field=name, label_words=_line(label, start - 13, bold=True), value_lines=_lines(*texts, start=start))


def test_fields_block_to_entry_with_provenance():
    block = EntryBlock(title_lines=[_line("Poletna šola sodelovanja", 87.0, bold=True)], section="1.1.1", fields=[
        _field("duration", "Trajanje:", "od marca do junija 2031", start=113.0),
        _field("activities", "Ključne aktivnosti:", "1. priprava programa za nadalje-", "vanje dela",
               "2. izvedba 3 delavnic", start=139.0),
        _field("results", "Rezultati", "a) 20 usposobljenih mladih", start=204.0),
        _field("funding", "Financiranje:", "Erasmus+", start=230.0),
        _field("partners", "Partnerji:", "Društvo Primer (Slovenija), Verein Beispiel (Avstrija)", start=256.0),
    ])
    entry = block_to_entry(block, 2031)
    assert entry.title == "Poletna šola sodelovanja" and entry.section == "1.1.1" and entry.parent_title is None
    assert [i.text for i in entry.activities] == ["priprava programa za nadaljevanje dela", "izvedba 3 delavnic"]
    assert [i.text for i in entry.results] == ["20 usposobljenih mladih"]
    assert [len(i.provenance) for i in entry.activities] == [2, 1]
    assert entry.duration.raw == "od marca do junija 2031"
    assert entry.funding.raw == "Erasmus+"
    assert [(p.name, p.country) for p in entry.partners] == [("Društvo Primer", "SI"), ("Verein Beispiel", "AT")]
    assert entry.labels == {"duration": "Trajanje", "activities": "Ključne aktivnosti", "results": "Rezultati",
                            "funding": "Financiranje", "partners": "Partnerji"}
    assert all(f.page == 1 for f in entry.provenance + entry.duration.provenance + entry.funding.provenance)
    # a partner's provenance covers its own words only, not the whole line
    [frag] = entry.partners[1].provenance
    assert frag.text == "Verein Beispiel" and frag.bbox[0] > block.fields[4].value_lines[0][0].x1


@pytest.mark.parametrize("markers", [["1.", "2.", "3."], ["1)", "2)", "3)"], ["a)", "b)", "c)"]])
def test_fields_list_markers_on_a_drawn_page(make_pdf, markers):
    from pipeline.extract import extract_path

    spec = [("h1", "1. Program"), ("h2", "1.1. Nacionalno"), ("entry", "Poletna šola sodelovanja"),
            ("label", "Trajanje: od marca do junija 2031"),
            ("label", "Ključne aktivnosti:"), *[("text", f"{m} {t}") for m, t in zip(markers, ITEMS)],
            ("label", "Predvideni rezultati:"), ("text", f"{markers[0]} zbornik dobrih praks")]
    name = "markers-" + "".join(markers[0]).replace(".", "dot").replace(")", "paren")
    [entry] = extract_path(make_pdf(name, spec)).entries
    assert [i.text for i in entry.activities] == ITEMS
    assert [i.text for i in entry.results] == ["zbornik dobrih praks"]


def test_fields_item_over_a_page_break_is_one_item(plan_record):
    entry = next(e for e in plan_record.entries if e.title == "Mreža svetovalcev za mlade")
    assert [i.text for i in entry.activities] == [
        "mesečna srečanja svetovalcev",
        "priprava gradiv za delo z mladimi v lokalnih okoljih po vsej državi",
        "obisk treh mladinskih centrov",
    ]
    assert [f.page for f in entry.activities[1].provenance] == [2, 3]


def test_fields_hyphenated_items_on_a_drawn_page(plan_record):
    entry = next(e for e in plan_record.entries if e.title == "Poletna šola sodelovanja")
    assert [i.text for i in entry.activities] == [
        "priprava programa srečanj in izbor udeležencev za nadaljevanje dela v lokalnih skupnostih",
        "izvedba treh delavnic v so-avtorstvu z lokalnimi društvi",
    ]
