"""The blocks structure hands on: headings, entry blocks, labelled field blocks, and line tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Optional

from pipeline.models.layout import Line, Word
from pipeline.read.words import SECTION_NUMBER_RE

NUMBER_RE = SECTION_NUMBER_RE


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
class LineToken:
    kind: str  # heading | emph | label | margin | body
    line: Line
    field: Optional[str] = None
    label_words: list[Word] = dc_field(default_factory=list)
    rest: list[Word] = dc_field(default_factory=list)
    number: Optional[str] = None
    lines: list[list[Word]] = dc_field(default_factory=list)
