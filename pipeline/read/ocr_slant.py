"""Given OCR words and the page's ink, tell which words are set in italic from the slant of their strokes.

Tesseract gives no style, yet plans mark labels ("Trajanje:", "Opis:") and notes by slant alone. An
upright word's stems stand vertical: its ink piles up in a few columns. An italic word's stems lean
right, and its columns pile up only once its rows are sheared back by the font's slant (9-15°). Each
word's slant is the shear that stacks its ink most sharply; a word is italic when it leans clearly
more than the document's body text, which is upright whatever its scan.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from pipeline.models.layout import Word
from pipeline.read.ocr_sizes import word_ink

SHEARS = np.round(np.arange(-0.15, 0.451, 0.03), 3)  # tan of the slants tried (italic fonts lean 0.15-0.27)
ITALIC_SLANT = 0.11  # a word leaning this much more than the body's median is italic
MIN_STEM_LETTERS = 4  # words with fewer letters carry too few stems to tell ("več" leans by its v); they take a neighbour's slant
MIN_GAIN = 1.04  # the best shear must stack the ink this much more sharply than upright, or the word is upright
NEIGHBOURS = 3  # words looked at on each side for a short word's measured neighbour


def word_slant(grey: np.ndarray, w: Word, scale: float) -> Optional[float]:
    """Given a page's grey pixels, a word (points) and points per pixel, return its slant (tan), or None.

    The ink's rows are sheared about the word's middle by each trial slant; the slant whose column
    histogram has the largest sum of squares (ink stacked in the fewest columns) is the word's.
    """
    if sum(ch.isalpha() for ch in w.text) < MIN_STEM_LETTERS:
        return None
    crop = word_ink(grey, w, scale)
    if crop is None:
        return None
    ys, xs = np.nonzero(crop)
    if len(xs) < 20:
        return None
    rise = (crop.shape[0] / 2.0 - ys).astype(np.float64)  # height above the middle: leaning ink moves right
    scores = []
    for s in SHEARS:
        cols = np.round(xs - s * rise).astype(np.int64)
        hist = np.bincount(cols - cols.min())
        scores.append(float(np.dot(hist, hist)))
    best = int(np.argmax(scores))
    upright = scores[int(np.argmin(np.abs(SHEARS)))]
    if scores[best] < MIN_GAIN * upright:
        return 0.0
    return float(SHEARS[best])


def mark_italic(words: list[Word], slants: list[Optional[float]]) -> None:
    """Mark as italic the words that lean clearly more than the body text; a short word takes its nearest
    measured neighbour's slant on the same line ("Vir" of "Vir financiranja:", "in" inside a label).

    The body's slant is the letter-weighted median over the document (most text is upright body text,
    and a scan's shear or a slanted scanner bed moves every word alike). A label's colon ends its run of
    slant: the "1." after "Trajanje:" follows the value, not the label.
    """
    measured = sorted(s for w, s in zip(words, slants) if s is not None for _ in w.text)
    if not measured:
        return
    body = measured[len(measured) // 2]
    for w, s in zip(words, slants):
        if s is not None:
            w.italic = s - body >= ITALIC_SLANT
    for i, (w, s) in enumerate(zip(words, slants)):
        if s is None:
            near = [o for o in (_measured_neighbour(words, slants, i, -1), _measured_neighbour(words, slants, i, 1)) if o]
            if near:
                w.italic = min(near, key=lambda o: min(abs(o.x0 - w.x1), abs(w.x0 - o.x1))).italic


def _measured_neighbour(words: list[Word], slants: list[Optional[float]], i: int, step: int) -> Optional[Word]:
    """Given a word's index and a direction, return the nearest measured word beside it on its line, not
    across a colon, within two sizes of it; None when there is none."""
    w = words[i]
    if step > 0 and w.text.endswith(":"):
        return None
    for j in range(i + step, i + step * (NEIGHBOURS + 1), step):
        if not 0 <= j < len(words):
            return None
        o = words[j]
        if (o.page != w.page or abs(o.baseline - w.baseline) >= 0.5 * w.size
                or min(abs(o.x0 - w.x1), abs(w.x0 - o.x1)) >= 2 * w.size):
            return None
        if step < 0 and o.text.endswith(":"):
            return None
        if slants[j] is not None:
            return o
        if step > 0 and o.text.endswith(":"):
            return None
    return None
