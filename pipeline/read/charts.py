"""Given a page's words and filled shapes, find timeline charts and the count cards of a summary graphic.

A timeline chart is recognised by its month axis: one row holding the twelve month labels (01..12
or month abbreviations from ``data/charts.yaml``) in x order. Its boxes are the filled shapes under
that axis; a box spans the months whose column centre lies inside its x-extent. Nothing depends on
colours, fonts or the number of charts per page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import vocab
from pipeline.models.layout import Card, Chart, ChartBox, Shape, Word
from pipeline.read.text import sub_word

COUNT_RE = re.compile(r"^(?P<label>.*?)(?P<count>\d{1,2})\s*[xX×]$")
MONTH_NUMBER_RE = re.compile(r"\d{1,2}")
MONTH_CACHE = 2**16  # texts remembered: every word of every page is asked, and at most a few letters at a time


@lru_cache(maxsize=MONTH_CACHE)
def _month_value(text: str) -> int | None:
    """Given a text, return the month it labels on an axis, or None (cached: ``split_glued_months`` asks
    for every prefix and suffix of every word on a page)."""
    spec = vocab.load("charts")
    t = text.strip().casefold().rstrip(".")
    if MONTH_NUMBER_RE.fullmatch(t) and (len(t) == 2 or spec.get("single_digit_months", False)):
        v = int(t)
        return v if 1 <= v <= 12 else None
    return spec["month_abbreviations"].get(t) or spec.get("roman_numerals", {}).get(t)


def split_glued_months(word: Word) -> list[Word]:
    """Given a word, return it as month labels when it is two of them printed without a gap
    ("novemberdecember": long names crowded on a narrow axis), else the word alone."""
    t = word.text.casefold()
    if t.isdigit():
        return [word]
    for k in range(2, len(t) - 1):
        if _month_value(t[:k]) is not None and _month_value(t[k:]) is not None:
            return [sub_word(word, 0, k), sub_word(word, k, len(t))]
    return [word]


AXIS_MAX_MISSING = 2  # month labels an axis may lack between its first and last (OCR drops a word on a dark band)
AXIS_ROW_TOLERANCE = 0.4  # sizes: labels of one axis row stand this close to its first baseline (a scan's residual tilt)
AXIS_SPACING_TOLERANCE = 0.25  # share of a month's width a label may stray from even spacing


def _axis_rows(words: list[Word]) -> list[list[Word]]:
    """Given words, return the month labels among them grouped into rows by baseline, top to bottom."""
    labels = [w for word in words for w in (split_glued_months(word) if _month_value(word.text) is None else [word])
              if _month_value(w.text) is not None]
    rows: list[list[Word]] = []
    for w in sorted(labels, key=lambda w: w.baseline):
        if rows and w.baseline - rows[-1][0].baseline <= AXIS_ROW_TOLERANCE * max(w.size, rows[-1][0].size):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _as_axis(row: list[Word]) -> list[Word] | None:
    """Given a row of month labels in x order, return the twelve of an axis (missing ones put in at even
    spacing), or None. The months follow each other modulo 12 (a school-year axis starts in September);
    at most ``AXIS_MAX_MISSING`` are missing, never the first or the last, and the labels are evenly spaced."""
    values = [_month_value(w.text) for w in row]
    steps = [(b - a) % 12 for a, b in zip(values, values[1:])]
    if len(row) < 12 - AXIS_MAX_MISSING or len(row) > 12 or sum(steps) != 11 or not all(steps):
        return None
    if len(row) == 12:
        return row
    pitch = (row[-1].x1 + row[-1].x0 - row[0].x1 - row[0].x0) / 22
    offsets = [(v - values[0]) % 12 for v in values]
    even = any(all(abs(x(w) - x(row[0]) - pitch * k) <= AXIS_SPACING_TOLERANCE * pitch for w, k in zip(row, offsets))
               for x in (lambda w: (w.x0 + w.x1) / 2, lambda w: w.x0))  # labels centred or set left in their columns
    if pitch <= 0 or not even:
        return None
    axis: list[Word] = []
    for w, step in zip(row, steps + [1]):
        axis.append(w)
        for k in range(1, step):  # a label the reading lost: put in at its column
            month = (_month_value(w.text) + k - 1) % 12 + 1
            shift = k * pitch
            axis.append(Word(text=f"{month:02d}", page=w.page, x0=w.x0 + shift, top=w.top, x1=w.x1 + shift,
                             bottom=w.bottom, baseline=w.baseline, size=w.size, fontname=w.fontname,
                             bold=w.bold, italic=w.italic, color=w.color))
    return axis


def find_month_axes(words: list[Word]) -> list[list[Word]]:
    """Given words, return rows that hold the twelve month labels of a chart axis, top to bottom."""
    return [axis for axis in map(_as_axis, _axis_rows(words)) if axis]


def _is_box(shape: Shape, month_width: float) -> bool:
    return shape.width >= 0.5 * month_width and 4 <= shape.height <= 3 * month_width


def _box_months(shape: Shape, centers: dict[int, float]) -> list[int]:
    return sorted(m for m, x in centers.items() if shape.x0 - 1 <= x <= shape.x1 + 1)


def _words_in(shape: Shape, words: list[Word], among: list[Shape] | None = None) -> list[Word]:
    """Words whose centre lies in the shape; with ``among``, only those for which it is the lowest such shape.

    Column background stripes also contain box text; a box is never taller than the stripe behind it.
    """
    out = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if not shape.contains(cx, cy):
            continue
        if among and any(o.height < shape.height - 0.5 and o.contains(cx, cy) for o in among):
            continue
        out.append(w)
    return out


def _words_beside(shape: Shape, words: list[Word], used: set[int], boxes: list[Shape], limit: float) -> list[Word]:
    """Given an empty bar, return its label set beside it or in the chart's first column: the words on the
    bar's row (their centre within its height) on the side of the nearest one, outside every bar."""
    row = []
    for w in words:
        cy = (w.top + w.bottom) / 2
        if id(w) in used or not shape.top <= cy <= shape.bottom or w.bottom > limit:
            continue
        if any(b.contains((w.x0 + w.x1) / 2, cy) for b in boxes):
            continue
        if w.x0 >= shape.x1 - 0.5 or w.x1 <= shape.x0 + 0.5:
            row.append(w)
    if not row:
        return []
    nearest = min(row, key=lambda w: min(abs(w.x0 - shape.x1), abs(shape.x0 - w.x1)))
    right = nearest.x0 >= shape.x1 - 0.5
    return [w for w in row if (w.x0 >= shape.x1 - 0.5) == right]


def _same_row(a: Shape, b: Shape) -> bool:
    return abs(a.top - b.top) < 1.5 and abs(a.bottom - b.bottom) < 1.5


def _row_label(shape: Shape, words: list[Word], used: set[int], grid_left: float) -> list[Word]:
    """Given an empty shaded cell or bar, return the words of its row left of the month grid (a table
    chart names the activity in its first column)."""
    return [w for w in words if id(w) not in used and w.x1 <= grid_left + 1
            and shape.top - 1 <= (w.top + w.bottom) / 2 <= shape.bottom + 1]


def _title_above(axis: list[Word], words: list[Word], used: set[int]) -> list[Word]:
    top = min(w.top for w in axis)
    above = [w for w in words if id(w) not in used and w.bottom <= top + 0.5 and w.bottom > top - 40]
    if not above:
        return []
    last = max(w.baseline for w in above)
    row = [w for w in above if abs(w.baseline - last) < 2]
    return sorted(row, key=lambda w: w.x0)


def find_charts(words: list[Word], shapes: list[Shape]) -> tuple[list[Chart], list[ChartBox], set[int]]:
    """Given a page's words and shapes, return its charts, boxes above its first chart, and the ids of words used."""
    axes = find_month_axes(words)
    if not axes:
        return [], [], set()
    used: set[int] = {id(w) for axis in axes for w in axis}
    used.update(id(w) for axis in axes for w in words  # the glued words that month labels were split from
                if abs(w.baseline - axis[0].baseline) < 2 and axis[0].x0 - 1 <= w.x0 and w.x1 <= axis[-1].x1 + 1)
    titles = [_title_above(axis, words, used) for axis in axes]
    used.update(id(w) for title in titles for w in title)
    tops = [min(w.top for w in (title or axis)) for axis, title in zip(axes, titles)]
    charts: list[Chart] = []
    taken: set[int] = set()
    ordered = sorted(shapes, key=lambda s: (s.top, s.x0))
    widths = [(axis[-1].x0 - axis[0].x0) / 11 for axis in axes]
    boxes = [s for s in shapes if _is_box(s, min(widths))]
    for i, (axis, title) in enumerate(zip(axes, titles)):
        centers = {_month_value(w.text): (w.x0 + w.x1) / 2 for w in axis}
        month_width = (axis[-1].x0 - axis[0].x0) / 11
        grid = (axis[0].x0 - month_width, axis[-1].x1 + month_width)
        grid_left = centers[_month_value(axis[0].text)] - month_width / 2
        # a table chart's first header cell ("Aktivnost") stands on the axis row, left of the months
        used.update(id(w) for w in words if abs(w.baseline - axis[0].baseline) < 2 and w.x1 < grid_left)
        axis_bottom = max(w.bottom for w in axis)
        limit = tops[i + 1] if i + 1 < len(axes) else float("inf")
        chart = Chart(page=axis[0].page, title_words=title, month_centers=centers, month_width=month_width,
                      top=tops[i], bottom=axis_bottom)
        for k, shape in enumerate(ordered):
            if k in taken or shape.top < axis_bottom - 2 or shape.bottom > limit or not _is_box(shape, month_width):
                continue
            if shape.top - chart.bottom > 2 * month_width or shape.x0 < grid[0] or shape.x1 > grid[1]:
                continue  # not part of this grid: the chart has ended above it
            inside = [w for w in _words_in(shape, words, boxes) if id(w) not in used]
            if not inside and chart.boxes and _same_row(chart.boxes[-1].shape, shape) and chart.boxes[-1].words \
                    and chart.boxes[-1].words[0].x1 < grid_left:
                taken.add(k)  # another shaded cell of a table row: the box spans its months too
                last = chart.boxes[-1]
                last.months = sorted(set(last.months) | set(_box_months(shape, centers)))
                continue
            if not inside:
                inside = _row_label(shape, words, used, grid_left)
            if not inside:
                inside = _words_beside(shape, words, used, boxes, limit)
            if not inside:
                continue
            taken.add(k)
            used.update(id(w) for w in inside)
            chart.boxes.append(ChartBox(words=inside, shape=shape, months=_box_months(shape, centers)))
            chart.bottom = max(chart.bottom, shape.bottom)
        # caption and stray grid text under the boxes ("leto 2026") belong to the chart, not the body
        for w in words:
            if id(w) not in used and axis_bottom <= w.top and w.bottom <= chart.bottom + 22 and w.bottom < limit:
                used.add(id(w))
        charts.append(chart)
    first = charts[0]
    first_top = first.top
    orphans: list[ChartBox] = []
    for shape in sorted(shapes, key=lambda s: (s.top, s.x0)):
        if shape.bottom > first_top or not _is_box(shape, first.month_width):
            continue
        inside = [w for w in _words_in(shape, words, boxes) if id(w) not in used]
        starts_on_column = any(abs(shape.x0 - (x - first.month_width / 2)) < 3 for x in first.month_centers.values())
        if inside and starts_on_column:
            used.update(id(w) for w in inside)
            orphans.append(ChartBox(words=inside, shape=shape, months=_box_months(shape, first.month_centers)))
    return charts, orphans, used


def find_cards(words: list[Word], shapes: list[Shape]) -> tuple[list[Card], set[int]]:
    """Given a page's words and shapes, return the count cards ("CERV 1x") and the ids of their words."""
    cards: list[Card] = []
    used: set[int] = set()
    for w in words:
        m = COUNT_RE.match(w.text)
        if not m:
            continue
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        holders = [s for s in shapes if s.contains(cx, cy) and s.width < 400]
        if not holders:
            continue
        card = min(holders, key=lambda s: s.width * s.height)
        inside = _words_in(card, words)
        if any(COUNT_RE.match(o.text) for o in inside if o is not w):
            continue  # a panel holding several cards, not a card
        label = [o for o in inside if o is not w]
        if not label and not m.group("label"):
            continue
        cards.append(Card(page=w.page, words=inside, count=int(m.group("count")), count_word=w, label_words=label))
        used.update(id(o) for o in inside)
    return cards, used
