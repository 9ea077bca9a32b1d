"""Given a ``DocLayout``, return the document's structure: headings, entry blocks and their labelled fields.

Structure comes from what is general across layouts: section numbering, the label vocabulary,
typography relative to the document's own body text, and what follows what (an entry title is
followed by labelled fields, a heading by entries or other headings).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import Optional

from pipeline import vocab
from pipeline.layout import SECTION_NUMBER_RE
from pipeline.models.layout import DocLayout, Line, Word, size_key

NUMBER_RE = SECTION_NUMBER_RE
COLON_RE = re.compile(r":$")
LEADER_RE = re.compile(r"(\.\s?){4,}|…{2,}|_{4,}")


@dataclass
class FieldBlock:
    field: str
    label_words: list[Word]
    value_lines: list[list[Word]] = dc_field(default_factory=list)

    @property
    def label(self) -> str:
        return " ".join(w.text for w in self.label_words).rstrip(":").strip()


@dataclass
class HeadingBlock:
    number: Optional[str]
    lines: list[list[Word]]
    level: int
    parent: Optional[str]
    key: str

    @property
    def title(self) -> str:
        words = [w for ln in self.lines for w in ln]
        if self.number is not None and words and NUMBER_RE.match(words[0].text):
            words = words[1:]
        return " ".join(w.text for w in words)


@dataclass
class EntryBlock:
    title_lines: list[list[Word]]
    section: Optional[str]
    parent_title_lines: Optional[list[list[Word]]] = None
    fields: list[FieldBlock] = dc_field(default_factory=list)
    title_from_label: bool = False


@dataclass
class DocStructure:
    headings: list[HeadingBlock]
    entries: list[EntryBlock]
    title_page: list[Line]
    body: list[Line]


@dataclass
class _Token:
    kind: str  # heading | emph | label | margin | body
    line: Line
    field: Optional[str] = None
    label_words: list[Word] = dc_field(default_factory=list)
    rest: list[Word] = dc_field(default_factory=list)
    number: Optional[str] = None
    lines: list[list[Word]] = dc_field(default_factory=list)


def _heads() -> list[tuple[str, str]]:
    spec = vocab.load("labels")
    pairs = [(h.casefold(), f) for f, heads in spec["fields"].items() for h in heads]
    return sorted(pairs, key=lambda p: -len(p[0]))


def match_label(text: str) -> Optional[str]:
    """Given a label's text, return the field it names (by its head), or None."""
    t = re.sub(r"\s+", " ", text.casefold().rstrip(":").strip())
    for head, fld in _heads():
        if t == head or t.startswith(head + " ") or t.startswith(head + ":"):
            return fld
    return None


def _emphasis(w: Word, body: tuple) -> bool:
    size, bold, italic, color = body
    return w.bold != bold or w.italic != italic or abs(w.size - size) >= 0.6


def _line_style(words: list[Word]) -> tuple:
    c = Counter((size_key(w.size), w.bold, w.italic) for w in words for _ in w.text)
    return c.most_common(1)[0][0]


def _label_candidate(line: Line, body: tuple) -> Optional[tuple[str, list[Word], list[Word], bool]]:
    """Return (field, label words, rest, confident) when the line starts with a label."""
    words = line.words
    if line.margin:
        fld = match_label(line.text)
        return (fld, words, [], True) if fld else None
    # a label set apart by style: the leading run of words in one style different from the body
    first = words[0]
    if _emphasis(first, body) or first.color != body[3]:
        run = [first]
        for w in words[1:]:
            if (w.bold, w.italic, w.color) != (first.bold, first.italic, first.color):
                break
            run.append(w)
            if w.text.endswith(":"):
                break
        text = " ".join(w.text for w in run)
        fld = match_label(text)
        if fld:
            rest = words[len(run):]
            return fld, run, rest, text.endswith(":") or bool(rest)
    # a plain label ended by a colon
    for i, w in enumerate(words[:10]):
        if w.text.endswith(":"):
            fld = match_label(" ".join(x.text for x in words[: i + 1]))
            if fld:
                return fld, words[: i + 1], words[i + 1:], True
            break
    return None


def _is_emph_line(line: Line, body: tuple) -> bool:
    letters = [w for w in line.words if re.search(r"[^\W\d_]", w.text)]
    if not letters:
        return False
    share = sum(len(w.text) for w in letters if _emphasis(w, body)) / sum(len(w.text) for w in letters)
    return share > 0.6


def join_margin_labels(lines: list[Line], lookahead: int = 3) -> list[Line]:
    """Join a margin label wrapped over several margin lines ("PRIČAKOVANI" / "REZULTATI") into its first line.

    A label's first line stands beside the first line of its value, so the later lines of the label
    come after value lines in reading order; they are folded back into the first one.
    """
    out: list[Line] = []
    consumed: set[int] = set()
    for i, ln in enumerate(lines):
        if i in consumed:
            continue
        if ln.margin and match_label(ln.text) is None:
            words, taken = list(ln.words), []
            for j in range(i + 1, min(len(lines), i + 3 * lookahead)):
                if not lines[j].margin:
                    continue
                words += lines[j].words
                taken.append(j)
                if match_label(" ".join(w.text for w in words)):
                    consumed.update(taken)
                    ln = Line(words=words, page=ln.page, column=ln.column, margin=True, indent=ln.indent)
                    break
                if len(taken) >= lookahead:
                    break
        out.append(ln)
    return out


def is_contents_line(line: Line) -> bool:
    """A table-of-contents line: dot leaders, or a numbered title ending in a page number."""
    text = line.text
    if LEADER_RE.search(text):
        return True
    words = line.words
    return (len(words) >= 3 and NUMBER_RE.match(words[0].text) is not None and words[-1].text.isdigit()
            and len(words[-1].text) <= 3 and words[-1].x0 - words[-2].x1 > 3 * words[-1].size)


def own_line_label_styles(lines: list[Line], cands: list, body: tuple) -> set[tuple]:
    """Return the styles of labels set on a line of their own without a colon ("TRAJANJE").

    Such a line is a label only when its style is shared by labels of several different fields
    and is not the style of numbered headings (whose wrapped second line may read "AKTIVNOSTI").
    """
    heading_styles = set()
    for ln in lines:
        if NUMBER_RE.match(ln.words[0].text) and len(ln.words) > 1 and _is_emph_line(Line(words=ln.words[1:], page=ln.page), body):
            heading_styles.add(_line_style(ln.words[1:]))
    groups: dict[tuple, list[str]] = {}
    for ln, c in cands:
        if c and not c[3] and not c[2] and not ln.margin:
            groups.setdefault(_line_style(c[1]), []).append(c[0])
    return {style for style, fields in groups.items()
            if style not in heading_styles and len(set(fields)) >= 2 and len(fields) >= 3}


def lines_to_tokens(lines: list[Line], body: tuple) -> list[_Token]:
    """Given body lines in reading order, return tokens: headings, emphasized lines, labels, margin lines, body."""
    lines = join_margin_labels(lines)
    cands = [(ln, None if ln.boxed else _label_candidate(ln, body)) for ln in lines]
    label_styles = set(_line_style(c[1]) for ln, c in cands if c and c[3] and not ln.margin)
    label_styles |= own_line_label_styles(lines, cands, body)
    tokens: list[_Token] = []
    for ln, cand in cands:
        if ln.boxed:
            tokens.append(_Token("body", ln, lines=[ln.words]))
            continue
        if cand and (cand[3] or _line_style(cand[1]) in label_styles):
            tokens.append(_Token("label", ln, field=cand[0], label_words=cand[1], rest=cand[2]))
            continue
        if ln.margin:
            tokens.append(_Token("margin", ln))
            continue
        if is_contents_line(ln):
            tokens.append(_Token("body", ln, lines=[ln.words]))  # a table-of-contents line, not the heading itself
            continue
        m = NUMBER_RE.match(ln.words[0].text)
        title_words = ln.words[1:]
        if m and title_words and _is_emph_line(Line(words=title_words, page=ln.page), body):
            tokens.append(_Token("heading", ln, number=m.group(1), lines=[ln.words]))
            continue
        tokens.append(_Token("emph" if _is_emph_line(ln, body) else "body", ln, lines=[ln.words]))
    return merge_wrapped(tokens)


def _continues(prev: _Token, ln: Line) -> bool:
    last = prev.lines[-1]
    return (ln.page == last[0].page and _line_style(ln.words) == _line_style(last if prev.kind != "heading" else last[1:] or last)
            and 0 < ln.top - max(w.bottom for w in last) < 1.2 * ln.size)


def merge_wrapped(tokens: list[_Token]) -> list[_Token]:
    """Join headings and emphasized lines that wrap onto the next line in the same style."""
    out: list[_Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if (tok.kind == "emph" and prev is not None and prev.kind == "label" and not prev.rest
                and not prev.label_words[-1].text.endswith(":") and tok.line.page == prev.line.page
                and (tok.line.words[0].bold, tok.line.words[0].italic) == (prev.label_words[0].bold, prev.label_words[0].italic)
                and 0 < tok.line.top - prev.line.bottom < 1.2 * tok.line.size):
            prev.label_words.extend(tok.line.words)  # a label wrapping onto a second line
            continue
        if tok.kind == "emph" and out and out[-1].kind in ("heading", "emph") and _continues(out[-1], tok.line):
            out[-1].lines.append(tok.line.words)
            continue
        out.append(tok)
    return out


def _next_structural(tokens: list[_Token], i: int) -> Optional[_Token]:
    for tok in tokens[i + 1:]:
        if tok.kind in ("heading", "emph", "label"):
            return tok
    return None


def _style_of(tok: _Token) -> tuple:
    words = [w for ln in tok.lines for w in ln]
    if tok.kind == "heading":
        words = words[1:] or words
    return _line_style(words)


def _is_short_heading(tok: _Token) -> bool:
    text = " ".join(w.text for ln in tok.lines for w in ln).strip()
    return len(text.split()) <= 6 and not text.endswith((".", ",", ";", ":"))


def trailing_paragraph(lines: list[list[Word]], max_lines: int = 2) -> list[list[Word]]:
    """Given a field's value lines, return its last paragraph when it is short and set apart by a gap."""
    if len(lines) < 2:
        return []
    for k in range(len(lines) - 1, max(0, len(lines) - max_lines) - 1, -1):
        prev, line = lines[k - 1], lines[k]
        same_column = line[0].page == prev[0].page and line[0].x0 < max(w.x1 for w in prev)
        gap = line[0].top - max(w.bottom for w in prev) if same_column else float("inf")  # a page or column break
        if k > 0 and gap > 0.8 * max(w.size for w in line):
            tail = lines[k:]
            text = " ".join(w.text for ln in tail for w in ln)
            return tail if not text.rstrip().endswith((".", ",", ";", ":")) else []
    return []


def tokens_to_structure(tokens: list[_Token]) -> tuple[list[HeadingBlock], list[EntryBlock]]:
    """Given tokens, return the heading tree and the entry blocks with their fields."""
    headings: list[HeadingBlock] = []
    seen: dict[str, HeadingBlock] = {}
    level_styles: dict[tuple, int] = {}
    # first pass: which emphasized blocks are entry titles (a label follows before the next block)
    roles: dict[int, str] = {}
    for i, tok in enumerate(tokens):
        if tok.kind in ("emph", "heading"):
            nxt = _next_structural(tokens, i)
            # a numbered line is an entry title only when its fields follow at once
            roles[i] = ("title" if nxt is not None and nxt.kind == "label" and nxt.field != "title"
                        and i + 1 < len(tokens) and tokens[i + 1] is nxt else "other")
            if tok.kind == "emph" and nxt is not None and nxt.kind == "label":
                roles[i] = "title"
        if tok.kind == "heading":
            level_styles.setdefault(_style_of(tok), tok.number.count(".") + 1)
    entries: list[EntryBlock] = []
    current: Optional[EntryBlock] = None
    container: Optional[EntryBlock] = None
    fld: Optional[FieldBlock] = None
    section_key: Optional[str] = None
    stack: list[HeadingBlock] = []
    loose: list[list[Word]] = []  # lines outside any field since the last heading (a plain title may be among them)

    def add_heading(number: Optional[str], lines: list[list[Word]], level: int) -> None:
        nonlocal section_key, current, container, fld
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1].key if stack else None
        h = HeadingBlock(number=number, lines=lines, level=level, parent=parent, key="")
        h.key = number if number else (f"{parent}/{h.title}" if parent else h.title)
        headings.append(h)
        stack.append(h)
        section_key, current, container, fld = h.key, None, None, None
        loose.clear()

    for i, tok in enumerate(tokens):
        if tok.kind == "heading" and roles.get(i) == "title":
            # a numbered line followed by labelled fields is an entry title, its number not part of the title
            current = EntryBlock(title_lines=[tok.lines[0][1:]] + tok.lines[1:], section=section_key)
            entries.append(current)
            container, fld = None, None
            continue
        if tok.kind == "heading":
            number = tok.number
            parent_num = number.rsplit(".", 1)[0] if "." in number else None
            if number in seen or (parent_num and parent_num not in seen and not any(k.startswith(parent_num.split(".")[0]) for k in seen)):
                tok.kind = "body"  # a repeated running heading or a stray number
            else:
                add_heading(number, tok.lines, number.count(".") + 1)
                seen[number] = headings[-1]
                continue
        if tok.kind == "emph" and roles.get(i) == "title":
            current = EntryBlock(title_lines=tok.lines, section=section_key)
            entries.append(current)
            container, fld = None, None
            continue
        nxt = _next_structural(tokens, i) if tok.kind == "emph" else None
        if (tok.kind == "emph" and stack and nxt is not None and nxt.kind == "emph"
                and roles.get(tokens.index(nxt)) == "title"
                and (_style_of(tok) in level_styles or _is_short_heading(tok))):
            # an unnumbered heading groups the entries that follow it: set like a numbered heading, or a
            # short line in a style of its own (then one level below the current heading, learned for the rest)
            level = level_styles.setdefault(_style_of(tok), stack[-1].level + 1)
            add_heading(None, tok.lines, level)
            continue
        if tok.kind == "label":
            if tok.field == "title" and current is not None:
                if container is None and not current.title_from_label:  # a Naslov block never contains another
                    container = current
                parent = container or current
                current = EntryBlock(title_lines=[tok.rest] if tok.rest else [], section=section_key,
                                     parent_title_lines=parent.title_lines, title_from_label=True)
                entries.append(current)
                fld = FieldBlock(field="title", label_words=tok.label_words)
                if tok.rest:
                    fld.value_lines.append(tok.rest)
                current.fields.append(fld)
                continue
            if current is None:
                title = trailing_paragraph(loose) or (loose[-1:] if len(loose) == 1 else [])
                if not title or " ".join(w.text for w in title[-1]).rstrip().endswith((".", ",", ";", ":")):
                    fld = None
                    continue
                current = EntryBlock(title_lines=title, section=section_key)  # a title set like body text
                entries.append(current)
            if fld is not None and any(f.field == tok.field for f in current.fields) and tok.field != "title":
                # a field the entry already has: a new entry began, its title set like body text,
                # standing as the last short paragraph of the previous value
                title = trailing_paragraph(fld.value_lines)
                if title:
                    del fld.value_lines[len(fld.value_lines) - len(title):]
                    current = EntryBlock(title_lines=title, section=section_key)
                    entries.append(current)
                    container = None
            fld = FieldBlock(field=tok.field, label_words=list(tok.label_words))
            if tok.rest:
                fld.value_lines.append(tok.rest)
            current.fields.append(fld)
            continue
        if tok.kind == "margin":
            if fld is not None:
                fld.label_words.extend(tok.line.words)  # a long margin label wrapping onto more lines
            continue
        if fld is None:
            loose.extend(tok.lines)
        if fld is not None:
            for ln in tok.lines:
                fld.value_lines.append(ln)
                if fld.field == "title" and current is not None and current.title_from_label:
                    current.title_lines.append(ln)
    return headings, entries


def is_title_page(lines: list[Line], n_pages: int) -> bool:
    """A first page with little text and no labels is a title page, not body."""
    words = sum(len(ln.words) for ln in lines)
    return n_pages > 2 and words < 80


def structure(doc: DocLayout) -> DocStructure:
    """Given a ``DocLayout``, return its ``DocStructure``."""
    pages = doc.pages
    title_page: list[Line] = []
    if pages and is_title_page(pages[0].lines, len(pages)):
        title_page = pages[0].lines
        pages = pages[1:]
    body = [ln for p in pages for ln in p.lines]
    tokens = lines_to_tokens(body, doc.body_style)
    headings, entries = tokens_to_structure(tokens)
    return DocStructure(headings=headings, entries=entries, title_page=title_page, body=body)
