"""Given a field's value lines, return its list items: split by marker sequences, or by paragraph.
"""

from __future__ import annotations

from typing import Optional

from pipeline.models.layout import Word
from pipeline.read.words import marker_of


PARAGRAPH_GAP = 0.6  # share of the type size; a wider gap between lines ends a paragraph


ROMAN = {"i": 1, "v": 5, "x": 10}


def roman_value(text: str) -> Optional[int]:
    """Given "iv" or "XII", return its value, or None when it is not a Roman numeral."""
    t = text.lower()
    if not t or any(c not in ROMAN for c in t):
        return None
    total = 0
    for a, b in zip(t, t[1:] + " "):
        total += -ROMAN[a] if b in ROMAN and ROMAN[b] > ROMAN[a] else ROMAN[a]
    return total


def _readings(kind: str, value: str) -> list[tuple[str, str]]:
    """A single letter that is also a Roman numeral ("i", "v", "x") may be either."""
    out = [(kind, value)]
    if kind == "lettered" and roman_value(value) is not None:
        out.append(("roman", value))
    return out


def _follows_one(kind: str, value: str, previous: Optional[tuple[str, str]]) -> bool:
    if kind == "bullet":
        return previous is None or previous[0] == "bullet"
    if previous is None:
        return value in ("1", "a", "A") or (kind == "roman" and value in ("i", "I"))
    if previous[0] != kind:
        return False
    if kind == "numbered":
        return int(value) == int(previous[1]) + 1
    if kind == "roman":
        return roman_value(value) == (roman_value(previous[1]) or 0) + 1
    return len(value) == 1 and ord(value) == ord(previous[1]) + 1


def _follows(kind: str, value: str, previous: Optional[tuple[str, str]]) -> Optional[tuple[str, str]]:
    """A marker starts an item when it opens a list or continues the previous marker's sequence;
    return the reading of the marker that does, or None."""
    for reading in _readings(kind, value):
        if previous is not None and previous[0] == "roman" and reading[0] != "roman":
            continue
        for prev in (_readings(*previous) if previous is not None else [None]):
            if _follows_one(reading[0], reading[1], prev):
                return reading
    return None


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
        reading = _follows(m[0], m[1], previous) if m else None
        if reading:
            previous = reading
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
            if gap > PARAGRAPH_GAP * size + 0.01 or b.x0 - a.x0 > 0.8 * size and len(out) > 0 and prev[-1].text.endswith("."):
                break
        out.append(line)
    return out
