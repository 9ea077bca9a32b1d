"""Given a page's ink and its OCR words, return the words with the list bullets tesseract dropped put back.

Tesseract often drops a small round bullet: it is too small for a letter, so an approval timeline or a
bulleted activity list reads as plain lines. The ink still has it: one compact blob, about a third of
the font size across, left of a line's first word and inside the line's x-height band. Sizes and
shapes are relative to the line's font size (``data/ocr.yaml``), so no resolution or font is assumed.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from pipeline import vocab
from pipeline.models.layout import Word
from pipeline.read.ocr_sizes import INK_LEVEL

BULLET_CONFIDENCE = 90.0  # the confidence given to a bullet found in the ink
LINE_START_GAP = 4.0  # sizes: a word with no word this close to its left on its baseline starts a line


@lru_cache(maxsize=None)
def _shape() -> dict:
    data = vocab.load("ocr")
    return {k: data[k] for k in ("bullet", "bullet_size", "bullet_aspect", "bullet_fill", "bullet_reach")}


def _starts_line(words: list[Word], i: int) -> bool:
    w = words[i]
    return not any(o is not w and o.page == w.page and abs(o.baseline - w.baseline) < 0.4 * w.size
                   and w.x0 - LINE_START_GAP * w.size < o.x1 <= w.x0 + 0.5 for o in words)


def find_bullet(grey: np.ndarray, w: Word, scale: float, left_limit: float) -> Word | None:
    """Given a page's grey pixels, a line's first word, points per pixel and the x (points) left of
    which nothing is looked at, return the bullet drawn before the word, or None."""
    from scipy import ndimage

    rules = _shape()
    size = w.size
    x0 = max(left_limit, w.x0 - rules["bullet_reach"] * size)
    x1 = w.x0 - 0.1 * size
    top, bottom = w.baseline - 0.9 * size, w.baseline + 0.1 * size
    px0, px1 = int(x0 / scale), int(x1 / scale)
    py0, py1 = max(0, int(top / scale)), int(bottom / scale) + 1
    if px1 - px0 < 3 or py1 <= py0:
        return None
    ink = grey[py0:py1, max(0, px0):px1] < INK_LEVEL
    labels, n = ndimage.label(ink)
    if n == 0:
        return None
    found = []
    lo, hi = (v * size / scale for v in rules["bullet_size"])
    for k, sl in enumerate(ndimage.find_objects(labels), start=1):
        h, wd = sl[0].stop - sl[0].start, sl[1].stop - sl[1].start
        area = int((labels[sl] == k).sum())
        if max(h, wd) < 0.5 * lo:
            continue  # a speck of the scan
        found.append((sl, h, wd, area))
    if len(found) != 1:
        return None  # nothing, or text (a number, a hung word) rather than one blob
    sl, h, wd, area = found[0]
    mid = (py0 + (sl[0].start + sl[0].stop) / 2) * scale
    if not (lo <= h <= hi and lo <= wd <= hi and rules["bullet_aspect"][0] <= wd / h <= rules["bullet_aspect"][1]
            and area >= rules["bullet_fill"] * h * wd and w.baseline - 0.7 * size <= mid <= w.baseline - 0.1 * size):
        return None
    bx0 = (max(0, px0) + sl[1].start) * scale
    return replace(w, text=rules["bullet"], x0=bx0, x1=bx0 + wd * scale, bold=False, italic=False)


def add_dropped_bullets(grey: np.ndarray, words: list[Word], confs: list[float],
                        scale: float) -> tuple[list[Word], list[float]]:
    """Given a page's grey pixels, its OCR words and their confidences, return them with a bullet word
    before each line-first word that has one in the ink and none in the text."""
    out_w: list[Word] = []
    out_c: list[float] = []
    for i, (w, c) in enumerate(zip(words, confs)):
        if _starts_line(words, i) and any(ch.isalnum() for ch in w.text):
            left = max((o.x1 for o in words if o.page == w.page and o.x1 <= w.x0
                        and abs(o.baseline - w.baseline) < 0.4 * w.size), default=0.0)
            bullet = find_bullet(grey, w, scale, left)
            if bullet is not None:
                out_w.append(bullet)
                out_c.append(BULLET_CONFIDENCE)
        out_w.append(w)
        out_c.append(c)
    return out_w, out_c
