"""Durations and targets on phrases made up for the tests (not copied from the corpus)."""

from __future__ import annotations

import pytest

from pipeline.nlp.normalize import TargetMatch, extract_targets, normalize_duration

# ----------------------------------------------------------------------------- durations

DURATIONS = [
    # raw, plan_year, start, end, continuous, project_start, project_end
    ("1. 3. 2027 – 31. 8. 2027", 2027, "2027-03-01", "2027-08-31", False, None, None),
    ("15.4.2027-30.6.2027", 2027, "2027-04-15", "2027-06-30", False, None, None),
    ("10. - 12. 5. 2027", 2027, "2027-05-10", "2027-05-12", False, None, None),
    ("5. in 6. junij 2027", 2027, "2027-06-05", "2027-06-06", False, None, None),
    ("1. 2. - 30. 11. 2027", 2027, "2027-02-01", "2027-11-30", False, None, None),
    ("marec – junij 2027", 2027, "2027-03", "2027-06", False, None, None),
    ("od oktobra 2026 do marca 2027", 2027, "2026-10", "2027-03", False, None, None),
    ("november 2026 - februar 2027", 2027, "2026-11", "2027-02", False, None, None),
    ("maj 2027", 2027, "2027-05", "2027-05", False, None, None),
    ("pomlad 2027", 2027, "2027-03", "2027-05", False, None, None),
    ("poleti 2028", 2028, "2028-06", "2028-08", False, None, None),
    ("zima 2027", 2027, "2027-12", "2028-02", False, None, None),
    ("tri dni, jeseni 2027", 2027, "2027-09", "2027-11", False, None, None),
    ("2027", 2027, "2027", "2027", False, None, None),
    ("junij", 2029, "2029-06", "2029-06", False, None, None),
    ("1. 6. - 31. 12.", 2027, "2027-06-01", "2027-12-31", False, None, None),
    ("kontinuirano", 2027, None, None, True, None, None),
    ("kontinuirno skozi celo leto", 2027, None, None, True, None, None),
    ("Kontinuirano", 2027, None, None, True, None, None),
    (
        "1. 1. 2027 – 31. 12. 2027 (celotno trajanje projekta 1. 3. 2026 – 28. 2. 2029)",
        2027, "2027-01-01", "2027-12-31", False, "2026-03-01", "2029-02-28",
    ),
    ("kontinuirano (v okviru programa 1. 1. 2027 – 31. 12. 2029)", 2027, None, None, True, "2027-01-01", "2029-12-31"),
    ("2027-01-15 - 2027-03-01", 2027, "2027-01-15", "2027-03-01", False, None, None),
    ("od 1. 3. 2027 do 30. 6. 2027", 2027, "2027-03-01", "2027-06-30", False, None, None),
    ("do 31. 12. 2027", 2027, None, "2027-12-31", False, None, None),
    ("do konca leta 2027", 2027, None, "2027", False, None, None),
    ("od marca 2027", 2027, "2027-03", None, False, None, None),
    ("15. 3. 2027 ob 10.00", 2027, "2027-03-15", "2027-03-15", False, None, None),
    ("2.-5.3.2027", 2027, "2027-03-02", "2027-03-05", False, None, None),
    ("sep. 2026 – jun. 2027", 2027, "2026-09", "2027-06", False, None, None),
    ("julij in avgust 2027", 2027, "2027-07", "2027-08", False, None, None),
]


@pytest.mark.parametrize("raw,year,start,end,continuous,pstart,pend", DURATIONS)
def test_normalize_duration_forms(raw, year, start, end, continuous, pstart, pend):
    d = normalize_duration(raw, year)
    assert (d.start, d.end, d.continuous, d.project_start, d.project_end) == (start, end, continuous, pstart, pend)
    assert d.parsed and d.raw == raw


@pytest.mark.parametrize(
    "raw,year",
    [("po dogovoru", 2027), ("", 2027), ("31. 2. 2027", 2027), ("junij", None), ("glede na potrebe", None)],
)
def test_normalize_duration_unknown_is_not_guessed(raw, year):
    d = normalize_duration(raw, year)
    assert d.parsed is False
    assert (d.start, d.end, d.project_start, d.project_end) == (None, None, None, None)
    assert d.raw == raw


def test_normalize_duration_event_in_parenthesis():
    d = normalize_duration("1. 2. - 30. 11. 2027 (tabor predvidoma 4. - 8. 7. 2027)", 2027)
    assert (d.start, d.end) == ("2027-02-01", "2027-11-30")
    assert [(e.label, e.start, e.end) for e in d.events] == [("tabor", "2027-07-04", "2027-07-08")]
    assert d.project_start is None


def test_normalize_duration_event_after_comma():
    d = normalize_duration("marec 2027 - maj 2028, zaključna konferenca april 2028", 2027)
    assert (d.start, d.end) == ("2027-03", "2028-05")
    assert [(e.label, e.start, e.end) for e in d.events] == [("zaključna konferenca", "2028-04", "2028-04")]
    assert d.events[0].raw == "zaključna konferenca april 2028"


# ----------------------------------------------------------------------------- targets


def _one(text: str) -> TargetMatch:
    found = extract_targets(text, "results", 0)
    assert len(found) == 1, [m.target.text for m in found]
    return found[0]


def _numbers(t):
    return (t.value, t.min, t.max, t.qualifier)


QUALIFIERS = [
    ("organiziranih 12 delavnic za starše,", (12, 12, 12, "exact")),
    ("vključenih vsaj 8 prostovoljcev", (8, 8, None, "at_least")),
    ("izvedba najmanj 4 izobraževanj", (4, 4, None, "at_least")),
    ("doseženih več kot 200 obiskovalcev", (200, 200, None, "more_than")),
    ("sodelovanje do 40 udeleženk", (40, None, 40, "up_to")),
    ("predvidoma 6 srečanj koordinatorjev", (6, 6, 6, "approx")),
    ("okoli 300 prostovoljcev", (300, 300, 300, "approx")),
    ("od 5 do 7 izobraževanj", (None, 5, 7, "range")),
    ("izdanih 3–4 brošur", (None, 3, 4, "range")),
    ("vsaj 20-25 novih članov", (None, 20, 25, "range")),
    ("cilj: 25.000 ogledov", (25000, 25000, 25000, "exact")),
]


@pytest.mark.parametrize("text,numbers", QUALIFIERS)
def test_normalize_targets_qualifiers(text, numbers):
    assert _numbers(_one(text).target) == numbers


NUMBER_WORDS = [
    ("izdana ena brošura", 1, "brošura"),
    ("izdano eno poročilo", 1, "poročilo"),
    ("pripravljen en (1) priročnik", 1, "priročnik"),
    ("oddani najmanj dve (2) vlogi", 2, "vloga"),
    ("z dvema mentorjema", 2, "mentor"),
    ("tri delovne skupine", 3, "delovna skupina"),
    ("s tremi osnovnimi šolami", 3, "osnovna šola"),
    ("štirje mladinski delavci", 4, "mladinski delavec"),
    ("v štirih vrtcih", 4, "vrtec"),
    ("pet mentorjev in mentoric", 5, "mentor"),
    ("sedmih občin", 7, "občina"),
    ("dvanajst ur", 12, "ura"),
    ("dvajset prostovoljk", 20, "prostovoljka"),
]


@pytest.mark.parametrize("text,value,unit", NUMBER_WORDS)
def test_normalize_targets_number_words(text, value, unit):
    t = _one(text).target
    assert t.value == value and t.unit == unit


UNITS = [
    ("vključenih 15 mladinskih delavk in delavcev", "mladinski delavec"),
    ("20 koordinatorjev in koordinatoric", "koordinator"),
    ("3 strokovnjakinje s področja prava", "strokovnjakinja"),
    ("izvedenih 10 spletnih delavnic", "delavnica"),
    ("4 regijski dogodki", "regijski dogodek"),
    ("8 okroglih miz", "okrogla miza"),
    ("zbranih 30 dobrih praks", "dobra praksa"),
    ("obiskanih 12 mladinskih centrov", "mladinski center"),
    ("sodelovanje 90 mladih iz petih regij", "mladi"),
    ("6 izdelanih in natisnjenih plakatov", "plakat"),
    ("14 novih uporabnic", "uporabnica"),
    ("2 Sveta zavoda", "svet"),
    ("vzpostavljena 2 nova mladinska kluba", "mladinski klub"),
    ("oddanih 5 poročil o napredku", "poročilo"),
]


@pytest.mark.parametrize("text,unit", UNITS)
def test_normalize_targets_units(text, unit):
    assert extract_targets(text, "activities", 3)[0].target.unit == unit


EXCLUDED = [
    "izvedba tridnevnega tabora za mlade",
    "izvedba 3 dnevnega tabora",
    "srečanje vsakih pet tednov",
    "po 2 v vsaki regiji",
    "ena izmed delavnic bo v angleščini",
    "mladi med 15. in 30. letom",
    "mladi od 15 do 29 let",
    "svetovanje ob 9:30 in 14:00",
    "sodelovanje na dogodku NVO 500",
    "priprava poročila za leto 2027",
    "oddaja vloge do 15. 6. 2027",
    "napredovanje na 2. stopnjo",
    "prvo srečanje koordinatorjev",
    "izdelana dokumenta za svet zavoda",
    "poglavje 3.2.1 analize",
    "svetovanje 2 na teden",
    "srečanja 3 krat letno",
    "standard ISO 9001 kakovosti",
    "posledice COVID-19 pandemije za mlade",
    "program Erasmus+ 2021-2027",
]


@pytest.mark.parametrize("text", EXCLUDED)
def test_normalize_targets_exclusions(text):
    assert extract_targets(text, "activities", 0) == []


SHARES = [
    ("vključenih 40 mladih, od tega 15 iz članic Mreže MaMa", 40, 15, "mama"),
    ("50 udeležencev in udeleženk, od tega 10 iz Slovenije", 50, 10, "slovenia"),
    ("8 delavnic, od tega 2 v Sloveniji", 8, 2, "slovenia"),
    ("vključenih 30 mentorjev, od tega 12 mentorjev s strani Mreže MaMa", 30, 12, "mama"),
    ("izvedenih 9 usposabljanj, od tega 3 v organizaciji članic", 9, 3, "mama"),
    ("vključenih 12 mladih, med njimi 5 iz Slovenije", 12, 5, "slovenia"),
    ("izvedenih 20 delavnic, od katerih 4 izvede Mreža MaMa", 20, 4, "mama"),
]


@pytest.mark.parametrize("text,whole,share,scope", SHARES)
def test_normalize_targets_shares(text, whole, share, scope):
    t = _one(text).target
    assert (t.value, t.mama_share, t.share_scope) == (whole, share, scope)


def test_normalize_targets_share_of_a_different_thing_is_its_own_target():
    found = [m.target for m in extract_targets("izvedenih 6 delavnic, od tega 20 mladih iz Slovenije", "results", 1)]
    assert [(t.value, t.unit, t.mama_share) for t in found] == [(6, "delavnica", None), (20, "mladi", None)]


def test_normalize_targets_share_goes_to_the_same_counted_thing():
    text = "izvedenih 24 delavnic za 6 šol, od tega 8 delavnic za šole v Sloveniji"
    found = [m.target for m in extract_targets(text, "results", 0)]
    assert [(t.value, t.unit, t.mama_share, t.share_scope) for t in found] == [
        (24, "delavnica", 8, "slovenia"),
        (6, "šola", None, None),
    ]


def test_normalize_targets_split_by_time_is_dropped():
    found = [m.target for m in extract_targets("pripravljenih 5 poročil, od tega 1 v letu 2027", "results", 0)]
    assert [(t.value, t.unit, t.mama_share) for t in found] == [(5, "poročilo", None)]


def test_normalize_targets_qualifier_applies_to_next_number_only():
    text = "v vsaj 12 objavah, 3 oddajah in 2 intervjujih"
    found = [m.target for m in extract_targets(text, "results", 0)]
    assert [(t.value, t.qualifier) for t in found] == [(12, "at_least"), (3, "exact"), (2, "exact")]


def test_normalize_targets_offsets_are_the_phrase():
    text = "Izvedba vsaj 5 skupnih komunikacijskih aktivnosti in priprava gradiv."
    m = _one(text)
    assert text[m.start : m.end] == m.target.text == "vsaj 5 skupnih komunikacijskih aktivnosti"
    assert m.target.unit == "komunikacijska aktivnost"
    assert (m.target.source, m.target.item) == ("results", 0)


def test_normalize_targets_glued_number_and_number_after_noun():
    assert _one("(sodelovalo24 prostovoljcev)").target.value == 24
    m = _one("povečanje števila naročnikov na 2.500.")
    assert (m.target.value, m.target.unit) == (2500, "naročnik")
