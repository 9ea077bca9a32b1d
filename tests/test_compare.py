"""Tests of pipeline.compare on small records made here, and on the two gold plans."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.compare.pairing import compare_records
from pipeline.compare.run import run_compare
from pipeline.errors import CompareError
from pipeline.models import record_from_dict

SHARED = Path(__file__).resolve().parents[2] / "shared"  # ../shared next to the checkout
GOLD = SHARED / "gold"
SCORER = SHARED / "eval" / "score_compare.py"

SECTIONS = [
    {"number": "2", "title": "RAZVOJ", "level": 1, "parent": None},
    {"number": "2.1", "title": "NACIONALNO", "level": 2, "parent": "2"},
    {"number": "2.1.1", "title": "Redne aktivnosti", "level": 3, "parent": "2.1"},
    {"number": "2.1.2", "title": "Projekti", "level": 3, "parent": "2.1"},
    {"number": "3", "title": "ZAGOVORNIŠTVO", "level": 1, "parent": None},
    {"number": "3.1", "title": "NACIONALNO", "level": 2, "parent": "3"},
    {"number": "3.1.1", "title": "Projekti", "level": 3, "parent": "3.1"},
    {"number": "3.1.2", "title": "Drugo", "level": 3, "parent": "3.1"},
]


def target(item: int, value: int, unit: str, share=None, source: str = "results", qualifier: str = "exact") -> dict:
    return {"source": source, "item": item, "text": f"{value} {unit}", "value": value, "min": value,
            "max": value, "qualifier": qualifier, "unit": unit, "mama_share": share}


def entry(section: str, title: str, year: int, partners=(), funders=("OWN",), targets=(), parent_title=None,
          span=None) -> dict:
    dur = {"raw": "", "start": f"{year}-01-01", "end": f"{year}-12-31"}
    if span:
        dur.update(project_start=span[0], project_end=span[1])
    return {"section": section, "title": title, "parent_title": parent_title, "duration": dur,
            "targets": list(targets), "funding": {"raw": "", "funders": list(funders)},
            "partners": [{"name": p} for p in partners]}


def record(year: int, entries: list[dict], sections=SECTIONS):
    return record_from_dict({"document": {"id": f"ldn-{year}", "year": year}, "sections": sections,
                             "entries": entries})


def load_scorer(monkeypatch):
    """Return the shared ``score_compare`` module (it imports its sibling ``score.py``)."""
    monkeypatch.syspath_prepend(str(SCORER.parent))
    spec = importlib.util.spec_from_file_location("score_compare", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


def kinds(pair) -> list[str]:
    return [c.kind for c in pair.changes]


# ----------------------------------------------------------------------------- identity

@pytest.mark.parametrize("title_a,title_b", [
    ("DD – Dostojno delo", "Dostojno delo"),
    ("Okrepitev vodij za podporo mladinskemu delu", "Okrepitev vodji za podporo mladinskemu delu"),
    ("Glas mladih!", "Glas mladih"),
])
def test_compare_renamed_project_continues_with_title_change(title_a, title_b):
    partners = ["Zavod Nefiks", "Socialna akademija"]
    a = record(2025, [entry("2.1.2", title_a, 2025, partners)])
    b = record(2026, [entry("2.1.2", title_b, 2026, partners)])
    c = compare_records(a, b)
    assert [p.status for p in c.pairs] == ["continuing"]
    assert kinds(c.pairs[0]) == ["title"]
    assert (c.pairs[0].changes[0].old, c.pairs[0].changes[0].new) == (title_a, title_b)


def test_compare_different_projects_do_not_match_on_shared_partners():
    partners = ["Zavod Nefiks", "Socialna akademija"]
    a = record(2025, [entry("2.1.2", "Digitalne kompetence za mladinsko delo", 2025, partners)])
    b = record(2026, [entry("2.1.2", "Previharimo možgane", 2026, partners)])
    c = compare_records(a, b)
    assert sorted(p.status for p in c.pairs) == ["ended", "new"]


def test_compare_project_moves_section():
    a = record(2025, [entry("2.1.1", "Mladim", 2025), entry("3.1.2", "Regijski dogodki", 2025)])
    b = record(2026, [entry("2.1.1", "Mladim", 2026), entry("3.1.1", "Regijski dogodki", 2026)])
    c = compare_records(a, b)
    moved = next(p for p in c.pairs if p.a.title == "Regijski dogodki")
    assert moved.status == "continuing"
    assert [(ch.kind, ch.old, ch.new) for ch in moved.changes] == [("section", "3.1.2", "3.1.1")]
    assert kinds(next(p for p in c.pairs if p.a.title == "Mladim")) == []


def test_compare_project_in_three_sections_pairs_each_appearance():
    sections_b = [s for s in SECTIONS if s["number"] != "3.1.1"]
    sections_b.insert(6, {"number": None, "title": "Projekti", "level": 3, "parent": "3.1"})  # lost its number
    a = record(2025, [entry(s, "Šola kohezije", 2025) for s in ("2.1.2", "3.1.1", "3.1.2")])
    b = record(2026, [entry(s, "Šola kohezije", 2026) for s in ("2.1.2", "3.1/Projekti", "3.1.2")], sections_b)
    c = compare_records(a, b)
    assert [(p.status, p.a.section, p.b.section) for p in c.pairs] == [
        ("continuing", "2.1.2", "2.1.2"), ("continuing", "3.1.1", "3.1/Projekti"), ("continuing", "3.1.2", "3.1.2")]
    assert all(p.changes == [] for p in c.pairs)
    assert {(m.a, m.b, m.status) for m in c.sections} >= {("3.1.1", "3.1/Projekti", "renumbered")}


def test_compare_project_dropped_from_one_section_ends_there_only():
    a = record(2025, [entry(s, "Šola kohezije", 2025) for s in ("2.1.2", "3.1.1", "3.1.2")])
    b = record(2026, [entry(s, "Šola kohezije", 2026) for s in ("2.1.2", "3.1.2")])
    c = compare_records(a, b)
    assert [(p.status, p.a.section) for p in c.pairs] == [
        ("continuing", "2.1.2"), ("ended", "3.1.1"), ("continuing", "3.1.2")]


def test_compare_sub_entry_pairs_only_with_sub_entry():
    container = "Diseminacijski dogodki"
    a = record(2025, [entry("2.1.2", "YouthTRAILS", 2025), entry("3.1.2", container, 2025),
                      entry("3.1.2", "Glas mladih!", 2025, parent_title=container)])
    b = record(2026, [entry("2.1.2", "YouthTRAILS", 2026), entry("3.1.2", container, 2026),
                      entry("3.1.2", "YouthTRAILS", 2026, parent_title=container)])
    c = compare_records(a, b)
    got = [(p.status, (p.a or p.b).title, (p.a or p.b).parent_title) for p in c.pairs]
    assert got == [("continuing", "YouthTRAILS", None), ("continuing", container, None),
                   ("ended", "Glas mladih!", container), ("new", "YouthTRAILS", container)]


# ----------------------------------------------------------------------------- changes

def test_compare_target_changes_and_one_disappears():
    ta = [target(0, 120, "mladinski delavec", share=52), target(1, 4, "publikacija"), target(2, 3, "delavnica")]
    tb = [target(0, 156, "mladinski delavec", share=68), target(2, 3, "delavnica")]
    a = record(2025, [entry("2.1.2", "Dostojno delo", 2025, targets=ta)])
    b = record(2026, [entry("2.1.2", "Dostojno delo", 2026, targets=tb)])
    changes = compare_records(a, b).pairs[0].changes
    assert [(ch.change, ch.unit) for ch in changes] == [("changed", "mladinski delavec"), ("removed", "publikacija")]
    assert (changes[0].old.value, changes[0].old.mama_share, changes[0].new.value, changes[0].new.mama_share) == \
        (120, 52, 156, 68)
    assert changes[1].new is None and changes[1].old.value == 4


def test_compare_qualifier_change_is_a_target_change():
    a = record(2025, [entry("2.1.1", "Teden", 2025, targets=[target(0, 50, "dogodek", qualifier="approx")])])
    b = record(2026, [entry("2.1.1", "Teden", 2026, targets=[target(0, 50, "dogodek", qualifier="at_least")])])
    (change,) = compare_records(a, b).pairs[0].changes
    assert (change.change, change.old.qualifier, change.new.qualifier) == ("changed", "approx", "at_least")


@pytest.mark.parametrize("names_a,names_b,expected", [
    (["Zavod TiPovej!", "Zavod Nefiks"], ["TiPovej!", "Zavod Nefiks"], []),
    (["Polygonal", "Zavod Bob"], ["Polygonal NGO", "Zavod Bob"], []),
    (["Kulturno izobraževalno društvo PiNA", "Zavod Bob"], ["Zavod Ypsilon", "Zavod Bob"],
     [("removed", "Kulturno izobraževalno društvo PiNA"), ("added", "Zavod Ypsilon")]),
])
def test_compare_partner_alias_is_not_a_change(names_a, names_b, expected):
    a = record(2025, [entry("2.1.1", "Mreža KROJ", 2025, names_a)])
    b = record(2026, [entry("2.1.1", "Mreža KROJ", 2026, names_b)])
    changes = compare_records(a, b).pairs[0].changes
    assert [(ch.change, ch.name) for ch in changes] == expected


def test_compare_funder_change():
    a = record(2025, [entry("3.1.1", "Prekarnost", 2025, funders=["EU_ESF_PLUS"])])
    b = record(2026, [entry("3.1.1", "Prekarnost", 2026, funders=["URSM"])])
    changes = compare_records(a, b).pairs[0].changes
    assert [(ch.change, ch.code) for ch in changes] == [("removed", "EU_ESF_PLUS"), ("added", "URSM")]


@pytest.mark.parametrize("dur_a,dur_b,expected", [
    ({"start": "2025-09", "end": "2025-11"}, {"start": "2026-09", "end": "2026-11"}, []),  # roll-over
    ({"start": "2025-04", "end": "2025-04"}, {"start": "2026-04-03", "end": "2026-04-09"}, []),  # precision
    ({"start": "2025-10-12", "end": "2025-10-18"}, {"start": "2025-10-12", "end": "2025-10-18"}, []),
    ({"start": "2025-01-01", "end": "2025-12-31", "project_start": "2024-02-01", "project_end": "2026-09-30"},
     {"start": "2026-01-01", "end": "2026-09-30", "project_start": "2024-02-01", "project_end": "2026-09-30"}, []),
    ({"start": "2025-01-01", "end": "2025-12-31", "project_start": "2024-11-03", "project_end": "2026-11-02"},
     {"start": "2024-11-03", "end": "2027-01-02"}, [("end", "2026-11-02", "2027-01-02")]),
    ({"continuous": True}, {"start": "2026-01", "end": "2026-05"}, [("continuous", True, False)]),
])
def test_compare_duration_records_span_changes_only(dur_a, dur_b, expected):
    ea, eb = entry("2.1.1", "Projekt", 2025), entry("2.1.1", "Projekt", 2026)
    ea["duration"] = {"raw": "", **dur_a}
    eb["duration"] = {"raw": "", **dur_b}
    changes = compare_records(record(2025, [ea]), record(2026, [eb])).pairs[0].changes
    assert [(ch.field, ch.old, ch.new) for ch in changes] == expected


# ----------------------------------------------------------------------------- section map

def test_compare_section_map_statuses():
    sections_b = [dict(s) for s in SECTIONS if s["number"] != "3.1.2"]
    sections_b[0]["title"] = "KAKOVOST IN RAZVOJ"  # renamed
    sections_b.append({"number": "3.1.2", "title": "Nove pobude", "level": 3, "parent": "3.1"})
    sections_b.append({"number": "4", "title": "KOMUNICIRANJE", "level": 1, "parent": None})
    c = compare_records(record(2025, [], SECTIONS), record(2026, [], sections_b))
    got = {(m.a, m.b, m.status) for m in c.sections}
    assert ("2", "2", "renamed") in got and ("2.1.1", "2.1.1", "same") in got
    assert ("3.1.2", "3.1.2", "renamed") in got  # same number, same place
    assert (None, "4", "new") in got
    assert len(c.sections) == len(SECTIONS) + 1


# ----------------------------------------------------------------------------- files

def test_compare_three_years_in_a_folder(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    years = {2024: ["Mladim", "Analiza 2024"], 2025: ["Mladim", "Glas mladih!"], 2026: ["Mladim", "Glas mladih!"]}
    for year, titles in years.items():
        rec = record(year, [entry("2.1.1", t, year) for t in titles])
        (folder / f"ldn-{year}.json").write_text(rec.model_dump_json(), encoding="utf-8")
    (folder / "run.json").write_text(json.dumps({"files": []}), encoding="utf-8")  # not a record: skipped
    written = run_compare([folder], tmp_path / "out")
    names = {p.name for p in written}
    assert {"compare-2024-2025.json", "compare-2025-2026.json", "report.html",
            "compare_projects.parquet", "compare_changes.csv", "compare_overview.csv"} <= names
    overview = pd.read_csv(tmp_path / "out" / "compare_overview.csv")
    mladim = overview[overview["title"] == "Mladim"].iloc[0]
    assert (mladim["2024"], mladim["2025"], mladim["2026"]) == (1, 1, 1)
    projects = pd.read_parquet(tmp_path / "out" / "compare_projects.parquet")
    assert len(projects) == 6 and projects["project"].nunique() == 3
    glas = projects[projects["title"] == "Glas mladih!"].sort_values("year")
    assert list(glas["status"]) == ["new", "continuing"]
    assert not list(tmp_path.joinpath("out").glob(".*.tmp"))  # atomic writes left no temp files


def test_compare_unreadable_input_raises(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    good = tmp_path / "ldn-2025.json"
    good.write_text(record(2025, []).model_dump_json(), encoding="utf-8")
    with pytest.raises(CompareError):
        run_compare([good, bad], tmp_path / "out")
    with pytest.raises(CompareError):
        run_compare([good], tmp_path / "out")


@pytest.mark.skipif(not (GOLD / "compare-2025-2026.json").exists(), reason="gold files not available")
def test_compare_gold_records_score_at_least_098(tmp_path, monkeypatch):
    scorer = load_scorer(monkeypatch)
    run_compare([GOLD / "ldn-2026.json", GOLD / "ldn-2025-synthetic.json"], tmp_path)  # any order: by year
    pred = json.loads((tmp_path / "compare-2025-2026.json").read_text(encoding="utf-8"))
    gold = json.loads((GOLD / "compare-2025-2026.json").read_text(encoding="utf-8"))
    assert scorer.score(gold, pred)["overall"] >= 0.98


def test_compare_target_with_missing_unit_still_pairs():
    ta = [target(0, 20, "mladinski delavec"), target(1, 10, "mladinski center")]
    tb = [target(0, 15, "mladinski delavec"), target(1, 10, "mladinski center")]
    tb[0]["unit"] = None  # a noisy extraction lost the unit
    tb[1]["unit"] = "center"  # ... or lemmatized it differently
    a = record(2025, [entry("2.1.1", "Osnove", 2025, targets=ta)])
    b = record(2026, [entry("2.1.1", "Osnove", 2026, targets=tb)])
    changes = compare_records(a, b).pairs[0].changes
    assert [(ch.change, ch.unit, ch.old.value, ch.new.value) for ch in changes] == [
        ("changed", "mladinski delavec", 20, 15)]


def test_compare_noisy_records_keep_their_pairs():
    """Missing targets, partners and funding and a slightly different title do not break identity."""
    partners = ["Zavod Nefiks", "Socialna akademija"]
    a = record(2025, [entry("2.1.2", "Z mladinskim delom proti prekarnosti mladih", 2025, partners,
                            targets=[target(0, 5, "delavnica")]),
                      entry("2.1.2", "Mreža KROJ", 2025, ["Zavod Bob"])])
    eb = entry("2.1.2", "Z mladinskim delom proti prekarnosti mlad", 2026, [], targets=[])
    eb["funding"] = None
    b = record(2026, [eb, entry("2.1.2", "Mreža KROJ", 2026, ["Zavod Bob"])])
    c = compare_records(a, b)
    assert [p.status for p in c.pairs] == ["continuing", "continuing"]
    assert [ch.kind for ch in c.pairs[0].changes] == ["title", "target"]  # no partner or funder noise


def test_compare_same_year_plans_get_distinct_files(tmp_path):
    paths = []
    for name in ("ldn-2026-a", "ldn-2026-b", "ldn-2026-c"):
        rec = record_from_dict({"document": {"id": name, "year": 2026}, "sections": SECTIONS,  # organisation unknown
                                "entries": [entry("2.1.1", "Mladim", 2026), entry("2.1.2", f"Projekt {name}", 2026)]})
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(rec.model_dump_json(), encoding="utf-8")
    names = {p.name for p in run_compare(paths, tmp_path / "out")}
    assert {"compare-ldn-2026-a-ldn-2026-b.json", "compare-ldn-2026-b-ldn-2026-c.json"} <= names
    overview = pd.read_csv(tmp_path / "out" / "compare_overview.csv")
    assert list(overview.columns) == ["project", "title", "ldn-2026-a", "ldn-2026-b", "ldn-2026-c"]


def test_compare_unparsed_duration_is_not_a_change():
    ea, eb = entry("2.1.1", "Projekt", 2025), entry("2.1.1", "Projekt", 2026)
    eb["duration"] = {"raw": "nekoč v prihodnosti", "parsed": False}
    assert compare_records(record(2025, [ea]), record(2026, [eb])).pairs[0].changes == []


def test_compare_equal_target_under_the_other_list_is_not_a_change():
    a = record(2025, [entry("2.1.2", "Prekarnost", 2025, targets=[target(0, 4, "okrogla miza", source="results")])])
    b = record(2026, [entry("2.1.2", "Prekarnost", 2026, targets=[target(3, 4, "okrogla miza", source="activities")])])
    assert compare_records(a, b).pairs[0].changes == []


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus" / "ldn-2026.pdf").exists(), reason="corpus PDFs not available")
def test_compare_pipeline_records_score_at_least_090(tmp_path, monkeypatch):
    from pipeline.extract import extract_path

    scorer = load_scorer(monkeypatch)
    paths = []
    for stem in ("ldn-2025-synthetic", "ldn-2026"):
        path = tmp_path / f"{stem}.json"
        path.write_text(extract_path(SHARED / "corpus" / f"{stem}.pdf").model_dump_json(), encoding="utf-8")
        paths.append(path)
    run_compare(paths, tmp_path / "out")
    pred = json.loads((tmp_path / "out" / "compare-2025-2026.json").read_text(encoding="utf-8"))
    gold = json.loads((GOLD / "compare-2025-2026.json").read_text(encoding="utf-8"))
    assert scorer.score(gold, pred)["overall"] >= 0.90
