"""Given a ``SourceDoc``, return a ``DocLayout``: lines in reading order, charts and cards.

Everything is measured relative to the document itself (the body font is the most common one,
the text column starts where most lines start, running headers are what repeats in the page
margins), never against fixed sizes, so that other layouts of the family read the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from statistics import median
from typing import Iterable, Optional

from pipeline import vocab
from pipeline.charts import find_cards, find_charts
from pipeline.models.layout import DocLayout, Line, PageLayout, Shape, Word, size_key
from pipeline.settings import Settings

BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
ITALIC_RE = re.compile(r"italic|oblique", re.I)
SECTION_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?$")  # "2", "2.1.", "2.1.3"
FURNITURE_ZONE = 0.09  # share of the page height at top and bottom where running furniture sits
FURNITURE_MIN_SHARE = 0.2  # a margin line repeated on this share of pages is furniture
COLUMN_INDENT_MAX = 40.0  # pt; starts of a column's lines lie within this of its left edge
GUTTER_MIN = 12.0  # pt; narrowest free vertical strip that separates two columns (wider than any justified space)
COLUMN_ZONE = (0.3, 0.7)
DIAGRAM_MIN_BOXES = 3  # text boxes that, holding most of a page's lines, make it a diagram
DIAGRAM_MAX_WIDTH = 0.6  # share of the page width; text in narrower filled shapes is a diagram  # a column gutter lies in this share of the page width


def _color(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (int, float)):
        return (round(float(value), 2),)
    return tuple(round(float(v), 2) for v in value)


@lru_cache(maxsize=1)
def _markers() -> list[tuple[str, re.Pattern]]:
    spec = vocab.load("labels")["markers"]
    return [(kind, re.compile(pattern)) for kind, pattern in spec.items()]


def marker_of(text: str) -> Optional[tuple[str, str]]:
    """Given a line's first word, return (kind, value) when it is a list marker ("1.", "1)", "a)", "•")."""
    for kind, pattern in _markers():
        m = pattern.match(text)
        if m:
            return kind, (m.group(1) if m.groups() else text)
    return None


def small_caps_to_case(chars: list[dict]) -> str:
    """Given a word's characters, return its text with small capitals (capitals set smaller) in lower case.

    Small caps print lower-case letters as smaller capitals: "PROJEKTI" set 11.5/9 pt reads "Projekti".
    """
    text = "".join(c["text"] for c in chars)
    sizes = [round(float(c["size"]), 1) for c in chars]
    if len(set(sizes)) < 2 or not text.isupper():
        return text
    top = max(sizes)
    return "".join(c["text"] if s == top else c["text"].lower() for c, s in zip(chars, sizes))


def page_to_words(page, number: int) -> list[Word]:
    """Given a pdfplumber page, return its words with font size, weight, slant, colour and baseline."""
    height = float(page.height)
    out: list[Word] = []
    for w in page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False, return_chars=True):
        chars = [c for c in w["chars"] if c["text"].strip()]
        if not chars:
            continue
        names = Counter(c["fontname"] for c in chars)
        font = names.most_common(1)[0][0]
        bold = sum(n for f, n in names.items() if BOLD_RE.search(f)) * 2 > len(chars)
        italic = sum(n for f, n in names.items() if ITALIC_RE.search(f)) * 2 > len(chars)
        base = median(height - c["matrix"][5] for c in chars)
        out.append(Word(
            text=small_caps_to_case(chars) if len(chars) == len(w["text"]) else w["text"], page=number, x0=float(w["x0"]), top=float(w["top"]), x1=float(w["x1"]),
            bottom=float(w["bottom"]), baseline=float(base), size=max(float(c["size"]) for c in chars),
            fontname=font.split("+")[-1], bold=bold, italic=italic, color=_color(chars[0].get("non_stroking_color")),
        ))
    return out


def page_to_shapes(page, number: int) -> list[Shape]:
    """Given a pdfplumber page, return its filled rectangles and closed curves as ``Shape``s."""
    shapes = []
    for obj in list(page.rects) + list(page.curves):
        if not obj.get("fill"):
            continue
        shapes.append(Shape(page=number, x0=float(obj["x0"]), top=float(obj["top"]), x1=float(obj["x1"]),
                            bottom=float(obj["bottom"]), color=_color(obj.get("non_stroking_color"))))
    return shapes


def words_to_rows(words: list[Word], tolerance: float) -> list[list[Word]]:
    """Given words, return rows of words sharing a baseline (within tolerance), top to bottom, x-sorted."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if rows and abs(rows[-1][0].baseline - w.baseline) <= tolerance:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def row_to_segments(row: list[Word]) -> list[list[Word]]:
    """Given a row, split it where the gap between words is wider than a column or margin gap."""
    segs = [[row[0]]]
    for prev, w in zip(row, row[1:]):
        gap = w.x0 - prev.x1
        if gap > max(9.0, 1.3 * max(prev.size, w.size)) or (gap > 5.0 and abs(prev.size - w.size) > 1.5):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _furniture_key(text: str) -> str:
    """Mask page numbers, keep section numbers ("3." / "2.1"): a heading is never its neighbour's furniture."""
    return re.sub(r"(?<![\d.])\d+(?![\d.]*\.)", "#", text.casefold()).strip()


def find_furniture(pages_rows: list[tuple[float, list[list[Word]]]]) -> tuple[set[int], set[str]]:
    """Given each page's height and rows, return ids of words that are running headers, footers or page
    numbers, and the repeated texts (digits masked) that identify them.

    A row in the top or bottom zone is furniture when its text (digits masked) repeats on a fair share
    of the pages, or when it is only a page number. Rows in the band those rows occupy are furniture too,
    which catches headers that change per chapter.
    """
    n = len(pages_rows)
    counts: Counter = Counter()
    for height, rows in pages_rows:
        seen = set()
        for row in rows:
            if row[0].top < FURNITURE_ZONE * height or row[-1].bottom > (1 - FURNITURE_ZONE) * height:
                seen.add(_furniture_key(" ".join(w.text for w in row)))
        counts.update(seen)
    min_pages = max(2, int(FURNITURE_MIN_SHARE * n))
    repeated = {k for k, c in counts.items() if c >= min_pages}
    top_band, bottom_band = 0.0, None
    marked: set[int] = set()
    for height, rows in pages_rows:
        for row in rows:
            text = " ".join(w.text for w in row)
            key = _furniture_key(text)
            in_top = row[-1].bottom < FURNITURE_ZONE * height
            in_bottom = row[0].top > (1 - FURNITURE_ZONE) * height
            if (in_top or in_bottom) and (key in repeated or not re.search(r"[^\W\d_]{2,}", key.replace("#", ""))):
                marked.update(id(w) for w in row)
                if in_top:
                    top_band = max(top_band, row[-1].bottom)
                else:
                    bottom_band = row[0].top if bottom_band is None else min(bottom_band, row[0].top)
    for height, rows in pages_rows:
        for row in rows:
            if row[-1].bottom <= top_band + 0.5 and row[-1].bottom < FURNITURE_ZONE * height:
                marked.update(id(w) for w in row)
            if bottom_band is not None and row[0].top >= bottom_band - 0.5 and row[0].top > (1 - FURNITURE_ZONE) * height:
                marked.update(id(w) for w in row)
    return marked, repeated


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


def _side_words(row: list[list[Word]], mid: float, right: bool) -> list[Word]:
    return [w for seg in row for w in seg if ((w.x0 + w.x1) / 2 >= mid) == right]


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
        g0, g1 = max(free, key=lambda iv: iv[1] - iv[0])
        mid = (g0 + g1) / 2
        has_right = [bool(_side_words(r, mid, True)) for r in brows]
        body = Counter((size_key(w.size), w.bold) for r in brows for seg in r for w in seg).most_common(1)[0][0]
        start = 0
        for k, row in enumerate(brows):
            if has_right[k] or not any(has_right[:k]) or not any(has_right[k + 1:]) or k == start:
                continue
            style = Counter((size_key(w.size), w.bold) for seg in row for w in seg).most_common(1)[0][0]
            if style == body or not (style[1] or style[0] > body[0]):
                continue  # the last lines of a longer left column, not a heading across the page
            top = min(w.top for seg in row for w in seg)
            bottom = max(w.bottom for seg in row for w in seg)
            size = max(w.size for seg in row for w in seg)
            near = [w for r in brows for w in _side_words(r, mid, True)
                    if w.bottom > top - 0.5 * size and w.top < bottom + 0.2 * size]
            if not near:
                out.append((free, brows[start:k]))
                out.append(([], [row]))
                start = k + 1
        if start < len(brows):
            out.append((free, brows[start:]))
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
    out: list[tuple[float | None, list]] = []
    for free, brows in split_spanning(blocks):
        gutter = None
        if free and len(brows) >= 3:
            g0, g1 = max(free, key=lambda iv: iv[1] - iv[0])
            mid = (g0 + g1) / 2
            left = sum(1 for r in brows if any(w.x1 <= mid for s in r for w in s))
            starts = [min(w.x0 for s in r for w in s if w.x0 >= mid) for r in brows
                      if any(w.x0 >= mid for s in r for w in s)]
            # a real column is left-aligned: most of its rows start at one x (a river of spaces is not)
            # (list markers and hanging indents shift a line's start by a few ems, never by a column)
            aligned = sum(1 for x in starts if x - min(starts, default=0) < COLUMN_INDENT_MAX)
            if left >= 2 and len(starts) >= 2 and aligned >= max(2, 0.4 * len(starts)):
                gutter = mid
        if out and out[-1][0] is None and gutter is None:
            out[-1][1].extend(brows)
        else:
            out.append((gutter, list(brows)))
    return out


def page_to_lines(rows: list[list[Word]], width: float) -> list[Line]:
    """Given a page's rows (furniture and charts removed), return its lines in reading order."""
    seg_rows = [row_to_segments(r) for r in rows]
    lines: list[Line] = []
    page = rows[0][0].page if rows else 0
    for block, (gutter, brows) in enumerate(rows_to_blocks(seg_rows, width)):
        if gutter is None:
            for segs in brows:
                for seg in segs:
                    lines.append(Line(words=seg, page=page, block=block))
            continue
        left: list[Line] = []
        right: list[Line] = []
        for segs in brows:
            for seg in segs:
                lw = [w for w in seg if (w.x0 + w.x1) / 2 < gutter]
                rw = [w for w in seg if (w.x0 + w.x1) / 2 >= gutter]
                if lw:
                    left.append(Line(words=lw, page=page, column=1, block=block))
                if rw:
                    right.append(Line(words=rw, page=page, column=2, block=block))
        lines.extend(left)
        lines.extend(right)
    return lines


def _text_left(lines: Iterable[Line]) -> dict[int, float]:
    """Given lines, return per column the x where most lines start (the text column's left edge)."""
    starts: dict[int, Counter] = {}
    for line in lines:
        starts.setdefault(line.column, Counter())[round(line.x0)] += len(line.words)
    return {col: float(c.most_common(1)[0][0]) for col, c in starts.items()}


def mark_margins(pages: list[PageLayout]) -> None:
    """Flag lines set in the left margin beside the text column, and attach hung section numbers.

    A line is a margin line when it ends left of the text column and stands beside text-column
    lines (its vertical extent overlaps theirs): margin labels and hung numbers do, headings and
    entry titles that merely start at the margin's edge do not.
    """
    all_lines = [ln for p in pages for ln in p.lines if ln.column == 0]
    if not all_lines:
        return
    left = _text_left(all_lines).get(0, 0.0)
    for page in pages:
        body = [ln for ln in page.lines if ln.column == 0 and ln.x0 >= left - 4]
        prev: Line | None = None
        for ln in page.lines:
            ln.indent = ln.x0 - left if ln.column == 0 else 0.0
            if ln.column == 0 and ln.x1 < left - 4:
                ln.margin = any(b.top < ln.bottom and b.bottom > ln.top for b in body) or (
                    prev is not None and prev.margin and ln.top - prev.bottom < 1.5 * ln.size
                    and ln.words[0].style == prev.words[0].style)  # a margin label wrapping below its value
            if ln.column == 0 and ln.x1 < left - 4:
                prev = ln
        out: list[Line] = []
        i = 0
        lines = page.lines
        while i < len(lines):
            ln = lines[i]
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if (len(ln.words) == 1 and nxt is not None and not nxt.margin and nxt.column == ln.column
                    and (SECTION_NUMBER_RE.match(ln.text) or marker_of(ln.text))
                    and abs(nxt.baseline - ln.baseline) < 3 and nxt.x0 > ln.x1):
                # a hung section number or list marker set apart from its text on the same baseline
                out.append(Line(words=ln.words + nxt.words, page=ln.page, column=nxt.column,
                                indent=ln.indent, block=nxt.block))
                i += 2
                continue
            out.append(ln)
            i += 1
        page.lines = out


def order_margin_labels(lines: list[Line]) -> list[Line]:
    """Put each margin line before the text line that shares its baseline (labels precede their value)."""
    out: list[Line] = []
    pending = [ln for ln in lines if ln.margin]
    text = [ln for ln in lines if not ln.margin]
    if not pending:
        return lines
    pi = 0
    for ln in text:
        while pi < len(pending) and pending[pi].baseline <= ln.baseline + 3:
            out.append(pending[pi])
            pi += 1
        out.append(ln)
    out.extend(pending[pi:])
    return out


def diagram_shapes(page: PageLayout) -> list[Shape]:
    """Given a page, return its diagram boxes: narrow filled shapes holding text beside another such shape.

    Org charts and summary graphics set boxes side by side; a shaded title or label box stands
    alone in its row, so it stays part of the text.
    """
    holders = []
    for s in page.shapes:
        if s.width >= DIAGRAM_MAX_WIDTH * page.width:
            continue
        if any(s.contains((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for ln in page.lines for w in ln.words):
            holders.append(s)
    def column_of(shape: Shape) -> set[int]:
        return {ln.column for ln in page.lines if shape.contains((ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2)}

    # boxes side by side in one column or across a single-column page; a box in each of two
    # text columns (a shaded title in each) is not a diagram
    paired = [s for s in holders if any(
        o is not s and o.top < s.bottom and o.bottom > s.top and (o.x0 >= s.x1 or o.x1 <= s.x0)
        and not ({1, 2} <= column_of(s) | column_of(o)) for o in holders)]
    # on a page that is a diagram (most of its text in boxes), its lone boxes are diagram boxes too
    boxed_lines = sum(1 for ln in page.lines
                      if any(s.contains((ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2) for s in holders))
    if len(holders) >= DIAGRAM_MIN_BOXES and boxed_lines * 2 >= len(page.lines):
        return holders
    return paired


def mark_boxed(page: PageLayout) -> None:
    """Flag lines inside diagram boxes (org charts, cards): their text is not document structure."""
    boxes = diagram_shapes(page)
    for ln in page.lines:
        inside = sum(1 for w in ln.words if any(s.contains((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for s in boxes))
        ln.boxed = inside * 2 > len(ln.words)


def layout(source, settings: Settings | None = None) -> DocLayout:
    """Given an opened ``SourceDoc``, return the document's ``DocLayout``."""
    settings = Settings.from_any(settings)
    pages: list[PageLayout] = []
    raw: list[tuple[float, list[list[Word]]]] = []
    page_words: list[list[Word]] = []
    for i, page in enumerate(source.pdf.pages, start=1):
        pl = PageLayout(number=i, width=float(page.width), height=float(page.height))
        try:
            words = page_to_words(page, i)
            shapes = page_to_shapes(page, i)
        except Exception as exc:  # one bad page must not lose the others
            pl.error = f"{type(exc).__name__}: {exc}"
            words, shapes = [], []
        finally:
            page.close()
        pl.shapes = shapes
        charts, orphans, used = find_charts(words, shapes)
        pl.charts, pl.orphan_boxes = charts, orphans
        cards, card_used = find_cards([w for w in words if id(w) not in used], shapes)
        pl.cards = cards
        used |= card_used
        words = [w for w in words if id(w) not in used]
        page_words.append(words)
        raw.append((pl.height, words_to_rows(words, settings.line_tolerance)))
        pages.append(pl)
    furniture, repeated = find_furniture(raw)
    for pl in pages:
        for chart in pl.charts:  # a running header right above a chart is not its title
            if chart.title_words and _furniture_key(" ".join(w.text for w in chart.title_words)) in repeated:
                chart.title_words = []
    furniture_lines: dict[str, Line] = {}
    for _, rows in raw:
        for r in rows:
            fw = [w for w in r if id(w) in furniture]
            if fw:
                furniture_lines.setdefault(" ".join(w.text for w in fw), Line(words=fw, page=fw[0].page))
    sizes: Counter = Counter()
    styles: Counter = Counter()
    for pl, (_, rows) in zip(pages, raw):
        rows = [[w for w in r if id(w) not in furniture] for r in rows]
        rows = [r for r in rows if r]
        pl.lines = page_to_lines(rows, pl.width)
        for r in rows:
            for w in r:
                sizes[size_key(w.size)] += len(w.text)
                styles[w.style] += len(w.text)
    mark_margins(pages)
    for pl in pages:
        pl.lines = order_margin_labels(pl.lines)
        mark_boxed(pl)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    body_style = styles.most_common(1)[0][0] if styles else ()
    return DocLayout(pages=pages, body_size=body_size, body_style=body_style,
                     furniture=list(furniture_lines.values()))
