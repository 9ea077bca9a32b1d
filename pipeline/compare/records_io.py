"""Records in, comparison out: read and check record files, serialize a ``Comparison``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import CompareError
from pipeline.models.compare import Comparison
from pipeline.models.loading import load_record
from pipeline.models.record import Record


def _looks_like_record(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("document"), dict) and "entries" in data


def read_record(path: Path) -> Record:
    """Given a record JSON path, return the ``Record``; raise ``CompareError`` when unreadable."""
    try:
        return load_record(path)
    except FileNotFoundError as exc:
        raise CompareError("file not found", file=path) from exc
    except (OSError, ValueError, ValidationError, TypeError, AttributeError) as exc:
        raise CompareError(f"not a readable record: {str(exc).splitlines()[0][:200]}", file=path) from exc


def paths_to_records(paths: list[Path]) -> list[Record]:
    """Given record files and/or folders of records, return the records ordered by plan year.

    In a folder, JSON files that are not records (run summaries, comparisons) are skipped.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += [f for f in sorted(p.glob("*.json")) if _looks_like_record(f)]
        else:
            files.append(p)
    records = [read_record(f) for f in files]
    if len(records) < 2:
        raise CompareError(f"need at least two records to compare, found {len(records)}",
                           file=", ".join(map(str, paths)) or None)
    # A stable sort: records without a year keep their given place after the dated ones.
    return sorted(records, key=lambda r: (r.document.year is None, r.document.year or 0))


def comparison_to_json(comparison: Comparison) -> str:
    """Given a comparison, return its COMPARE.md JSON text (gold-only keys left out)."""
    data = comparison.model_dump(mode="json", exclude_none=False)
    for pair in data["pairs"]:
        for change in pair["changes"]:
            if not change.get("unit_alt"):
                change.pop("unit_alt", None)
            if not change.get("aliases"):
                change.pop("aliases", None)
    return json.dumps(data, ensure_ascii=False, indent=1)
