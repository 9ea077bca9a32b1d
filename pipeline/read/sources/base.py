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
from typing import Iterator, Optional, Protocol

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
    """Given a colour as a number, sequence or None, return it as a tuple rounded to two decimals."""
    if value is None:
        return ()
    if isinstance(value, (int, float)):
        return (round(float(value), 2),)
    return tuple(round(float(v), 2) for v in value)


def is_turned(char: dict) -> bool:
    """A character set at an angle (its text matrix rotates or skews it): a diagonal watermark or text turned
    by 90° in the side margin, never body text. pdfplumber's ``upright`` flags only the 90° turns."""
    m = char.get("matrix") or (1, 0, 0, 1, 0, 0)
    return not char.get("upright", True) or abs(m[1]) > 0.01 * abs(m[0] or 1) or abs(m[2]) > 0.01 * abs(m[3] or 1)


def chars_to_word(text: str, chars: list[dict], page: int, height: float, box: tuple[float, float, float, float]) -> Optional[Word]:
    """Given a word's text, its characters (pdfplumber's char dicts), page and box, return the ``Word``.

    Font, weight and slant are the majority of its printed characters'; blanks are ignored.
    """
    chars = [c for c in chars if c["text"].strip()]
    if not chars or sum(1 for c in chars if is_turned(c)) * 2 > len(chars):
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
