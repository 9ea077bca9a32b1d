"""Given a page's characters, return its words grouped exactly as pdfplumber's ``extract_words`` groups them.

A lean copy of pdfplumber's word extractor (upright text: lines clustered by top within the y
tolerance, characters in x order, a word ends at a blank or where the next character starts
before the previous one or more than the x tolerance after it) over tuples instead of dicts,
because a source that reads characters fast should not spend its gain building dicts. Characters
that are not upright go through pdfplumber's own extractor.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby, repeat
from operator import eq, is_, itemgetter
from statistics import median
from typing import NamedTuple, Optional

from pipeline.models.layout import Word
from pipeline.read.words import BOLD_RE, ITALIC_RE, small_caps_size, small_caps_to_case

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
LIGATURE_RE = re.compile("|".join(map(re.escape, LIGATURES)))  # a word whose text needs the per-character look-up


class CharStyle(NamedTuple):
    """What the characters of one text object share."""

    fontname: str
    size: float
    color: tuple
    bold: bool  # from the font's name
    italic: bool  # from the font's name
    upright: bool  # pdfminer's sense: grouped into lines by top, left to right
    direction: Optional[int] = 0  # the baseline's direction on the displayed page (``base.char_direction``)


class Char(NamedTuple):
    """One printed character in pdfplumber's coordinates; ``base_y`` is pdfminer's device y of its origin."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    base_y: float
    style: CharStyle


_text, _x0, _x1, _base_y, _style = (itemgetter(k) for k in (0, 1, 3, 5, 6))  # Char fields, read in C


def _cluster_lines(chars: list[Char], tolerance: float) -> list[list[Char]]:
    """Group characters by top: sorted distinct tops, a new line where one exceeds the last by the tolerance."""
    index: dict[float, int] = {}
    line = -1
    last = None
    for top in sorted({ch.top for ch in chars}):
        if last is None or top > last + tolerance:
            line += 1
        index[top] = line
        last = top
    ordered = sorted(chars, key=lambda ch: index[ch.top])
    return [list(g) for _, g in groupby(ordered, key=lambda ch: index[ch.top])]


def _split_words(line: list[Char], x_tolerance: float, y_tolerance: float) -> list[list[Char]]:
    words: list[list[Char]] = []
    current: list[Char] = []
    for ch in sorted(line, key=_x0):
        if ch.text.isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current:
            prev = current[-1]
            if ch.x0 < prev.x0 or ch.x0 > prev.x1 + x_tolerance or abs(ch.top - prev.top) > y_tolerance:
                words.append(current)
                current = [ch]
                continue
        current.append(ch)
    if current:
        words.append(current)
    return words


def chars_to_word(chars: list[Char], page: int, height: float) -> Word:
    """Given a word's characters (none blank), return the ``Word``, as the reference source builds it."""
    text = "".join(map(_text, chars))
    if LIGATURE_RE.search(text):
        text = "".join([LIGATURES.get(ch.text, ch.text) for ch in chars])
    first = chars[0]
    style = first.style
    base_y = first.base_y
    # one style on one baseline (most words), tested without a Python step per character
    if all(map(is_, map(_style, chars), repeat(style))) and all(map(eq, map(_base_y, chars), repeat(base_y))):
        return Word(text=text, page=page, x0=first.x0, top=first.top, x1=max(map(_x1, chars)),
                    bottom=first.bottom, baseline=float(height - base_y), size=style.size,
                    fontname=style.fontname.split("+")[-1], bold=style.bold, italic=style.italic, color=style.color)
    styles = [ch.style for ch in chars]
    font = Counter(s.fontname for s in styles).most_common(1)[0][0]
    n = len(chars)
    bold = sum(1 for s in styles if s.bold) * 2 > n
    italic = sum(1 for s in styles if s.italic) * 2 > n
    caps_size = 0.0
    if n == len(text) and text.isupper() and len({round(s.size, 1) for s in styles}) > 1:
        sized = [{"text": ch.text, "size": ch.style.size} for ch in chars]
        text, caps_size = small_caps_to_case(sized), small_caps_size(sized)
    return Word(
        text=text, page=page, x0=min(ch.x0 for ch in chars), top=min(ch.top for ch in chars),
        x1=max(ch.x1 for ch in chars), bottom=max(ch.bottom for ch in chars),
        baseline=float(median(height - ch.base_y for ch in chars)), size=max(s.size for s in styles),
        fontname=font.split("+")[-1], bold=bold, italic=italic, color=styles[0].color, caps_size=caps_size,
    )


def _rotated_words(chars: list[Char], x_tolerance: float, y_tolerance: float) -> list[list[Char]]:
    """Group characters that are not upright with pdfplumber's own extractor (rare: rotated labels)."""
    from pdfplumber.utils.text import WordExtractor

    dicts = [{"text": ch.text, "x0": ch.x0, "x1": ch.x1, "top": ch.top, "bottom": ch.bottom, "doctop": ch.top,
              "upright": False, "char": ch} for ch in chars]
    extractor = WordExtractor(x_tolerance=x_tolerance, y_tolerance=y_tolerance, keep_blank_chars=False)
    return [[d["char"] for d in word_chars] for _, word_chars in extractor.iter_extract_tuples(dicts)]


def group_chars(chars: list[Char], page: int, height: float, x_tolerance: float,
                y_tolerance: float) -> list[Word]:
    """Given a page's characters in content order, return its words in pdfplumber's order."""
    out: list[Word] = []
    for upright, run in groupby(chars, key=lambda ch: ch.style.upright):
        run = list(run)
        if upright:
            groups = [w for line in _cluster_lines(run, y_tolerance) for w in _split_words(line, x_tolerance, y_tolerance)]
        else:
            groups = [[ch for ch in w if not ch.text.isspace()] for w in _rotated_words(run, x_tolerance, y_tolerance)]
        out.extend(chars_to_word(g, page, height) for g in groups if g)
    return out


def style_of(fontname: str, size: float, color: tuple, upright: bool, direction: Optional[int] = 0) -> CharStyle:
    """Given a text object's font facts, return its ``CharStyle``, bold and italic from the font's name as
    the reference reads them. (pdfium's font weight is no better: without a /FontWeight it is guessed from
    /StemV, which Chromium writes larger for an italic than for a bold.)"""
    return CharStyle(fontname=fontname, size=size, color=color, bold=bool(BOLD_RE.search(fontname)),
                     italic=bool(ITALIC_RE.search(fontname)), upright=upright, direction=direction)
