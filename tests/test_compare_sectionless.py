"""Tests of the comparison when a plan's section tree is missing or poor: projects still pair by
title and evidence, and the comparison says that its section map could not be built."""

from __future__ import annotations

import json

import pytest

from pipeline.compare.matching import sections_correspond
from pipeline.compare.pairing import compare_records
from pipeline.compare.run import run_compare
from pipeline.models import load_record
from tests.test_compare import GOLD, SECTIONS, entry, load_scorer, record

GOLD_PAIR = (GOLD / "ldn-2025-synthetic.json", GOLD / "ldn-2026.json")


def without_sections(rec):
    """Given a record, return a copy as an extraction that found no heading would give it."""
    rec = rec.model_copy(deep=True)
    rec.sections = []
    for e in rec.entries:
        e.section = None
    return rec


def continuing_found(gold: dict, pred: dict) -> float:
    """Given a gold and a predicted comparison, return the share of gold continuing pairs (by the
    two titles, each appearance counted) that the prediction also has as continuing."""
    want = [(p["a"]["title"], p["b"]["title"]) for p in gold["pairs"] if p["status"] == "continuing"]
    have = [(p["a"]["title"], p["b"]["title"]) for p in pred["pairs"] if p["status"] == "continuing"]
    hits = 0
    for pair in want:
        if pair in have:
            have.remove(pair)
            hits += 1
    return hits / len(want)


@pytest.mark.parametrize("strip", ["later", "earlier"])
def test_compare_sectionless_plan_still_pairs_its_projects(tmp_path, monkeypatch, strip):
    a, b = (load_record(p) for p in GOLD_PAIR)
    if strip == "later":
        b = without_sections(b)
    else:
        a = without_sections(a)
    paths = []
    for rec in (a, b):
        path = tmp_path / f"{rec.document.id}.json"
        path.write_text(rec.model_dump_json(), encoding="utf-8")
        paths.append(path)
    run_compare(paths, tmp_path / "out")
    pred = json.loads((tmp_path / "out" / "compare-2025-2026.json").read_text(encoding="utf-8"))
    gold = json.loads((GOLD / "compare-2025-2026.json").read_text(encoding="utf-8"))
    assert continuing_found(gold, pred) >= 0.9
    assert pred["section_map_state"] == "not_built"
    stripped = (b if strip == "later" else a).document.id
    assert stripped in pred["section_map_note"]
    assert not [c for p in pred["pairs"] for c in p["changes"] if c["kind"] == "section"]
    scores = load_scorer(monkeypatch).score(gold, pred)["headline"]
    assert scores["pairs"] >= 0.95 and scores["changes"] >= 0.9
    assert "no section tree" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_compare_sectionless_repeated_project_pairs_each_appearance():
    a = record(2025, [entry("2.1.2", "Dostojno delo", 2025), entry("3.1.1", "Dostojno delo", 2025),
                      entry("3.1.2", "Glas mladih", 2025)])
    b = without_sections(record(2026, [entry("2.1.2", "Dostojno delo", 2026), entry("3.1.1", "Dostojno delo", 2026),
                                       entry("3.1.2", "Glas mladih", 2026)]))
    c = compare_records(a, b)
    assert [p.status for p in c.pairs] == ["continuing"] * 3
    assert c.section_map_state == "not_built"


def test_compare_full_section_maps_are_built():
    a = record(2025, [entry("2.1.2", "Dostojno delo", 2025)])
    b = record(2026, [entry("2.1.2", "Dostojno delo", 2026)])
    c = compare_records(a, b)
    assert (c.section_map_state, c.section_map_note) == ("built", None)


def test_compare_headings_that_hardly_correspond_make_a_partial_map():
    other = [{"number": str(i), "title": f"POGLAVJE {i}", "level": 1, "parent": None} for i in range(6, 10)]
    a = record(2025, [entry("2.1.2", "Dostojno delo", 2025)])
    b = record(2026, [entry("6", "Dostojno delo", 2026)], sections=other)
    c = compare_records(a, b)
    assert c.section_map_state == "partial"
    assert "of 4 headings correspond" in c.section_map_note
    assert [p.status for p in c.pairs] == ["continuing"]


@pytest.mark.parametrize("sec_a, sec_b, corr, expected", [
    ("2.1", "2.1", {"2.1": "2.1"}, True),
    ("2.1", "3.1", {"2.1": "2.1"}, False),
    ("2.1", "", {"2.1": "2.1"}, None),       # B's entry is in no known section
    ("", "2.1", {}, None),                   # A's entry is in no known section
    ("2.1", "2.1", {"2.1": None}, None),     # A's heading has no counterpart: no evidence either way
])
def test_compare_sections_correspond_is_unknown_without_a_map(sec_a, sec_b, corr, expected):
    assert sections_correspond(sec_a, sec_b, corr) is expected


