"""Given OCR words and the page's ink, return their font sizes from the heights of their glyphs.

Tesseract's line model (``x_size``) measures a line's height as a whole, which squeezes close sizes
together: an 11 pt heading and a 9 pt body line both read about 9.5 pt. The glyphs themselves are
sharper evidence: a lowercase "a", "e", "n" stands exactly one x-height tall, an "H", "d" or "7" one
cap (ascender) height, and the text tesseract read says which letters a word holds. Sizes come from
the x-height where a word has such letters and from the cap height otherwise (capitals, numbers);
both are turned into points by the document's own ratios to tesseract's steadier body sizes, so no
font's proportions are assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from pipeline.models.layout import Word

X_LETTERS = frozenset("acemnorsuvwxzčšžćiıœæ")  # lowercase glyphs one x-height tall on the baseline (i's dot apart)
MID_LETTERS = frozenset("t")  # taller than the x-height, shorter than an ascender
TALL_LETTERS = frozenset("bdfhkl")  # lowercase letters with an ascender
MIN_COMPONENT = 0.25  # a glyph lower than this share of its word's line box is a dot, caron or speck
BASE_TOLERANCE = 0.08  # glyph bottoms within this share of the line box from the baseline sit on it
MIN_X_GLYPHS = 2  # glyphs needed to trust a word's x-height
LINE_BASELINE = 0.25  # words whose baselines differ less than this share of their size are on one line
LINE_GAP = 1.5  # and whose gap is less than this many sizes
PAPER_LEVEL = 200  # a word whose lightest pixels are darker than this sits on a fill, not on paper
INK_LEVEL = 140  # grey level below which a pixel of black text is ink
MIN_CONTRAST = 60  # grey levels between a word's ink and its paper, below which it has no ink to measure
TRUST = (0.7, 1.5)  # a line measured outside these times tesseract's size is a misreading (keeps tesseract's)
LOG_BIN = 0.005  # histogram step of log sizes (half a per cent)
SIZE_SIGMA = 0.01  # the measuring error of a line's size, relative (smooths the histogram)
PEAK_VALLEY = 0.6  # a peak this close to the valley beside it is no font of its own
X_RATIO = 0.52  # x-height per point of size when the document gives nothing to calibrate with


@dataclass
class Glyphs:
    """A word's measured glyph heights in points: its x-height glyphs and its cap (ascender) glyphs."""

    xs: list[float] = field(default_factory=list)
    caps: list[float] = field(default_factory=list)

    @property
    def x_height(self) -> Optional[float]:
        return trimmed_mean(self.xs) if len(self.xs) >= MIN_X_GLYPHS else None

    @property
    def cap_height(self) -> Optional[float]:
        return trimmed_mean(self.caps) if self.caps else None


def trimmed_mean(values: list[float]) -> float:
    """Given glyph heights, return the mean of their middle half: whole pixels average to a fraction of one."""
    v = sorted(values)
    cut = len(v) // 4
    middle = v[cut:len(v) - cut] or v
    return float(sum(middle) / len(middle))


def word_ink(grey: np.ndarray, w: Word, scale: float) -> Optional[np.ndarray]:
    """Given a page's grey pixels, a word (points) and points per pixel, return the word's ink mask, or None.

    Ink is what is darker than ``INK_LEVEL``, or than halfway between the word's own darkest ink and
    its paper where that is lighter, so a green or grey heading is not measured thinner than black text.
    None for a word on a fill (its lightest pixels are no paper) or with no contrast.
    """
    y0, y1 = max(0, int(w.top / scale)), int(w.bottom / scale) + 1
    x0, x1 = max(0, int(w.x0 / scale)), int(w.x1 / scale) + 1
    pixels = grey[y0:y1, x0:x1]
    if pixels.size == 0:
        return None
    dark, light = np.percentile(pixels, (2, 97))
    if light < PAPER_LEVEL or light - dark < MIN_CONTRAST:
        return None
    return pixels < max(INK_LEVEL, (dark + light) / 2)


def word_glyphs(grey: np.ndarray, w: Word, scale: float) -> Glyphs:
    """Given a page's grey pixels, a word (points) and points per pixel, return its glyph heights.

    The word's connected ink components that sit on the line's lowest common bottom are its
    glyphs on the baseline; the lower share of them, as many as the word has x-height letters, are
    x-height tall, the rest cap or ascender tall.
    """
    from scipy import ndimage

    text = w.text
    n_x = sum(c in X_LETTERS for c in text)
    n_mid = sum(c in MID_LETTERS for c in text)
    n_tall = sum(c in TALL_LETTERS or c.isupper() or c.isdigit() for c in text)
    if n_x + n_tall == 0:
        return Glyphs()
    crop = word_ink(grey, w, scale)
    if crop is None:
        return Glyphs()
    y0 = max(0, int(w.top / scale))
    labels, n = ndimage.label(crop, structure=np.ones((3, 3), dtype=bool))
    if n == 0:
        return Glyphs()
    box = crop.shape[0]
    spans = [(sl[0].start, sl[0].stop) for sl in ndimage.find_objects(labels)]
    spans = [(a, b) for a, b in spans if b - a >= MIN_COMPONENT * box]
    if not spans:
        return Glyphs()
    tol = max(1.0, BASE_TOLERANCE * box)
    base = w.baseline / scale - y0  # tesseract's line baseline, then the glyphs' own
    near = [b for _, b in spans if abs(b - base) <= 2 * tol]
    base = float(np.median(near)) if near else base
    heights = sorted(b - a for a, b in spans if abs(b - base) <= tol)
    if not heights:
        return Glyphs()
    share = len(heights) / (n_x + n_mid + n_tall)  # glyphs that touch are one component: counts scale
    k, m = round(n_x * share), round((n_x + n_mid) * share)
    xs = [h * scale for h in heights[:k]] if n_x >= MIN_X_GLYPHS else []
    return Glyphs(xs, [h * scale for h in heights[m:]] if n_tall else [])


def words_to_lines(words: list[Word]) -> list[list[int]]:
    """Given a page's words, return the indices of each line: words on one baseline, side by side."""
    order = sorted(range(len(words)), key=lambda i: (words[i].page, words[i].baseline, words[i].x0))
    lines: list[list[int]] = []
    for i in order:
        w = words[i]
        for line in reversed(lines[-8:]):  # a line just begun, or one beside it in another column
            last = words[line[-1]]
            if (last.page == w.page and abs(last.baseline - w.baseline) < LINE_BASELINE * max(w.size, last.size)
                    and -0.5 * w.size < w.x0 - last.x1 < LINE_GAP * max(w.size, last.size)):
                line.append(i)
                break
        else:
            lines.append([i])
    return lines


def glyph_sizes(words: list[Word], glyphs: list[Glyphs]) -> list[Optional[float]]:
    """Given a document's OCR words (sizes from tesseract) and their glyphs, return each word's size in points.

    The document's points-per-x-height and per-cap-height are the median ratios of tesseract's sizes
    to the glyph heights (most text is body text, which tesseract measures well). A line is set in
    one size: its words take the median of their measures, weighted by letters, which evens out a
    pixel's error on short words; a line with nothing measurable keeps None.
    """
    per_x = [w.size / g.x_height for w, g in zip(words, glyphs) if g.x_height for _ in w.text]
    per_cap = [w.size / g.cap_height for w, g in zip(words, glyphs) if g.cap_height for _ in w.text]
    kx = float(np.median(per_x)) if per_x else 1.0 / X_RATIO
    kc = float(np.median(per_cap)) if per_cap else kx * 0.72 / X_RATIO
    own = [kx * g.x_height if g.x_height else kc * g.cap_height if g.cap_height else None for g in glyphs]
    out: list[Optional[float]] = [None] * len(words)
    for line in words_to_lines(words):
        pooled = Glyphs([h for i in line for h in glyphs[i].xs], [h for i in line for h in glyphs[i].caps])
        size = kx * pooled.x_height if pooled.x_height else kc * pooled.cap_height if pooled.cap_height else None
        if size is None:
            continue
        tess = float(np.median([words[i].size for i in line]))
        if TRUST[0] * tess <= size <= TRUST[1] * tess:
            for i in line:
                out[i] = size
    return out


def size_peaks(sizes: list[float], weights: list[float]) -> list[float]:
    """Given word sizes and their weights (letters), return the boundaries between the document's fonts.

    The sizes are a histogram on a log scale (a 5 % step is the same at 7 and at 14 pt), smoothed by
    the measuring error; every peak is a font size, and fonts part at the lowest point between two
    peaks. A peak weaker than ``PEAK_VALLEY`` times the valley beside it is noise on its neighbour's flank.
    """
    logs = np.log(np.asarray(sizes))
    lo, hi = logs.min() - 4 * SIZE_SIGMA, logs.max() + 4 * SIZE_SIGMA
    edges = np.arange(lo, hi + LOG_BIN, LOG_BIN)
    hist, _ = np.histogram(logs, bins=edges, weights=np.asarray(weights, dtype=float))
    k = np.arange(-4 * SIZE_SIGMA, 4 * SIZE_SIGMA + LOG_BIN, LOG_BIN)
    density = np.convolve(hist, np.exp(-0.5 * (k / SIZE_SIGMA) ** 2), mode="same")
    peaks = [i for i in range(1, len(density) - 1) if density[i] > density[i - 1] and density[i] >= density[i + 1]]
    while True:  # drop the weakest peak whose valley toward a neighbour is nearly as high as itself
        weak = None
        for j, p in enumerate(peaks):
            for q in peaks[j - 1:j] + peaks[j + 1:j + 2]:
                a, b = sorted((p, q))
                valley = density[a:b + 1].min()
                if valley >= PEAK_VALLEY * density[p] and (weak is None or density[p] < density[weak]):
                    weak = p
        if weak is None:
            break
        peaks.remove(weak)
    bounds = []
    for a, b in zip(peaks, peaks[1:]):
        bounds.append(float(np.exp(edges[a + int(np.argmin(density[a:b + 1]))] + LOG_BIN / 2)))
    return bounds


def snap_sizes(words: list[Word]) -> list[float]:
    """Give the words of one font one size: each takes the letter-weighted median size of its font; return
    the fonts' sizes.

    Measured sizes scatter by a few per cent around the size they were set in; the layout tells
    fonts apart by size, and would see a font per line.
    """
    if not words:
        return []
    weights = [max(1, len(w.text)) for w in words]
    bounds = size_peaks([max(w.size, 0.5) for w in words], weights)
    groups: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        groups.setdefault(int(np.searchsorted(bounds, w.size)), []).append(i)
    for members in groups.values():
        values = sorted((words[i].size, weights[i]) for i in members)
        half, run = sum(v for _, v in values) / 2, 0.0
        for size, weight in values:
            run += weight
            if run >= half:
                break
        for i in members:
            words[i].size = round(size, 2)
    return sorted({words[m[0]].size for m in groups.values()})
