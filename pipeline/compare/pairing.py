"""Given the records of two plan years, return their ``Comparison``: the pure core of ``ldn compare``.

The section map, project identity with evidence, appearances paired section by section, and the
change records of continuing pairs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Optional

from pipeline.compare.changes import entries_to_changes
from pipeline.compare.matching import (
    Appearance,
    entry_to_appearance,
    group_projects,
    pair_appearances,
    text_to_tokens,
    title_similarity,
)
from pipeline.compare.records_io import check_distinct_plans
from pipeline.compare.sectionmap import map_state, map_to_correspondence, sections_to_map
from pipeline.models.compare import Comparison, EntryRef, PairRecord
from pipeline.models.record import Entry, Record

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
    state, note = map_state(a, b, smap)
    corr = map_to_correspondence(smap) if state != "not_built" else {}
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
            rows.append(_pair_row(pid, x, y, corr, shift, moves=state != "not_built"))
    rows.sort(key=lambda r: r[0])
    comparison = Comparison(
        year_a=a.document.year, year_b=b.document.year, doc_a=a.document.id, doc_b=b.document.id,
        sections=smap, section_map_state=state, section_map_note=note, pairs=[r[1] for r in rows],
    )
    return PairedComparison(comparison, [(r[2], r[3]) for r in rows])


def _pair_row(pid: str, x: Optional[Appearance], y: Optional[Appearance], corr: dict, shift: int, moves: bool = True):
    """Given a pair of appearances, return (sort key, PairRecord, index A, index B); without a
    section map (``moves`` False) a pair's sections are not compared."""
    if x is not None and y is not None:
        corresponding = corr.get(x.section, x.section) if moves else y.entry.section
        changes = entries_to_changes(x.entry, y.entry, corresponding, shift)
        rec = PairRecord(project=pid, status="continuing", a=entry_to_ref(x.entry), b=entry_to_ref(y.entry),
                         changes=changes, score=round(title_similarity(x.entry.title, y.entry.title), 3))
        return (0, x.index), rec, x.index, y.index
    if x is not None:
        return (0, x.index), PairRecord(project=pid, status="ended", a=entry_to_ref(x.entry)), x.index, None
    assert y is not None
    return (1, y.index), PairRecord(project=pid, status="new", b=entry_to_ref(y.entry)), None, y.index


def compare_records(a: Record, b: Record) -> Comparison:
    """Given records of an earlier plan A and a later plan B, return their ``Comparison``; raise
    ``SamePlanError`` or ``SameYearPlansError`` when they are not two years' plans."""
    check_distinct_plans([a, b])
    return compare_paired(a, b).comparison
