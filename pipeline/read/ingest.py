"""Given a path, return a ``SourceDoc``: an opened PDF with its hash, or a typed error saying why not.

Checks happen here, before layout, so that every bad input fails fast with a message naming the
file and the reason: not a PDF (and what it looks like instead), corrupt or truncated, encrypted,
empty (no pages, no text), scanned (image-only pages, no text layer). The text-layer check uses
pdfium's text pass, which costs a few milliseconds per document, so that pdfplumber's far slower
page parsing is done once, by the layout.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import pdfplumber

from pipeline.errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    IngestError,
    NotPdfError,
    ScannedPdfError,
)
from pipeline.files import file_sha256  # noqa: F401 - also this module's API
from pipeline.read.sources.base import DocSource, SourcePage, settle_page
from pipeline.read.sources.pdfium import PdfiumSource
from pipeline.read.sources.pdfplumber import PdfplumberSource
from pipeline.settings import DEFAULT_MIN_TEXT_CHARS, DEFAULT_SOURCE

HEAD_BYTES = 1024  # the PDF header may sit anywhere in the first kilobyte
TAIL_BYTES = 2048  # the %%EOF marker must sit near the end; further away the file was cut short

# (magic bytes at offset 0, what the file looks like); checked in order
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX/ODT document, which are ZIP files)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (DOC/XLS/PPT)"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
HTML_RE = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.I)
XML_RE = re.compile(rb"^\s*<\?xml", re.I)


@dataclass
class SourceDoc:
    """An opened document: its hash and page facts from the text-layer check, and the source that reads its pages."""

    path: Path
    sha256: str
    source: DocSource
    n_pages: int
    metadata: dict = field(default_factory=dict)
    image_pages: list[int] = field(default_factory=list)  # 1-based pages that are images with no text layer
    blank_pages: list[int] = field(default_factory=list)  # 1-based pages with neither text nor images
    ocr_pages: dict = field(default_factory=dict)  # 1-based page -> ``ocr.OcrPage``, for pages read through OCR
    page_chars: list[int] = field(default_factory=list)  # characters pdfium finds on each page (for the limits)

    def pages(self) -> Iterator[SourcePage]:
        """Yield the source's pages, reporting each to the progress hook once the caller has walked it."""
        for page in self.source.pages():
            yield settle_page(page)
            if _page_hook is not None:
                _page_hook(page.number)

    def close(self) -> None:
        """Release the source (its file and pages)."""
        self.source.close()

    def __enter__(self) -> "SourceDoc":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class TextLayer:
    """What pdfium sees on each page: characters and image objects."""

    chars: list[int]
    images: list[int]


# Called as ``hook(page_number)`` after the layout has walked each page (progress reporting).
_page_hook: Optional[Callable[[int], None]] = None


def set_page_hook(hook: Optional[Callable[[int], None]]) -> None:
    """Given a callable or None, call it with the page number each time a page of an opened source is walked."""
    global _page_hook
    _page_hook = hook


def bytes_to_kind(head: bytes) -> Optional[str]:
    """Given the first bytes of a file, return what it looks like when it is not a PDF (None for a PDF)."""
    if not head:
        return "an empty file (0 bytes)"
    if b"%PDF-" in head[:HEAD_BYTES]:
        return None
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    if HTML_RE.search(head):
        return "an HTML page"
    if XML_RE.search(head):
        return "an SVG image" if b"<svg" in head.lower() else "an XML document"
    sample = head[:HEAD_BYTES]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(c.isprintable() or c in "\r\n\t\f" for c in text):
        return "a plain-text file" if text.strip() else "a file of blank characters"
    return f"unrecognised binary data (first bytes {sample[:8].hex(' ')})"


def tail_is_complete(data: bytes) -> bool:
    """Given a PDF's bytes, return whether the end-of-file marker is where a whole file has it."""
    return b"%%EOF" in data[-TAIL_BYTES:]


def _pdfium_error_to_ingest(exc: Exception, path: Path, password: Optional[str], complete: bool) -> IngestError:
    text = str(exc)
    if "password" in text.lower():
        if password:
            return EncryptedPdfError("encrypted, and the password given does not open it", file=path)
        return EncryptedPdfError("encrypted: give the password with --password", file=path)
    if not complete:
        return CorruptPdfError("truncated: the file ends before the PDF's end-of-file marker", file=path)
    return CorruptPdfError(f"corrupt: the PDF structure cannot be read ({text})", file=path)


def read_text_layer(path: Path, password: Optional[str], complete: bool) -> TextLayer:
    """Given a PDF path, return its per-page character and image counts, or raise an ``IngestError``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        doc = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        raise _pdfium_error_to_ingest(exc, path, password, complete) from exc
    chars: list[int] = []
    images: list[int] = []
    try:
        for i in range(len(doc)):
            try:
                page = doc[i]
            except pdfium.PdfiumError:  # a page pdfium cannot load; pdfplumber may still read it
                chars.append(0)
                images.append(0)
                continue
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                chars.append(sum(1 for c in text if not c.isspace()))
                images.append(sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)))
            except pdfium.PdfiumError:
                chars.append(0)
                images.append(0)
            finally:
                page.close()
    finally:
        doc.close()
    return TextLayer(chars=chars, images=images)


def text_layer_to_pages(layer: TextLayer, min_chars: int) -> tuple[list[int], list[int]]:
    """Given a text layer, return the 1-based image-only pages and the blank pages."""
    image_pages = [i for i, (c, n) in enumerate(zip(layer.chars, layer.images), 1) if c < min_chars and n > 0]
    blank_pages = [i for i, (c, n) in enumerate(zip(layer.chars, layer.images), 1) if c == 0 and n == 0]
    return image_pages, blank_pages


def check_text_layer(layer: TextLayer, path: Path, min_chars: int, allow_scans: bool = False) -> None:
    """Given a document's text layer, raise ``EmptyPdfError``/``ScannedPdfError`` when it has no usable text.

    With ``allow_scans`` (OCR on), image-only pages are text still to be read, not a refusal.
    """
    n = len(layer.chars)
    if n == 0:
        raise EmptyPdfError("empty: the PDF has no pages", file=path)
    if sum(layer.chars) >= min_chars:
        return
    image_pages, _ = text_layer_to_pages(layer, min_chars)
    if image_pages and allow_scans:
        return
    if image_pages:
        raise ScannedPdfError(
            f"scanned: no text layer ({len(image_pages)} of {n} pages are images only; OCR is off: "
            "run with --ocr auto to read them)", file=path)
    raise EmptyPdfError(f"empty: no text on any of its {n} pages", file=path)


def char_is_readable(text: str) -> bool:
    """Given one extracted character, return whether it is text a Latin-script plan could hold."""
    if not text or text.startswith("(cid:"):
        return False
    for c in text:
        cat = unicodedata.category(c)
        if cat[0] in "NPSZ" or c.isspace():
            continue
        if cat[0] == "L" and "LATIN" in unicodedata.name(c, ""):
            continue
        return False
    return True


def text_readability(path: Path | str, password: Optional[str] = None, max_pages: int = 5) -> float:
    """Given a PDF, return the share of its extracted characters that read as text (first pages; 0.0 if none).

    Damaged fonts without a Unicode map extract as "(cid:12)" or control characters: the text layer
    is there but unreadable, which is a damaged file rather than a document of another kind.
    """
    total = good = 0
    try:
        with pdfplumber.open(path, password=password or "", pages=list(range(1, max_pages + 1))) as pdf:
            for page in pdf.pages:
                try:
                    chars = page.chars
                except Exception:  # noqa: BLE001 - a page that fails is counted elsewhere
                    continue
                total += len(chars)
                good += sum(1 for c in chars if char_is_readable(c["text"]))
    except Exception:  # noqa: BLE001
        return 0.0
    return good / total if total else 0.0


def page_count(path: Path | str) -> int:
    """Given a path, return its number of pages, or 0 when it cannot be read (for progress totals)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return 0
    try:
        return len(doc)
    finally:
        doc.close()


def report_page(number: int) -> None:
    """Given a page number, report it to the progress hook (pages read through OCR report as they finish)."""
    if _page_hook is not None:
        _page_hook(number)


def _open_pdfplumber(path: Path, password: Optional[str]) -> PdfplumberSource:
    try:
        source = PdfplumberSource.open(path, password)
    except Exception as exc:  # pdfminer raises many types for damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if type(cause).__name__ == "PDFPasswordIncorrect":
            raise EncryptedPdfError("encrypted: give the password with --password", file=path) from exc
        raise CorruptPdfError(f"corrupt: cannot be parsed ({type(cause).__name__}: {cause})", file=path) from exc
    return source


def _open_pdfium(data: bytes, path: Path, password: Optional[str]) -> PdfiumSource:
    import pypdfium2 as pdfium

    try:
        return PdfiumSource.open(data, password)
    except pdfium.PdfiumError as exc:
        raise _pdfium_error_to_ingest(exc, path, password, True) from exc


def open_source(path: Path | str, password: Optional[str] = None,
                min_text_chars: int = DEFAULT_MIN_TEXT_CHARS, source: str = DEFAULT_SOURCE,
                allow_scans: bool = False) -> SourceDoc:
    """Given a path to a PDF, return it opened as a ``SourceDoc`` or raise an ``IngestError`` naming the reason.

    ``source`` names the library that reads the pages ("pdfium" or "pdfplumber"). The file is read
    and hashed once; with pdfium the text-layer check and the page reading are one pass. With
    ``allow_scans`` (OCR on) pages without a text layer are left for OCR instead of refused.
    """
    path = Path(path)
    if not path.is_file():
        raise NotPdfError("not a file" if path.exists() else "no such file", file=path)
    data = path.read_bytes()
    kind = bytes_to_kind(data[:HEAD_BYTES])
    if kind is not None:
        raise NotPdfError(f"not a PDF: it looks like {kind}", file=path)
    complete = tail_is_complete(data)
    doc: DocSource
    if source == "pdfium" and complete:
        doc = _open_pdfium(data, path, password)
        layer = TextLayer(chars=doc.chars, images=doc.images)
    else:
        layer = read_text_layer(path, password, complete)
        if not complete:  # pdfium repairs what it can; we do not extract from a file cut short
            raise CorruptPdfError("truncated: the file ends before the PDF's end-of-file marker", file=path)
        check_text_layer(layer, path, min_text_chars, allow_scans)
        doc = _open_pdfplumber(path, password)
    try:
        check_text_layer(layer, path, min_text_chars, allow_scans)
        if doc.n_pages == 0:
            raise EmptyPdfError("empty: the PDF has no pages", file=path)
    except IngestError:
        doc.close()
        raise
    image_pages, blank_pages = text_layer_to_pages(layer, min_text_chars)
    return SourceDoc(path=path, sha256=hashlib.sha256(data).hexdigest(), source=doc, n_pages=doc.n_pages,
                     metadata=doc.metadata(), image_pages=image_pages, blank_pages=blank_pages,
                     page_chars=layer.chars)
