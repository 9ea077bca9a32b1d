"""Tests of pipeline.files.workbook: ldn.xlsx and compare.xlsx read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.files.workbook import ABOUT_SHEET, MAX_CELL_CHARS, cell_value, write_workbook
from pipeline.models import Document, Entry, Item, Record
from pipeline.models.tables import table_specs
from pipeline.outputs.tables import COLUMNS, records_to_tables, write_tables


@pytest.fixture(scope="module")
def written(gold_records, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("workbook")
    write_tables(gold_records, out)
    return out


@pytest.fixture(scope="module")
def book(written):
    return openpyxl.load_workbook(written / "ldn.xlsx")


def test_workbook_every_table_is_a_sheet_with_the_rows_of_its_csv(book, written):
    assert book.sheetnames == [ABOUT_SHEET, *COLUMNS]
    for name, cols in COLUMNS.items():
        ws = book[name]
        csv = pd.read_csv(written / "tables" / f"{name}.csv")
        assert ws.max_row - 1 == len(csv), name
        assert [c.value for c in ws[1]] == [c for c, _ in cols] == list(csv.columns), name
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(cols)).column_letter}{max(2, len(csv) + 1)}", name
    assert book["targets"].max_row > 100


def test_workbook_cells_are_typed(book, gold_records):
    typed = 0
    for name, cols in COLUMNS.items():
        ws = book[name]
        for j, (col, typ) in enumerate(cols, start=1):
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if cell.value is None:
                    continue
                typed += 1
                kind = str(typ)
                if kind == "date32[day]":
                    assert cell.is_date and isinstance(cell.value, dt.datetime), (name, col, cell.value)
                    assert cell.number_format == "yyyy-mm-dd"
                elif kind == "int64":
                    assert type(cell.value) is int, (name, col)
                elif kind == "double":
                    assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), (name, col)
                elif kind == "bool":
                    assert isinstance(cell.value, bool), (name, col)
                else:
                    assert isinstance(cell.value, str) and cell.data_type == "s", (name, col)
    assert typed > 1000
    durations = records_to_tables(gold_records)["durations"]
    first = durations["start_date"].dropna().iloc[0]
    assert book["durations"].cell(2 + int(durations["start_date"].notna().idxmax()), 9).value.date() == first


def test_workbook_about_sheet_describes_every_sheet_and_column(book):
    rows = [[c.value for c in r] for r in book[ABOUT_SHEET].iter_rows()]
    assert rows[0] == ["sheet", "column", "type", "meaning"]
    described = {(r[0], r[1]) for r in rows[1:] if r[1]}
    for name, spec in table_specs("run").items():
        assert (name, None) in {(r[0], r[1]) for r in rows[1:]}
        for col in spec.columns:
            assert (name, col.name) in described
    assert all(r[3] for r in rows[1:]), "every row of the about sheet says what it is"
    entries = next(r for r in rows if r[0] == "entries" and r[1] is None)
    assert entries[3].startswith(table_specs("run")["entries"].description)


def test_workbook_text_is_never_a_formula_and_bad_characters_are_dropped(tmp_path):
    hostile = ['=HYPERLINK("http://x","klik")', "+1+1", "-2", "@SUM(A1)", "a\x00b\x07c", "x" * 40000]
    rec = Record(document=Document(id="=cmd|' /C calc'!A0"),
                 entries=[Entry(title=t, activities=[Item(text=t)]) for t in hostile])
    write_tables([rec], tmp_path)
    book = openpyxl.load_workbook(tmp_path / "ldn.xlsx")
    titles = [c.value for (c,) in book["entries"].iter_rows(min_row=2, min_col=9, max_col=9)]
    assert titles[:4] == hostile[:4]
    assert titles[4] == "abc" and len(titles[5]) == MAX_CELL_CHARS
    for ws in book.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row), ws.title
    assert book["documents"]["A2"].value == "=cmd|' /C calc'!A0"


def test_workbook_bytes_do_not_depend_on_the_time(tmp_path, gold_records):
    frames = records_to_tables(gold_records[:1])
    a = write_workbook(tmp_path / "a.xlsx", frames, table_specs("run")).read_bytes()
    b = write_workbook(tmp_path / "b.xlsx", frames, table_specs("run")).read_bytes()
    assert a == b


@pytest.mark.parametrize("value, expected", [
    (pd.NA, None), (float("nan"), None), (None, None), (True, True), (3, 3), (2.5, 2.5),
    (dt.date(2026, 9, 1), dt.date(2026, 9, 1)), (pd.Timestamp(2026, 9, 1), dt.date(2026, 9, 1)),
    ("tekst\x0b", "tekst"),
])
def test_workbook_cell_value(value, expected):
    assert cell_value(value) == expected


def test_workbook_compare_xlsx_has_the_comparison_tables(two_year_run):
    out = two_year_run["compare"]
    book = openpyxl.load_workbook(out / "compare.xlsx")
    assert book.sheetnames == [ABOUT_SHEET, "compare_projects", "compare_changes", "compare_overview"]
    for name in book.sheetnames[1:]:
        csv = pd.read_csv(out / f"{name}.csv")
        assert book[name].max_row - 1 == len(csv) and book[name].freeze_panes == "A2", name
    about = {(r[0].value, r[1].value): r[3].value for r in book[ABOUT_SHEET].iter_rows(min_row=2)}
    assert about[("compare_overview", "2032")].startswith("one column per plan")
    changes = pd.read_csv(out / "compare_changes.csv")
    assert (changes["kind"] == "target").any() and changes["page_a"].notna().all()
