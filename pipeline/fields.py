"""Given entry blocks, return ``Entry`` records: list items, duration, funding, partners and targets.

Each value keeps provenance: the character spans found by the parsers (targets, partner names)
map back to the words they were read from, one fragment per printed line.
"""

from __future__ import annotations

from typing import Optional

from pipeline.funders import parse_funders
from pipeline.models import Duration, Entry, Funding, Item, Partner
from pipeline.layout import marker_of
from pipeline.models.layout import Word
from pipeline.normalize import extract_targets, normalize_duration
from pipeline.partners import parse_partners
from pipeline.structure import EntryBlock, FieldBlock
from pipeline.text import TextRun, lines_to_run

SCALAR_FIELDS = ("duration", "funding", "partners", "title")


def _follows(kind: str, value: str, previous: Optional[tuple[str, str]]) -> bool:
    """A marker starts an item when it opens a list or continues the previous marker's sequence."""
    if kind == "bullet":
        return previous is None or previous[0] == "bullet"
    if previous is None:
        return value in ("1", "a", "A")
    if previous[0] != kind:
        return False
    if kind == "numbered":
        return int(value) == int(previous[1]) + 1
    return len(value) == 1 and ord(value) == ord(previous[1]) + 1


def split_items(lines: list[list[Word]]) -> list[list[list[Word]]]:
    """Given a list field's lines, return its items as line groups, markers removed.

    A line starts an item only when its first word is a marker that opens or continues a sequence
    (1, 2, 3 / a, b, c / bullets), so a date or number at the start of a wrapped line stays text.
    Items run over column and page breaks because the lines arrive in reading order.
    """
    items: list[list[list[Word]]] = []
    previous: Optional[tuple[str, str]] = None
    for line in lines:
        m = marker_of(line[0].text) if line else None
        if m and _follows(m[0], m[1], previous):
            previous = m
            rest = line[1:]
            items.append([rest] if rest else [])
            continue
        if not items:
            items.append([])
        items[-1].append(line)
    if previous is None and len(items) == 1:
        return split_paragraphs(items[0])  # no markers at all (bullets drawn as shapes): one item per paragraph
    return [[ln for ln in item if ln] for item in items if any(item)]


def split_paragraphs(lines: list[list[Word]]) -> list[list[list[Word]]]:
    """Given unmarked list lines, return one group per paragraph (a vertical gap larger than the leading starts one)."""
    groups: list[list[list[Word]]] = []
    for prev, line in zip([None] + lines[:-1], lines):
        if prev is None:
            groups.append([line])
            continue
        a, b = prev[0], line[0]
        gap = b.top - max(w.bottom for w in prev) if a.page == b.page else 0.0
        if gap > 0.5 * max(w.size for w in line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def paragraph_lines(lines: list[list[Word]]) -> list[list[Word]]:
    """Given a scalar field's lines, return those of its first paragraph (a gap or a new indent ends it)."""
    if not lines:
        return lines
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        a, b = prev[0], line[0]
        if a.page == b.page and b.top > a.top:
            gap = b.top - max(w.bottom for w in prev)
            size = max(w.size for w in line)
            if gap > 0.6 * size or b.x0 - a.x0 > 0.8 * size and len(out) > 0 and prev[-1].text.endswith("."):
                break
        out.append(line)
    return out


def _items(block: FieldBlock, source: str) -> tuple[list[Item], list]:
    items, targets = [], []
    for idx, group in enumerate(split_items(block.value_lines)):
        run = lines_to_run(group)
        items.append(Item(text=run.text, provenance=run.fragments()))
        for match in extract_targets(run.text, source, idx):
            targets.append(match.target.model_copy(update={"provenance": run.fragments(match.start, match.end)}))
    return items, targets


def _duration(run: TextRun, year: Optional[int]) -> Duration:
    dur = normalize_duration(run.text, year)
    return dur.model_copy(update={"provenance": run.fragments()})


def _partners(run: TextRun) -> list[Partner]:
    out = []
    for match in parse_partners(run.text):
        out.append(match.partner.model_copy(update={"provenance": run.fragments(match.start, match.end)}))
    return out


def block_to_entry(block: EntryBlock, year: Optional[int]) -> Entry:
    """Given an entry block, return its ``Entry`` with items, targets, duration, funding and partners."""
    title_run = lines_to_run(block.title_lines)
    entry = Entry(
        title=title_run.text,
        parent_title=lines_to_run(block.parent_title_lines).text if block.parent_title_lines else None,
        section=block.section,
        provenance=title_run.fragments(),
    )
    for fb in block.fields:
        if fb.field in ("activities", "results"):
            items, targets = _items(fb, fb.field)
            getattr(entry, fb.field).extend(items)
            entry.targets.extend(targets)
            entry.labels.setdefault(fb.field, fb.label)
            continue
        if fb.field not in SCALAR_FIELDS or not fb.value_lines:
            continue
        run = lines_to_run(paragraph_lines(fb.value_lines))
        if not run.text:
            continue
        if fb.field == "duration" and entry.duration is None:
            entry.duration = _duration(run, year)
        elif fb.field == "funding" and entry.funding is None:
            entry.funding = Funding(raw=run.text, funders=parse_funders(run.text), provenance=run.fragments())
        elif fb.field == "partners":
            entry.partners.extend(_partners(run))
        entry.labels.setdefault(fb.field, fb.label)
    # targets come in item order per source, activities first, as the format lists them
    entry.targets.sort(key=lambda t: (t.source != "activities", t.item))
    return entry
