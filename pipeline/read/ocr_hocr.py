"""Given tesseract's hOCR of a page, return its words in PDF points with their confidences.

hOCR rather than TSV because it carries tesseract's line model: every word of a line gets the
line's baseline, and the line's ``x_size`` (ascender to descender) is a steadier font size than a
word's ink height. Weight and slant are unknown here (False); ``ocr.mark_bold`` reads weight later.
"""

from __future__ import annotations

import re
from dataclasses import replace
import xml.etree.ElementTree as ET

from pipeline.models.layout import Word
from pipeline.read.ocr_repair import dash_chars, repair_word

OCR_FONT = "OCR"  # fontname of OCR words: one unknown face, so style is size alone
SIZE_PER_XSIZE = 1.0  # font size per tesseract x_size (ascender top to descender bottom is about 1 em)

_BBOX_RE = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_BASELINE_RE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_XSIZE_RE = re.compile(r"x_size ([\d.]+)")
_CONF_RE = re.compile(r"x_wconf (\d+)")


RULE_CHARS = "|¦[]"  # what tesseract makes of a rule or a bar
STROKE_ASPECT = 0.3  # a "dash" box narrower than this share of its height is a vertical stroke (hyphens: 0.33 and more)
MARKER_GAP = 0.25  # a stroke closer than this many of a digit's heights to it (less than a space) closes its marker: "2)"
_DESC_RE = re.compile(r"x_descenders ([\d.]+)")


def strip_rules(text: str, x0: int, x1: int) -> tuple[str, int, int]:
    """Given an OCR word and its pixel span, return it without the rules read as "|" at its ends.

    Tesseract reads a vertical rule or a coloured bar beside a title (a drawn shape on the text PDF)
    as "|", "||" or "[|", often glued to the next word; no plan text has "|" at a word's edge. The
    box loses the stripped characters' share of its width.
    """
    if "|" not in text and "¦" not in text:
        return text, x0, x1
    core = text.strip(RULE_CHARS)
    if not core:
        return "", x0, x1
    per = (x1 - x0) / len(text)
    lead = len(text) - len(text.lstrip(RULE_CHARS))
    trail = len(text) - len(text.rstrip(RULE_CHARS))
    return core, round(x0 + lead * per), round(x1 - trail * per)


def hocr_to_words(hocr: bytes | str, page: int, scale: float) -> tuple[list[Word], list[float]]:
    """Given tesseract's hOCR of a page and points per pixel, return its words and their confidences.

    Every word of a line gets the line's baseline, size and vertical extent (descender bottom to
    ascender top, from tesseract's line model), as a text layer gives every character of a line one
    font box: rows, line boxes and provenance boxes then behave as they do on born-digital pages.
    """
    root = ET.fromstring(hocr if isinstance(hocr, bytes) else hocr.encode("utf-8"))
    words: list[Word] = []
    confs: list[float] = []
    strokes: list[int] = []  # indices of the words that may be vertical strokes read as dashes
    for line in root.iter():
        cls = line.get("class", "")
        if cls not in ("ocr_line", "ocr_header", "ocr_textfloat", "ocr_caption"):
            continue
        title = line.get("title", "")
        lb = _BBOX_RE.search(title)
        if not lb:
            continue
        lx0, ly0, _, ly1 = (int(v) for v in lb.groups())
        bl = _BASELINE_RE.search(title)
        slope, offset = (float(bl.group(1)), float(bl.group(2))) if bl else (0.0, 0.0)
        xs = _XSIZE_RE.search(title)
        desc = _DESC_RE.search(title)
        x_size = float(xs.group(1)) if xs else float(ly1 - ly0)
        descent = float(desc.group(1)) if desc else 0.2 * x_size
        first = True
        for span in line.iter():
            if span.get("class") != "ocrx_word":
                continue
            text = "".join(span.itertext()).strip()
            m = _BBOX_RE.search(span.get("title", ""))
            if not text or not m:
                continue
            x0, y0, x1, y1 = (int(v) for v in m.groups())
            text, x0, x1 = strip_rules(text, x0, x1)
            if not text:
                continue
            conf = _CONF_RE.search(span.get("title", ""))
            confidence = float(conf.group(1)) if conf else 0.0
            if text in dash_chars() and (x1 - x0) < STROKE_ASPECT * (y1 - y0):
                strokes.append(len(words))
            else:
                text = repair_word(text, confidence, first)
            first = False
            base = ly1 + offset + slope * ((x0 + x1) / 2 - lx0)
            bottom = max(base + descent, y1 if y0 < base else base)
            top = min(bottom - x_size, y0)
            words.append(Word(text=text, page=page, x0=x0 * scale, top=top * scale, x1=x1 * scale,
                              bottom=bottom * scale, baseline=base * scale, size=x_size * SIZE_PER_XSIZE * scale,
                              fontname=OCR_FONT, bold=False, italic=False, color=()))
            confs.append(confidence)
    return close_markers(words, confs, strokes)


def close_markers(words: list[Word], confs: list[float], strokes: list[int]) -> tuple[list[Word], list[float]]:
    """Given OCR words, their confidences and the indices of thin "dashes", return them with each such
    stroke that closes a number's list marker joined to the number.

    Tesseract often cuts "2)" into "2" and a thin ")" that it reads as "—" on a line of its own. A
    hyphen's box is wider than that, and it stands a space away from a number; a stroke touching a
    bare number is the marker's parenthesis.
    """
    drop: set[int] = set()
    out = list(words)
    for k in strokes:
        st = words[k]
        mid = (st.top + st.bottom) / 2
        for i, w in enumerate(out):
            if i in drop or i == k or not (w.text.isdigit() and len(w.text) <= 2):
                continue
            if w.top <= mid <= w.bottom and -1.0 <= st.x0 - w.x1 <= MARKER_GAP * (w.bottom - w.top):
                out[i] = replace(w, text=w.text + ")", x1=max(w.x1, st.x1))
                drop.add(k)
                break
    keep = [i for i in range(len(out)) if i not in drop]
    return [out[i] for i in keep], [confs[i] for i in keep]
