"""Given record files, find the PDF each was extracted from, so the comparison report links to its pages.

A record does not name its PDF (the format is shared with the gold files); ``ldn run`` writes
``run.json`` beside the records, naming per input its path and the record file written for it.
A relative path there is relative to the folder ``ldn run`` was started in: it is looked up from
the current folder, then from the run's folder and the one above it. A record without a known
PDF keeps its page marks, unlinked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

RUN_FILE = "run.json"


def _run_outputs(run_dir: Path) -> dict[str, str]:
    """Given a run's folder, return its record file names with the input path each came from."""
    try:
        data = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
        return {f["output"]: f["path"] for f in data.get("files", []) if f.get("output") and f.get("path")}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def _resolve(path: str, run_dir: Path) -> Optional[Path]:
    p = Path(path)
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, run_dir / p, run_dir.parent / p]
    return next((c.resolve() for c in candidates if c.is_file()), None)


def record_pdf(record_file: Path) -> Optional[Path]:
    """Given a record file, return the PDF it was extracted from, when its run.json names one that exists."""
    record_file = Path(record_file)
    path = _run_outputs(record_file.parent).get(record_file.name)
    return _resolve(path, record_file.parent) if path else None


def record_files(paths: list[Path]) -> list[Path]:
    """Given record files and/or folders, return the JSON files they name (a folder's sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


def document_id(record_file: Path) -> Optional[str]:
    """Given a record file, return its document id (None when it is not a readable record)."""
    try:
        doc = json.loads(Path(record_file).read_text(encoding="utf-8")).get("document")
        return doc.get("id") if isinstance(doc, dict) else None
    except (OSError, ValueError, AttributeError):
        return None


def records_to_pdfs(paths: list[Path]) -> dict[str, Path]:
    """Given the record files or folders given to ``ldn compare``, return the source PDF per document id."""
    found: dict[str, Path] = {}
    for f in record_files(paths):
        doc, pdf = document_id(f), record_pdf(f)
        if doc and pdf and doc not in found:
            found[doc] = pdf
    return found
