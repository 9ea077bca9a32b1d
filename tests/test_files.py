"""Shared writers. Output locations checked at the door (``pipeline.files.prepare_out_dir`` / ``prepare_out_file``):
a folder that cannot be created or written raises ``OutputError`` and leaves nothing behind.
Spreadsheet-safe CSV: no live formula in any CSV; Parquet, DuckDB and JSON keep the text."""

from __future__ import annotations

import csv
import json
import os

import pandas as pd
import pytest

from pipeline.batch.runner import run_batch
from pipeline.errors import OutputError
from pipeline.files import (
    FORMULA_STARTS,
    frame_to_csv_safe,
    prepare_out_dir,
    prepare_out_file,
    text_to_csv_cell,
    write_csv_atomic,
    write_text_atomic,
)
from tests.hostile import FORMULA_ITEMS, FORMULA_TITLES, plan_with_texts

LONG = "x" * 300  # longer than any file system's name limit (255 bytes)


def tree(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_files_prepare_out_dir_creates_parents_and_leaves_no_probe(tmp_path):
    out = prepare_out_dir(tmp_path / "a" / "b")
    assert out.is_dir() and tree(tmp_path) == {"a", "a/b"}
    assert prepare_out_dir(out) == out  # an existing folder is fine


@pytest.mark.parametrize("make, reason", [
    (lambda t: (t / "file").write_text("x") and t / "file" / "out", "file exists and is not a folder"),
    (lambda t: (t / "file").write_text("x") and t / "file", "file exists and is not a folder"),
    (lambda t: t / "new" / "deeper" / LONG / "out", "File name too long"),
])
def test_files_prepare_out_dir_refuses_and_removes_what_it_made(tmp_path, make, reason):
    target = make(tmp_path)
    before = tree(tmp_path)
    with pytest.raises(OutputError) as caught:
        prepare_out_dir(target)
    assert caught.value.code == "E500" and caught.value.file == str(target) and reason in caught.value.message
    assert tree(tmp_path) == before  # "new" and "deeper" were removed again


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_files_prepare_out_dir_refuses_a_read_only_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for target in (locked, locked / "out"):
            with pytest.raises(OutputError, match="Permission denied"):
                prepare_out_dir(target)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_files_prepare_out_file(tmp_path):
    assert prepare_out_file(tmp_path / "new" / "bench.json") == tmp_path / "new" / "bench.json"
    assert (tmp_path / "new").is_dir() and not (tmp_path / "new" / "bench.json").exists()
    with pytest.raises(OutputError, match="it is a folder"):
        prepare_out_file(tmp_path / "new")
    write_text_atomic(tmp_path / "f", "x")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        prepare_out_file(tmp_path / "f" / "bench.json")



@pytest.mark.parametrize("text, cell", [
    ("=1+2", "'=1+2"), ("+386 1 234", "'+386 1 234"), ("-Delavnica", "'-Delavnica"), ("@vsi", "'@vsi"),
    ("\tzavihek", "'\tzavihek"), ("\rvrnitev", "'\nvrnitev"), ("a\r=b", "a\n=b"), ("Erasmus+", "Erasmus+"), ("a=b", "a=b"), ("", ""),
    (-5, -5), (2.5, 2.5), (None, None),
])
def test_files_text_to_csv_cell_guards_formulas_only(text, cell):
    assert text_to_csv_cell(text) == cell


def test_files_csv_keeps_numbers_and_guards_every_dangerous_start(tmp_path):
    texts = [c + "x" for c in FORMULA_STARTS]
    df = pd.DataFrame({"text": pd.array(texts, dtype="string"), "n": pd.array([-1, 2, -3, 4, 5, -6], dtype="Int64"),
                       "obj": texts})
    write_csv_atomic(tmp_path / "t.csv", df)
    header, *rows = csv.reader((tmp_path / "t.csv").open(encoding="utf-8", newline=""))
    assert header == ["text", "n", "obj"]
    assert [r[0] for r in rows] == [r[2] for r in rows] == ["'" + t.replace("\r", "\n") for t in texts]
    assert [r[1] for r in rows] == ["-1", "2", "-3", "4", "5", "-6"]  # numbers stay numbers
    assert list(df["text"]) == texts and frame_to_csv_safe(df) is not df  # the frame itself is untouched


def test_files_run_tables_have_no_live_formula_and_keep_the_text_elsewhere(tmp_path):
    import duckdb
    import pyarrow.parquet as pq

    (tmp_path / "formula.pdf").write_bytes(plan_with_texts(FORMULA_TITLES, FORMULA_ITEMS))
    out = tmp_path / "out"
    assert run_batch([tmp_path / "formula.pdf"], out, progress=False).ok
    cells = [cell for path in sorted((out / "tables").glob("*.csv"))
             for row in csv.reader(path.open(encoding="utf-8", newline="")) for cell in row]
    assert cells and not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for text in FORMULA_TITLES + FORMULA_ITEMS:
        assert "'" + text in cells
    titles = set(pq.read_table(out / "tables" / "entries.parquet").column("title").to_pylist())
    items = set(pq.read_table(out / "tables" / "items.parquet").column("text").to_pylist())
    assert set(FORMULA_TITLES) <= titles and set(FORMULA_ITEMS) <= items
    con = duckdb.connect(str(out / "ldn.duckdb"), read_only=True)
    try:
        db_titles = {r[0] for r in con.execute("select title from entries").fetchall()}
        db_items = {r[0] for r in con.execute("select text from items").fetchall()}
    finally:
        con.close()
    assert set(FORMULA_TITLES) <= db_titles and set(FORMULA_ITEMS) <= db_items
    record = json.loads((out / "formula.json").read_text())
    assert [e["title"] for e in record["entries"]] == FORMULA_TITLES
