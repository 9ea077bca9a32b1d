"""Atomic writes shared by every stage that writes: a reader never sees a half-written file.

Each output is written to a temporary file beside its target (same folder, so the rename stays on
one file system), flushed to disk, and moved into place with ``os.replace``. A failure or a kill
leaves the old file untouched; ``batch.runner.remove_temporaries`` clears leftovers on the next run.

``prepare_out_dir`` / ``prepare_out_file`` check an output location at the door, before any work:
a folder that cannot be created or written is a usage error (``OutputError``), and a failed check
removes the folders it created, so nothing is left behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Optional

from pipeline.errors import OutputError

TEMP_SUFFIX = ".tmp"
PROBE_PREFIX = ".ldn-probe-"


def file_sha256(path: Path) -> str:
    """Given a path, return the hex sha256 of its bytes (here, not in ``read``: the parent of a batch hashes
    its inputs without importing the PDF readers)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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



def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _missing_folders(path: Path) -> tuple[list[Path], Optional[str]]:
    """Given a folder path, return the folders to create for it (outermost first), or the reason it
    cannot be one (the path or a parent is an existing non-folder, or cannot be looked at)."""
    missing: list[Path] = []
    p = path
    while True:
        try:
            if p.is_dir():
                break
            if p.exists() or p.is_symlink():
                return [], f"{p} exists and is not a folder"
        except OSError as exc:  # e.g. a name too long
            return [], f"cannot look at {p}: {_reason(exc)}"
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    return missing[::-1], None


def _folder_problem(path: Path) -> Optional[str]:
    """Given a folder path, create it with its parents and write and remove a probe file in it;
    return None, or the reason it failed (then the folders created here are removed again)."""
    missing, problem = _missing_folders(path)
    if problem:
        return problem
    created: list[Path] = []
    try:
        for folder in missing:
            try:
                folder.mkdir()
            except FileExistsError:
                continue  # made meanwhile by someone else
            except OSError as exc:
                return f"cannot create {folder}: {_reason(exc)}"
            created.append(folder)
        try:
            fd, probe = tempfile.mkstemp(dir=path, prefix=PROBE_PREFIX, suffix=TEMP_SUFFIX)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            return f"cannot write in {path}: {_reason(exc)}"
        created = []
        return None
    finally:
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass


def prepare_out_dir(path: Path | str) -> Path:
    """Given an output folder, create it (with its parents) and prove a file can be written in it.

    Raise ``OutputError`` naming the folder and the reason (not a folder, permission denied,
    read-only file system, name too long ...); the folders created by the check are then removed.
    """
    path = Path(path)
    problem = _folder_problem(path)
    if problem:
        raise OutputError(f"the output folder cannot be used: {problem}", file=path)
    return path


def prepare_out_file(path: Path | str) -> Path:
    """Given an output file path, check that it can be written: its folder is prepared as by
    ``prepare_out_dir`` and the path is not a folder; raise ``OutputError`` otherwise."""
    path = Path(path)
    try:
        is_dir = path.is_dir()
    except OSError:  # a name too long: the folder check below says so
        is_dir = False
    if is_dir:
        raise OutputError("the output file cannot be written: it is a folder (give a file name, e.g. bench.json)",
                          file=path)
    problem = _folder_problem(path.parent)
    if problem:
        raise OutputError(f"the output file cannot be written: {problem}", file=path)
    return path


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

    Only the CSV gets this: Parquet, DuckDB and JSON keep every text exactly as printed. Text columns
    are checked whole (``str.startswith``); only the cells that need it are changed.
    """
    out = df.copy()
    for column in out.columns:
        series = out[column]
        dtype = str(series.dtype)
        if dtype == "object":
            out[column] = series.map(text_to_csv_cell, na_action="ignore")
        elif dtype.startswith(("string", "str")):
            risky = series.str.startswith(FORMULA_STARTS).fillna(False) | series.str.contains("\r", regex=False).fillna(False)
            if risky.any():
                fixed = series.copy()
                fixed[risky] = series[risky].map(text_to_csv_cell)
                out[column] = fixed
    return out


def write_csv_atomic(path: Path, df) -> Path:
    """Given a path and a pandas DataFrame, write it atomically as a spreadsheet-safe UTF-8 CSV (no index)."""
    safe = frame_to_csv_safe(df)
    return write_atomic(path, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8"))
