"""Given body lines, return tokens (heading, emphasized, label, margin, body) with wrapped lines merged.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from pipeline.models.layout import Line, Word
from pipeline.structure.blocks import NUMBER_RE, LineToken
from pipeline.structure.labels import (
    is_contents_line,
    inline_colors,
    is_emph_line,
    join_margin_labels,
    join_wrapped_labels,
    is_plain_label,
    label_candidate,
    line_style,
    own_line_label_styles,
    plain_labels_allowed,
)


def is_plain_subheading(number: str, words: list) -> bool:
    """A multi-level number ("2.1.3") before a short title that ends without punctuation is a heading even
    when set like the body: dates and list numbers never take that form."""
    text = " ".join(w.text for w in words)
    return ("." in number and len(words) <= 10 and re.match(r"[^\W\d_]", text) is not None
            and not text.endswith((".", ",", ";", ":")))


def _title_below(number: Line, cand: Line, body: tuple) -> bool:
    w = number.words[0]
    return (cand.page == number.page and not cand.margin and abs(cand.x0 - number.x0) < 2 * w.size
            and 0 <= cand.top - number.bottom < 1.5 * max(w.size, cand.size)
            and not NUMBER_RE.match(cand.words[0].text) and is_emph_line(cand, body))


def join_numbers_above(lines: list[Line], body: tuple) -> list[Line]:
    """Join a section number set alone on a line above its title ("2.1" / "NACIONALNO") to that title.

    The number is emphasized (bold or larger than the body) and the title right below it, near its x,
    is emphasized too: one heading printed on two lines. The title may come later in reading order (a
    number left at the foot of a column block), so it is looked for among the lines of the page; the
    joined heading takes the title's place.
    """
    joined: dict[int, Line] = {}
    dropped: set[int] = set()
    for i, ln in enumerate(lines):
        w = ln.words[0]
        if (len(ln.words) != 1 or not NUMBER_RE.match(w.text) or ln.margin
                or not (w.bold or w.size >= body[0] + 0.6)):
            continue
        near = [j for j in range(max(0, i - 60), min(len(lines), i + 60))
                if j != i and j not in joined and j not in dropped and _title_below(ln, lines[j], body)]
        if not near:
            continue
        j = min(near, key=lambda k: lines[k].top)
        title = lines[j]
        joined[j] = Line(words=ln.words + title.words, page=title.page, column=title.column, block=title.block,
                         indent=title.indent)
        dropped.add(i)
    return [joined.get(k, ln) for k, ln in enumerate(lines) if k not in dropped]


def lines_to_tokens(lines: list[Line], body: tuple) -> list[LineToken]:
    """Given body lines in reading order, return tokens: headings, emphasized lines, labels, margin lines, body."""
    lines = join_wrapped_labels(join_margin_labels(join_numbers_above(lines, body)))
    cands = [(ln, None if ln.boxed else label_candidate(ln, body)) for ln in lines]
    label_styles = set(line_style(c[1]) for ln, c in cands if c and c[3] and not ln.margin)
    label_styles |= own_line_label_styles(lines, cands, body)
    plain = inline_colors(lines, body)
    plain_labels = plain_labels_allowed(lines, cands, body)
    tokens: list[LineToken] = []
    for ln, cand in cands:
        if ln.boxed:
            tokens.append(LineToken("body", ln, lines=[ln.words]))
            continue
        if cand and not (plain_labels or ln.margin) and is_plain_label(cand, body):
            cand = None
        if cand and (cand[3] or line_style(cand[1]) in label_styles):
            tokens.append(LineToken("label", ln, field=cand[0], label_words=cand[1], rest=cand[2]))
            continue
        if ln.margin:
            tokens.append(LineToken("margin", ln))
            continue
        if is_contents_line(ln):
            tokens.append(LineToken("body", ln, lines=[ln.words]))  # a table-of-contents line, not the heading itself
            continue
        m = NUMBER_RE.match(ln.words[0].text)
        title_words = ln.words[1:]
        if m and title_words and (is_emph_line(Line(words=title_words, page=ln.page), body, plain)
                                  or is_plain_subheading(m.group(1), title_words)):
            tokens.append(LineToken("heading", ln, number=m.group(1), lines=[ln.words]))
            continue
        tokens.append(LineToken("emph" if is_emph_line(ln, body, plain) else "body", ln, lines=[ln.words]))
    return merge_wrapped(tokens, body_leading(lines))


def _color(words: list[Word]) -> tuple:
    return Counter(w.color for w in words for _ in w.text).most_common(1)[0][0]


WRAP_EXTRA_LEADING = 0.45  # sizes: a wrapped heading's line pitch may exceed the body's by this much


def body_leading(lines: list[Line]) -> float:
    """Given lines, return the usual baseline-to-baseline pitch of consecutive lines of one block, in sizes.

    Pitch, not the gap between boxes: box tops and bottoms depend on the producer (font boxes) or on the
    ink (OCR: a caron raises a line's top), baselines do not."""
    pitches = sorted((b.words[0].baseline - a.words[0].baseline) / a.size for a, b in zip(lines, lines[1:])
                     if a.page == b.page and a.column == b.column and a.block == b.block and a.size > 0
                     and abs(a.size - b.size) < 0.5 and 0 < b.words[0].baseline - a.words[0].baseline < 3 * a.size)
    return pitches[len(pitches) // 2] if pitches else 1.2


def _continues(prev: LineToken, ln: Line, leading: float) -> bool:
    last = prev.lines[-1]
    head = last if prev.kind != "heading" else last[1:] or last
    pitch = ln.words[0].baseline - head[0].baseline  # the title's, not a number set above it
    return (ln.page == last[0].page and line_style(ln.words) == line_style(head) and _color(ln.words) == _color(head)
            and 0 < ln.top - max(w.bottom for w in last) and 0 < pitch < (leading + WRAP_EXTRA_LEADING) * ln.size)


def _broken(a: Line, b: Line) -> bool:
    """Line b continues line a across a column or page break: it is on the next page, or in a later column
    of the page and higher up."""
    return b.page == a.page + 1 or (b.page == a.page and b.column > a.column and b.top < a.top)


def merge_wrapped(tokens: list[LineToken], leading: float = 1.2) -> list[LineToken]:
    """Join headings and emphasized lines that wrap onto the next line in the same style."""
    out: list[LineToken] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if (tok.kind == "emph" and prev is not None and prev.kind == "label" and not prev.rest
                and not prev.label_words[-1].text.endswith(":")
                and (tok.line.words[0].bold, tok.line.words[0].italic) == (prev.label_words[0].bold, prev.label_words[0].italic)
                and (0 < tok.line.top - prev.label_words[-1].bottom < 1.2 * tok.line.size
                     and tok.line.page == prev.label_words[-1].page or _broken(prev.line, tok.line))):
            prev.label_words.extend(tok.line.words)  # a label wrapping onto a second line (maybe the next column's)
            continue
        if tok.kind == "emph" and out and out[-1].kind in ("heading", "emph") and _continues(out[-1], tok.line, leading):
            out[-1].lines.append(tok.line.words)
            continue
        out.append(tok)
    return out


def next_structural(tokens: list[LineToken], i: int) -> Optional[LineToken]:
    for tok in tokens[i + 1:]:
        if tok.kind in ("heading", "emph", "label"):
            return tok
    return None


def style_of(tok: LineToken) -> tuple:
    words = [w for ln in tok.lines for w in ln]
    if tok.kind == "heading":
        words = words[1:] or words
    return line_style(words)


def is_short_heading(tok: LineToken) -> bool:
    text = " ".join(w.text for ln in tok.lines for w in ln).strip()
    return len(text.split()) <= 6 and not text.endswith((".", ",", ";", ":"))


TITLE_MAX_LINES = 4  # a title set like body text wraps onto at most this many lines
ALIGN_TOLERANCE = 1.5  # points: a line starts "at" a label's x within this
INDENT_MIN = 3.0  # points: value lines indented at least this much past their label's x are indented


def _breaks(prev: list[Word], line: list[Word]) -> bool:
    """A line that starts a new page or column after the one before."""
    return line[0].page != prev[0].page or line[0].x0 >= max(w.x1 for w in prev)


def _starts_new_paragraph(prev: list[Word], line: list[Word]) -> bool:
    """A line set apart from the one before by a vertical gap (not a page or column break)."""
    return not _breaks(prev, line) and line[0].top - max(w.bottom for w in prev) > 0.8 * max(w.size for w in line)


def _title_tail(tail: list[list[Word]]) -> list[list[Word]]:
    text = " ".join(w.text for ln in tail for w in ln).rstrip()
    return tail if text and not text.endswith((".", ",", ";", ":")) else []


def trailing_paragraph(lines: list[list[Word]], label: list[Word] | None = None, whole: bool = False,
                       value_label: list[Word] | None = None, max_lines: int = TITLE_MAX_LINES) -> list[list[Word]]:
    """Given the lines before a label, return their last paragraph when it is short and ends without
    punctuation: a title set like body text. Its start is told by a vertical gap, by the lines standing at
    the label's x while the line before them is indented past its own label (``value_label``, the label
    of the field the lines belong to, perhaps in another column), or (``whole``: the lines since a heading)
    by the first line; failing those, by a page or column break (an entry begun at the top of a column).
    """
    x = label[0].x0 if label else None
    indent_from = value_label[0].x0 if value_label else x

    def aligned(ln: list[Word]) -> bool:
        return x is not None and abs(ln[0].x0 - x) <= ALIGN_TOLERANCE

    column_break = None
    for n in range(1, min(max_lines, len(lines)) + 1):
        k = len(lines) - n
        if k == 0:
            if whole:
                return _title_tail(lines[:])  # a copy: the caller goes on filling its list
            break
        prev = lines[k - 1]
        outdented = (x is not None and indent_from is not None and all(aligned(ln) for ln in lines[k:])
                     and not aligned(prev) and prev[0].x0 > indent_from + INDENT_MIN)
        if _starts_new_paragraph(prev, lines[k]) or outdented:
            return _title_tail(lines[k:])
        if column_break is None and _breaks(prev, lines[k]):
            column_break = k
    return _title_tail(lines[column_break:]) if column_break is not None else []
