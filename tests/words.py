"""Hand-made ``Word`` lines for unit tests that need no PDF: 5 pt per letter, 3 pt word gaps, 10 pt type."""

from __future__ import annotations

from pipeline.models.layout import Word


def word_line(text: str, baseline: float, page: int = 1, x0: float = 100.0, bold: bool = False) -> list[Word]:
    """Given text and a baseline, return its words laid out left to right from x0."""
    words, x = [], x0
    for token in text.split():
        width = 5.0 * len(token)
        words.append(Word(text=token, page=page, x0=x, top=baseline - 8, x1=x + width, bottom=baseline + 2,
                          baseline=baseline, size=10.0, fontname="Sans", bold=bold, italic=False))
        x += width + 3
    return words
