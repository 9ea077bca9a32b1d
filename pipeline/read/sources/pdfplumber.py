"""The reference source: pdfplumber's words (its ``extract_words``) and painted shapes, page by page.

It is what the shared scorers read with, so its boxes are the ones provenance is checked against.
pdfminer parses each content stream in Python, which makes it the slow source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

import pdfplumber

from pipeline.models.layout import Image, Link, Shape, Word
from pipeline.read.sources.base import SourcePage, char_direction, chars_to_word, color_tuple, page_direction

X_TOLERANCE = 1.5  # pt; characters closer than this belong to one word
Y_TOLERANCE = 2.5  # pt; characters whose tops differ less share a line


def page_to_words(page, number: int) -> list[Word]:
    """Given a pdfplumber page, return the words running in its text's direction, with font size, weight,
    slant, colour and baseline."""
    height = float(page.height)
    out: list[Word] = []
    direction = page_direction(char_direction(ch["matrix"]) for ch in page.chars if ch["text"].strip())
    page = page.filter(lambda obj: obj.get("object_type") != "char" or char_direction(obj["matrix"]) == direction)
    for w in page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False,
                                return_chars=True):
        word = chars_to_word(w["text"], w["chars"], number, height, (w["x0"], w["top"], w["x1"], w["bottom"]))
        if word is not None:
            out.append(word)
    return out


def page_to_shapes(page, number: int) -> list[Shape]:
    """Given a pdfplumber page, return its rectangles, curves and lines as ``Shape``s (lines are never filled)."""
    shapes = []
    for obj in list(page.rects) + list(page.curves) + list(page.lines):
        fill = bool(obj.get("fill")) and obj["object_type"] != "line"
        stroke = bool(obj.get("stroke"))
        if not (fill or stroke):
            continue
        shapes.append(Shape(page=number, x0=float(obj["x0"]), top=float(obj["top"]), x1=float(obj["x1"]),
                            bottom=float(obj["bottom"]), color=color_tuple(obj.get("non_stroking_color")),
                            fill=fill, stroke=stroke, stroke_color=color_tuple(obj.get("stroking_color"))))
    return shapes


def page_to_links(page, number: int) -> list[Link]:
    """Given a pdfplumber page, return its link annotations that point to a URI."""
    return [Link(page=number, x0=float(h["x0"]), top=float(h["top"]), x1=float(h["x1"]), bottom=float(h["bottom"]),
                 uri=str(h.get("uri") or "")) for h in page.hyperlinks]


def page_to_images(page, number: int) -> list[Image]:
    """Given a pdfplumber page, return the boxes of its images."""
    return [Image(page=number, x0=float(i["x0"]), top=float(i["top"]), x1=float(i["x1"]), bottom=float(i["bottom"]))
            for i in page.images]


class PdfplumberSource:
    """A PDF read with pdfplumber; each page is closed once read, so memory stays flat."""

    name = "pdfplumber"

    def __init__(self, pdf: "pdfplumber.PDF"):
        self.pdf = pdf
        self.n_pages = len(pdf.pages)

    @classmethod
    def open(cls, path: Path, password: Optional[str] = None) -> "PdfplumberSource":
        """Given a path and password, open it (pdfminer's exceptions pass through: ingest names them)."""
        return cls(pdfplumber.open(path, password=password or ""))

    def metadata(self) -> dict:
        """Return the document information dictionary (empty when it is damaged)."""
        try:
            return dict(self.pdf.metadata or {})
        except Exception:  # noqa: BLE001 - damaged info dictionaries are not worth failing a file for
            return {}

    def pages(self) -> Iterator[SourcePage]:
        """Yield each page's words, shapes, links and images; a page that fails carries its error."""
        for i, page in enumerate(self.pdf.pages, start=1):
            sp = SourcePage(number=i, width=float(page.width), height=float(page.height))
            try:
                sp.words = page_to_words(page, i)
                sp.shapes = page_to_shapes(page, i)
                sp.links = page_to_links(page, i)
                sp.images = page_to_images(page, i)
            except MemoryError:  # the worker's memory cap: the file stops (E106), it is not a damaged page
                raise
            except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
                sp.error = f"{type(exc).__name__}: {exc}"
                sp.words, sp.shapes, sp.links, sp.images = [], [], [], []
            finally:
                page.close()
            yield sp

    def close(self) -> None:
        """Close the pages and the file. (``pdfplumber.PDF.close`` would first rebuild every page object.)"""
        pages = self.pdf.__dict__.get("_pages")
        if pages is None:
            self.pdf.close()
            return
        for page in pages:
            page.close()
        self.pdf.__dict__.pop("_pages", None)
        if not self.pdf.stream_is_external:
            self.pdf.stream.close()
