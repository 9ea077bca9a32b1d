"""Given line tokens, return headings and entry blocks: what follows what decides each role.

An entry title is followed by labelled fields, a heading by entries or other headings; numbered
headings take their level from the number, unnumbered ones from their style.
"""

from __future__ import annotations

from typing import Optional

from pipeline.models.layout import Word
from pipeline.structure.blocks import EntryBlock, FieldBlock, HeadingBlock, LineToken
from pipeline.structure.tokens import (
    TITLE_MAX_LINES,
    is_short_heading,
    next_structural,
    style_of,
    trailing_paragraph,
)


def tokens_to_structure(tokens: list[LineToken]) -> tuple[list[HeadingBlock], list[EntryBlock]]:
    """Given tokens, return the heading tree and the entry blocks with their fields."""
    headings: list[HeadingBlock] = []
    seen: dict[str, HeadingBlock] = {}
    level_styles: dict[tuple, int] = {}
    # first pass: which emphasized blocks are entry titles (a label follows before the next block)
    roles: dict[int, str] = {}
    numbers: set[str] = set()
    heading_styles = {style_of(t) for t in tokens if t.kind == "heading"}
    for i, tok in enumerate(tokens):
        if tok.kind in ("emph", "heading"):
            nxt = next_structural(tokens, i)
            # a numbered line is an entry title only when its fields follow at once; a "Naslov" block
            # follows one only when its number is already taken by a heading (an entry counter "2.")
            roles[i] = ("title" if nxt is not None and nxt.kind == "label"
                        and (nxt.field != "title" or (tok.kind == "heading" and tok.number in numbers))
                        and i + 1 < len(tokens) and tokens[i + 1] is nxt else "other")
            if tok.kind == "emph" and nxt is not None and nxt.kind == "label":
                roles[i] = "heading" if _heads_plain_title(tokens, i, nxt, heading_styles) else "title"
        if tok.kind == "heading" and roles.get(i) != "title":
            numbers.add(tok.number)
        if tok.kind == "heading":
            level_styles.setdefault(style_of(tok), tok.number.count(".") + 1)
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
        nxt = next_structural(tokens, i) if tok.kind == "emph" else None
        if (tok.kind == "emph" and stack and nxt is not None and nxt.kind in ("emph", "heading")
                and roles.get(tokens.index(nxt)) == "title"
                and (style_of(tok) in level_styles or is_short_heading(tok))):
            # an unnumbered heading groups the entries that follow it: set like a numbered heading, or a
            # short line in a style of its own (then one level below the current heading, learned for the rest)
            level = level_styles.setdefault(style_of(tok), stack[-1].level + 1)
            add_heading(None, tok.lines, level)
            continue
        if tok.kind == "emph" and stack and roles.get(i) == "heading":
            # an unnumbered heading set like the numbered ones, over an entry whose title is set like body text
            add_heading(None, tok.lines, level_styles.setdefault(style_of(tok), stack[-1].level + 1))
            continue
        if tok.kind == "label":
            if tok.field == "title" and current is not None:
                # a container's first "Naslov" may follow its title set like body text; a later one
                # continues the same container (the lines before it end the previous sub-entry)
                title = trailing_paragraph(fld.value_lines, tok.label_words, value_label=fld.label_words) \
                    if fld is not None and fld.field != "title" and not current.title_from_label else []
                if title:  # a container's title set like body text, standing after the previous entry's last value
                    del fld.value_lines[len(fld.value_lines) - len(title):]
                    current = EntryBlock(title_lines=title, section=section_key)
                    entries.append(current)
                    container = None
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
                title = trailing_paragraph(loose, tok.label_words, whole=True)
                if not title or " ".join(w.text for w in title[-1]).rstrip().endswith((".", ",", ";", ":")):
                    fld = None
                    continue
                current = EntryBlock(title_lines=title, section=section_key)  # a title set like body text
                entries.append(current)
            if fld is not None and any(f.field == tok.field for f in current.fields) and tok.field != "title":
                # a field the entry already has: a new entry began, its title set like body text,
                # standing as the last short paragraph of the previous value
                title = trailing_paragraph(fld.value_lines, tok.label_words, value_label=fld.label_words)
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


def _heads_plain_title(tokens: list[LineToken], i: int, label: LineToken, heading_styles: set[tuple]) -> bool:
    """An emphasized line set like the document's numbered headings, followed by body lines and then a label,
    is an unnumbered heading over an entry whose title is set like body text (the body lines)."""
    between = tokens[i + 1:tokens.index(label)]
    return (bool(between) and style_of(tokens[i]) in heading_styles and all(t.kind == "body" for t in between)
            and len(between) <= TITLE_MAX_LINES)
