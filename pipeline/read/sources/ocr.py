"""A source whose scanned pages are read through OCR: the base source's pages, with the OCR'd ones replaced.

A plan with some scanned pages and some text pages is one document: text pages come from the text
layer, scanned pages from tesseract (``pipeline.read.ocr``), in page order, so the layout reads them
as one.
"""

from __future__ import annotations

from typing import Iterator

from pipeline.read.sources.base import DocSource, SourcePage


class OcrOverlaySource:
    """The pages of ``base``, where a page in ``ocr_pages`` (number -> ``OcrPage``) is the OCR'd one."""

    name = "ocr"

    def __init__(self, base: DocSource, ocr_pages: dict):
        self.base = base
        self.ocr_pages = ocr_pages
        self.n_pages = base.n_pages

    def metadata(self) -> dict:
        return self.base.metadata() if hasattr(self.base, "metadata") else {}

    def pages(self) -> Iterator[SourcePage]:
        """Yield each page in order: OCR words and pixel shapes for scanned pages, the base's otherwise."""
        for page in self.base.pages():
            ocr = self.ocr_pages.get(page.number)
            if ocr is None:
                yield page
                continue
            yield SourcePage(number=page.number, width=ocr.width, height=ocr.height, words=list(ocr.words),
                             shapes=list(ocr.shapes), links=list(page.links), images=[])

    def close(self) -> None:
        self.base.close()
