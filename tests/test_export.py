"""Tests of pipeline.outputs.tables: tidy tables, Parquet/CSV/DuckDB files, documentation of columns."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.models import (
    Document,
    Duration,
    Entry,
    Fragment,
    Funding,
    Item,
    Partner,
    Record,
    Target,
)
from pipeline.outputs.tables import (
    COLUMNS,
    VIEWS,
    iso_to_dates,
    months_to_dates,
    records_to_tables,
    write_tables,
)
from tests.paths import GOLD_DIR

GOLD = GOLD_DIR
GOLD_FILES = ["ldn-2025-synthetic.json", "ldn-2026.json"]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "tables.md"


@pytest.fixture(scope="module")
def written(gold_records, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    write_tables(gold_records, out)
    return out


def expected_counts(records: list[Record]) -> dict[str, int]:
    """Count the rows each table must have, straight from the records."""
    entries = [e for r in records for e in r.entries]
    return {
        "documents": len(records),
        "sections": sum(len(r.sections) for r in records),
        "entries": len(entries),
        "items": sum(len(e.activities) + len(e.results) for e in entries),
        "targets": sum(len(e.targets) for e in entries),
        "partners": sum(len(e.partners) for e in entries),
        "funders": sum(len(e.funding.funders) for e in entries if e.funding),
        "durations": sum(1 + len(e.duration.events) for e in entries if e.duration),
        "timeline_boxes": sum(len(t.labels) for r in records for t in r.timelines),
        "applications": sum(len(r.applications_planned) for r in records),
    }


def documented_columns() -> dict[str, list[tuple[str, str]]]:
    """Read docs/tables.md: per `## \\`table\\`` heading, its (column, type) rows."""
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `(\w+)`", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
            continue
        if line.startswith("## "):
            current = None
        row = re.match(r"^\| `(\w+)` \| ([\w\[\]]+) \|", line)
        if row and current is not None:
            current.append((row.group(1), row.group(2)))
    return tables


def test_export_counts_agree_across_pandas_csv_duckdb(gold_records, written):
    expected = expected_counts(gold_records)
    assert expected["targets"] > 0 and expected["timeline_boxes"] > 0
    con = duckdb.connect(str(written / "ldn.duckdb"), read_only=True)
    try:
        for name, count in expected.items():
            parquet = pd.read_parquet(written / "tables" / f"{name}.parquet")
            csv = pd.read_csv(written / "tables" / f"{name}.csv")
            db = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            assert (len(parquet), len(csv), db) == (count, count, count), name
            assert list(parquet.columns) == [c for c, _ in COLUMNS[name]], name
            assert list(csv.columns) == [c for c, _ in COLUMNS[name]], name
    finally:
        con.close()


def test_export_gold_2026_counts_match_its_notes(gold_records):
    tables = records_to_tables([r for r in gold_records if r.document.id == "ldn-2026"])
    items = tables["items"]
    # the gold notes: 33 entries, 125 activities, 113 results, 101 targets, 111 partners, 46 funder codes
    assert len(tables["entries"]) == 33
    assert (items["source"] == "activities").sum() == 125 and (items["source"] == "results").sum() == 113
    assert len(tables["targets"]) == 101 and len(tables["partners"]) == 111 and len(tables["funders"]) == 46
    assert tables["targets"]["mama_share"].notna().sum() == 20


def test_export_keys_join(gold_records):
    t = records_to_tables(gold_records)
    entry_ids = set(t["entries"]["entry_id"])
    for name in ("items", "targets", "partners", "funders", "durations"):
        assert set(t[name]["entry_id"]) <= entry_ids, name
    assert set(t["targets"]["item_id"]) <= set(t["items"]["item_id"])
    assert t["entries"]["entry_id"].is_unique and t["items"]["item_id"].is_unique
    assert set(t["entries"]["doc_id"]) == set(t["documents"]["doc_id"])
    # every target's item counts it back
    per_item = t["targets"].groupby("item_id").size()
    items = t["items"].set_index("item_id")
    assert (items.loc[per_item.index, "n_targets"] == per_item).all()


def test_export_views_put_the_year_on_rows(gold_records, written):
    con = duckdb.connect(str(written / "ldn.duckdb"), read_only=True)
    try:
        views = {row[0] for row in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert views == set(VIEWS)
        years = con.execute("SELECT year, count(*) FROM targets_by_year GROUP BY 1 ORDER BY 1").fetchall()
        assert years == [(r.document.year, sum(len(e.targets) for e in r.entries))
                         for r in sorted(gold_records, key=lambda r: r.document.year)]
        both = con.execute("SELECT count(*) FROM title_years WHERE n_years = 2").fetchone()[0]
        assert both > 0
    finally:
        con.close()


def test_export_empty_list_writes_empty_tables(tmp_path):
    paths = write_tables([], tmp_path)
    assert len(paths) == 2 * len(COLUMNS) + 3  # parquet and csv per table, duckdb, xlsx, datapackage
    for name, cols in COLUMNS.items():
        df = pd.read_parquet(tmp_path / "tables" / f"{name}.parquet")
        assert len(df) == 0 and list(df.columns) == [c for c, _ in cols]
    con = duckdb.connect(str(tmp_path / "ldn.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM summary_by_year").fetchone()[0] == 0
    con.close()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_export_record_with_empty_fields(tmp_path):
    rec = Record(document=Document(id="bare"), entries=[Entry(title="Samo naslov")])
    write_tables([rec], tmp_path)
    entries = pd.read_parquet(tmp_path / "tables" / "entries.parquet")
    assert entries.loc[0, "entry_id"] == "bare:0" and entries.loc[0, "title"] == "Samo naslov"
    assert pd.isna(entries.loc[0, "section_key"]) and pd.isna(entries.loc[0, "start"])
    assert entries.loc[0, "n_targets"] == 0
    assert len(pd.read_parquet(tmp_path / "tables" / "durations.parquet")) == 0


def _frag(page: int, text: str) -> list[Fragment]:
    return [Fragment(page=page, bbox=(1.0, 2.0, 3.0, 4.0), text=text)]


def test_export_page_comes_from_provenance():
    entry = Entry(
        title="Projekt", provenance=_frag(3, "Projekt"),
        activities=[Item(text="izvedba 2 delavnic", provenance=_frag(4, "izvedba 2 delavnic"))],
        targets=[Target(source="activities", item=0, text="2 delavnic", value=2, min=2, max=2,
                        unit="delavnica", provenance=_frag(4, "2 delavnic"))],
        partners=[Partner(name="Movit", provenance=_frag(5, "Movit")), Partner(name="Brez strani")],
        funding=Funding(raw="URSM", funders=["URSM"], provenance=_frag(5, "URSM")),
        duration=Duration(raw="maj 2026", start="2026-05", end="2026-05", provenance=_frag(4, "maj 2026")),
    )
    t = records_to_tables([Record(document=Document(id="d", year=2026), entries=[entry])])
    assert t["entries"]["page"].tolist() == [3]
    assert t["items"]["page"].tolist() == [4]
    assert t["targets"]["page"].tolist() == [4]
    assert t["partners"]["page"].tolist() == [5, pd.NA]
    assert t["funders"]["page"].tolist() == [5]
    assert t["durations"]["page"].tolist() == [4]
    assert t["durations"]["end_date"].tolist() == [date(2026, 5, 31)]


@pytest.mark.parametrize("value, first, last", [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2026-09-15", date(2026, 9, 15), date(2026, 9, 15)),
    (None, None, None),
    ("jesen", None, None),
])
def test_export_iso_to_dates(value, first, last):
    lo, hi = iso_to_dates(value)
    assert (lo.date() if lo is not None else None, hi.date() if hi is not None else None) == (first, last)


@pytest.mark.parametrize("year, months, expected", [
    (2026, [4, 5], (date(2026, 4, 1), date(2026, 5, 31))),
    (2025, [1, 2, 3, 4, 5, 6], (date(2025, 1, 1), date(2025, 6, 30))),
    (2026, [], (None, None)),
    (None, [3], (None, None)),
    (2026, [0, 13], (None, None)),
])
def test_export_months_to_dates(year, months, expected):
    assert months_to_dates(year, months) == expected


def test_export_every_column_is_documented(gold_records):
    documented = documented_columns()
    tables = {**records_to_tables(gold_records)}
    assert set(documented) == set(tables), "docs/tables.md must have one `## `name`` section per table"
    for name, df in tables.items():
        declared = [(col, str(typ)) for col, typ in COLUMNS[name]]
        assert list(df.columns) == [c for c, _ in declared], name
        assert documented[name] == declared, f"docs/tables.md is out of date for table {name}"


def test_export_repeated_document_ids_are_made_unique():
    rec = Record(document=Document(id="ldn", year=2026), entries=[Entry(title="A")])
    t = records_to_tables([rec, rec, rec])
    assert t["documents"]["doc_id"].tolist() == ["ldn", "ldn~2", "ldn~3"]
    assert t["entries"]["entry_id"].is_unique
    assert rec.document.id == "ldn"  # the caller's record is left as it was


def test_export_docs_are_generated_from_the_catalogue():
    sys.path.insert(0, str(DOCS.parents[1] / "scripts"))
    try:
        import build_tables_doc
    finally:
        sys.path.pop(0)
    text = DOCS.read_text(encoding="utf-8")
    assert build_tables_doc.rebuild(text) == text, "docs/tables.md is out of date: python scripts/build_tables_doc.py"
    assert "### `compare_changes`" in text and "| `page_b` | int64 |" in text


def test_export_catalogue_rejects_a_key_that_is_not_a_column():
    from pipeline.models.tables import ColumnSpec, TableSpec

    col = ColumnSpec(name="a", type="string", description="a")
    with pytest.raises(ValueError, match="key columns"):
        TableSpec(name="t", description="t", columns=(col,), primary_key=("b",))
    with pytest.raises(ValueError):
        ColumnSpec(name="a", type="text", description="not a type")


def test_export_compare_tables_have_the_catalogue_columns(two_year_run):
    from pipeline.models.tables import table_specs

    for name, spec in table_specs("compare").items():
        header = list(pd.read_csv(two_year_run["compare"] / f"{name}.csv", nrows=0).columns)
        fixed = [c.name for c in spec.columns]
        assert header[:len(fixed)] == fixed, name
        assert spec.more_columns is not None or header == fixed, name
