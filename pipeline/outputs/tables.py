"""Records to tidy tables: Parquet, CSV, one DuckDB database and an Excel workbook for analysts.

The rows and frames are made in ``pipeline.outputs.rows`` (one row per thing, columns from the table
catalogue, documented in ``docs/tables.md``); here they are written. A batch's tables are written as its
records arrive (``TableWriter``), a chunk of documents at a time: building the frames of every record at
the end held all rows at once and made the end of a run a long serial tail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Optional

import pandas as pd

from pipeline.files import frame_to_csv_safe
from pipeline.models import Record
from pipeline.models.tables import table_specs
from pipeline.outputs.rows import (  # noqa: F401 - the tables' API, used by the report, compare and tests
    ARROW_TYPES, COLUMNS, UniqueIds, frame_to_arrow, iso_to_dates, months_to_dates, record_to_rows,
    records_to_tables, rows_to_frame, section_context, span_to_dates, unique_ids,
)

# Views over the tables; they put the plan year next to every row so several years can be
# read side by side (one plan gives the same views with one year).
VIEWS = {
    "entries_by_year": """
        SELECT d.year, e.* FROM entries e JOIN documents d USING (doc_id)""",
    "targets_by_year": """
        SELECT d.year, e.title AS entry_title, e.section_key, e.area_key, e.area, t.*
        FROM targets t JOIN entries e USING (entry_id) JOIN documents d ON d.doc_id = t.doc_id""",
    "partners_by_year": """
        SELECT d.year, e.title AS entry_title, p.*
        FROM partners p JOIN entries e USING (entry_id) JOIN documents d ON d.doc_id = p.doc_id""",
    "funders_by_year": """
        SELECT d.year, e.title AS entry_title, f.*
        FROM funders f JOIN entries e USING (entry_id) JOIN documents d ON d.doc_id = f.doc_id""",
    "summary_by_year": """
        SELECT d.year, d.doc_id,
          (SELECT count(*) FROM entries x WHERE x.doc_id = d.doc_id) AS n_entries,
          (SELECT count(*) FROM items x WHERE x.doc_id = d.doc_id) AS n_items,
          (SELECT count(*) FROM targets x WHERE x.doc_id = d.doc_id) AS n_targets,
          (SELECT count(*) FROM partners x WHERE x.doc_id = d.doc_id) AS n_partners,
          (SELECT count(*) FROM funders x WHERE x.doc_id = d.doc_id) AS n_funder_codes
        FROM documents d ORDER BY d.year, d.doc_id""",
    "title_years": """
        SELECT lower(trim(e.title)) AS title_norm, min(e.title) AS title,
          list(DISTINCT d.year ORDER BY d.year) AS years, count(DISTINCT d.year) AS n_years,
          count(*) AS n_appearances
        FROM entries e JOIN documents d USING (doc_id) GROUP BY 1 ORDER BY 1""",
}


CHUNK_DOCUMENTS = 10  # documents whose rows are turned into frames and written at once
HEAD_DOCUMENTS = 25  # documents whose frames are kept for the report (its detailed documents)


class TableWriter:
    """Writes the tables of a batch as its records arrive, a chunk of documents at a time.

    Every output (tables/<name>.parquet and .csv, ldn.duckdb, ldn.xlsx) is written to a temporary
    file beside its target from the first chunk on and moved into place by ``close`` (then
    datapackage.json is written); ``abort`` removes them. Only one chunk's rows are held, so the
    memory of a batch's end does not grow with the number of records. The frames of the first
    ``head`` documents are kept (``head``): the report details them and reads nothing else.
    """

    def __init__(self, out: Path, chunk: int = CHUNK_DOCUMENTS, head: int = HEAD_DOCUMENTS):
        import duckdb

        from pipeline.files import temp_beside
        from pipeline.files.workbook import WorkbookWriter

        self.out, self.chunk, self.head_documents = Path(out), max(1, chunk), head
        self._head: list[dict[str, pd.DataFrame]] = []
        self.unique = UniqueIds()
        self.rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
        self.buffered = 0
        self.documents = 0
        self.targets: list[tuple[Path, Path]] = []

        def temp(path: Path) -> Path:
            tmp = temp_beside(path)
            self.targets.append((tmp, path))
            return tmp

        try:
            self.parquet: dict[str, Any] = {}
            self.parquet_paths, self.csv = {}, {}
            for name in COLUMNS:
                base = self.out / "tables" / name
                self.parquet_paths[name] = temp(base.with_suffix(".parquet"))
                self.csv[name] = open(temp(base.with_suffix(".csv")), "w", encoding="utf-8", newline="")
            db = temp(self.out / "ldn.duckdb")
            db.unlink()  # duckdb refuses an empty file that is not a database
            # one thread and a small buffer pool: the tables are small, and the parent of a batch stays lean
            self.db = duckdb.connect(str(db), config={"threads": 1, "memory_limit": "64MB"})
            self.book = WorkbookWriter(temp(self.out / "ldn.xlsx"), list(COLUMNS), table_specs("run"))
            self.created: set[str] = set()
        except BaseException:
            self.abort()
            raise

    def add(self, rec: Record) -> None:
        """Given the next record of the batch, buffer its rows (and write a chunk when one is full)."""
        for name, rows in record_to_rows(self.unique(rec)).items():
            self.rows[name].extend(rows)
        self.buffered += 1
        if self.buffered >= self.chunk:
            self.flush()

    def add_frames(self, frames: dict[str, pd.DataFrame]) -> None:
        """Given tables already built (one chunk), write them."""
        import pyarrow.parquet as pq

        arrow = {name: frame_to_arrow(name, df) for name, df in frames.items()}
        if self.documents < self.head_documents or not self._head:
            self._head.append(frames)
        self.documents += len(frames["documents"])
        self.db.execute("BEGIN")
        for name, df in frames.items():
            if name not in self.parquet:  # the first chunk's schema, with its pandas metadata, as write_table keeps
                self.parquet[name] = pq.ParquetWriter(self.parquet_paths[name], arrow[name].schema)
            self.parquet[name].write_table(arrow[name])
            safe = frame_to_csv_safe(df)
            safe.to_csv(self.csv[name], index=False, header=name not in self.created)
            self.db.register("_arrow", arrow[name])
            if name in self.created:
                self.db.execute(f'INSERT INTO "{name}" SELECT * FROM _arrow')
            else:
                self.db.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _arrow')
            self.db.unregister("_arrow")
            self.book.add(name, df)
            self.created.add(name)
        self.db.execute("COMMIT")

    def flush(self) -> None:
        """Write the buffered rows as one chunk (also when there are none and nothing was written yet)."""
        if self.buffered or not self._head:
            frames = {name: rows_to_frame(name, self.rows[name]) for name in COLUMNS}
            self.rows = {name: [] for name in COLUMNS}
            self.buffered = 0
            self.add_frames(frames)

    @property
    def head(self) -> Optional[dict[str, pd.DataFrame]]:
        """The tables of the first ``head`` documents (None before any chunk is written)."""
        if not self._head:
            return None
        if len(self._head) > 1:
            self._head = [{name: pd.concat([part[name] for part in self._head], ignore_index=True)
                           for name in self._head[0]}]
        return self._head[0]

    def close(self) -> list[Path]:
        """Write what is buffered, finish every file, move them into place; return the written paths."""
        from pipeline.outputs.datapackage import write_datapackage

        try:
            self.flush()
            for name in COLUMNS:
                self.parquet[name].close()
                self.csv[name].close()
            for name, sql in VIEWS.items():
                self.db.execute(f'CREATE VIEW "{name}" AS {sql}')
            self.db.execute("CHECKPOINT")
            self.db.close()
            self.book.close()
            written = [_commit(tmp, path) for tmp, path in self.targets]
            self.targets = []
        except BaseException:
            self.abort()
            raise
        written.append(write_datapackage(self.out))
        return written

    def abort(self) -> None:
        """Close and remove every temporary file (nothing half-written stays behind)."""
        for handle in [*getattr(self, "parquet", {}).values(), *getattr(self, "csv", {}).values()]:
            try:
                handle.close()
            except Exception:  # noqa: BLE001 - closing what is being thrown away
                pass
        for closer in (getattr(getattr(self, "db", None), "close", None),):
            try:
                if closer:
                    closer()
            except Exception:  # noqa: BLE001
                pass
        for tmp, _ in self.targets:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
        self.targets = []


def _commit(tmp: Path, path: Path) -> Path:
    """Given a finished temporary file and its target, flush it to disk and move it into place."""
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
    os.replace(tmp, path)
    return path


def write_tables(records: Iterable[Record], out: Path, frames: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Given records (or their tables) and an output folder, write tables/<name>.parquet and .csv,
    ldn.duckdb, ldn.xlsx and datapackage.json."""
    writer = TableWriter(Path(out))
    try:
        if frames is not None:
            writer.add_frames(frames)
        else:
            for rec in records:
                writer.add(rec)
    except BaseException:
        writer.abort()
        raise
    return writer.close()
