"""Given a page image (a scan), return its skew angle and its filled shapes in PDF points.

A scan has no drawing operators, so the filled rectangles that the text layer of a born-digital
plan gives for free (timeline boxes, shaded title boxes, count cards) are found in the pixels:
regions of one flat colour other than the paper's. A boundary between two colours is never flat,
so a box on a shaded column stripe and the stripe come out as two regions, as the drawing has them.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from pipeline.models.layout import Shape

SKEW_MAX = 2.0  # degrees searched either way; scanners and hand-fed pages stay within this
SKEW_WIDTH = 900  # pixels of the downscaled copy the skew is measured on
SHAPE_SCALE = 2.0  # pixels per PDF point for finding shapes
FLAT_RANGE = 24  # max - min of a channel in a 3x3 window below which a pixel is flat colour
PAPER_DISTANCE = 10  # a colour this far (per channel) from the paper's is a fill
MIN_SHAPE_PT = 4.5  # shapes narrower or lower than this are rules or noise
MIN_PEAK_PX = 120  # pixels (at SHAPE_SCALE) a fill colour must cover to count
PEAK_SPAN = 2  # grey levels: a peak is the highest within this distance
PEAK_TOLERANCE = 3.0  # grey levels a fill pixel may stray from its fill colour (scanner noise)
MIN_FILL = 0.35  # share of a region's box its pixels must cover (a filled shape, not a frame)


def _profile_score(mask: Image.Image, angle: float) -> float:
    rows = np.asarray(mask.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(grey: Image.Image) -> float:
    """Given a greyscale page, return the angle (degrees, counter-clockwise) that makes its text lines level.

    Text lines level out when the rows of the ink profile alternate most sharply between ink and
    gap: the angle maximising the squared differences of the row sums is the correction.
    """
    scale = min(1.0, SKEW_WIDTH / grey.width)
    small = grey.resize((max(1, int(grey.width * scale)), max(1, int(grey.height * scale))), Image.BOX)
    arr = np.asarray(small)
    ink = arr < min(160, int(np.percentile(arr, 50)) - 40)
    if ink.mean() < 0.002:  # a blank page has no lines to level
        return 0.0
    mask = Image.fromarray((ink * 255).astype(np.uint8))
    best, best_score = 0.0, _profile_score(mask, 0.0)
    for step, span in ((0.25, SKEW_MAX), (0.05, 0.25)):
        centre = best
        for k in range(-int(round(span / step)), int(round(span / step)) + 1):
            angle = round(centre + k * step, 3)
            if angle == centre:
                continue
            score = _profile_score(mask, angle)
            if score > best_score * 1.0001:
                best, best_score = angle, score
    return best


def deskew(image: Image.Image, angle: float) -> Image.Image:
    """Given a page image and its skew angle, return it turned level (same size, white corners)."""
    if abs(angle) < 0.02:
        return image
    fill = 255 if image.mode == "L" else (255,) * len(image.getbands())
    return image.rotate(angle, resample=Image.BICUBIC, fillcolor=fill)


def _flat_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels whose 3x3 neighbourhood has one colour (every channel within ``FLAT_RANGE``)."""
    padded = np.pad(rgb, ((1, 1), (1, 1), (0, 0)), mode="edge")
    h, w = rgb.shape[:2]
    top = rgb.copy()
    low = rgb.copy()
    for dy in range(3):
        for dx in range(3):
            view = padded[dy:dy + h, dx:dx + w]
            np.maximum(top, view, out=top)
            np.minimum(low, view, out=low)
    return ((top.astype(np.int16) - low) < FLAT_RANGE).all(axis=2)


def _paper(rgb: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """The paper colour: the most common flat colour of the page."""
    px = rgb[::3, ::3][flat[::3, ::3]]
    if len(px) == 0:
        return np.array([255] * rgb.shape[2])
    keys = (px // 8).astype(np.int32)
    packed = keys[:, 0] * 1024 + keys[:, 1] * 32 + keys[:, 2] if px.shape[1] == 3 else keys[:, 0]
    values, counts = np.unique(packed, return_counts=True)
    top = values[np.argmax(counts)]
    return px[packed == top].mean(axis=0)


def _regions(mask: np.ndarray, scale: float, page: int, rgb: np.ndarray, off: tuple[int, int] = (0, 0),
             grow: int = 1, min_fill: float = MIN_FILL, min_pt: float = MIN_SHAPE_PT) -> list[Shape]:
    from scipy import ndimage

    labels, n = ndimage.label(mask)
    shapes = []
    min_px = min_pt * scale
    for k, sl in enumerate(ndimage.find_objects(labels), start=1):
        if sl is None:
            continue
        h, w = sl[0].stop - sl[0].start, sl[1].stop - sl[1].start
        if h + 2 * grow < min_px or w + 2 * grow < min_px:
            continue
        region = labels[sl] == k
        if region.sum() < min_fill * h * w:
            continue
        colour = rgb[sl][region].mean(axis=0) / 255.0
        # the flat window (and the erosion) eat pixels at each edge: grow the box back by them
        y0, x0 = sl[0].start - grow + off[0], sl[1].start - grow + off[1]
        shapes.append(Shape(page=page, x0=max(0.0, x0 / scale), top=max(0.0, y0 / scale),
                            x1=(x0 + w + 2 * grow) / scale, bottom=(y0 + h + 2 * grow) / scale,
                            color=tuple(round(float(v), 2) for v in colour)))
    return shapes


def merge_touching(shapes: list[Shape], gap: float = 1.0) -> list[Shape]:
    """Given regions of one fill colour, return them with touching ones merged (a box cut by its own text)."""
    out = list(shapes)
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                touch = a.x0 <= b.x1 + gap and b.x0 <= a.x1 + gap and a.top <= b.bottom + gap and b.top <= a.bottom + gap
                overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
                beside = (overlap >= 0.6 * min(a.height, b.height)
                          and max(a.x0, b.x0) - min(a.x1, b.x1) <= 1.2 * max(a.height, b.height))
                if touch or beside:  # a box cut in pieces by the text across it
                    out[i] = Shape(page=a.page, x0=min(a.x0, b.x0), top=min(a.top, b.top), x1=max(a.x1, b.x1),
                                   bottom=max(a.bottom, b.bottom), color=a.color)
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    min_pt = MIN_SHAPE_PT
    return [s for s in out if s.width >= min_pt and s.height >= min_pt]


def _nearest_peak(level: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Given grey levels and a mask of fill pixels, return per pixel the index of its fill colour (-1: none).

    The fill colours are the peaks of the levels' histogram. Two pale fills side by side (a box on a
    shaded stripe) differ too little to leave a boundary that is not flat, but they are two peaks.
    """
    hist = np.bincount(np.clip(level[mask].round().astype(np.int64), 0, 255), minlength=256).astype(np.float64)
    smooth = np.convolve(hist, [1, 2, 1], mode="same")
    peaks = [v for v in range(256) if hist[v] > 0 and smooth[v] >= MIN_PEAK_PX
             and smooth[v] == smooth[max(0, v - PEAK_SPAN):v + PEAK_SPAN + 1].max()]
    out = np.full(level.shape, -1, dtype=np.int16)
    if not peaks:
        return out
    centres = np.array(peaks, dtype=np.float64)
    dist = np.abs(level[..., None] - centres[None, None, :])
    best = dist.argmin(axis=2)
    ok = mask & (dist.min(axis=2) <= PEAK_TOLERANCE)
    out[ok] = best[ok]
    return out


def image_to_shapes(image: Image.Image, page: int, width_pt: float, height_pt: float) -> list[Shape]:
    """Given a level page image and the page size in points, return its filled shapes as ``Shape``s.

    Fills are flat regions away from the paper colour; paper-coloured regions enclosed by a fill
    (white cards on a shaded panel) are shapes too, as their drawing has them.
    """
    from scipy import ndimage

    size = (max(1, int(round(width_pt * SHAPE_SCALE))), max(1, int(round(height_pt * SHAPE_SCALE))))
    rgb = np.asarray(image.convert("RGB").resize(size, Image.BOX))
    flat = _flat_mask(rgb)  # a speckle is never flat, so it is never a shape
    paper = _paper(rgb, flat)
    away = np.abs(rgb.astype(np.int16) - paper).max(axis=2) > PAPER_DISTANCE
    fill = flat & away
    level = rgb.mean(axis=2)
    shapes = []
    nearest = _nearest_peak(level, fill)
    for k in np.unique(nearest[nearest >= 0]):
        # one pixel off each region cuts the blurred bridges between fills of near colours
        core = ndimage.binary_erosion(nearest == k, structure=np.ones((3, 3), dtype=bool))
        shapes.extend(merge_touching(_regions(core, SHAPE_SCALE, page, rgb, grow=2, min_fill=0.0, min_pt=0.5)))
    inner: list[Shape] = []
    for s in shapes:
        if s.width < 30 or s.height < 20:
            continue
        y0, y1 = int(s.top * SHAPE_SCALE) + 1, int(s.bottom * SHAPE_SCALE) - 1
        x0, x1 = int(s.x0 * SHAPE_SCALE) + 1, int(s.x1 * SHAPE_SCALE) - 1
        sub = flat[y0:y1, x0:x1] & ~away[y0:y1, x0:x1]
        if sub.size == 0:
            continue
        sub = sub.copy()
        labels, _ = ndimage.label(sub)
        edge = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))) - {0}
        for k in edge:  # regions open to the panel's edge are paper around it, not cards on it
            sub[labels == k] = False
        inner.extend(_regions(sub, SHAPE_SCALE, page, rgb[y0:y1, x0:x1], off=(y0, x0)))
    return shapes + inner
