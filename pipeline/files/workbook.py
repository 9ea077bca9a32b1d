"""Tables to one Excel workbook that an analyst opens without help (``ldn.xlsx``, ``compare.xlsx``).

A first sheet ``about`` says what each sheet and column is (from the table catalogue); then one
sheet per table with its header row frozen, a filter on it and columns wide enough to read.
Cells are typed from the DataFrame's columns: numbers as numbers, booleans as booleans, dates as
dates (shown ``yyyy-mm-dd``), text as text. Every text cell is an inline string, never guessed
from its value: a text that starts with ``=`` must stay text (CSV injection, in a workbook).
Characters that XML cannot hold are dropped and a cell keeps at most what Excel shows (32,767
characters).

The sheets are written by ``pipeline.files.xlsx`` (a row is one string, spooled to disk as it
comes), so a batch's tables can be fed in chunks (``WorkbookWriter.add``), memory does not grow
with the number of rows, and a cell costs about a microsecond instead of openpyxl's 20.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any, Optional

import pandas as pd

from pipeline.files import write_atomic, xlsx
from pipeline.models.tables import PLAIN_TYPES, TableSpec

ABOUT_SHEET = "about"
ABOUT_HEADER = ["sheet", "column", "type", "meaning"]
MAX_CELL_CHARS = 32767
MAX_ROWS = 1_048_576  # Excel's limit, header included
WIDTH_SAMPLE = 500  # rows read to size a column
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "yyyy-mm-dd"
# A workbook's bytes depend only on its tables (a parallel run writes what a serial one does):
# document dates and zip entry times are fixed, as reproducible builds do.
FIXED_TIME = dt.datetime(1980, 1, 1)
# What XML 1.0 cannot hold (the control characters but tab, LF and CR), as openpyxl defines it.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def _text(v: Any) -> str:
    text = str(v)
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_CHARS]


def cell_value(v: Any) -> Any:
    """Given a DataFrame value, return what a cell holds: None, bool, int, float, date or clean text."""
    if _missing(v):
        return None
    if isinstance(v, (bool, int, float, dt.date)) and not hasattr(v, "dtype"):
        return v.date() if isinstance(v, pd.Timestamp) else v
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return cell_value(v.item())
    return _text(v)


def _width(header: str, values: list[Any]) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values if v is not None])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _column_kind(series: pd.Series) -> str:
    """Given a column, return how its cells are written: text, number, bool, date or any (per value)."""
    dtype = str(series.dtype)
    if dtype.startswith(("string", "str")):
        return "text"
    if dtype in ("Int64", "Float64", "int64", "float64", "Int32", "int32", "float32"):
        return "number"
    if dtype in ("boolean", "bool"):
        return "bool"
    if dtype.startswith("date32"):
        return "date"
    return "any"


def _cell_any(ref: str, v: Any) -> str:
    v = cell_value(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return xlsx.bool_cell(ref, v)
    if isinstance(v, (int, float)):
        return xlsx.number_cell(ref, v)
    if isinstance(v, dt.date):
        return xlsx.date_cell(ref, v)
    return xlsx.text_cell(ref, v)


def _cell_text(ref: str, v: Any) -> str:
    return xlsx.text_cell(ref, _text(v))


def _cell_date(ref: str, v: Any) -> str:
    return xlsx.date_cell(ref, v.date() if isinstance(v, pd.Timestamp) else v)


CELL_BY_KIND = {"text": _cell_text, "number": xlsx.number_cell, "bool": xlsx.bool_cell, "date": _cell_date}


class WorkbookWriter:
    """Writes a workbook whose tables arrive in chunks (DataFrames with the same columns per table).

    ``add(name, df)`` appends rows to a table's sheet (the sheets come in the order of ``names``,
    after ``about``); ``close()`` writes the ``about`` sheet with the row counts, sizes the columns
    from the first rows and saves. Rows past Excel's limit are counted and left to the CSV and
    Parquet files.
    """

    def __init__(self, path: Path, names: list[str], specs: dict[str, TableSpec]):
        self.path, self.specs, self.names = Path(path), specs, list(names)
        self.sheets: dict[str, xlsx.Sheet] = {}
        self.headers: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}
        self.samples: dict[str, list[list[Any]]] = {}

    def _sheet(self, name: str, header: list[str]) -> xlsx.Sheet:
        sheet = self.sheets.get(name)
        if sheet is None:
            sheet = self.sheets[name] = xlsx.Sheet(name)
            sheet.n_columns = len(header)
            self.headers[name], self.counts[name] = header, 0
            self.samples[name] = [[] for _ in header]
            sheet.append([xlsx.text_cell(f"{xlsx.column_letter(j)}1", _text(col), xlsx.STYLE_BOLD)
                          for j, col in enumerate(header, start=1)])
        return sheet

    def add(self, name: str, df: pd.DataFrame) -> None:
        """Given a table name and a chunk of its rows, append them to its sheet."""
        sheet = self._sheet(name, [str(c) for c in df.columns])
        n = len(df)
        take = min(n, max(0, MAX_ROWS - 1 - self.counts[name]))
        self.counts[name] += n
        if not take:
            return
        part = df if take == n else df.head(take)
        columns = [part[c].tolist() for c in part.columns]
        for sample, values in zip(self.samples[name], columns):
            room = WIDTH_SAMPLE - len(sample)
            if room > 0:
                sample.extend(cell_value(v) for v in values[:room])
        cells = [(xlsx.column_letter(j), CELL_BY_KIND.get(_column_kind(part[c]), _cell_any))
                 for j, c in enumerate(part.columns, start=1)]
        missing = _missing
        for row in zip(*columns):
            r = sheet.rows + 1
            sheet.append([cell(f"{letter}{r}", v) for (letter, cell), v in zip(cells, row) if not missing(v)])

    def close(self) -> None:
        """Write the ``about`` sheet, size the columns and save the workbook."""
        for name in self.names:
            spec = self.specs.get(name)
            self._sheet(name, [c.name for c in spec.columns] if spec else [])
        names = [n for n in self.sheets if n in self.names] + [n for n in self.sheets if n not in self.names]
        cut = {name: MAX_ROWS - 1 for name in names if self.counts[name] > MAX_ROWS - 1}
        about = xlsx.Sheet(ABOUT_SHEET)
        about.n_columns = len(ABOUT_HEADER)
        about.append([xlsx.text_cell(f"{xlsx.column_letter(j)}1", col, xlsx.STYLE_BOLD)
                      for j, col in enumerate(ABOUT_HEADER, start=1)])
        rows = about_rows({name: (self.headers[name], self.counts[name]) for name in names}, self.specs, cut)
        for r, row in enumerate(rows, start=2):
            about.append([xlsx.text_cell(f"{xlsx.column_letter(j)}{r}", _text(v))
                          for j, v in enumerate(row, start=1) if v is not None])
        about.widths = [_width(col, [row[j] for row in rows[:WIDTH_SAMPLE]]) for j, col in enumerate(ABOUT_HEADER)]
        for name in names:
            self.sheets[name].widths = [_width(col, sample)
                                        for col, sample in zip(self.headers[name], self.samples[name])]
        xlsx.save(self.path, [about, *(self.sheets[n] for n in names)], "ldn", FIXED_TIME)


def about_rows(tables: dict[str, tuple[list[str], int]], specs: dict[str, TableSpec],
               cut: dict[str, int]) -> list[list[Any]]:
    """Given each table's columns and row count and their specs, return the rows of the ``about``
    sheet: per sheet one row for the table, then one per column (sheet, column, type, meaning)."""
    rows: list[list[Any]] = []
    for name, (columns, n) in tables.items():
        spec = specs.get(name)
        note = f"{n} rows"
        if name in cut:
            note += f"; only the first {cut[name]} fit a sheet: the CSV and Parquet files have all"
        rows.append([name, None, "sheet", f"{spec.description if spec else ''} ({note})".strip()])
        for col in columns:
            cs = spec.column(str(col)) if spec else None
            rows.append([name, str(col), PLAIN_TYPES.get(cs.type, cs.type) if cs else None,
                         cs.description if cs else None])
    return rows


def write_workbook(path: Path, frames: dict[str, pd.DataFrame], specs: dict[str, TableSpec]) -> Path:
    """Given a path, tables by name and their specs, write the workbook atomically; return its path."""
    def write(tmp: Path) -> None:
        writer = WorkbookWriter(tmp, list(frames), specs)
        for name, df in frames.items():
            writer.add(name, df)
        writer.close()

    return write_atomic(Path(path), write)
