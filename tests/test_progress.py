"""The progress display: page and file bars add up, the final table shows every file."""

from __future__ import annotations

import io
import re

from rich.console import Console

from pipeline.batch.progress import BatchProgress, rows_to_table
from pipeline.models.run import FileResult
from tests.pdfs import mini_plan_pdf


def test_progress_bars_count_pages_and_files(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(mini_plan_pdf(3))
    b.write_bytes(b"")
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with BatchProgress([str(a), str(b)], enabled=True, console=console) as bar:
        bar.page_done(str(a), 1)
        bar.page_done(str(a), 2)
        pages = bar.progress.tasks[bar.pages]
        assert (pages.completed, pages.total) == (2, 3)
        bar.file_done(FileResult(path=str(a), status="ok", pipeline_version="x", pages=3))
        bar.file_done(FileResult(path=str(b), status="failed", pipeline_version="x", message=f"{b}: [E101] not a PDF"))
        assert bar.progress.tasks[bar.pages].completed == 3
        assert bar.progress.tasks[bar.files].completed == 2
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", console.file.getvalue())
    assert "failed: " + f"{b}: [E101] not a PDF" in shown.replace("\n", "")


def test_progress_disabled_draws_nothing(tmp_path):
    bar = BatchProgress([str(tmp_path / "a.pdf")], enabled=False)
    with bar:
        bar.page_done("a", 1)
        bar.file_done(FileResult(path="a", status="ok", pipeline_version="x"))
    assert bar.progress is None


def test_progress_table_has_the_summary_columns():
    table = rows_to_table([("x[1].pdf", "ok (unchanged)", "3", "6", "0.10", "")], title="t")
    assert [c.header for c in table.columns] == ["file", "status", "pages", "entries", "seconds", "note"]
    console = Console(file=io.StringIO(), width=120)
    console.print(table)
    assert "x[1].pdf" in console.file.getvalue()
