"""Tests for pipeline.fields.funders: funding values to FORMAT.md codes (made-up values)."""

import pytest

from pipeline.fields.funders import parse_funders


@pytest.mark.parametrize(
    "raw, codes",
    [
        ("Ministrstvo za zdravje, MOL in lastna sredstva", ["MOL", "MZ", "OWN"]),
        ("Evropski socialni sklad plus", ["EU_ESF_PLUS"]),
        ("Sofinancira EU iz ESS+", ["EU_ESF_PLUS"]),
        ("Erasmus+: Mladina (NA MOVIT)", ["NA_MOVIT"]),
        ("Sofinancira Evropska unija", ["EU"]),
        ("Evropska unija (NA Movit) in članarine", ["MEMBERS", "NA_MOVIT"]),
        ("kotizacije udeležencev", ["MEMBERS"]),
        ("lastna sredstva vključenih organizacij", ["MEMBERS"]),
        ("lastna sredstva Mreže MaMa in mladinskih centrov", ["MEMBERS", "OWN"]),
        ("projektna sredstva drugih projektov", ["PROJECTS"]),
        ("Urad Republike Slovenije za mladino (javni poziv)", ["URSM"]),
        ("Ministrstvo za javno upravo", ["MJU"]),
        ("Ministrstvo RS za kohezijo in regionalni razvoj", ["MKRR"]),
        ("donacije podjetij", ["OTHER"]),
        ("Občina Kamnik in lastna sredstva", ["OTHER", "OWN"]),
        ("", []),
    ],
)
def test_funders_codes(raw, codes):
    assert parse_funders(raw) == codes


def test_funders_registry_uses_format_codes():
    from pipeline import vocab
    from pipeline.fields.funders import CODES

    for entry in vocab.load("funders")["funders"]:
        assert entry["code"] in CODES
        assert set(entry.get("suppresses") or []) <= CODES
