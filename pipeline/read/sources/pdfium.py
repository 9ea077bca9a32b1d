"""The fast source: pypdfium2's per-character pass, grouped into words the way pdfplumber groups them.

pdfium parses content streams in C, about ten times faster than pdfminer. Each character's box is
put in pdfplumber's top-left coordinates (page rotation and MediaBox offset included) and sized as
pdfminer sizes it (the font size times the text matrix's vertical scale, the box one size tall above
the font's descent), so the scorers, which read with pdfplumber, confirm its provenance. Words are
then grouped by pdfplumber's own word extractor with the reference's tolerances.

pdfium marks a hyphen printed at a line end as U+0002 ("soft hyphen" of its text flow): it is put
back as the printed "-" so the text stage sees the line end as printed (the doubled-hyphen rule).
Spaces and line breaks that pdfium generates between words are dropped: words are split by
geometry alone, as pdfplumber splits them.

Every page is read when the document is opened (the text-layer check needs the characters anyway),
so pdfium loads each page once, and the file is closed before the layout starts.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from typing import Iterator, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as c
from pdfplumber.utils.text import WordExtractor

from pipeline.models.layout import Image, Link, Shape, Word
from pipeline.read.sources.base import SourcePage, chars_to_word
from pipeline.read.sources.pdfplumber import X_TOLERANCE, Y_TOLERANCE

HYPHEN_MARKS = ("\x02", "\ufffe")  # what pdfium's text page holds for a hyphen printed at a line end
MAX_FORM_DEPTH = 15  # nested form XObjects followed when collecting shapes and images
CHECK_IMAGE_DEPTH = 2  # the text-layer check counts images at the top level and one form down
BOLD_WEIGHT = 700  # a font's /FontWeight from which it is bold whatever its name says
ITALIC_FLAG = 1 << 6  # the /Flags bit of an italic font (PDF 32000, table 123)

Matrix = tuple[float, float, float, float, float, float]

_words = WordExtractor(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False)


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """Return m × n (apply m, then n), in the PDF's row-vector convention."""
    a, b, c_, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c_ * a2 + d * c2, c_ * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


@dataclass
class PageFrame:
    """pdfplumber's page frame: pdfminer's rotation CTM, then the flip to top-left coordinates."""

    ctm: Matrix
    width: float
    height: float
    mb_x0: float
    mb_top: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> "PageFrame":
        """Given a page's raw MediaBox and /Rotate, return its frame as pdfminer and pdfplumber compute it."""
        x0, y0, x1, y1 = mediabox
        rotation %= 360
        ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
               270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        if rotation in (90, 270):
            nx0, ny0, nx1, ny1 = ny0, nx0, ny1, nx1
        mb_height = ny1 - ny0
        return cls(ctm=tuple(float(v) for v in ctm), width=nx1 - nx0, height=ny1 - ny0, mb_x0=nx0,
                   mb_top=mb_height - ny1)

    def device(self, x: float, y: float) -> tuple[float, float]:
        """Given a point in PDF user space, return it in pdfminer's device space."""
        a, b, c_, d, e, f = self.ctm
        return a * x + c_ * y + e, b * x + d * y + f

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """Given a user-space box, return (x0, top, x1, bottom) in pdfplumber's coordinates."""
        xa, ya = self.device(left, bottom)
        xb, yb = self.device(right, top)
        x0, x1 = sorted((xa, xb))
        y0, y1 = sorted((ya, yb))
        mb_x0 = self.mb_x0
        return x0 + mb_x0, self.height - y1 + self.mb_top, x1 + mb_x0, self.height - y0 + self.mb_top


@dataclass
class _Style:
    """What the characters of one text object share."""

    fontname: str
    size: float
    weight: int
    italic: bool
    color: tuple
    upright: bool
    matrix: Matrix
    shear: float = 0.0  # user-space c/d of a slanted text matrix: pdfminer's box leans with it
    user_size: float = 0.0  # the font size in user space (before the page's rotation)
    font_size: float = 0.0  # the text state's font size (Tf)
    hscale: float = 1.0  # the text matrix's horizontal scale in user space
    key: tuple = ()  # font, size and scale: characters with the same key have the same advance


def _color(r: int, g: int, b: int) -> tuple:
    """Given pdfium's 0-255 RGB, return it as fractions rounded as the reference rounds its colours."""
    return (round(r / 255, 2), round(g / 255, 2), round(b / 255, 2))


def _style(tp, i: int, frame: PageFrame, buf, flags, m, rgba) -> _Style:
    n = c.FPDFText_GetFontInfo(tp, i, buf, len(buf), flags)
    name = buf.raw[: max(0, n - 1)].decode("utf-8", "replace") if n else ""
    c.FPDFText_GetMatrix(tp, i, m)
    ma, mb, mc, md = _mult((m.a, m.b, m.c, m.d, 0.0, 0.0), frame.ctm[:4] + (0.0, 0.0))[:4]
    upright = ma * md > 0 and mb * mc <= 0
    scale = abs(md) if upright else math.hypot(mc, md)
    size = c.FPDFText_GetFontSize(tp, i) * scale
    c.FPDFText_GetFillColor(tp, i, *rgba)
    user_upright = m.a * m.d > 0 and m.b * m.c <= 0 and m.b == 0
    return _Style(fontname=name, size=size, weight=c.FPDFText_GetFontWeight(tp, i),
                  italic=bool(flags.value & ITALIC_FLAG), color=_color(*(v.value for v in rgba[:3])),
                  upright=upright, matrix=(ma, mb, mc, md), shear=m.c / m.d if user_upright else 0.0,
                  user_size=c.FPDFText_GetFontSize(tp, i) * abs(m.d), font_size=c.FPDFText_GetFontSize(tp, i),
                  hscale=m.a, key=(name, round(size, 4), round(m.a, 4), round(m.d, 4)))


def _advance(tp, i: int, ch: str, st: _Style, loose, origin_x: float) -> float:
    """Given a character and its loose box, return its advance width in user space.

    pdfium's loose box is the union of the advance box and the glyph's ink: where the ink stays
    inside, its right edge is the advance; where a glyph overhangs (an italic "f"), the advance is
    the font's width for that character.
    """
    t = [ctypes.c_double() for _ in range(4)]
    if c.FPDFText_GetCharBox(tp, i, *t) and t[1].value < loose.right - 0.01:
        return loose.right - origin_x
    width = ctypes.c_float()
    font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(tp, i))
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


def textpage_to_chars(tp, frame: PageFrame) -> tuple[list[dict], int]:
    """Given a pdfium text page, return its printed characters as pdfplumber-like dicts, and the count of
    non-blank characters the text-layer check counts."""
    n = c.FPDFText_CountChars(tp)
    text = _page_text(tp, n)
    counted = sum(1 for ch in text if not ch.isspace())
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    m = c.FS_MATRIX()
    rgba = [ctypes.c_uint() for _ in range(4)]
    rect = c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_object = c.FPDFText_GetTextObject
    get_box = c.FPDFText_GetLooseCharBox
    get_origin = c.FPDFText_GetCharOrigin
    is_generated = c.FPDFText_IsGenerated
    a_, b_, c_, d_, e_, f_ = frame.ctm
    height, mb_x0, mb_top = frame.height, frame.mb_x0, frame.mb_top
    styles: dict[int, _Style] = {}
    advances: dict[tuple, float] = {}
    chars: list[dict] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if is_generated(tp, i):
                continue
        elif ch in HYPHEN_MARKS and c.FPDFText_IsHyphen(tp, i):
            ch = "-"
        obj = get_object(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        st = styles.get(key)
        if st is None:
            st = styles[key] = _style(tp, i, frame, buf, flags, m, rgba)
        get_box(tp, i, rect)
        get_origin(tp, i, ox, oy)
        px, py = ox.value, oy.value
        left, right = rect.left, rect.right
        if st.upright:  # pdfminer's box starts at the origin and is one advance wide
            adv = advances.get((st.key, ch))
            if adv is None:
                adv = advances[(st.key, ch)] = _advance(tp, i, ch, st, rect, px)
            left, right = px, px + adv
        if st.shear:  # pdfminer slants the box's bottom and top corners along the text matrix
            below = rect.bottom - py
            left, right = left + st.shear * below, right + st.shear * (below + st.user_size)
        x0, top, x1, bottom = frame.box(left, rect.bottom, right, rect.top)
        if st.upright:
            top = bottom - st.size
        chars.append({
            "text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "upright": st.upright, "size": st.size, "fontname": st.fontname, "weight": st.weight,
            "italic_flag": st.italic, "non_stroking_color": st.color,
            "matrix": st.matrix + (a_ * px + c_ * py + e_, b_ * px + d_ * py + f_),
        })
    return chars, counted


def _segments_to_subpaths(path, frame_matrix: Matrix) -> list[list[tuple[float, float]]]:
    """Given a path object and its matrix to device space, return its subpaths as point lists."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c_, d, e, f = frame_matrix
    for k in range(c.FPDFPath_CountSegments(path)):
        seg = c.FPDFPath_GetPathSegment(path, k)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c_ * y.value + e, b * x.value + d * y.value + f)
        if c.FPDFPathSegment_GetType(seg) == c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([pt])
        else:
            subpaths[-1].append(pt)
    return subpaths


def _obj_matrix(obj) -> Matrix:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _rgba(getter, obj) -> tuple:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return ()
    return _color(r.value, g.value, b.value)


@dataclass
class _Painted:
    shapes: list[Shape] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    checked_images: int = 0


def _walk(objs, number: int, frame: PageFrame, parent: Matrix, level: int, out: _Painted) -> None:
    """Collect the painted paths and images among page (or form) objects, following forms."""
    device = frame.ctm
    for obj in objs:
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_PATH:
            fillmode, stroke = ctypes.c_int(), ctypes.c_int()
            c.FPDFPath_GetDrawMode(obj, fillmode, stroke)
            fill, stroked = fillmode.value != 0, bool(stroke.value)
            if not (fill or stroked):
                continue  # a clipping path: never painted
            to_device = _mult(_mult(_obj_matrix(obj), parent), device)
            color = _rgba(c.FPDFPageObj_GetFillColor, obj)
            stroke_color = _rgba(c.FPDFPageObj_GetStrokeColor, obj)
            for pts in _segments_to_subpaths(obj, to_device):
                xs = [p[0] for p in pts]
                ys = [p[1] for p in pts]
                x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
                out.shapes.append(Shape(
                    page=number, x0=x0 + frame.mb_x0, top=frame.height - y1 + frame.mb_top, x1=x1 + frame.mb_x0,
                    bottom=frame.height - y0 + frame.mb_top, color=color,
                    fill=fill and len(pts) > 2,  # a filled two-point path is a line, which has no area
                    stroke=stroked, stroke_color=stroke_color))
        elif kind == c.FPDF_PAGEOBJ_IMAGE:
            if level < CHECK_IMAGE_DEPTH:
                out.checked_images += 1
            to_device = _mult(_mult(_obj_matrix(obj), parent), device)
            corners = [(to_device[0] * u + to_device[2] * v + to_device[4], to_device[1] * u + to_device[3] * v + to_device[5])
                       for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs = [p[0] for p in corners]
            ys = [p[1] for p in corners]
            out.images.append(Image(page=number, x0=min(xs) + frame.mb_x0, top=frame.height - max(ys) + frame.mb_top,
                                    x1=max(xs) + frame.mb_x0, bottom=frame.height - min(ys) + frame.mb_top))
        elif kind == c.FPDF_PAGEOBJ_FORM and level < MAX_FORM_DEPTH - 1:
            inner = [c.FPDFFormObj_GetObject(obj, k) for k in range(c.FPDFFormObj_CountObjects(obj))]
            _walk(inner, number, frame, _mult(_obj_matrix(obj), parent), level + 1, out)


def page_to_links(doc, page, number: int, frame: PageFrame) -> list[Link]:
    """Given a pdfium document and page, return the page's link annotations (URI or target page)."""
    links: list[Link] = []
    pos = ctypes.c_int(0)
    link = c.FPDF_LINK()
    rect = c.FS_RECTF()
    while c.FPDFLink_Enumerate(page, pos, link):
        if not c.FPDFLink_GetAnnotRect(link, rect):
            continue
        x0, top, x1, bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
        uri, target = "", None
        action = c.FPDFLink_GetAction(link)
        if action and c.FPDFAction_GetType(action) == c.PDFACTION_URI:
            n = c.FPDFAction_GetURIPath(doc, action, None, 0)
            buf = ctypes.create_string_buffer(n)
            c.FPDFAction_GetURIPath(doc, action, buf, n)
            uri = buf.value.decode("utf-8", "replace")
        dest = c.FPDFLink_GetDest(doc, link) or (action and c.FPDFAction_GetDest(doc, action))
        if dest:
            index = c.FPDFDest_GetDestPageIndex(doc, dest)
            target = index + 1 if index >= 0 else None
        links.append(Link(page=number, x0=x0, top=top, x1=x1, bottom=bottom, uri=uri, target_page=target))
    return links


def chars_to_words(chars: list[dict], number: int, height: float) -> list[Word]:
    """Given a page's characters, return its words as the reference groups them."""
    out = []
    for w, wchars in _words.iter_extract_tuples(chars):
        word = chars_to_word(w["text"], wchars, number, height, (w["x0"], w["top"], w["x1"], w["bottom"]))
        if word is not None:
            out.append(word)
    return out


def read_page(doc, index: int) -> tuple[SourcePage, int, int]:
    """Given a pdfium document and a 0-based page index, return the page read, its non-blank character
    count and its image count (both 0 for a page pdfium cannot load)."""
    number = index + 1
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        return SourcePage(number=number, width=0.0, height=0.0, error=f"PdfiumError: {exc}"), 0, 0
    try:
        frame = PageFrame.of(tuple(round(v, 4) for v in page.get_mediabox()), page.get_rotation())
        sp = SourcePage(number=number, width=round(frame.width, 4), height=round(frame.height, 4))
        textpage = page.get_textpage()
        try:
            chars, counted = textpage_to_chars(textpage.raw, frame)
        finally:
            textpage.close()
        painted = _Painted()
        top = [c.FPDFPage_GetObject(page.raw, k) for k in range(c.FPDFPage_CountObjects(page.raw))]
        _walk(top, number, frame, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0, painted)
        sp.words = chars_to_words(chars, number, frame.height)
        sp.shapes, sp.images = painted.shapes, painted.images
        sp.links = page_to_links(doc.raw, page.raw, number, frame)
        return sp, counted, painted.checked_images
    except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
        return SourcePage(number=number, width=0.0, height=0.0, error=f"{type(exc).__name__}: {exc}"), 0, 0
    finally:
        page.close()


class PdfiumSource:
    """A PDF read with pypdfium2: every page read at open, the file closed right after."""

    name = "pdfium"

    def __init__(self, pages: list[SourcePage], chars: list[int], images: list[int], metadata: dict):
        self._pages = pages
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
