"""Tables to one Excel workbook that an analyst opens without help (``ldn.xlsx``, ``compare.xlsx``).

A first sheet ``about`` says what each sheet and column is (from the table catalogue); then one
sheet per table with its header row frozen, a filter on it and columns wide enough to read.
Cells are typed from the DataFrame's columns: numbers as numbers, booleans as booleans, dates as
dates (shown ``yyyy-mm-dd``), text as text. The cells are written with openpyxl directly, not
with ``DataFrame.to_excel``: openpyxl turns any string that starts with ``=`` into a formula, and
a plan's text must stay text (CSV injection, in a workbook), so each string cell is marked a
string explicitly. Characters that XML cannot hold are dropped and a cell keeps at most what
Excel shows (32,767 characters).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.files import write_atomic
from pipeline.models.tables import PLAIN_TYPES, TableSpec

ABOUT_SHEET = "about"
MAX_CELL_CHARS = 32767
MAX_ROWS = 1_048_576  # Excel's limit, header included
WIDTH_SAMPLE = 500  # rows read to size a column
MIN_WIDTH, MAX_WIDTH = 8, 60
# A workbook's bytes depend only on its tables (a parallel run writes what a serial one does):
# document dates and zip entry times are fixed, as reproducible builds do.
FIXED_TIME = dt.datetime(1980, 1, 1)


def _illegal() -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def cell_value(v: Any) -> Any:
    """Given a DataFrame value, return what a cell holds: None, bool, int, float, date or clean text."""
    if _missing(v):
        return None
    if isinstance(v, (bool, int, float, dt.date)) and not hasattr(v, "dtype"):
        return v.date() if isinstance(v, pd.Timestamp) else v
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return cell_value(v.item())
    text = _illegal().sub("", str(v))
    return text[:MAX_CELL_CHARS]


def _text_cell(ws: Any, value: str, font: Any = None) -> Any:
    """Given a text, return a cell that holds it as a string (openpyxl would read "=..." as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _row(ws: Any, values: list[Any]) -> list[Any]:
    """Given cell values, return what to append: plain values (openpyxl types numbers and formats
    dates as ``yyyy-mm-dd`` itself), a string cell for a text openpyxl would take for a formula."""
    return [_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v for v in values]


def _width(header: str, values: list[Any]) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values if v is not None])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _write_sheet(wb: Any, name: str, header: list[str], rows: list[list[Any]]) -> None:
    """Write one sheet: header frozen and filtered, columns sized from the first rows."""
    ws = wb.create_sheet(name[:31])
    ws.freeze_panes = "A2"
    if header:
        ws.auto_filter.ref = f"A1:{_column_letter(len(header))}{max(1, len(rows) + 1)}"
    sample = rows[:WIDTH_SAMPLE]
    for i, col in enumerate(header, start=1):
        ws.column_dimensions[_column_letter(i)].width = _width(col, [r[i - 1] for r in sample])
    from openpyxl.styles import Font

    bold = Font(bold=True)
    ws.append([_text_cell(ws, col, bold) for col in header])
    for row in rows:
        ws.append(_row(ws, row))


def frame_to_rows(df: pd.DataFrame, limit: int = MAX_ROWS - 1) -> list[list[Any]]:
    """Given a DataFrame, return its rows as cell values (at most ``limit`` of them)."""
    columns = [[cell_value(v) for v in df[c].head(limit).tolist()] for c in df.columns]
    return [list(r) for r in zip(*columns)] if columns else []


def about_rows(frames: dict[str, pd.DataFrame], specs: dict[str, TableSpec],
               cut: dict[str, int]) -> list[list[Any]]:
    """Given the tables and their specs, return the rows of the ``about`` sheet: per sheet one row
    for the table, then one per column (sheet, column, type, meaning)."""
    rows: list[list[Any]] = []
    for name, df in frames.items():
        spec = specs.get(name)
        note = f"{len(df)} rows"
        if name in cut:
            note += f"; only the first {cut[name]} fit a sheet: the CSV and Parquet files have all"
        rows.append([name, None, "sheet", f"{spec.description if spec else ''} ({note})".strip()])
        for col in df.columns:
            cs = spec.column(str(col)) if spec else None
            rows.append([name, str(col), PLAIN_TYPES.get(cs.type, cs.type) if cs else None,
                         cs.description if cs else None])
    return rows


def _write_workbook(tmp: Path, frames: dict[str, pd.DataFrame], specs: dict[str, TableSpec]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "ldn"
    bodies, cut = {}, {}
    for name, df in frames.items():
        bodies[name] = frame_to_rows(df)
        if len(df) > MAX_ROWS - 1:
            cut[name] = MAX_ROWS - 1
    _write_sheet(wb, ABOUT_SHEET, ["sheet", "column", "type", "meaning"], about_rows(frames, specs, cut))
    for name, df in frames.items():
        _write_sheet(wb, name, [str(c) for c in df.columns], bodies[name])
    wb.save(tmp)
    from openpyxl.xml.functions import tostring

    wb.properties.modified = FIXED_TIME  # save() sets it to the time of saving
    _fix_zip(tmp, {"docProps/core.xml": tostring(wb.properties.to_tree())})


def _fix_zip(path: Path, replace: dict[str, bytes]) -> None:
    """Rewrite a zip file with every entry dated ``FIXED_TIME`` and some entries replaced (order kept)."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, replace.get(info.filename) or src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def write_workbook(path: Path, frames: dict[str, pd.DataFrame], specs: dict[str, TableSpec]) -> Path:
    """Given a path, tables by name and their specs, write the workbook atomically; return its path."""
    return write_atomic(Path(path), lambda tmp: _write_workbook(tmp, frames, specs))

