"""What a reading source gives the layout, whatever reads the page: words, shapes and the page size.

A source is anything that yields ``SourcePage``s in page order: a PDF text layer read by pdfplumber
(the reference) or pypdfium2 (the fast default), or words recognised on a scanned page (OCR: text
and box in PDF points, size from the box height, weight unknown). The layout never sees the
library behind it, so every source goes through the same columns, furniture, charts and structure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Iterable, Iterator, Optional, Protocol

from pipeline.models.layout import Image, Link, Shape, Word
from pipeline.read.words import BOLD_RE, ITALIC_RE, small_caps_size, small_caps_to_case


@dataclass(slots=True)
class SourcePage:
    """One page as a source read it: 1-based number, size in points, words, painted shapes, links, images.

    ``error`` is set (and the lists left empty) when the page could not be read: one bad page must
    not lose the others.
    """

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    error: Optional[str] = None


COORD_DECIMALS = 3  # places of a point kept: a thousandth of a point is far below any print detail


def settle_page(page: SourcePage) -> SourcePage:
    """Given a page as a source read it, return it with every coordinate and size rounded to ``COORD_DECIMALS``.

    Sources compute the same position with different float noise (pdfium in single precision, pdfminer
    in double from the decimal numbers of the content stream: 42.830002 against 42.83), and a layout
    threshold met exactly must not tip one way for one source and the other way for the other.
    """
    nd = COORD_DECIMALS
    page.width, page.height = round(page.width, nd), round(page.height, nd)
    for w in page.words:
        w.x0, w.top, w.x1, w.bottom, w.baseline = (round(w.x0, nd), round(w.top, nd), round(w.x1, nd),
                                                   round(w.bottom, nd), round(w.baseline, nd))
        w.size, w.caps_size = round(w.size, nd), round(w.caps_size, nd)  # 7.999999999999972 is 8
    for obj in (*page.shapes, *page.links, *page.images):
        obj.x0, obj.top, obj.x1, obj.bottom = round(obj.x0, nd), round(obj.top, nd), round(obj.x1, nd), round(obj.bottom, nd)
    return page


class DocSource(Protocol):
    """A document's pages, read one at a time (a page's objects are freed once the next is asked for)."""

    name: str
    n_pages: int

    def pages(self) -> Iterator[SourcePage]:
        """Yield every page in order, each with its words and shapes (or its ``error``)."""
        ...

    def close(self) -> None:
        """Release the file and everything read from it."""
        ...


def color_tuple(value) -> tuple:
    """Given a colour as a number, sequence or None, return it as RGB fractions rounded to two decimals.

    A grey (one component) and a CMYK colour (four) become RGB, so black set as ``0 g`` and as
    ``0 0 0 rg`` is one colour, as it is on paper and in pdfium, which reports every colour as RGB.
    (pdfium converts CMYK with Adobe's profile, the plain formula here differs in value, not in which
    colours are equal.) Anything else (a pattern's components) is kept as given.
    """
    if value is None:
        return ()
    parts = (value,) if isinstance(value, (int, float)) else tuple(value)
    try:
        parts = tuple(float(v) for v in parts)
    except (TypeError, ValueError):
        return tuple(str(v) for v in parts)
    if len(parts) == 1:
        parts = parts * 3
    elif len(parts) == 4:
        c, m, y, k = parts
        parts = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(round(v, 2) for v in parts)


AXIS_TOLERANCE = 0.01  # a baseline within this slope of an axis runs along it (float noise, not a tilt)


def char_direction(matrix) -> Optional[int]:
    """Given a character's text matrix in the displayed page's frame (pdfminer's, the page's /Rotate
    included), return the direction its baseline runs in: 0, 90, 180 or 270 degrees, or None for a
    glyph set diagonally (a watermark) or mirrored. A skew alone (an oblique font) keeps the direction."""
    a, b, c, d = (matrix or (1, 0, 0, 1))[:4]
    if a and abs(b) <= AXIS_TOLERANCE * abs(a):
        return (0 if a > 0 else 180) if a * d > 0 else None
    if b and abs(a) <= AXIS_TOLERANCE * abs(b):
        return (90 if b > 0 else 270) if b * c < 0 else None
    return None


def page_direction(directions: Iterable[Optional[int]]) -> Optional[int]:
    """Given the directions of a page's printed characters, return the one its text reads in: the most
    common axis, upright on a tie or an empty page.

    Characters in any other direction are set at an angle to the page's text (a programme name turned
    by 90° in the margin, a diagonal watermark) and are never body words. Judging against the page's
    own text, not the sheet, keeps a page whose every line is turned (portrait content on a page
    given /Rotate 90) instead of dropping it whole.
    """
    counts = Counter(d for d in directions if d is not None)
    if not counts:
        return 0
    return max(counts, key=lambda d: (counts[d], d == 0))


def chars_to_word(text: str, chars: list[dict], page: int, height: float, box: tuple[float, float, float, float]) -> Optional[Word]:
    """Given a word's text, its characters (pdfplumber's char dicts), page and box, return the ``Word``.

    Font, weight and slant are the majority of its printed characters'; blanks are ignored.
    """
    chars = [c for c in chars if c["text"].strip()]
    if not chars:
        return None
    names = Counter(c["fontname"] for c in chars)
    font = names.most_common(1)[0][0]
    bold = sum(n for f, n in names.items() if BOLD_RE.search(f)) * 2 > len(chars)
    italic = sum(n for f, n in names.items() if ITALIC_RE.search(f)) * 2 > len(chars)
    base = median(height - c["matrix"][5] for c in chars)
    x0, top, x1, bottom = box
    decoded = len(chars) == len(text)
    return Word(
        text=small_caps_to_case(chars) if decoded else text, page=page, x0=float(x0),
        top=float(top), x1=float(x1), bottom=float(bottom), baseline=float(base),
        size=max(float(c["size"]) for c in chars), fontname=font.split("+")[-1], bold=bold, italic=italic,
        color=color_tuple(chars[0].get("non_stroking_color")), caps_size=small_caps_size(chars) if decoded else 0.0,
    )
