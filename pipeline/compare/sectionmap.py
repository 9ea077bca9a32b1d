"""The section map: how the headings of plan A correspond to the headings of plan B.

COMPARE.md's correspondence rule: two headings correspond when their parents correspond (top-level
headings: always) and they have the same title after normalization; failing that, when they have
the same number (a renamed heading). A heading whose title and number both changed corresponds
when it holds the same place among corresponding siblings and its title is close
(``renamed_renumbered``). Everything else is ``removed`` (A only) or ``new`` (B only).

A plan whose extraction found no section tree cannot be mapped: ``map_state`` says so, and the
pairing then rests on titles and the other evidence alone (COMPARE.md's identity rule without
step 2), so one poor extraction does not turn continuing projects into ended and new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rapidfuzz import fuzz

from pipeline.compare.matching import norm_text
from pipeline.models.compare import SectionMap
from pipeline.models.record import Record, Section
from pipeline.vocab import load

ROOT = ""


@dataclass(frozen=True)
class Heading:
    key: str
    title: str
    number: str | None
    parent: str


def parent_of(sec: Section, keys: set[str]) -> str:
    """Given a section and the plan's section keys, return its parent key (ROOT when top-level).

    A parent missing from the record (a noisy extraction) is derived from the number, and a
    parent that is not a heading of the plan makes the section top-level.
    """
    parent = sec.parent
    if not parent and sec.number and "." in sec.number:
        parent = sec.number.rsplit(".", 1)[0]
    return parent if parent in keys else ROOT


def record_to_headings(record: Record) -> list[Heading]:
    """Given a record, return its headings in document order (first of any repeated key)."""
    keys = {s.key for s in record.sections}
    seen: set[str] = set()
    out = []
    for sec in record.sections:
        if sec.key in seen:
            continue
        seen.add(sec.key)
        number = (sec.number or "").rstrip(".") or None
        out.append(Heading(sec.key, sec.title, number, parent_of(sec, keys)))
    return out


def _children(headings: list[Heading]) -> dict[str, list[Heading]]:
    kids: dict[str, list[Heading]] = {}
    for h in headings:
        kids.setdefault(h.parent, []).append(h)
    return kids


def _status(a: Heading, b: Heading, how: str) -> str:
    if how == "title":
        return "same" if a.key == b.key else "renumbered"
    if how == "number":
        return "renamed"
    return "renamed_renumbered"


def _match_siblings(kids_a: list[Heading], kids_b: list[Heading], min_title: float) -> list[tuple[Heading, Heading, str]]:
    """Given the children of two corresponding headings, return their corresponding pairs."""
    pairs: list[tuple[Heading, Heading, str]] = []
    used_a: set[str] = set()
    used_b: set[str] = set()

    def take(a: Heading, b: Heading, how: str) -> None:
        pairs.append((a, b, _status(a, b, how)))
        used_a.add(a.key)
        used_b.add(b.key)

    for a in kids_a:
        for b in kids_b:
            if b.key not in used_b and norm_text(a.title) == norm_text(b.title):
                take(a, b, "title")
                break
    for a in kids_a:
        if a.key in used_a or not a.number:
            continue
        for b in kids_b:
            if b.key not in used_b and b.number == a.number:
                take(a, b, "number")
                break
    for i, a in enumerate(kids_a):
        if a.key in used_a or i >= len(kids_b):
            continue
        b = kids_b[i]
        if b.key not in used_b and fuzz.token_sort_ratio(norm_text(a.title), norm_text(b.title)) / 100 >= min_title:
            take(a, b, "place")
    return pairs


def sections_to_map(record_a: Record, record_b: Record) -> list[SectionMap]:
    """Given two records, return one ``SectionMap`` per heading of either plan (A order, then new)."""
    min_title = float(load("compare")["sections"]["renamed_renumbered_min_title"])
    heads_a, heads_b = record_to_headings(record_a), record_to_headings(record_b)
    kids_a, kids_b = _children(heads_a), _children(heads_b)
    matched: dict[str, tuple[Heading, str]] = {}
    queue = [(ROOT, ROOT)]
    while queue:
        pa, pb = queue.pop(0)
        for a, b, status in _match_siblings(kids_a.get(pa, []), kids_b.get(pb, []), min_title):
            matched[a.key] = (b, status)
            queue.append((a.key, b.key))
    out = []
    for a in heads_a:
        if a.key in matched:
            b, status = matched[a.key]
            out.append(SectionMap(a=a.key, b=b.key, status=status, title_a=a.title, title_b=b.title))
        else:
            out.append(SectionMap(a=a.key, b=None, status="removed", title_a=a.title))
    matched_b = {b.key for b, _ in matched.values()}
    out += [SectionMap(a=None, b=b.key, status="new", title_b=b.title) for b in heads_b if b.key not in matched_b]
    return out


def map_to_correspondence(smap: list[SectionMap]) -> dict[str, Optional[str]]:
    """Given a section map, return A's section key -> the corresponding B key (None: removed)."""
    return {m.a: m.b for m in smap if m.a is not None}


def has_section_tree(record: Record) -> bool:
    """Given a record, return whether it has headings that its entries sit under."""
    return bool(record.sections) and any(e.section for e in record.entries)


def map_state(record_a: Record, record_b: Record, smap: list[SectionMap]) -> tuple[str, Optional[str]]:
    """Given two records and their section map, return (state, note): ``built``, ``partial`` when
    few of the smaller plan's headings correspond, ``not_built`` when a plan has no section tree."""
    missing = [r.document.id or "?" for r in (record_a, record_b) if not has_section_tree(r)]
    if missing:
        return "not_built", (f"no section tree in {', '.join(missing)}: entries are paired by title and "
                             "evidence only, and section moves are not recorded")
    matched = sum(1 for m in smap if m.a is not None and m.b is not None)
    smaller = min(len({s.key for s in record_a.sections}), len({s.key for s in record_b.sections}))
    share = matched / smaller if smaller else 0.0
    if share < float(load("compare")["sections"]["partial_below_share"]):
        return "partial", f"only {matched} of {smaller} headings correspond: section moves may be misread"
    return "built", None
