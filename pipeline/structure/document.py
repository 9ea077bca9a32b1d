"""Given a ``DocLayout``, return the document's structure: headings, entry blocks and their labelled fields.

Structure comes from what is general across layouts: section numbering, the label vocabulary,
typography relative to the document's own body text, and what follows what (an entry title is
followed by labelled fields, a heading by entries or other headings).
"""

from __future__ import annotations

from pipeline.models.layout import DocLayout, Line
from pipeline.structure.blocks import DocStructure
from pipeline.structure.tokens import lines_to_tokens
from pipeline.structure.tree import tokens_to_structure


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
