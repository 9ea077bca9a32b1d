"""Given a page's ink and its OCR words, return them with the list numbers tesseract lost read again.

A numbered list hangs its numbers in a column of their own left of the item text. Tesseract's page
segmentation sometimes takes that column for a block of its own and reads it as one garbled word
("$WN" for "2. 3. 4."), or reads a bold "2." as "M»". Where some numbers of the column were read
confidently, the column is known (their x, and the x where the item text starts); every other line
whose text starts there and has ink in the column gets its number read again, alone, with digits and
list punctuation only (one extra tesseract call per page, all such numbers stacked in one strip).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

import numpy as np
from PIL import Image

from pipeline.models.layout import Word
from pipeline.read.ocr_hocr import hocr_to_words
from pipeline.read.ocr_sizes import INK_LEVEL

MARKER_RE = re.compile(r"^\d{1,2}[.)]$")
MARKER_CHARS = "0123456789.)"  # what a re-read number may be made of
TRUSTED = 80.0  # a number read this confidently marks the column
ALIGN = 0.6  # sizes: item texts and numbers of one column start within this of each other
MIN_INK = 0.04  # share of a number's cell that must be ink (a lost number, not an empty hanging line)
PAD = 16  # px of white around each cell in the strip
ENLARGE = 2  # cells are read enlarged


def _same_line(a: Word, b: Word) -> bool:
    return a.page == b.page and abs(a.baseline - b.baseline) < 0.4 * max(a.size, b.size)


def marker_columns(words: list[Word], confs: list[float]) -> list[tuple[float, float]]:
    """Given a page's words and confidences, return the (number x0, text x0) of its numbered-list columns,
    each told by at least two numbers read confidently."""
    pairs = []
    for w, c in zip(words, confs):
        if c < TRUSTED or not MARKER_RE.match(w.text):
            continue
        after = [o for o in words if o is not w and _same_line(o, w) and o.x0 >= w.x1 - 0.5]
        if after:
            pairs.append((w.x0, min(o.x0 for o in after), w.size))
    columns: list[tuple[float, float]] = []
    for x0, text_x, size in pairs:
        alike = [p for p in pairs if abs(p[0] - x0) < ALIGN * size and abs(p[1] - text_x) < ALIGN * size]
        if len(alike) >= 2 and not any(abs(cx - x0) < ALIGN * size and abs(ct - text_x) < ALIGN * size
                                       for cx, ct in columns):
            columns.append((x0, text_x))
    return columns


def _cells(grey: np.ndarray, words: list[Word], confs: list[float], scale: float,
           columns: list[tuple[float, float]]) -> list[tuple[Word, tuple[float, float, float, float]]]:
    """The lines whose text starts at a column's text x with no confident number before it, but ink there:
    (the line's first word, the number's cell in points)."""
    out = []
    for w in words:
        for x0, text_x in columns:
            if abs(w.x0 - text_x) >= ALIGN * w.size or not any(ch.isalnum() for ch in w.text):
                continue
            if any(_same_line(o, w) and o.x1 <= w.x0 + 0.5 and o.x0 >= x0 - ALIGN * w.size
                   and MARKER_RE.match(o.text) and c >= TRUSTED for o, c in zip(words, confs)):
                break  # numbered already
            cell = (x0 - 0.3 * w.size, w.baseline - 1.0 * w.size, text_x - 0.2 * w.size, w.baseline + 0.25 * w.size)
            px = [int(round(v / scale)) for v in cell]
            ink = grey[max(0, px[1]):px[3], max(0, px[0]):px[2]] < INK_LEVEL
            if ink.size and ink.mean() >= MIN_INK:
                out.append((w, cell))
            break
    return out


def _follow_sequence(new: list[Word], new_confs: list[float], trusted: list[tuple[Word, float]]) -> None:
    """A number read again with little confidence between two that count on by two ("1.", "8.", "3.") is the one
    between them; it takes the form of its neighbours."""
    column = sorted([(w, c, k) for k, (w, c) in enumerate(zip(new, new_confs))] + [(w, c, None) for w, c in trusted],
                    key=lambda t: (t[0].page, t[0].baseline))
    for (a, _, _), (w, c, k), (b, _, _) in zip(column, column[1:], column[2:]):
        if k is None or c >= TRUSTED or abs(a.x0 - w.x0) > ALIGN * w.size or abs(b.x0 - w.x0) > ALIGN * w.size:
            continue
        lo, hi = int(a.text[:-1]), int(b.text[:-1])
        if hi - lo == 2 and a.text[-1] == b.text[-1]:
            new[k] = replace(w, text=f"{lo + 1}{a.text[-1]}")


def read_lost_markers(grey: np.ndarray, words: list[Word], confs: list[float], scale: float,
                      run: Callable[[Image.Image], bytes]) -> tuple[list[Word], list[float]]:
    """Given a page's grey pixels, OCR words, confidences and points per pixel, return them with the
    numbers of its numbered lists read again where the page reading lost or garbled them.
    ``run(image) -> hocr`` calls tesseract on the strip of cells (digits and list punctuation only)."""
    columns = marker_columns(words, confs)
    cells = _cells(grey, words, confs, scale, columns) if columns else []
    if not cells:
        return words, confs
    crops = []
    for _, cell in cells:
        px = [int(round(v / scale)) for v in cell]
        crop = Image.fromarray(grey[max(0, px[1]):px[3], max(0, px[0]):px[2]])
        crops.append(crop.resize((crop.width * ENLARGE, crop.height * ENLARGE), Image.LANCZOS))
    strip = Image.new("L", (max(c.width for c in crops) + 2 * PAD, sum(c.height + PAD for c in crops) + PAD), 255)
    slots, y = [], PAD
    for crop in crops:
        strip.paste(crop, (PAD, y))
        slots.append((y, y + crop.height))
        y += crop.height + PAD
    found, found_conf = hocr_to_words(run(strip), 0, 1.0)
    texts: list[list[tuple[str, float]]] = [[] for _ in cells]
    for f, c in zip(found, found_conf):
        cy = (f.top + f.bottom) / 2
        for k, (t, b) in enumerate(slots):
            if t - PAD / 2 <= cy <= b + PAD / 2:
                texts[k].append((f.text, c))
                break
    new_w: list[Word] = []
    new_c: list[float] = []
    cleared: list[tuple[float, float, float, float]] = []
    for (w, cell), read in zip(cells, texts):
        text = "".join(t for t, _ in read)
        if not MARKER_RE.match(text):
            continue
        width = 0.5 * w.size * len(text)
        new_w.append(replace(w, text=text, x0=cell[0] + 0.3 * w.size, x1=cell[0] + 0.3 * w.size + width,
                             bold=w.bold, italic=False))
        new_c.append(min(c for _, c in read))
        cleared.append(cell)

    _follow_sequence(new_w, new_c, [(o, c) for o, c in zip(words, confs) if c >= TRUSTED and MARKER_RE.match(o.text)])

    def garbled(o: Word, c: float) -> bool:  # what the page reading made of a number now read again
        return c < TRUSTED and any(o.x0 < cl[2] and o.x1 > cl[0] and o.top < cl[3] and o.bottom > cl[1]
                                   for cl in cleared) and o.x1 <= max(cl[2] for cl in cleared) + 0.5
    kept = [(o, c) for o, c in zip(words, confs) if not garbled(o, c)]
    return [o for o, _ in kept] + new_w, [c for _, c in kept] + new_c
