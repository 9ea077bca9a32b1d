"""Split a column block where one balanced two-column region ends and the next begins.

Some producers (LaTeX ``multicols``, a word processor's "balanced" section break) fill each region's
columns to equal height and start the next region below both, with no heading across the page:

    col 1 text ........   col 2 text .......
    col 1 text (end)      col 2 text (end)
    2.1.2 Heading         (nothing)
    entry text .......    Next entry title
                          entry text .......

Read as one block, column 1 would be read whole (both regions) before column 2. The signature of a
region's end: the right column stops near where the left column's text of the same region stops
(balanced, within ``BALANCE_PITCHES``) and leaves a gap of at least ``GAP_PITCHES`` lines, wider by
``LEAD_PITCHES`` than the left column's space before its heading (the left column went on); the left
column goes on with a row set apart from the body (a heading or entry title: another size, weight,
slant or colour), and the right column resumes level with that row (within ``BALANCE_PITCHES``).
A figure or a heading's space in a running two-column text lacks one of these: the left text runs on
through the gap, with no heading where the gap begins, or the right column resumes lower; two
headings level in running columns leave gaps of about the same height in both.
"""

from __future__ import annotations

from collections import Counter
from statistics import median

from pipeline.models.layout import Word
from pipeline.read.words import side_words

GAP_PITCHES = 2.0  # the right column's gap at a region's end spans at least this many body lines
LEAD_PITCHES = 1.5  # ... and this many more than the left column's gap before its heading
BALANCE_PITCHES = 1.5  # the left column's text of the region ends within this many lines of the right's


def _style(words: list[Word]) -> tuple:
    return Counter(w.style for w in words).most_common(1)[0][0]


def _pitch(rows: list[list[Word]]) -> float:
    """The body line pitch of one column: the median distance between consecutive baselines."""
    bases = [max(w.baseline for w in ws) for ws in rows]
    size = median(w.size for ws in rows for w in ws)
    steps = [b - a for a, b in zip(bases, bases[1:]) if 0 < b - a < 2.5 * size]
    return median(steps) if steps else 1.2 * size


def balanced_cut(brows: list, mid: float) -> int | None:
    """Given a two-column block's rows and its gutter's x, return the index of the first row of the
    next balanced region, or None when the block is one region."""
    right = [(k, ws) for k, r in enumerate(brows) if (ws := side_words(r, mid, True))]
    left = [(k, ws) for k, r in enumerate(brows) if (ws := side_words(r, mid, False))]
    if len(right) < 4 or len(left) < 4:
        return None
    body = _style([w for r in brows for seg in r for w in seg])
    pitch = _pitch([ws for _, ws in right])
    for (ka, above), (kb, below) in zip(right, right[1:]):
        gap_top, gap_bottom = max(w.bottom for w in above), min(w.top for w in below)
        if gap_bottom - gap_top < GAP_PITCHES * pitch:
            continue
        # the next region's first row: the first row set apart from the body below the right column's end
        heads = [(k, ws) for k, ws in left if ka < k < kb and min(w.top for w in ws) >= gap_top and _style(ws) != body]
        if not heads:
            continue
        k, first = heads[0]
        before = [ws for j, ws in left if j < k]
        ended, starts = max(w.bottom for w in before[-1]) if before else None, min(w.top for w in first)
        if (ended is not None and abs(ended - gap_top) <= BALANCE_PITCHES * pitch
                and abs(gap_bottom - starts) <= BALANCE_PITCHES * pitch
                and (gap_bottom - gap_top) - (starts - ended) >= LEAD_PITCHES * pitch):
            return k
    return None


def split_balanced(blocks: list[tuple[list, list]], gutter_of) -> list[tuple[list, list]]:
    """Split each two-column block at every balanced region's end (``gutter_of(free, rows)``: the
    block's gutter strip)."""
    out: list[tuple[list, list]] = []
    for free, brows in blocks:
        while free and len(brows) >= 8:
            g0, g1 = gutter_of(free, brows)
            k = balanced_cut(brows, (g0 + g1) / 2)
            if k is None:
                break
            out.append((free, brows[:k]))
            brows = brows[k:]
        out.append((free, brows))
    return out
