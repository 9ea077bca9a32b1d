"""Given a page's rows, return its lines in reading order: column blocks found by a free gutter.

A column pair is split where an emphasized row spans the gutter (a heading across both columns);
hanging indents stay in their column.
"""

from __future__ import annotations

from collections import Counter

from pipeline.models.layout import Line, Word, size_key
from pipeline.read.balanced import split_balanced
from pipeline.read.words import row_to_segments, side_words

COLUMN_INDENT_MAX = 40.0  # pt; starts of a column's lines lie within this of its left edge


GUTTER_MIN = 12.0  # pt; narrowest free vertical strip that separates two columns (wider than any justified space)


COLUMN_ZONE = (0.3, 0.7)


COLUMN_TAB_STOPS = 3  # a column's rows may start at this many fixed x (label cell, value, hung list line)


def _free_intervals(segs: list[list[Word]], lo: float, hi: float) -> list[tuple[float, float]]:
    cuts = sorted((w.x0, w.x1) for seg in segs for w in seg if w.x1 > lo and w.x0 < hi)
    free, cur = [], lo
    for a, b in cuts:
        if a > cur:
            free.append((cur, a))
        cur = max(cur, b)
    if cur < hi:
        free.append((cur, hi))
    return free


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = []
    for x0, x1 in a:
        for y0, y1 in b:
            lo, hi = max(x0, y0), min(x1, y1)
            if hi - lo >= GUTTER_MIN:
                out.append((lo, hi))
    return out


def pick_gutter(free: list[tuple[float, float]], rows: list[list[list[Word]]]) -> tuple[float, float]:
    """Given a block's free vertical strips, return its column gutter: wide and near the text's centre.

    A label/value gap inside one column (a table or margin labels in a column) may be wider than the
    gutter between the columns, but it lies off the centre of the text.
    """
    xs = [w.x0 for r in rows for s in r for w in s] + [w.x1 for r in rows for s in r for w in s]
    centre = (min(xs) + max(xs)) / 2 if xs else 0.0
    return max(free, key=lambda iv: (iv[1] - iv[0]) - 0.5 * abs((iv[0] + iv[1]) / 2 - centre))


def _size_weight(rows: list) -> tuple:
    """The (size, bold) most words of the rows are set in."""
    return Counter((size_key(w.size), w.bold) for r in rows for seg in r for w in seg).most_common(1)[0][0]


def _set_as_heading(row: list, body: tuple) -> bool:
    """A row mostly bold or larger than the block's (size, bold)."""
    style = _size_weight([row])
    return style != body and (style[1] or style[0] > body[0])


def split_spanning(blocks: list[tuple[list, list]]) -> list[tuple[list, list]]:
    """Split a column run at a row that stands alone across the page (a heading spanning both columns).

    Such a row has no right-column text beside it, while the right column has text both above and
    below it: the columns above it are one block, the columns below another.
    """
    out: list[tuple[list, list]] = []
    for free, brows in blocks:
        if not free or len(brows) < 3:
            out.append((free, brows))
            continue
        g0, g1 = pick_gutter(free, brows)
        mid = (g0 + g1) / 2
        has_right = [bool(side_words(r, mid, True)) for r in brows]
        body = _size_weight(brows)
        start = 0
        right_bottom = max((w.bottom for r in brows for w in side_words(r, mid, True)), default=0.0)
        for k, row in enumerate(brows):
            if has_right[k] or not any(has_right[:k]) or k == start:
                continue
            # with nothing right of the gutter below it, the row must be the block's last and stand below
            # the whole right column (a heading after columns that end unevenly)
            if not any(has_right[k + 1:]) and (k < len(brows) - 1 or min(w.top for seg in row for w in seg)
                                               < right_bottom + 0.5 * row[0][0].size):
                continue
            if not _set_as_heading(row, body):
                continue  # the last lines of a longer left column, not a heading across the page
            top = min(w.top for seg in row for w in seg)
            size = max(w.size for seg in row for w in seg)
            baseline = max(w.baseline for seg in row for w in seg)
            # right-column text beside the row starts above its baseline (a large heading's box may reach
            # down into the first line of the columns below it)
            near = [w for r in brows for w in side_words(r, mid, True)
                    if w.bottom > top - 0.5 * size and w.top < baseline]
            if not near:
                out.append((free, brows[start:k]))
                out.append(([], [row]))
                start = k + 1
        if start < len(brows):
            out.append((free, brows[start:]))
    return out


OFF_CENTRE = 0.05  # share of the text's width: a gutter strip further than this from the centre of the text or page is suspect


def _centred_gutter(free: list[tuple[float, float]], brows: list, width: float) -> float | None:
    """Given a block's free strips, return the mid x of a gutter near the centre of the text or of the page
    (a column whose label cells fall on another page) that passes the column test, or None."""
    if not free or len(brows) < 3:
        return None
    g0, g1 = pick_gutter(free, brows)
    mid = (g0 + g1) / 2
    xs = [w.x0 for r in brows for s in r for w in s] + [w.x1 for r in brows for s in r for w in s]
    # how far the free strip (not its middle: a column without its label cells leaves a wide one) lies
    # from the centre of the text or of the page
    off = min(max(g0 - c, c - g1, 0.0) for c in ((min(xs) + max(xs)) / 2, width / 2))
    if off > OFF_CENTRE * (max(xs) - min(xs)) or not _is_gutter(brows, mid, float("inf")):
        return None
    return mid


def _common_free(brows: list, lo: float, hi: float) -> list[tuple[float, float]]:
    """The strips between lo and hi that every row of a block leaves free (each at least a gutter wide)."""
    common = [(lo, hi)]
    for row in brows:
        common = _intersect(common, _free_intervals(row, lo, hi))
    return common


HEADING_ROWS_MAX = 3  # a chapter title over the first columns spans at most this many rows (number, title lines)


def split_heading_above(brows: list, lo: float, hi: float, width: float) -> list[list]:
    """Split off a block's first rows when they are set as a heading (bold or larger than the block's text)
    and run across a column gutter of the rows below them: a chapter title over the first columns."""
    if len(brows) < 4:
        return [brows]
    body = _size_weight(brows)
    whole = _common_free(brows, lo, hi)
    for k in range(1, min(HEADING_ROWS_MAX, len(brows) - 3) + 1):
        if not _set_as_heading(brows[k - 1], body):
            break
        below = _common_free(brows[k:], lo, hi)
        opened = [iv for iv in below if not any(a < iv[1] and iv[0] < b for a, b in whole)]
        # the strip opened must hold a gutter of the rows below, and the heading run across it
        gutters = (block_gutters(below, brows[k:], width) or []) if opened else []
        for g in gutters:
            if any(a < g < b for a, b in opened) and any(w.x0 < g < w.x1 for r in brows[:k] for seg in r for w in seg):
                return [brows[:k], brows[k:]]
    return [brows]


def split_column_start(blocks: list[tuple[list, list]], lo: float, hi: float, width: float) -> list[tuple[list, list]]:
    """Split a block whose gutter lies off the centre where two centred columns begin or end.

    Rows of one full-width text shorter than the measure leave a strip free near the right edge; the
    columns below them (or above) leave the centre free. Read together, the block shares only the
    edge strip (a label/value gap), so the longest run at its end (or start) sharing a centred gutter
    that passes the column test is made a block of its own.
    """
    out: list[tuple[list, list]] = []
    for free, brows in blocks:
        if (len(brows) < 6 or not free or _centred_gutter(free, brows, width) is not None
                or len(block_gutters(free, brows, width) or []) == 2):  # three columns have no gutter at the centre
            out.append((free, brows))
            continue
        frees = [_free_intervals(r, lo, hi) for r in brows]
        done = False
        for tail in (True, False):
            common = [(lo, hi)]
            order = range(len(brows) - 1, 0, -1) if tail else range(len(brows) - 1)
            best = None
            for k in order:  # grow the run from the block's end (or start) one row at a time
                common = _intersect(common, frees[k])
                if not common:
                    break
                part = brows[k:] if tail else brows[:k + 1]
                if len(part) >= 3 and _centred_gutter(common, part, width) is not None:
                    best = (k, common)
            if best is not None:
                k, common = best
                rest = brows[:k] if tail else brows[k + 1:]
                rest_common = _common_free(rest, lo, hi)
                pieces = [(rest_common, rest), (common, brows[k:])] if tail else [(common, brows[:k + 1]), (rest_common, rest)]
                out.extend(p for p in pieces if p[1])
                done = True
                break
        if not done:
            out.append((free, brows))
    return out


def rows_to_blocks(rows: list[list[list[Word]]], width: float) -> list[tuple[float | None, list[list[list[Word]]]]]:
    """Given a page's rows of segments, return blocks of consecutive rows with their column gutter (or None).

    A column block is a run of rows that all leave one vertical strip in the middle of the page free,
    with text on both sides of it in several rows.
    """
    lo, hi = COLUMN_ZONE[0] * width, COLUMN_ZONE[1] * width
    blocks: list[tuple[list, list]] = []  # (free intervals, rows)
    for row in rows:
        free = _free_intervals(row, lo, hi)
        if blocks and blocks[-1][0]:
            common = _intersect(blocks[-1][0], free)
            if common:
                blocks[-1] = (common, blocks[-1][1] + [row])
                continue
        blocks.append((free, [row]))
    found: list[tuple[list, list[float] | None, list]] = []
    # a heading across the page splits a block: each part leaves free what its own rows leave free
    # and so does the end of a balanced region (both columns stop, the next region starts below both)
    parts = [(_common_free(b, lo, hi), b) for _, brows in split_balanced(split_spanning(blocks), pick_gutter)
             for b in split_heading_above(brows, lo, hi, width)]
    for free, brows in split_column_start(parts, lo, hi, width):
        found.append((free, block_gutters(free, brows, width), brows))
    out: list[tuple[list[float] | None, list]] = []
    for k, (free, gutters, brows) in enumerate(found):
        if gutters is None and len({w.x0 > width / 2 for r in brows for seg in r for w in seg}) == 2:
            gutters = _adopted_gutters(free, [g for _, g, _ in found[k - 1::-1] if g] if k else [],
                                       [g for _, g, _ in found[k + 1:] if g])
        if out and out[-1][0] is None and gutters is None:
            out[-1][1].extend(brows)
        else:
            out.append((gutters, list(brows)))
    return out


def block_gutters(free: list[tuple[float, float]], brows: list, width: float) -> list[float] | None:
    """Given a block's free strips and rows, return its column gutters (one or two), or None."""
    if not free or len(brows) < 3:
        return None
    g0, g1 = pick_gutter(free, brows)
    mid = (g0 + g1) / 2
    if not _is_gutter(brows, mid, float("inf")):
        return None
    # a third column: another free strip, a column's width away, passing the same test
    for a, b in free:
        m = (a + b) / 2
        if abs(m - mid) >= 0.2 * width and _is_gutter(brows, m, float("inf"), lo_bound=min(m, mid) if m > mid else None):
            return sorted([mid, m])
    return [mid]


def _adopted_gutters(free: list[tuple[float, float]], before: list[list[float]], after: list[list[float]]) -> list[float] | None:
    """A block too short to prove its columns (a title at a column's foot, its fields atop the next column),
    with text on both halves of the page, takes the gutters of the nearest column block on the page, above it first, when it leaves them free."""
    for gutters in before[:1] + after[:1]:
        if all(any(a + 1.0 <= g <= b - 1.0 and b - a >= GUTTER_MIN for a, b in free) for g in gutters):
            return gutters
    return None


LABEL_COLUMN_WIDTH = 0.5  # a left "column" narrower than this share of the right one may be a label column


def _style(words: list[Word]) -> tuple:
    """The style most of the words' letters are set in: size, weight, slant and colour."""
    return Counter(w.style for w in words for _ in w.text).most_common(1)[0][0]


def _label_column(brows: list, mid: float) -> bool:
    """Labels beside their values (a table's or the margin's label column): the text left of x=mid is
    much narrower than the text right of it and set in another style. Two text columns are alike."""
    left = [w for r in brows for s in r for w in s if w.x1 <= mid]
    right = [w for r in brows for s in r for w in s if w.x0 >= mid]
    if not left or not right:
        return False
    narrow = max(w.x1 for w in left) - min(w.x0 for w in left) < LABEL_COLUMN_WIDTH * (
        max(w.x1 for w in right) - min(w.x0 for w in right))
    return narrow and _style(left) != _style(right)


def _is_gutter(brows: list, mid: float, _hi: float, lo_bound: float | None = None) -> bool:
    """Text on both sides of x=mid in several rows, and the text right of it left-aligned.

    A real column is left-aligned: most of its rows start at one x (a river of spaces is not); list
    markers and hanging indents shift a line's start by a few ems, never by a column; labels in a table
    cell or the margin of the column start further left, so the most common start counts too. With
    ``lo_bound`` (a gutter further left), the left side is the column between the two.
    """
    lo = lo_bound if lo_bound is not None else float("-inf")
    if lo_bound is None and _label_column(brows, mid):
        return False
    left = sum(1 for r in brows if any(lo <= w.x0 and w.x1 <= mid for s in r for w in s))
    starts = [min(w.x0 for s in r for w in s if w.x0 >= mid) for r in brows
              if any(w.x0 >= mid for s in r for w in s)]
    if not starts:
        return False
    counts = Counter(round(x) for x in starts)
    common = counts.most_common(1)[0][0]
    # a column with a label cell in each row starts its rows at a few fixed x (label, value, hung line)
    tabbed = sum(n for _, n in counts.most_common(COLUMN_TAB_STOPS) if n >= 2)
    aligned = max(sum(1 for x in starts if x - min(starts) < COLUMN_INDENT_MAX),
                  sum(1 for x in starts if abs(x - common) < COLUMN_INDENT_MAX), tabbed)
    return left >= 2 and len(starts) >= 2 and aligned >= max(2, 0.4 * len(starts))


def page_to_lines(rows: list[list[Word]], width: float) -> list[Line]:
    """Given a page's rows (furniture and charts removed), return its lines in reading order."""
    seg_rows = [row_to_segments(r) for r in rows]
    lines: list[Line] = []
    page = rows[0][0].page if rows else 0
    for block, (gutters, brows) in enumerate(rows_to_blocks(seg_rows, width)):
        if gutters is None:
            for segs in brows:
                for seg in segs:
                    lines.append(Line(words=seg, page=page, block=block))
            continue
        columns: list[list[Line]] = [[] for _ in range(len(gutters) + 1)]  # left to right: columns 1, 2 (, 3)
        for segs in brows:
            for seg in segs:
                parts: dict[int, list[Word]] = {}
                for w in seg:
                    parts.setdefault(sum(1 for g in gutters if (w.x0 + w.x1) / 2 >= g), []).append(w)
                for c, ws in sorted(parts.items()):
                    columns[c].append(Line(words=ws, page=page, column=c + 1, block=block))
        for col in columns:
            lines.extend(col)
    return lines
