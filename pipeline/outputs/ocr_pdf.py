"""Given the pages read through OCR, write ``<stem>.ocr.pdf``: the scan with an invisible text layer.

Each OCR'd page becomes the level page image with every OCR word drawn invisibly (text render
mode 3) exactly over its box, so a person can search and copy the scan and every provenance box of
the record can be checked on it (``check_provenance.py``): pdfplumber reads each character of the
layer inside the box of the word it belongs to. Pages that had a text layer are kept as they were.

The layer is laid as tesseract's own PDF renderer and OCRmyPDF lay theirs: a Type0 font with
Identity-H encoding whose character codes are the Unicode code points (a ToUnicode CMap maps them
back, so copied text is the OCR text), every glyph of one width, stretched horizontally (``Tz``)
to the word's width. With a descent of 0 and the font size equal to the box height, each
character's box is the word's box in height and its share of it in width.
"""

from __future__ import annotations

import io
import os
import zlib
from glob import glob
from pathlib import Path
from typing import Iterable, Optional

GLYPH_WIDTH = 500  # thousandths of the font size: the advance of every glyph

TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfrange
<0000> <D7FF> <0000>
<E000> <FFFF> <E000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def glyphless_font() -> Optional[bytes]:
    """Return tesseract's glyphless font (``pdf.ttf`` in its tessdata), or None when it is not found."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = ([os.path.join(prefix, "pdf.ttf")] if prefix else []) + sorted(
        glob("/usr/share/tesseract-ocr/*/tessdata/pdf.ttf")) + sorted(glob("/usr/share/tesseract-ocr/tessdata/pdf.ttf"))
    for c in candidates:
        if os.path.isfile(c):
            return Path(c).read_bytes()
    return None


def _encode(text: str) -> str:
    """Given text, return it as a hex string of 2-byte codes (code points outside the BMP become U+FFFD)."""
    return "".join(f"{ord(c):04X}" if ord(c) <= 0xFFFF and not 0xD800 <= ord(c) <= 0xDFFF else "FFFD" for c in text)


def _show(text: str, x0: float, y: float, width: float, size: float) -> str:
    n = len(text)
    if n == 0 or width <= 0 or size <= 0:
        return ""
    scale = 100.0 * width / (n * GLYPH_WIDTH / 1000.0 * size)
    return f"/F1 {size:.2f} Tf {scale:.2f} Tz 1 0 0 1 {x0:.2f} {y:.2f} Tm <{_encode(text)}> Tj\n"


def words_to_layer(words, page_height: float) -> bytes:
    """Given a page's OCR words (boxes in points from the top left), return the content of its invisible layer.

    A space is drawn in the gap before each word that follows another on its line, so copied text
    keeps its word breaks.
    """
    out = ["BT 3 Tr\n"]
    prev = None
    for w in words:
        size = w.bottom - w.top
        y = page_height - w.bottom
        if prev is not None and abs(prev.baseline - w.baseline) < 0.5 * size and w.x0 > prev.x1 + 0.2:
            out.append(_show(" ", prev.x1, page_height - prev.bottom, w.x0 - prev.x1, prev.bottom - prev.top))
        out.append(_show(w.text, w.x0, y, w.x1 - w.x0, size))
        prev = w
    out.append("ET\n")
    return "".join(out).encode("ascii")


class _Writer:
    """A minimal PDF writer: numbered objects, then the cross-reference table."""

    def __init__(self):
        self.objects: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, head: str, data: bytes, compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data)
            head += " /Filter /FlateDecode"
        return self.add(f"<< {head} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")

    def reserve(self) -> int:
        return self.add(b"")

    def set(self, num: int, body: bytes) -> None:
        self.objects[num - 1] = body

    def dump(self, root: int) -> bytes:
        buf = io.BytesIO()
        buf.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, start=1):
            offsets.append(buf.tell())
            buf.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
        xref = buf.tell()
        buf.write(f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode())
        for off in offsets:
            buf.write(f"{off:010d} 00000 n \n".encode())
        buf.write(f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
        return buf.getvalue()


def _font(w: _Writer) -> int:
    font_file = glyphless_font()
    ff = f" /FontFile2 {w.stream('', font_file)} 0 R" if font_file else ""
    descriptor = w.add((f"<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 {GLYPH_WIDTH} 1000] "
                        f"/ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80{ff} >>").encode())
    gid_map = w.stream("", b"\x00\x01" * 65536)  # every code to the font's one glyph
    cid = w.add((f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont "
                 f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                 f"/FontDescriptor {descriptor} 0 R /DW {GLYPH_WIDTH} /CIDToGIDMap {gid_map} 0 R >>").encode())
    to_unicode = w.stream("", TO_UNICODE)
    return w.add((f"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H "
                  f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>").encode())


def _jpeg(data: bytes) -> tuple[bytes, str, int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return data, ("/DeviceRGB" if img.mode == "RGB" else "/DeviceGray"), img.width, img.height


def pages_to_pdf(pages: Iterable) -> bytes:
    """Given ``OcrPage``s (image, size in points, words), return a PDF of the images with their invisible text."""
    w = _Writer()
    catalog = w.reserve()
    tree = w.reserve()
    font = _font(w)
    kids = []
    for page in pages:
        data, space, px_w, px_h = _jpeg(page.jpeg)
        image = w.add((f"<< /Type /XObject /Subtype /Image /Width {px_w} /Height {px_h} /ColorSpace {space} "
                       f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n").encode()
                      + data + b"\nendstream")
        content = (f"q {page.width:.2f} 0 0 {page.height:.2f} 0 0 cm /Im0 Do Q\n".encode()
                   + words_to_layer(page.words, page.height))
        contents = w.stream("", content)
        kids.append(w.add((f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {page.width:.2f} {page.height:.2f}] "
                           f"/Resources << /XObject << /Im0 {image} 0 R >> /Font << /F1 {font} 0 R >> >> "
                           f"/Contents {contents} 0 R >>").encode()))
    w.set(tree, f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
    w.set(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>".encode())
    return w.dump(catalog)


def write_ocr_pdf(source_path: Path, ocr_pages: dict, target: Path, password: Optional[str] = None) -> Path:
    """Given the original PDF and its pages read through OCR, write the searchable copy atomically.

    Pages read through OCR are replaced by their image with its text layer; the others are kept.
    """
    import pypdfium2 as pdfium

    from pipeline.files import write_atomic

    numbers = sorted(ocr_pages)
    layer = pages_to_pdf(ocr_pages[n] for n in numbers)
    src = pdfium.PdfDocument(str(source_path), password=password or None)
    scans = pdfium.PdfDocument(layer)
    try:
        if len(numbers) == len(src):
            return write_atomic(target, lambda tmp: tmp.write_bytes(layer))
        for k, n in enumerate(numbers):
            src.del_page(n - 1)
            src.import_pages(scans, [k], index=n - 1)

        def save(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                src.save(fh)

        return write_atomic(target, save)
    finally:
        scans.close()
        src.close()
