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
