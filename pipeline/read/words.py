"""Word-level checks every stage shares: weight and slant from font names, small capitals, list markers
and section numbers, and rows grouped by baseline.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from pipeline import vocab
from pipeline.models.layout import Word

BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)


ITALIC_RE = re.compile(r"italic|oblique", re.I)


SECTION_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?$")  # "2", "2.1.", "2.1.3"


@lru_cache(maxsize=1)
def _markers() -> list[tuple[str, re.Pattern]]:
    spec = vocab.load("labels")["markers"]
    return [(kind, re.compile(pattern)) for kind, pattern in spec.items()]


def marker_of(text: str) -> Optional[tuple[str, str]]:
    """Given a line's first word, return (kind, value) when it is a list marker ("1.", "1)", "a)", "•")."""
    for kind, pattern in _markers():
        m = pattern.match(text)
        if m:
            return kind, (m.group(1) if m.groups() else text)
    return None


def small_caps_to_case(chars: list[dict]) -> str:
    """Given a word's characters, return its text with small capitals (capitals set smaller) in lower case.

    Small caps print lower-case letters as smaller capitals: "PROJEKTI" set 11.5/9 pt reads "Projekti".
    """
    text = "".join(c["text"] for c in chars)
    sizes = [round(float(c["size"]), 1) for c in chars]
    if len(set(sizes)) < 2 or not text.isupper():
        return text
    top = max(sizes)
    return "".join(c["text"] if s == top else c["text"].lower() for c, s in zip(chars, sizes))


def words_to_rows(words: list[Word], tolerance: float) -> list[list[Word]]:
    """Given words, return rows of words sharing a baseline (within tolerance), top to bottom, x-sorted."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if rows and abs(rows[-1][0].baseline - w.baseline) <= tolerance:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def row_to_segments(row: list[Word]) -> list[list[Word]]:
    """Given a row, split it where the gap between words is wider than a column or margin gap."""
    segs = [[row[0]]]
    for prev, w in zip(row, row[1:]):
        gap = w.x0 - prev.x1
        if gap > max(9.0, 1.3 * max(prev.size, w.size)) or (gap > 5.0 and abs(prev.size - w.size) > 1.5):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs
