"""Given the pages of a PDF that are scans, return their words and shapes read through tesseract OCR.

Each page is rendered with pdfium at ``ocr_dpi``, turned level (``raster.skew_angle``) and read
by tesseract's hOCR output through pytesseract. hOCR rather than TSV because it carries tesseract's
line model: every word of a line gets the line's baseline, and the line's ``x_size`` (ascender to
descender) is a steadier font size than a word's ink height. Boxes are turned into PDF points, so
the words feed the same layout stage as text-layer words. Weight and slant are read from the strokes (``mark_bold``, ``ocr_slant``).

Tesseract runs one thread per page (``OMP_THREAD_LIMIT=1``: its own threads cost about five times the
CPU for the same page) and pages run in parallel, one tesseract process per worker.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from collections import Counter
from typing import Callable, Optional

import numpy as np
from PIL import Image, ImageFilter

from pipeline.errors import CorruptPdfError, OcrNotInstalledError, ScannedPdfError
from pipeline.models.layout import Shape, Word
from pipeline.read.ocr_boxes import read_boxes
from pipeline.read.ocr_bullets import add_dropped_bullets
from pipeline.read.ocr_hocr import hocr_to_words
from pipeline.read.ocr_markers import MARKER_CHARS, read_lost_markers
from pipeline.read.ocr_slant import mark_italic, word_slant
from pipeline.read.ocr_sizes import Glyphs, glyph_sizes, word_glyphs, word_ink
from pipeline.read.ocr_sizes import snap_sizes as snap_word_sizes
from pipeline.read.raster import deskew, image_to_shapes, skew_angle

TESSERACT_PACKAGE = "tesseract-ocr"
LANGUAGE_PACKAGES = {"slv": "tesseract-ocr-slv", "eng": "tesseract-ocr-eng"}
BOLD_STROKE = 1.12  # a word whose strokes are this much thicker than the body text's is bold
BOLD_ALONE = 1.3  # ... or, when the words beside it on its line are regular, this much ("Mreže" has heavy M and ž)
STROKE_POWER = 0.25  # how measured stroke widths grow with the size on a scan (1 would be blur-free)
JPEG_QUALITY = 70  # the level page image kept for the searchable copy
FILL_EDGE_PX = 3  # pixels either side of a dark fill's edge that turn to paper when it is inverted
DARK_FILL = 0.45  # luminance (0..1) of a fill below which its text is light: such regions are inverted for OCR


@dataclass
class OcrPage:
    """One page read through OCR: words and shapes in PDF points, the level image, the confidence."""

    number: int
    width: float
    height: float
    words: list[Word]
    shapes: list[Shape]
    confidences: list[float]  # per word, 0..100, in the order of ``words``
    strokes: list[float] = field(default_factory=list)  # per word, stroke width in points
    glyphs: list[Glyphs] = field(default_factory=list)  # per word, its measured x-height and cap height
    slants: list[Optional[float]] = field(default_factory=list)  # per word, its strokes' lean (tan), None unmeasured
    angle: float = 0.0
    jpeg: Optional[bytes] = field(default=None, repr=False)  # the level page image (``image_to_jpeg``)

    @property
    def mean_confidence(self) -> float:
        return round(sum(self.confidences) / len(self.confidences), 1) if self.confidences else 0.0


def tesseract_command(settings) -> str:
    """Given settings, return the tesseract executable to run, or raise ``OcrNotInstalledError``."""
    cmd = str(settings.tesseract_cmd)
    found = shutil.which(cmd)
    if found is None:
        raise OcrNotInstalledError(
            f"OCR needs tesseract, which is not installed (no {cmd!r} on PATH): install Debian's "
            f"package {TESSERACT_PACKAGE} and its language data {LANGUAGE_PACKAGES.get(settings.ocr_lang, 'tesseract-ocr-' + settings.ocr_lang)} "
            f"(apt-get install {TESSERACT_PACKAGE} {LANGUAGE_PACKAGES.get(settings.ocr_lang, 'tesseract-ocr-' + settings.ocr_lang)}), "
            "or set LDN_TESSERACT_CMD, or run with --ocr never")
    return found


def check_ocr_available(settings) -> str:
    """Given settings, return tesseract's path when it and its language data are installed, else raise."""
    import pytesseract

    cmd = tesseract_command(settings)
    pytesseract.pytesseract.tesseract_cmd = cmd
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as exc:  # noqa: BLE001 - a broken install is reported as missing
        raise OcrNotInstalledError(f"tesseract at {cmd} does not run ({type(exc).__name__}: {exc}); "
                                   f"reinstall Debian's package {TESSERACT_PACKAGE}") from exc
    missing = [lang for lang in settings.ocr_lang.split("+") if lang not in langs]
    if missing:
        pkgs = " ".join(LANGUAGE_PACKAGES.get(m, f"tesseract-ocr-{m}") for m in missing)
        raise OcrNotInstalledError(
            f"OCR needs tesseract's language data for {'+'.join(missing)}, which is not installed: "
            f"install Debian's package {pkgs} (apt-get install {pkgs})")
    return cmd


def render_page(doc, path: Path, n: int, dpi: int) -> tuple[Image.Image, float, float]:
    """Given an open pdfium document and a 1-based page number, return the page rendered in colour and its size in points."""
    import pypdfium2 as pdfium

    try:
        page = doc[n - 1]
        try:
            width, height = page.get_size()
            image = page.render(scale=dpi / 72.0, may_draw_forms=False).to_pil().convert("RGB")
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise CorruptPdfError(f"corrupt: a scanned page cannot be rendered for OCR ({exc})", file=path, page=n) from exc
    return image, float(width), float(height)


def image_to_jpeg(image: Image.Image) -> bytes:
    """Given a level page image, return it as JPEG (grey when it has no colour): what the searchable copy shows.

    Kept compressed so a long scan does not hold every page's pixels (26 MB an A4 page at 300 dpi) at once.
    """
    import io

    from PIL import ImageStat

    rgb = image.convert("RGB")
    spread = ImageStat.Stat(rgb.convert("HSV").getchannel("S")).mean[0]
    img = rgb if spread > 8 else rgb.convert("L")  # a grey scan is stored grey
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buf.getvalue()


def stroke_widths(grey: np.ndarray, words: list[Word], scale: float) -> list[float]:
    """Given a page's grey pixels, its words and points per pixel, return each word's stroke width in points.

    The mean length of ink runs across the strokes is their width (the shorter of the horizontal and
    the vertical runs); bold strokes are about half as thick again. Words on a fill get 0.
    """
    out = []
    for w in words:
        crop = word_ink(grey, w, scale)
        n = 0 if crop is None else int(crop.sum())
        if n == 0 or n > 0.5 * crop.size:
            out.append(0.0)
            continue
        across = int(crop[:, 0].sum()) + int((crop[:, 1:] & ~crop[:, :-1]).sum())
        down = int(crop[0, :].sum()) + int((crop[1:, :] & ~crop[:-1, :]).sum())
        run = min(n / max(1, across), n / max(1, down))  # "z" and "s" have thick horizontal runs, thin vertical ones
        out.append(run * scale)
    return out


def mark_bold(pages: list["OcrPage"]) -> None:
    """Mark as bold the words whose strokes, for their (measured) size, are much thicker than the body text's.

    A scan's blur adds about the same width to every stroke, so measured widths grow much slower than
    the size: a 7 pt caption's regular strokes measure about as wide as 10 pt body text's. Widths are
    compared over ``size ** STROKE_POWER``, which keeps small regular text regular and a bold title bold.
    """
    values = sorted(v / w.size ** STROKE_POWER for p in pages for w, v in zip(p.words, p.strokes) if v > 0
                    for _ in range(len(w.text)))
    if not values:
        return
    body = values[len(values) // 2]
    for p in pages:
        ratios = [v / w.size ** STROKE_POWER / body for w, v in zip(p.words, p.strokes)]
        for w, r in zip(p.words, ratios):
            w.bold = r > BOLD_STROKE
        for i, (w, r) in enumerate(zip(p.words, ratios)):  # one heavy word amid regular ones needs more
            beside = [o for o in p.words[max(0, i - 1):i + 2] if o is not w and len(o.text) > 2
                      and abs(o.baseline - w.baseline) < 0.5 * w.size]
            if w.bold and beside and not any(o.bold for o in beside) and r <= BOLD_ALONE:
                w.bold = False
        # a word of one or two letters has too few strokes to tell: it takes the weight of its line
        for i, w in enumerate(p.words):
            if len(w.text) > 2:
                continue
            near = [o for o in p.words[max(0, i - 2):i + 3] if o is not w and len(o.text) > 2
                    and abs(o.baseline - w.baseline) < 0.5 * w.size]
            if near:
                w.bold = sum(o.bold for o in near) * 2 > len(near)


def measure_sizes(pages: list[OcrPage]) -> None:
    """Give each word the size its glyphs measure (``ocr_sizes``), where they can be measured."""
    words = [w for p in pages for w in p.words]
    glyphs = [g for p in pages for g in (p.glyphs or [Glyphs() for _ in p.words])]
    for w, size in zip(words, glyph_sizes(words, glyphs)):
        if size:
            w.size = size


def snap_sizes(pages: list[OcrPage]) -> None:
    """Give words of one font one size across the document (``ocr_sizes.snap_sizes``)."""
    snap_word_sizes([w for p in pages for w in p.words])


def luminance(color: tuple) -> float:
    """Given a fill colour (0..1 per channel, grey or RGB), return its luminance (0 black .. 1 white)."""
    if not color:
        return 1.0
    if len(color) < 3:
        return float(color[0])
    r, g, b = color[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b


def invert_dark_fills(grey: Image.Image, shapes: list[Shape], scale: float) -> Image.Image:
    """Given a level grey page, its filled shapes and points per pixel, return it with dark fills inverted.

    Light text on a dark band (a heading bar, a dark timeline box) is what tesseract reads worst (a
    "2." becomes "de"), and its strokes and glyphs cannot be measured on a fill. Inverted, such a
    region is dark text on white paper like the rest of the page: read, sized and weighed the same way.
    Largest shapes first, so a dark box on a dark band is inverted back with its own region.
    """
    dark = [s for s in shapes if s.fill and luminance(s.color) < DARK_FILL]
    if not dark:
        return grey
    from PIL import ImageOps

    out = grey.copy()
    edge = FILL_EDGE_PX
    for s in sorted(dark, key=lambda s: -(s.width * s.height)):
        x0, y0 = int(s.x0 / scale), int(s.top / scale)
        x1, y1 = int(round(s.x1 / scale)), int(round(s.bottom / scale))
        inner = (max(0, x0 + edge), max(0, y0 + edge), min(grey.width, x1 - edge), min(grey.height, y1 - edge))
        if inner[2] <= inner[0] or inner[3] <= inner[1]:
            continue
        # the fill's blurred edge would invert into a dark frame around the text: it becomes paper
        out.paste(255, (max(0, x0 - edge), max(0, y0 - edge), min(grey.width, x1 + edge), min(grey.height, y1 + edge)))
        out.paste(ImageOps.autocontrast(ImageOps.invert(grey.crop(inner)), cutoff=0.5), inner)  # fill to paper white
    return out


def ocr_image(image: Image.Image, number: int, width: float, height: float, settings, cmd: str) -> OcrPage:
    """Given one rendered page, return it read: level image, words and shapes in points, confidences."""
    import pytesseract

    grey = image.convert("L")
    angle = skew_angle(grey)
    if angle:
        image = deskew(image, angle)
        grey = deskew(grey, angle)
    pytesseract.pytesseract.tesseract_cmd = cmd
    scale = width / image.width
    shapes = image_to_shapes(image, number, width, height)
    clean = grey.filter(ImageFilter.MedianFilter(3))  # scanner speckles glue to words and swell their boxes
    clean = invert_dark_fills(clean, shapes, scale)
    hocr = pytesseract.image_to_pdf_or_hocr(clean, lang=settings.ocr_lang, extension="hocr",
                                            config=f"--psm {settings.ocr_psm}")
    words, confs = hocr_to_words(hocr, number, scale)

    def read_strip(strip: Image.Image) -> bytes:
        return pytesseract.image_to_pdf_or_hocr(strip, lang=settings.ocr_lang, extension="hocr", config="--psm 6")

    words, confs = read_boxes(clean, words, confs, shapes, number, width, scale, read_strip)
    grey_pixels = np.asarray(clean)

    def read_numbers(strip: Image.Image) -> bytes:
        return pytesseract.image_to_pdf_or_hocr(strip, lang=settings.ocr_lang, extension="hocr",
                                                config=f"--psm 6 -c tessedit_char_whitelist={MARKER_CHARS}")

    words, confs = read_lost_markers(grey_pixels, words, confs, scale, read_numbers)
    words, confs = add_dropped_bullets(grey_pixels, words, confs, scale)
    strokes = stroke_widths(grey_pixels, words, scale)
    glyphs = [word_glyphs(grey_pixels, w, scale) for w in words]
    slants = [word_slant(grey_pixels, w, scale) for w in words]
    return OcrPage(number=number, width=width, height=height, words=words, shapes=shapes, confidences=confs,
                   strokes=strokes, glyphs=glyphs, slants=slants, angle=angle, jpeg=image_to_jpeg(image))


def ocr_pages(path: Path, numbers: list[int], settings, on_page: Optional[Callable[[int], None]] = None,
              password: Optional[str] = None) -> dict[int, OcrPage]:
    """Given a PDF and its 1-based scanned pages, return each page read through OCR, in parallel.

    Rendering stays in this thread (pdfium is not thread-safe), one page ahead of each free slot;
    tesseract runs in a child process per page, ``settings.ocr_jobs`` at once (default: the number
    of workers).
    """
    if not numbers:
        return {}
    try:
        cmd = check_ocr_available(settings)
    except OcrNotInstalledError as exc:
        raise OcrNotInstalledError(exc.message, file=path) from None
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by each tesseract child: one thread per page
    import pypdfium2 as pdfium
    import pytesseract

    jobs = min(max(1, settings.ocr_jobs or settings.workers), len(numbers))
    out: dict[int, OcrPage] = {}

    def one(n: int, image: Image.Image, width: float, height: float) -> OcrPage:
        try:
            return ocr_image(image, n, width, height, settings, cmd)
        except pytesseract.TesseractError as exc:
            raise CorruptPdfError(f"OCR failed: tesseract says {exc}", file=path, page=n) from exc

    doc = pdfium.PdfDocument(str(path), password=password or None)
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            running: set = set()
            for n in numbers:  # a page is rendered only when a tesseract slot is free: few pages in memory
                if len(running) >= jobs:
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    _collect(done, out, on_page)
                running.add(pool.submit(one, n, *render_page(doc, path, n, settings.ocr_dpi)))
            _collect(wait(running)[0], out, on_page)
    finally:
        doc.close()
    pages = list(out.values())
    measure_sizes(pages)
    mark_bold(pages)
    mark_italic([w for p in pages for w in p.words],
                [s for p in pages for s in (p.slants or [None] * len(p.words))])
    snap_sizes(pages)
    return out


def _collect(done, out: dict, on_page) -> None:
    for future in done:
        page = future.result()
        out[page.number] = page
        if on_page is not None:
            on_page(page.number)


def pages_to_read(source, mode: str) -> list[int]:
    """Given a ``SourceDoc`` and the OCR mode, return the 1-based pages to read through OCR."""
    if mode == "never":
        return []
    if mode == "always":
        return list(range(1, source.n_pages + 1))
    return list(source.image_pages)


def ocr_source(source, settings) -> dict[int, OcrPage]:
    """Given an opened ``SourceDoc``, read its scanned pages (per ``settings.ocr``) into ``source.ocr_pages``."""
    from pipeline.read.ingest import report_page

    from pipeline.read.sources.ocr import OcrOverlaySource

    numbers = pages_to_read(source, settings.ocr)
    read = ocr_pages(source.path, numbers, settings, on_page=report_page, password=settings.password)
    if numbers and not any(p.words for p in read.values()) and len(source.image_pages) == source.n_pages:
        raise ScannedPdfError(f"scanned: no text layer, and OCR found no text on its {len(numbers)} image page(s)",
                              file=source.path)
    source.ocr_pages = {n: p for n, p in read.items() if p.words}  # a picture with no text stays a gap
    if source.ocr_pages:
        source.source = OcrOverlaySource(source.source, source.ocr_pages)
    return source.ocr_pages


def engine_name(settings) -> str:
    """Given settings, return the OCR engine with its version ("tesseract 5.3.0")."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = tesseract_command(settings)
    try:
        return f"tesseract {pytesseract.get_tesseract_version()}"
    except Exception:  # noqa: BLE001 - the version is information only
        return "tesseract"
