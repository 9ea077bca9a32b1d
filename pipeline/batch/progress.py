"""What a user watches during a batch: a rich progress bar by file and by page, and the final table."""

from __future__ import annotations

from typing import Optional

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from pipeline.models.run import FileResult

STATUS_STYLE = {"ok": "green", "partial": "yellow", "failed": "red"}


class BatchProgress:
    """Two bars on stderr: files done of all files, pages walked of all pages (counted up front)."""

    def __init__(self, paths: list[str], enabled: bool = True, console: Optional[Console] = None):
        self.enabled = enabled and bool(paths)
        self.expected: dict[str, int] = {}
        self.seen: dict[str, int] = {}
        self.progress: Optional[Progress] = None
        if not self.enabled:
            return
        from pipeline.read.ingest import page_count

        self.expected = {p: page_count(p) for p in paths}
        self.progress = Progress(
            TextColumn("{task.description:>6}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[name]}"),
            TimeElapsedColumn(), console=console or Console(stderr=True), transient=False,
        )
        self.files = self.progress.add_task("files", total=len(paths), name="")
        self.pages = self.progress.add_task("pages", total=sum(self.expected.values()), name="")

    def __enter__(self) -> "BatchProgress":
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def page_done(self, path: str, page: int) -> None:
        """Given a file and the page just walked, advance the page bar."""
        if self.progress is None:
            return
        self.seen[path] = self.seen.get(path, 0) + 1
        if self.seen[path] <= self.expected.get(path, 0):
            self.progress.update(self.pages, advance=1, name=escape(f"{path} p.{page}"))

    def file_done(self, result: FileResult) -> None:
        """Given a finished file, advance the file bar and account for pages it did not walk."""
        if self.progress is None:
            return
        rest = self.expected.get(result.path, 0) - self.seen.get(result.path, 0)
        if rest > 0:
            self.progress.update(self.pages, advance=rest)
        self.seen[result.path] = self.expected.get(result.path, 0)
        self.progress.update(self.files, advance=1, name=escape(f"{result.path}: {result.status}"))
        if result.status != "ok":
            self.progress.console.print(f"[{STATUS_STYLE[result.status]}]{result.status}:[/] {escape(result.message or '')}")


def rows_to_table(rows: list[tuple[str, ...]], title: str) -> Table:
    """Given the summary rows (file, status, pages, entries, seconds, note), return the final rich table."""
    table = Table(title=title)
    for name, justify in (("file", "left"), ("status", "left"), ("pages", "right"), ("entries", "right"),
                          ("seconds", "right"), ("note", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for row in rows:
        style = STATUS_STYLE.get(row[1].split()[0], "")
        cells = [escape(c) for c in row]
        table.add_row(cells[0], f"[{style}]{cells[1]}[/]" if style else cells[1], *cells[2:])
    return table
