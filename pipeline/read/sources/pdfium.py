"""The fast source: pypdfium2's per-character pass, grouped into words the way pdfplumber groups them.

pdfium parses content streams in C, about ten times faster than pdfminer. Each character's box is
put in pdfplumber's top-left coordinates (page rotation and MediaBox offset included) and sized as
pdfminer sizes it (from the origin, one advance wide, one font size tall above the font's descent,
the size being the font size times the text matrix's vertical scale), so the scorers, which read
with pdfplumber, confirm its provenance. Words are grouped as the reference groups them (``chars``).

pdfium marks a hyphen printed at a line end as U+0002 or U+FFFE (its text flow's soft hyphen): it
is put back as the printed "-", so the text stage sees the line end as printed (the doubled-hyphen
rule). Spaces and line breaks that pdfium generates between words are dropped: words are split
by geometry alone, as pdfplumber splits them.

Every page is read when the document is opened (the text-layer check needs the characters anyway),
so pdfium loads each page once, and the file is closed before the layout starts.
"""

from __future__ import annotations

import ctypes
from typing import Iterator, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as c

from pipeline.read.sources.base import SourcePage, char_direction, page_direction
from pipeline.read.sources.chars import Char, CharStyle, group_chars, style_of
from pipeline.read.sources.pdfium_objects import PageFrame, mult, page_objects, page_to_links, rgb_color
from pipeline.read.sources.pdfplumber import X_TOLERANCE, Y_TOLERANCE

HYPHEN_MARKS = ("\x02", "\ufffe")  # what pdfium's text page holds for a hyphen printed at a line end

# FPDFText_GetTextObject returning the handle as a plain integer: a cheap key for the style cache
_text_object_id = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(c.FPDFText_GetTextObject, ctypes.c_void_p).value)
# FPDFText_GetCharOrigin taking the text page and the two doubles as plain addresses (no conversion per call)
_char_origin = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(
    ctypes.cast(c.FPDFText_GetCharOrigin, ctypes.c_void_p).value)


class _ObjectStyle:
    """A text object's shared facts: its ``CharStyle``, scales, descent, the advance cache key and the
    page's advance table for that key (``advances``, set by ``textpage_to_chars``)."""

    __slots__ = ("style", "shear", "user_size", "font_size", "hscale", "descent", "key", "fast", "advances")

    def __init__(self, style: CharStyle, shear: float, user_size: float, font_size: float, hscale: float,
                 descent: Optional[float], key: tuple):
        self.style, self.shear, self.user_size, self.font_size = style, shear, user_size, font_size
        self.hscale, self.descent, self.key = hscale, descent, key
        self.fast = style.upright and not shear  # on an unrotated page, its box is the origin plus one advance
        self.advances: Optional[dict[str, float]] = None


class _Reader:
    """Reads one text page's characters; the buffers are made once per page."""

    def __init__(self, tp, frame: PageFrame):
        self.tp, self.frame = tp, frame
        self.buf = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.m = c.FS_MATRIX()
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rect = c.FS_RECTF()
        self.tight = [ctypes.c_double() for _ in range(4)]
        self.seen: dict[tuple, _ObjectStyle] = {}  # text objects with the same raw facts share one style

    def style(self, i: int) -> _ObjectStyle:
        tp, m, rgba, flags = self.tp, self.m, self.rgba, self.flags
        n = c.FPDFText_GetFontInfo(tp, i, self.buf, len(self.buf), flags)
        raw = self.buf.raw[: max(0, n - 1)] if n else b""
        c.FPDFText_GetMatrix(tp, i, m)
        c.FPDFText_GetFillColor(tp, i, *rgba)
        facts = (raw, flags.value, m.a, m.b, m.c, m.d, c.FPDFText_GetFontSize(tp, i), rgba[0].value, rgba[1].value,
                 rgba[2].value)
        known = self.seen.get(facts)
        if known is None:
            known = self.seen[facts] = self._new_style(facts)
        return known

    def _new_style(self, facts: tuple) -> _ObjectStyle:
        raw, _flags, a, b, c_, d, font_size, r, g, bl = facts
        name = raw.decode("utf-8", "replace")
        m = c.FS_MATRIX(a, b, c_, d, 0.0, 0.0)
        ma, mb, mc, md = mult((m.a, m.b, m.c, m.d, 0.0, 0.0), self.frame.ctm[:4] + (0.0, 0.0))[:4]
        upright = ma * md > 0 and mb * mc <= 0
        size = font_size * (abs(md) if upright else (mc * mc + md * md) ** 0.5)
        style = style_of(name, size, rgb_color(r, g, bl), upright, direction=char_direction((ma, mb, mc, md)))
        user_upright = m.a * m.d > 0 and m.b == 0 and m.d != 0
        return _ObjectStyle(style, shear=m.c / m.d if user_upright else 0.0, user_size=font_size * abs(m.d),
                            font_size=font_size, hscale=m.a, descent=None,
                            key=(name, round(size, 4), round(m.a, 4), round(m.d, 4)))

    def advance(self, i: int, ch: str, st: _ObjectStyle, origin_x: float) -> float:
        """Return a character's advance width in user space.

        pdfium's loose box is the advance box joined with the glyph's ink: where the ink stays inside,
        its right edge is the advance; where a glyph overhangs (an italic "f") or the text matrix slants
        the box, the advance is the font's width for the character.
        """
        loose, t = self.rect, self.tight
        if not st.shear and c.FPDFText_GetCharBox(self.tp, i, *t) and t[1].value < loose.right - 0.01:
            return loose.right - origin_x
        width = ctypes.c_float()
        font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(self.tp, i))
        if font and len(ch) == 1 and c.FPDFFont_GetGlyphWidth(font, ord(ch), st.font_size, width) and width.value > 0:
            return width.value * st.hscale
        return loose.right - origin_x


def _page_text(tp, n: int) -> str:
    """Given a text page, return its characters as one string of n code points."""
    if n <= 0:
        return ""
    buf = (ctypes.c_ushort * (n + 1))()
    c.FPDFText_GetText(tp, 0, n, buf)
    text = bytes(buf)[: 2 * n].decode("utf-16-le", "surrogatepass")
    if len(text) == n and not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join(chr(c.FPDFText_GetUnicode(tp, i)) for i in range(n))  # characters beyond the BMP


def textpage_to_chars(tp, frame: PageFrame) -> tuple[list[Char], int, set[Optional[int]]]:
    """Given a pdfium text page, return its printed characters, the count of non-blank characters
    (generated ones included) that the text-layer check counts, and the directions the characters run in.

    The loop runs once per character, so what it can do once per text object (the style, the advance
    table of its font and size) or once per page (the ctypes prototypes taking plain addresses) is
    done there."""
    n = c.FPDFText_CountChars(tp)
    text = _page_text(tp, n)
    counted = len("".join(text.split()))  # str.split drops exactly what str.isspace calls blank
    reader = _Reader(tp, frame)
    rect = reader.rect
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_at, oy_at = ctypes.addressof(ox), ctypes.addressof(oy)
    object_id, get_box, get_origin, is_generated = (_text_object_id, c.FPDFText_GetLooseCharBox,
                                                    _char_origin, c.FPDFText_IsGenerated)
    tp_ptr = ctypes.cast(tp, ctypes.c_void_p).value
    a_, b_, c_, d_, e_, f_ = frame.ctm
    plain = frame.ctm[:4] == (1.0, 0.0, 0.0, 1.0)  # unrotated page: the box is a translation away
    x_shift = e_ + frame.mb_x0
    top_of = frame.height + frame.mb_top - f_  # top = top_of - y on an unrotated page
    styles: dict[int, _ObjectStyle] = {}
    directions: set[Optional[int]] = set()  # every text object looked up keeps at least one character
    tables: dict[tuple, dict[str, float]] = {}  # per advance cache key: the advance of each character
    new_char = tuple.__new__  # ``Char(...)`` without the NamedTuple's Python-level constructor
    chars: list[Char] = []
    append = chars.append
    last_key, last_x, last_y = None, None, None  # text object and origin of the last character kept
    fresh: Optional[tuple[dict, str]] = None  # the advance table entry the last character filled, if it did
    for i, ch in enumerate(text):
        blank = ch.isspace()
        if blank:
            if is_generated(tp, i):
                continue
        elif ch in HYPHEN_MARKS and c.FPDFText_IsHyphen(tp, i):
            ch = "-"
        key = object_id(tp_ptr, i) or 0
        st = styles.get(key)
        if st is None:
            st = styles[key] = reader.style(i)
            directions.add(st.style.direction)
            if st.advances is None:
                st.advances = tables.setdefault(st.key, {})
        get_origin(tp_ptr, i, ox_at, oy_at)
        px, py = ox.value, oy.value
        if key == last_key and px == last_x and py == last_y and not blank:  # the next letter of a ligature glyph
            get_box(tp, i, rect)
            chars[-1] = _joined(chars[-1], ch, frame.box(rect.left, rect.bottom, rect.right, rect.top))
            if fresh is not None:
                fresh[0].pop(fresh[1], None)  # the glyph's advance, not its first letter's
                fresh = None
            continue
        fresh = None
        style = st.style
        advances = st.advances
        if plain and st.fast:
            adv = advances.get(ch)
            if adv is None or st.descent is None:
                get_box(tp, i, rect)
                if st.descent is None:
                    st.descent = rect.bottom - py
                if adv is None:
                    adv = advances[ch] = reader.advance(i, ch, st, px)
                    fresh = (advances, ch)
            bottom = top_of - (py + st.descent)
            append(new_char(Char, (ch, px + x_shift, bottom - style.size, px + adv + x_shift, bottom, py - f_, style)))
            last_key, last_x, last_y = key, px, py
            continue
        get_box(tp, i, rect)
        left, right = rect.left, rect.right
        if style.upright:  # pdfminer's box starts at the origin and is one advance wide
            adv = advances.get(ch)
            if adv is None:
                adv = advances[ch] = reader.advance(i, ch, st, px)
                fresh = (advances, ch)
            left, right = px, px + adv
            if st.shear:  # pdfminer slants the box's bottom and top corners along the text matrix
                below = rect.bottom - py
                left, right = left + st.shear * below, right + st.shear * (below + st.user_size)
        x0, top, x1, bottom = frame.box(left, rect.bottom, right, rect.top)
        if style.upright:
            top = bottom - style.size
        append(Char(ch, x0, top, x1, bottom, b_ * px + d_ * py + f_, style))
        last_key, last_x, last_y = key, px, py
    return chars, counted, directions


def _joined(first: Char, letter: str, glyph: tuple[float, float, float, float]) -> Char:
    """Given a character, the next letter printed from its origin in the same text object and that
    glyph's box, return them as one character: pdfium splits a ligature glyph ("ti", "fi" set as one
    glyph, as LibreOffice prints Carlito) into its letters, each at the glyph's origin with the glyph's
    box, where pdfminer reads one character as wide as the glyph. (The first letter's advance may have
    come from the cache of that letter printed alone, so the glyph's box widens it.)"""
    x0, top, x1, bottom = glyph
    if first.style.upright:
        return first._replace(text=first.text + letter, x1=max(first.x1, x1))
    return first._replace(text=first.text + letter, x0=min(first.x0, x0), top=min(first.top, top),
                          x1=max(first.x1, x1), bottom=max(first.bottom, bottom))


def _mediabox(page) -> tuple[float, float, float, float]:
    """Given a pdfium page, return its MediaBox, inherited from the page tree when the page has none."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not c.FPDFPage_GetMediaBox(page.raw, left, bottom, right, top):
        rect = c.FS_RECTF()
        if not c.FPDF_GetPageBoundingBox(page.raw, rect):
            raise pdfium.PdfiumError("the page has no MediaBox")
        return tuple(round(v, 4) for v in (rect.left, rect.bottom, rect.right, rect.top))
    return tuple(round(v.value, 4) for v in (left, bottom, right, top))


def read_page(doc, index: int) -> tuple[SourcePage, int, int]:
    """Given a pdfium document and a 0-based page index, return the page read, its non-blank character
    count and its image count (both 0 for a page pdfium cannot load)."""
    number = index + 1
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        return SourcePage(number=number, width=0.0, height=0.0, error=f"PdfiumError: {exc}"), 0, 0
    sp = SourcePage(number=number, width=0.0, height=0.0)
    try:
        frame = PageFrame.of(_mediabox(page), page.get_rotation())
        sp = SourcePage(number=number, width=round(frame.width, 4), height=round(frame.height, 4))
        textpage = page.get_textpage()
        try:
            chars, counted, directions = textpage_to_chars(textpage.raw, frame)
        finally:
            textpage.close()
        painted = page_objects(page.raw, number, frame)
        if len(directions) != 1 or None in directions:  # text at an angle to the page's is never body
            direction = page_direction(ch.style.direction for ch in chars if not ch.text.isspace())
            chars = [ch for ch in chars if ch.style.direction == direction]
        sp.words = group_chars(chars, number, frame.height, X_TOLERANCE, Y_TOLERANCE)
        sp.shapes, sp.images = painted.shapes, painted.images
        sp.links = page_to_links(doc.raw, page.raw, number, frame)
        return sp, counted, painted.checked_images
    except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
        failed = SourcePage(number=number, width=sp.width, height=sp.height, error=f"{type(exc).__name__}: {exc}")
        return failed, 0, 0
    finally:
        page.close()


class PdfiumSource:
    """A PDF read with pypdfium2: every page read at open, the file closed right after."""

    name = "pdfium"

    def __init__(self, pages: list[SourcePage], chars: list[int], images: list[int], metadata: dict):
        self._pages: list[Optional[SourcePage]] = list(pages)
        self.n_pages = len(pages)
        self.chars = chars  # per page, non-blank characters (the text-layer check)
        self.images = images  # per page, image objects (the text-layer check)
        self._metadata = metadata

    @classmethod
    def open(cls, data: bytes, password: Optional[str] = None) -> "PdfiumSource":
        """Given a PDF's bytes and password, read every page (``pdfium.PdfiumError`` passes through)."""
        doc = pdfium.PdfDocument(data, password=password or None)
        try:
            pages, chars, images = [], [], []
            for i in range(len(doc)):
                sp, n_chars, n_images = read_page(doc, i)
                pages.append(sp)
                chars.append(n_chars)
                images.append(n_images)
            try:
                metadata = dict(doc.get_metadata_dict(skip_empty=True))
            except Exception:  # noqa: BLE001 - damaged info dictionaries are not worth failing a file for
                metadata = {}
        finally:
            doc.close()
        return cls(pages, chars, images, metadata)

    def metadata(self) -> dict:
        """Return the document information dictionary."""
        return self._metadata

    def pages(self) -> Iterator[SourcePage]:
        """Yield the pages read at open, releasing each once yielded."""
        for i in range(len(self._pages)):
            page, self._pages[i] = self._pages[i], None
            if page is not None:
                yield page

    def close(self) -> None:
        """Drop the pages (the file was closed at open)."""
        self._pages = []
