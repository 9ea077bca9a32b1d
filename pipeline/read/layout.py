"""Given a ``SourceDoc``, return a ``DocLayout``: lines in reading order, charts and cards.

Everything is measured relative to the document itself (the body font is the most common one,
the text column starts where most lines start, running headers are what repeats in the page
margins), never against fixed sizes, so that other layouts of the family read the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median
from typing import Iterable

from pipeline.models.layout import DocLayout, Line, PageLayout, Shape, Word, size_key
from pipeline.read.charts import find_cards, find_charts
from pipeline.read.columns import page_to_lines
from pipeline.read.words import SECTION_NUMBER_RE, discs_to_words, marker_of, row_to_segments, words_to_rows
from pipeline.settings import Settings

FURNITURE_ZONE = 0.09  # share of the page height at top and bottom where running furniture sits


FURNITURE_MIN_SHARE = 0.2  # a margin line repeated on this share of pages is furniture
FIXED_RUN_MAX = 3  # more consecutive rows than this, repeated at one place, are content unless ...
FIXED_BLOCK_SHARE = 0.5  # ... they repeat on this share of the pages


DIAGRAM_MIN_BOXES = 3  # text boxes that, holding most of a page's lines, make it a diagram


DIAGRAM_MAX_WIDTH = 0.6  # share of the page width; text in narrower filled shapes is a diagram  # a column gutter lies in this share of the page width


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


def fixed_furniture(pages_rows: list[tuple[float, list[list[Word]]]]) -> set[int]:
    """Given each page's height and rows, return ids of words printed at one fixed place on many pages.

    A programme name in the side margin, a logo caption or a running title set beside the text repeats
    its exact text at the same position on a fair share of pages, wherever on the page; body
    text never does. Segments (runs of words with no wide gap) are compared, so a margin text that
    shares a baseline with a body line is still found.
    """
    n = len(pages_rows)
    where: dict[tuple, set[int]] = {}
    segs_by_key: dict[tuple, list[list[Word]]] = {}
    for height, rows in pages_rows:
        for row in rows:
            for seg in row_to_segments(row):
                text = " ".join(w.text for w in seg).casefold()  # digits kept: body lines differing by a number are not furniture
                if not re.search(r"[^\W\d_]{2,}", text):
                    continue
                key = (text, round(seg[0].x0 / 2), round(seg[0].top / 2))
                where.setdefault(key, set()).add(seg[0].page)
                segs_by_key.setdefault(key, []).append(seg)
    min_pages = max(3, int(FURNITURE_MIN_SHARE * n))
    fixed = {key for key, pages in where.items() if len(pages) >= min_pages}
    marked = {id(w) for key in fixed for seg in segs_by_key[key] for w in seg}
    # a run of several consecutive rows repeated in place is content (a standard paragraph, a form-like
    # entry whose labels fall at the same heights), not furniture, unless it is on most pages
    common = {id(w) for key in fixed if len(where[key]) >= FIXED_BLOCK_SHARE * n for seg in segs_by_key[key] for w in seg}
    for _, rows in pages_rows:
        run: list[list[Word]] = []
        for row in rows + [[]]:
            if row and any(id(w) in marked for w in row):
                run.append(row)
                continue
            if len(run) > FIXED_RUN_MAX:
                marked -= {id(w) for r in run for w in r if id(w) not in common}
            run = []
    return marked


def _text_left(lines: Iterable[Line]) -> dict[int, float]:
    """Given lines, return per column the x where most lines start (the text column's left edge)."""
    starts: dict[int, Counter] = {}
    for line in lines:
        starts.setdefault(line.column, Counter())[round(line.x0)] += len(line.words)
    return {col: float(c.most_common(1)[0][0]) for col, c in starts.items()}


def small_caps_words(pages: list[PageLayout]) -> None:
    """Read words set wholly in small capitals ("AKTIVNOSTI" at 80 %) as lower case at full size, so the run
    has one style: beside a decoded small-caps word of the same font ("Ključne") on their line, or anywhere
    at exactly the size and font of the small capitals decoded words use (a label wrapped onto a second line).
    """
    caps = {(w.fontname, round(w.caps_size, 1)): w.size for p in pages for ln in p.lines for w in ln.words
            if w.caps_size}
    for page in pages:
        for ln in page.lines:
            full = [w for w in ln.words if any(c.islower() for c in w.text) and w.text[:1].isupper()]
            for w in ln.words:
                if not w.text.isupper() or len(w.text) < 2 or w.caps_size:
                    continue
                ref = next((v.size for v in full if v.fontname == w.fontname and 0.7 <= w.size / v.size <= 0.9),
                           caps.get((w.fontname, round(w.size, 1))))
                if ref is not None:
                    w.text, w.size = w.text.lower(), ref


def mark_margins(pages: list[PageLayout]) -> None:
    """Flag lines set in the left margin beside the text column, and attach hung section numbers.

    A line is a margin line when it ends left of the text column and stands beside text-column
    lines (its vertical extent overlaps theirs): margin labels and hung numbers do, headings and
    entry titles that merely start at the margin's edge do not.
    """
    lefts = _text_left([ln for p in pages for ln in p.lines])  # per column: 0 single, 1 left, 2 right
    if not lefts:
        return
    carried: Line | None = None  # the last line of the previous page, when it is a margin line
    for page in pages:
        body = [ln for ln in page.lines if ln.x1 >= lefts.get(ln.column, 0.0) - 4]  # reaching into the text column
        text_size = median(ln.size for ln in body) if body else 0.0  # wrapped labels keep the text's leading
        prev: Line | None = None
        for k, ln in enumerate(page.lines):
            left = lefts.get(ln.column, 0.0)
            ln.indent = ln.x0 - left
            if ln.x1 < left - 4:
                ln.margin = any(b.column == ln.column and b.top < ln.bottom and b.bottom > ln.top for b in body) or (
                    prev is not None and prev.margin and ln.top - prev.bottom < 1.5 * max(ln.size, text_size)
                    and ln.words[0].style == prev.words[0].style) or (  # a margin label wrapping below its value
                    k == 0 and carried is not None and abs(ln.x0 - carried.x0) < 2
                    and ln.words[0].style == carried.words[0].style)  # ... or onto the next page
                prev = ln
        carried = next((ln for ln in reversed(page.lines) if ln.margin), None)
        if carried is not None and any(ln.top > carried.top and not ln.margin for ln in page.lines
                                       if ln.column == carried.column and ln.x1 < lefts.get(ln.column, 0.0) - 4):
            carried = None
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
    spans: dict[int, tuple[float, float]] = {}
    for ln in page.lines:
        if ln.column:
            a, b = spans.get(ln.column, (ln.x0, ln.x1))
            spans[ln.column] = (min(a, ln.x0), max(b, ln.x1))

    def column_of(shape: Shape) -> set[int]:
        """The text columns a shape lies in: by its text, or by where it stands (an empty table cell)."""
        cx = (shape.x0 + shape.x1) / 2
        return ({ln.column for ln in page.lines if shape.contains((ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2)}
                | {c for c, (a, b) in spans.items() if a - 2 <= cx <= b + 2})

    # boxes side by side in one column or across a single-column page; a box in each of two
    # text columns (a shaded title in each) is not a diagram
    paired = [s for s in holders if any(
        o is not s and o.top < s.bottom and o.bottom > s.top and (o.x0 >= s.x1 or o.x1 <= s.x0)
        and len((column_of(s) | column_of(o)) - {0}) < 2 for o in holders)]
    # on a page that is a diagram (most of its text in boxes), its lone boxes are diagram boxes too; text is
    # counted in characters, so a table's shaded label cells (many short lines) do not make a page a diagram
    boxed = sum(len(ln.text) for ln in page.lines
                if any(s.contains((ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2) for s in holders))
    if len(holders) >= DIAGRAM_MIN_BOXES and boxed * 2 >= sum(len(ln.text) for ln in page.lines):
        return holders
    return paired


def mark_boxed(page: PageLayout) -> None:
    """Flag lines inside diagram boxes (org charts, cards): their text is not document structure."""
    boxes = diagram_shapes(page)
    for ln in page.lines:
        inside = sum(1 for w in ln.words if any(s.contains((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for s in boxes))
        ln.boxed = inside * 2 > len(ln.words)


def colour_unknown_ink(page_words: list[list[Word]]) -> None:
    """Give words read without a colour (OCR: a scan's ink is not the printer's) the colour most text-layer
    text has, so that in a plan with some scanned pages a colour they cannot show sets none of their lines apart."""
    known: Counter = Counter(w.color for words in page_words for w in words if w.color for _ in w.text)
    if not known:
        return  # all scanned, or all without colour: nothing to compare against
    ink = known.most_common(1)[0][0]
    for words in page_words:
        for w in words:
            if not w.color:
                w.color = ink


def layout(source, settings: Settings | None = None) -> DocLayout:
    """Given an opened ``SourceDoc`` (any source of ``SourcePage``s), return the document's ``DocLayout``."""
    settings = Settings.from_any(settings)
    pages: list[PageLayout] = []
    raw: list[tuple[float, list[list[Word]]]] = []
    page_words: list[list[Word]] = []
    for page in source.pages():
        pl = PageLayout(number=page.number, width=page.width, height=page.height, error=page.error)
        words = page.words
        shapes = [s for s in page.shapes if s.fill]  # stroked rules do not hold text
        words = words + discs_to_words(words, shapes)  # bullets drawn as filled discs
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
    colour_unknown_ink(page_words)
    furniture, repeated = find_furniture(raw)
    furniture |= fixed_furniture(raw)
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
    small_caps_words(pages)
    mark_margins(pages)
    for pl in pages:
        groups: list[list[Line]] = []
        for ln in pl.lines:  # each column of each block on its own: margins sit beside their own column
            if groups and (groups[-1][0].block, groups[-1][0].column) == (ln.block, ln.column):
                groups[-1].append(ln)
            else:
                groups.append([ln])
        pl.lines = [ln for g in groups for ln in order_margin_labels(g)]
        mark_boxed(pl)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    body_style = styles.most_common(1)[0][0] if styles else ()
    return DocLayout(pages=pages, body_size=body_size, body_style=body_style,
                     furniture=list(furniture_lines.values()))
