"""Tests for pipeline.fields.partners: splitting a Partnerji value into partners (made-up lists)."""

import pytest

from pipeline import vocab
from pipeline.fields.partners import (
    canonical_org,
    country_code,
    is_generic,
    parse_partners,
)


def _triples(raw):
    return [(m.partner.name, m.partner.country, m.partner.role) for m in parse_partners(raw)]


@pytest.mark.parametrize(
    "raw, expected",
    [
        # country and role in parentheses, " in " joining the last two items
        (
            "Jugendring Tirol (Avstrija, vodilni partner), Fundación Esplai (Španija), "
            "Nuoret ry (Finska) in Zavod Mladi val",
            [("Jugendring Tirol", "AT", "lead"), ("Fundación Esplai", "ES", "partner"),
             ("Nuoret ry", "FI", "partner"), ("Zavod Mladi val", None, "partner")],
        ),
        # country as the next comma item, with a role parenthesis after it
        (
            "Associazione Giovani, Italija (koordinator projekta), Ifjúsági Egyesület, Madžarska, Mreža Skupaj",
            [("Associazione Giovani", "IT", "lead"), ("Ifjúsági Egyesület", "HU", "partner"),
             ("Mreža Skupaj", None, "partner")],
        ),
        # " in " before an organisation head word joins two names
        ("Zavod Alfa in Društvo Beta", [("Zavod Alfa", None, "partner"), ("Društvo Beta", None, "partner")]),
        # " in " with a lowercase continuation is part of the name
        (
            "Zveza prijateljev mladine in mladostnikov, Ministrstvo za vzgojo in izobraževanje",
            [("Zveza prijateljev mladine in mladostnikov", None, "partner"),
             ("Ministrstvo za vzgojo in izobraževanje", None, "partner")],
        ),
        # an appositive after a one-word name belongs to it; the final dot is dropped
        (
            "CMEPIUS, Nacionalna agencija programa Erasmus+ za izobraževanje in usposabljanje, Zavod Beta.",
            [("CMEPIUS, Nacionalna agencija programa Erasmus+ za izobraževanje in usposabljanje", None, "partner"),
             ("Zavod Beta", None, "partner")],
        ),
        # a heading makes the rest associated; regions map to their country; semicolons separate
        (
            "Gradska mladež (Hrvaška). Pridruženi partnerji: Stadt Graz (Avstrija); "
            "Comune di Trieste (Furlanija - Julijska krajina).",
            [("Gradska mladež", "HR", "partner"), ("Stadt Graz", "AT", "associated"),
             ("Comune di Trieste", "IT", "associated")],
        ),
        # a country name with " in ", an ISO code, an abbreviation's final dot kept
        (
            "Youth Forum (Bosna in Hercegovina), Jeunesse (FR), Alfa d.o.o.",
            [("Youth Forum", "BA", "partner"), ("Jeunesse", "FR", "partner"), ("Alfa d.o.o.", None, "partner")],
        ),
        # an acronym parenthesis stays in the name; a dash may append a country; other dashes stay
        (
            "Inštitut za razvoj (IRZ) (Slovenija), Polygonal – Italija, Kulturni dom – Hiša mladih",
            [("Inštitut za razvoj (IRZ)", "SI", "partner"), ("Polygonal", "IT", "partner"),
             ("Kulturni dom – Hiša mladih", None, "partner")],
        ),
        # a bare role item applies to the name before it
        (
            "Zavod Gama, Švedska, vodilni partner, Zavod Delta",
            [("Zavod Gama", "SE", "lead"), ("Zavod Delta", None, "partner")],
        ),
        # an associated role in parentheses; a country spelt in the partner's own language
        (
            "Udruga Mladi (Hrvatska, pridruženi partner), NGO Sunce (Srbija)",
            [("Udruga Mladi", "HR", "associated"), ("NGO Sunce", "RS", "partner")],
        ),
        # headings set the role of what follows, up to the next heading
        (
            "Vodilni partner: Zavod X; partnerji: Zavod A, Društvo B. Pridruženi partnerji: Zavod C",
            [("Zavod X", None, "lead"), ("Zavod A", None, "partner"), ("Društvo B", None, "partner"),
             ("Zavod C", None, "associated")],
        ),
        # bullets separate; "iz <country>" gives the country; a place name stays in the name
        (
            "• Zavod X iz Španije • Društvo B (Italija) • Zavod Mladi iz Kamnika",
            [("Zavod X", "ES", "partner"), ("Društvo B", "IT", "partner"), ("Zavod Mladi iz Kamnika", None, "partner")],
        ),
        ("/", []),
        ("", []),
    ],
)
def test_partners_split_country_role(raw, expected):
    assert _triples(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Verein Jugend (Nemčija) in Stowarzyszenie Młodzi (Poljska) in Mladinski svet Maribor",
        "Inštitut za razvoj (IRZ) (Slovenija), Polygonal – Italija",
        "Gradska mladež (Hrvaška). Pridruženi partnerji: Stadt Graz (Avstrija).",
    ],
)
def test_partners_offsets_point_at_the_name(raw):
    matches = parse_partners(raw)
    assert matches
    for match in matches:
        assert raw[match.start:match.end] == match.partner.name


@pytest.mark.parametrize(
    "name, generic",
    [
        ("vse sodelujoče šole", True),
        ("lokalne skupnosti", True),
        ("Članice Zveze", True),
        ("izbrane nevladne organizacije", True),
        ("mladinski centri - članice", True),
        ("Mladi upi", False),
        ("Mladinski center Krško", False),
        ("Društvo Beta", False),
        ("netz", False),
    ],
)
def test_partners_generic_flag(name, generic):
    assert is_generic(name) is generic
    assert parse_partners(name)[0].partner.generic is generic


@pytest.mark.parametrize(
    "text, code",
    [
        ("Norveška", "NO"),
        ("Norveške", "NO"),
        ("Severne Makedonije", "MK"),
        ("Južna Tirolska", "IT"),
        ("Ciper", "CY"),
        ("Združenega kraljestva", "GB"),
        ("Ljubljana", None),
        ("IRZ", None),
    ],
)
def test_partners_country_code(text, code):
    assert country_code(text) == code


def test_partners_country_vocabulary_keys_are_codes():
    data = vocab.load("countries")
    for group in ("countries", "regions"):
        for code in data[group]:
            assert isinstance(code, str) and len(code) == 2 and code.isupper(), code


@pytest.mark.parametrize(
    "name, canonical",
    [
        ("Mreže MaMa", "Zavod Mladinska mreža MaMa"),
        ("TiPovej!", "Zavod TiPovej!"),
        ("Urad RS za mladino", "Urad Republike Slovenije za mladino"),
        ("  Zavod  Novi val.", "Zavod Novi val"),
    ],
)
def test_partners_canonical_org(name, canonical):
    assert canonical_org(name) == canonical
