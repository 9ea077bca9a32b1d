"""Word-level checks every stage shares: weight and slant from font names, small capitals, list markers
and section numbers, and rows grouped by baseline.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from pipeline import vocab
from pipeline.models.layout import Shape, Word

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


def small_caps_size(chars: list[dict]) -> float:
    """Given a word's characters, return the size of its small capitals (0.0 when it has none)."""
    sizes = {round(float(c["size"]), 1) for c in chars}
    return min(sizes) if len(sizes) > 1 and "".join(c["text"] for c in chars).isupper() else 0.0


DISC_MAX_SIZE = 0.6  # share of the text size; a filled disc no larger, right before a line's first word, is a bullet


def discs_to_words(words: list[Word], shapes: list[Shape]) -> list[Word]:
    """Given a page's words and filled shapes, return a "•" word for each bullet drawn as a small filled disc.

    Browsers and some word processors draw list bullets as vector shapes with no text at all: a filled
    round shape about half the text size, alone before the first word of a line, on that line's middle.
    """
    out: list[Word] = []
    for s in shapes:
        w, h = s.width, s.height
        if not (1.5 <= min(w, h) and abs(w - h) <= 0.35 * max(w, h)):
            continue
        cy = (s.top + s.bottom) / 2
        row = [o for o in words if o.top <= cy <= o.bottom]
        after = [o for o in row if o.x0 >= s.x1 and o.x0 - s.x1 < 3 * o.size]
        if not after:
            continue
        first = min(after, key=lambda o: o.x0)
        if max(w, h) > DISC_MAX_SIZE * first.size or any(o.x1 > s.x0 - first.size and o.x0 < s.x1 for o in row):
            continue  # too large for a bullet, or text before it on the line
        out.append(Word(text="\u2022", page=first.page, x0=s.x0, top=first.top, x1=s.x1, bottom=first.bottom,
                        baseline=first.baseline, size=first.size, fontname="disc", bold=False, italic=False,
                        color=s.color))
    return out


def words_to_rows(words: list[Word], tolerance: float) -> list[list[Word]]:
    """Given words, return rows of words sharing a baseline (within tolerance), top to bottom, x-sorted."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if rows and abs(rows[-1][0].baseline - w.baseline) <= tolerance:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


BULLET_GAP = 0.8  # ems: a bullet in another style this far after a word starts a new text (a value beside its label cell)
SEGMENT_SIZE_RATIO = 0.85  # words a gap apart whose sizes differ more than this are separate texts (a side note)


def same_small_caps(a: Word, b: Word) -> bool:
    """Given two words, return whether they are one small-caps run: one word's small capitals are the other's
    size in the same font ("KLJUČNE" 11/8.8 pt beside "AKTIVNOSTI" all at 8.8 pt), so their sizes differ by design.
    """
    if a.fontname != b.fontname:
        return False
    return any(x.caps_size and round(x.caps_size, 1) == round(y.size, 1) and y.text.isupper() for x, y in ((a, b), (b, a)))


def row_to_segments(row: list[Word]) -> list[list[Word]]:
    """Given a row, split it where the gap between words is wider than a column or margin gap, where a
    smaller text starts a little apart (a side note) or a bullet in another style does (a list beside its
    label cell); a small-caps run is one text however justified."""
    segs = [[row[0]]]
    for prev, w in zip(row, row[1:]):
        gap = w.x0 - prev.x1
        small, large = sorted((prev.size, w.size))
        bullet = gap > BULLET_GAP * large and (marker_of(w.text) or ("",))[0] == "bullet" and w.style != prev.style
        if gap > max(9.0, 1.3 * large) or bullet or (gap > 5.0 and small < SEGMENT_SIZE_RATIO * large
                                                     and not same_small_caps(prev, w)):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def side_words(row: list[list[Word]], mid: float, right: bool) -> list[Word]:
    """Given a row's segments and a gutter's x, return the words centred right of it (or left of it)."""
    return [w for seg in row for w in seg if ((w.x0 + w.x1) / 2 >= mid) == right]
