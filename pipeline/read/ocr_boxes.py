"""Given a page read through OCR and its filled shapes, read the text inside small boxes a second time.

Tesseract's page segmentation takes small coloured boxes (timeline bars, count cards) for pictures
and skips their text, or reads light-on-dark labels badly. Each box is cut out, turned dark on light,
enlarged, and all of a page's boxes are stacked into one strip that tesseract reads as a block of
lines (one extra tesseract call per page). A box's words replace the first reading when they are
more confident (or the first reading found none).
"""

from __future__ import annotations

from dataclasses import replace

from PIL import Image, ImageOps

from pipeline.models.layout import Shape, Word
from pipeline.read.ocr_hocr import hocr_to_words

BOX_MIN_HEIGHT = 4.0  # pt
BOX_MAX_HEIGHT = 45.0  # pt; taller shapes are panels and column stripes, read with the page
BOX_MIN_WIDTH = 12.0  # pt
BOX_MAX_WIDTH = 0.7  # share of the page width; wider bands (a month axis, a heading bar) only when read empty
ENLARGE_BELOW = 120  # px; boxes lower than this are enlarged twice before reading
PAD = 16  # px of white around each box in the strip
INSET = 4  # px cut off each edge of a box: its rounded, blurred edge reads as "|" or "("
LABEL_DASHES = ("-", "–")  # a label's own dash ("trening -" wrapping onto "podeželsko"); other symbols are edge noise
MIN_WORD_CONFIDENCE = 50.0  # words of the second reading below this are noise of the box's edges
TRUSTED_CONFIDENCE = 85.0  # a box the page reading read this confidently keeps that reading
MIN_NEW_CONFIDENCE = 60.0  # a box the page reading found empty needs this mean confidence


def _inside(w: Word, s: Shape) -> bool:
    return s.contains((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2)


def box_candidates(shapes: list[Shape], width: float, words: list[Word] = ()) -> list[Shape]:
    """Given a page's shapes (and its words), return the small filled boxes whose text is worth a second
    reading, smallest first; a band wider than a box is read again only when the page reading found nothing
    in it (tesseract's segmentation skips a light-on-dark band of short words, a chart's month axis)."""
    boxes = [s for s in shapes if s.fill and BOX_MIN_HEIGHT <= s.height <= BOX_MAX_HEIGHT and BOX_MIN_WIDTH <= s.width
             and (s.width <= BOX_MAX_WIDTH * width or not any(_inside(w, s) for w in words))]
    return sorted(boxes, key=lambda s: s.width * s.height)


def _crop(grey: Image.Image, s: Shape, scale: float) -> tuple[Image.Image, int, int, int]:
    x0, y0 = max(0, int(s.x0 / scale) + INSET), max(0, int(s.top / scale) + INSET)
    x1, y1 = min(grey.width, int(s.x1 / scale) - INSET), min(grey.height, int(s.bottom / scale) - INSET)
    crop = grey.crop((x0, y0, max(x0 + 1, x1), max(y0 + 1, y1)))
    hist = crop.histogram()
    mean = sum(i * n for i, n in enumerate(hist)) / max(1, sum(hist))
    if mean < 128:  # light text on a dark fill
        crop = ImageOps.invert(crop)
    crop = ImageOps.autocontrast(crop, cutoff=1)
    up = 2 if crop.height < ENLARGE_BELOW else 1
    if up > 1:
        crop = crop.resize((crop.width * up, crop.height * up), Image.LANCZOS)
    return crop, x0, y0, up


def read_boxes(grey: Image.Image, words: list[Word], confs: list[float], shapes: list[Shape], page: int,
               width: float, scale: float, run) -> tuple[list[Word], list[float]]:
    """Given a level page (grey), its OCR words, confidences and shapes, return them with small boxes re-read.

    ``run(image) -> hocr`` calls tesseract on the strip of boxes.
    """
    boxes = box_candidates(shapes, width, words)
    if not boxes:
        return words, confs
    crops = [_crop(grey, s, scale) for s in boxes]
    strip_w = max(c.width for c, *_ in crops) + 2 * PAD
    strip_h = sum(c.height + PAD for c, *_ in crops) + PAD
    strip = Image.new("L", (strip_w, strip_h), 255)
    slots = []
    y = PAD
    for crop, x0, y0, up in crops:
        strip.paste(crop, (PAD, y))
        slots.append((y, y + crop.height, x0, y0, up))
        y += crop.height + PAD
    found, found_conf = hocr_to_words(run(strip), page, 1.0)
    per_box: list[list[tuple[Word, float]]] = [[] for _ in boxes]
    for w, c in zip(found, found_conf):
        cy = (w.top + w.bottom) / 2
        for k, (t, b, x0, y0, up) in enumerate(slots):
            if t - PAD / 2 <= cy <= b + PAD / 2:
                def px(v: float, origin: int, offset: int) -> float:
                    return (origin + (v - offset) / up) * scale

                per_box[k].append((replace(w, x0=px(w.x0, x0, PAD), x1=px(w.x1, x0, PAD), top=px(w.top, y0, t),
                                           bottom=px(w.bottom, y0, t), baseline=px(w.baseline, y0, t),
                                           size=w.size / up * scale), c))
                break
    kept = list(zip(words, confs))
    claimed: set[int] = set()
    for box, new in zip(boxes, per_box):
        new = [(w, c) for w, c in new if box.x0 - 2 <= w.x0 and w.x1 <= box.x1 + 2
               and c >= MIN_WORD_CONFIDENCE and (any(ch.isalnum() for ch in w.text) or w.text in LABEL_DASHES)]
        if not new:
            continue
        if any(id(w) in claimed for w, _ in kept if _inside(w, box)):
            continue  # a smaller box inside this one was read already
        old = [(w, c) for w, c in kept if _inside(w, box)]
        new_mean = sum(c for _, c in new) / len(new)
        old_mean = sum(c for _, c in old) / len(old) if old else MIN_NEW_CONFIDENCE
        if new_mean < old_mean or old_mean >= TRUSTED_CONFIDENCE:
            claimed.update(id(w) for w, _ in old)
            continue
        gone = {id(w) for w, _ in old}
        kept = [(w, c) for w, c in kept if id(w) not in gone] + new
        claimed.update(id(w) for w, _ in new)
    return [w for w, _ in kept], [c for _, c in kept]
