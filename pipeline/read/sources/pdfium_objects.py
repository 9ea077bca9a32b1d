"""Given a pdfium page, return its painted paths, images and link annotations in pdfplumber's coordinates.

Paths are split into subpaths as pdfminer splits them (each ``re`` or ``m`` starts a shape), with
the box of all their points (control points included); clipping paths are never painted. Form
XObjects are followed with their matrices.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as c

from pipeline.models.layout import Image, Link, Shape

MAX_FORM_DEPTH = 15  # nested form XObjects followed when collecting shapes and images
CHECK_IMAGE_DEPTH = 2  # the text-layer check counts images at the top level and one form down

Matrix = tuple[float, float, float, float, float, float]


def mult(m: Matrix, n: Matrix) -> Matrix:
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


def rgb_color(r: int, g: int, b: int) -> tuple:
    """Given pdfium's 0-255 RGB, return it as fractions rounded as the reference rounds its colours."""
    return (round(r / 255, 2), round(g / 255, 2), round(b / 255, 2))


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
    return rgb_color(r.value, g.value, b.value)


@dataclass
class Painted:
    shapes: list[Shape] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    checked_images: int = 0


def _walk(objs, number: int, frame: PageFrame, parent: Matrix, level: int, out: Painted) -> None:
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
            to_device = mult(mult(_obj_matrix(obj), parent), device)
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
            to_device = mult(mult(_obj_matrix(obj), parent), device)
            corners = [(to_device[0] * u + to_device[2] * v + to_device[4], to_device[1] * u + to_device[3] * v + to_device[5])
                       for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs = [p[0] for p in corners]
            ys = [p[1] for p in corners]
            out.images.append(Image(page=number, x0=min(xs) + frame.mb_x0, top=frame.height - max(ys) + frame.mb_top,
                                    x1=max(xs) + frame.mb_x0, bottom=frame.height - min(ys) + frame.mb_top))
        elif kind == c.FPDF_PAGEOBJ_FORM and level < MAX_FORM_DEPTH - 1:
            inner = [c.FPDFFormObj_GetObject(obj, k) for k in range(c.FPDFFormObj_CountObjects(obj))]
            _walk(inner, number, frame, mult(_obj_matrix(obj), parent), level + 1, out)


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


def page_objects(page, number: int, frame: PageFrame) -> "Painted":
    """Given a pdfium page, return its painted shapes and images (and the images the text-layer check counts)."""
    painted = Painted()
    top = [c.FPDFPage_GetObject(page, k) for k in range(c.FPDFPage_CountObjects(page))]
    _walk(top, number, frame, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0, painted)
    return painted
