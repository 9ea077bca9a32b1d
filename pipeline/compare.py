"""Year-over-year comparison: records of two (or more) yearly plans -> ``Comparison`` (COMPARE.md).

``compare_records(a, b)`` is the pure core: the section map, project identity with evidence,
appearances paired section by section, and the change records of continuing pairs.
``run_compare(paths, out)`` reads records (two files, or a folder of several years), compares each
consecutive pair of plan years and writes the comparison JSON, tidy tables and ``report.html``.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from pydantic import ValidationError

from pipeline.compare_changes import entries_to_changes
from pipeline.errors import CompareError
from pipeline.matching import (
    Appearance,
    entry_to_appearance,
    group_projects,
    pair_appearances,
    text_to_tokens,
    title_similarity,
)
from pipeline.models.compare import Comparison, EntryRef, PairRecord
from pipeline.models.loading import load_record
from pipeline.models.record import Entry, Record
from pipeline.sectionmap import map_to_correspondence, sections_to_map

PROJECT_ID_WORDS = 4


@dataclass
class PairedComparison:
    """A comparison with, per pair record, the entry indices it came from (for chaining years)."""

    comparison: Comparison
    indices: list[tuple[Optional[int], Optional[int]]]


def entry_to_ref(entry: Entry) -> EntryRef:
    """Given an entry, return its reference as written in the comparison."""
    return EntryRef(section=entry.section, title=entry.title, parent_title=entry.parent_title)


def title_to_slug(title: str, words: int = PROJECT_ID_WORDS) -> str:
    """Given a title, return an ASCII id of its first words ("Šola kohezije" -> "sola-kohezije")."""
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    tokens = text_to_tokens(ascii_)[:words]
    return "-".join(tokens) or "entry"


def _year_shift(a: Record, b: Record) -> int:
    if a.document.year is not None and b.document.year is not None:
        return b.document.year - a.document.year
    return 1


def compare_paired(a: Record, b: Record) -> PairedComparison:
    """Given records of an earlier plan A and a later plan B, return their comparison together
    with the entry indices of every pair record."""
    shift = _year_shift(a, b)
    smap = sections_to_map(a, b)
    corr = map_to_correspondence(smap)
    apps = [entry_to_appearance("a", i, e) for i, e in enumerate(a.entries)]
    apps += [entry_to_appearance("b", i, e) for i, e in enumerate(b.entries)]
    rows: list[tuple[tuple, PairRecord, Optional[int], Optional[int]]] = []
    used_ids: set[str] = set()
    groups = sorted(group_projects(apps, corr, shift), key=lambda g: min((x.side, x.index) for x in g))
    for group in groups:
        first = min(group, key=lambda x: (x.side, x.index))
        pid = title_to_slug(first.entry.title)
        n = 2
        while pid in used_ids:
            pid, n = f"{title_to_slug(first.entry.title)}-{n}", n + 1
        used_ids.add(pid)
        for x, y in pair_appearances(group, corr):
            rows.append(_pair_row(pid, x, y, corr, shift))
    rows.sort(key=lambda r: r[0])
    comparison = Comparison(
        year_a=a.document.year, year_b=b.document.year, doc_a=a.document.id, doc_b=b.document.id,
        sections=smap, pairs=[r[1] for r in rows],
    )
    return PairedComparison(comparison, [(r[2], r[3]) for r in rows])


def _pair_row(pid: str, x: Optional[Appearance], y: Optional[Appearance], corr: dict, shift: int):
    if x is not None and y is not None:
        changes = entries_to_changes(x.entry, y.entry, corr.get(x.section, x.section), shift)
        rec = PairRecord(project=pid, status="continuing", a=entry_to_ref(x.entry), b=entry_to_ref(y.entry),
                         changes=changes, score=round(title_similarity(x.entry.title, y.entry.title), 3))
        return (0, x.index), rec, x.index, y.index
    if x is not None:
        return (0, x.index), PairRecord(project=pid, status="ended", a=entry_to_ref(x.entry)), x.index, None
    assert y is not None
    return (1, y.index), PairRecord(project=pid, status="new", b=entry_to_ref(y.entry)), None, y.index


def compare_records(a: Record, b: Record) -> Comparison:
    """Given records of an earlier plan A and a later plan B, return their ``Comparison``."""
    return compare_paired(a, b).comparison


# ----------------------------------------------------------------------------- input

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


# ----------------------------------------------------------------------------- output

def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Given a target path and a function writing a file, write to a temporary file in the same
    folder and move it into place, so readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Given a path and a text, write it atomically as UTF-8."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


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


def run_compare(records: list[Path], out: Path) -> list[Path]:
    """Given two record files (A earlier, B later) or a folder of records, compare each
    consecutive pair of plan years and write into ``out``: the comparison JSONs, the tidy tables
    ``compare_projects``, ``compare_changes`` and ``compare_overview`` (Parquet and CSV) and
    ``report.html``. Return the written paths."""
    from pipeline.compare_report import write_report
    from pipeline.compare_tables import chain_to_tables, comparison_keys, write_tables

    recs = paths_to_records(records)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chain = [compare_paired(a, b) for a, b in zip(recs, recs[1:])]
    keys = comparison_keys([pc.comparison for pc in chain])
    written = [write_text_atomic(out / f"compare-{key}.json", comparison_to_json(pc.comparison))
               for key, pc in zip(keys, chain)]
    tables = chain_to_tables(recs, chain)
    written += write_tables(tables, out)
    written.append(write_report(recs, [pc.comparison for pc in chain], tables, out / "report.html"))
    return written
