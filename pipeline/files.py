"""Atomic writes shared by every stage that writes: a reader never sees a half-written file.

Each output is written to a temporary file beside its target (same folder, so the rename stays on
one file system), flushed to disk, and moved into place with ``os.replace``. A failure or a kill
leaves the old file untouched; ``batch.runner.remove_temporaries`` clears leftovers on the next run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

TEMP_SUFFIX = ".tmp"


def temp_beside(path: Path) -> Path:
    """Given a target path, create and return an empty temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    os.close(fd)
    return Path(tmp)


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Given a target path and a function that writes a file at a path, write it atomically."""
    path = Path(path)
    tmp = temp_beside(path)
    try:
        write(tmp)
        if tmp.exists():
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Given a path and a text, write the text atomically as UTF-8."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# A spreadsheet reads a cell beginning with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_to_csv_cell(value):
    """Given a cell value, return it safe for a spreadsheet: a text that a spreadsheet would run gets a leading '.

    A carriage return becomes a line feed: the CSV writer quotes a cell holding a line feed but not one
    holding a lone CR, which a reader takes for the end of the row (and the next "row" could start with =).
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def frame_to_csv_safe(df):
    """Given a pandas DataFrame, return a copy whose text cells are spreadsheet-safe; numbers stay numbers.

    Only the CSV gets this: Parquet, DuckDB and JSON keep every text exactly as printed.
    """
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if str(series.dtype) == "object" or str(series.dtype).startswith(("string", "str")):
            out[column] = series.map(text_to_csv_cell, na_action="ignore")
    return out


def write_csv_atomic(path: Path, df) -> Path:
    """Given a path and a pandas DataFrame, write it atomically as a spreadsheet-safe UTF-8 CSV (no index)."""
    safe = frame_to_csv_safe(df)
    return write_atomic(path, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8"))
