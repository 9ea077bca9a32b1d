"""Layout types: words, lines and chart shapes, each keeping its 1-based page and its box.

Plain slotted dataclasses rather than pydantic: a 40-page plan has tens of thousands of
words, and these never cross a process or file boundary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional


def size_key(size: float) -> float:
    """Given a font size, return it rounded to the nearest half point, robust to float noise (15.7499… = 15.75)."""
    return math.floor(size * 2 + 0.5 + 1e-3) / 2


@dataclass(slots=True)
class Word:
    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float
    fontname: str
    bold: bool
    italic: bool
    color: tuple = ()
    caps_size: float = 0.0  # the size of the small capitals printing its lower-case letters (0: none)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def style(self) -> tuple:
        """What makes two words look the same: rounded size, weight, slant and colour."""
        return (size_key(self.size), self.bold, self.italic, self.color)


@dataclass(slots=True)
class Line:
    """Words on one baseline of one column, in x order."""

    words: list[Word]
    page: int
    column: int = 0  # 0 full width / single column, 1 left, 2 right
    block: int = 0  # index of the page's block: a run of rows read as one column or as a left/right pair
    margin: bool = False  # set in the left margin, beside the text column (margin labels)
    indent: float = 0.0  # x0 relative to the text column's left edge
    boxed: bool = False  # set inside a small filled shape (diagram, card): never structure

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def baseline(self) -> float:
        return self.words[0].baseline

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True)
class Shape:
    """A painted rectangle or path: filled ones are chart boxes, shaded title boxes, cards; stroked ones rules."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    color: tuple = ()  # fill colour
    fill: bool = True
    stroke: bool = False
    stroke_color: tuple = ()

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains(self, x: float, y: float, pad: float = 0.5) -> bool:
        return self.x0 - pad <= x <= self.x1 + pad and self.top - pad <= y <= self.bottom + pad


@dataclass(slots=True)
class Link:
    """A link annotation: its box on the page and where it points (a URI, or a 1-based page number)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    uri: str = ""
    target_page: Optional[int] = None


@dataclass(slots=True)
class Image:
    """An image placed on the page (its box only: pixels are never decoded)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class ChartBox:
    words: list[Word]
    shape: Shape
    months: list[int]


@dataclass(slots=True)
class Chart:
    """A timeline chart: a title above a 01..12 month header and boxes over the month columns."""

    page: int
    title_words: list[Word]
    month_centers: dict[int, float]
    month_width: float
    boxes: list[ChartBox] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0


@dataclass(slots=True)
class Card:
    """A count card of the summary graphic ("Erasmus + ... 3x")."""

    page: int
    words: list[Word]
    count: int
    count_word: Word
    label_words: list[Word]


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    orphan_boxes: list[ChartBox] = field(default_factory=list)  # boxes above the first chart header
    cards: list[Card] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    error: Optional[str] = None


@dataclass(slots=True)
class DocLayout:
    pages: list[PageLayout]
    body_size: float = 10.0
    body_style: tuple = ()
    text_left: float = 0.0
    furniture: list[Line] = field(default_factory=list)  # running headers and footers, one per distinct text
