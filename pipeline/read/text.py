"""Join layout lines into text that keeps, for every character, the word it came from.

Joining applies the FORMAT.md text conventions: line-end hyphens are removed and the word halves
joined, except a doubled hyphen ("so-" / "-avtorstvu"), which is a real hyphen; whitespace runs
become one space (words never hold spaces, so joining with one space suffices). Because each character maps back to its word, any span of the joined text can be
turned into provenance fragments: one per printed line, the box tight around the span's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.models import Fragment
from pipeline.models.layout import Line, Word

HYPHENS = ("-", "\u00ad", "\u2010")
_LETTER_BEFORE_HYPHEN = re.compile(r"[^\W\d_][-\u00ad\u2010]$")


@dataclass
class TextRun:
    """Joined text and, for each word, its character span and line."""

    text: str = ""
    spans: list[tuple[int, int, Word, int]] = field(default_factory=list)  # start, end, word, line id

    def fragments(self, start: int = 0, end: int | None = None) -> list[Fragment]:
        """Given a character span, return one fragment per line for the words it covers."""
        end = len(self.text) if end is None else end
        by_line: dict[int, list[Word]] = {}
        order: list[int] = []
        for s, e, word, line_id in self.spans:
            if e > start and s < end:
                if line_id not in by_line:
                    by_line[line_id] = []
                    order.append(line_id)
                if (s < start or e > end) and self.text[s:e] == word.text:
                    word = sub_word(word, max(s, start) - s, min(e, end) - s)
                by_line[line_id].append(word)
        return [words_to_fragment(by_line[i]) for i in order]

    def slice(self, start: int, end: int) -> "TextRun":
        """Given a character span, return the sub-run (text stripped, spans shifted)."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        spans = [(max(s, start) - start, min(e, end) - start, w, li) for s, e, w, li in self.spans if e > start and s < end]
        return TextRun(text=self.text[start:end], spans=spans)


def sub_word(word: Word, i: int, j: int) -> Word:
    """Given a word and a character range of it, return that part with its box cut in proportion.

    Glued tokens ("vključenih16") hold a value in part of a word; its provenance is that part only.
    """
    n = len(word.text) or 1
    width = word.x1 - word.x0
    return replace(word, text=word.text[i:j], x0=word.x0 + width * i / n, x1=word.x0 + width * j / n)


def words_to_fragment(words: list[Word]) -> Fragment:
    """Given words of one line, return the fragment of their joint box and printed text."""
    return Fragment(
        page=words[0].page,
        bbox=(round(min(w.x0 for w in words), 2), round(min(w.top for w in words), 2),
              round(max(w.x1 for w in words), 2), round(max(w.bottom for w in words), 2)),
        text=" ".join(w.text for w in words),
    )


def _is_line_end_hyphen(word: Word) -> bool:
    return len(word.text) > 1 and _LETTER_BEFORE_HYPHEN.search(word.text) is not None


def lines_to_run(lines: list[list[Word]] | list[Line], line_ids: list[int] | None = None) -> TextRun:
    """Given lines (as ``Line`` or word lists), return their joined, dehyphenated ``TextRun``."""
    run = TextRun()
    parts: list[str] = []
    pos = 0
    pending_join = False  # previous line ended in a hyphen to drop or keep
    word_lists = [ln.words if isinstance(ln, Line) else ln for ln in lines]
    for li, words in enumerate(word_lists):
        lid = line_ids[li] if line_ids else li
        for wi, word in enumerate(words):
            text = word.text
            is_last = wi == len(words) - 1
            next_line_start = word_lists[li + 1][0].text if is_last and li + 1 < len(word_lists) and word_lists[li + 1] else ""
            join_next = False
            if is_last and next_line_start and _is_line_end_hyphen(word):
                join_next = True
                if not next_line_start.startswith(HYPHENS):
                    text = text[:-1]  # a plain break: drop the hyphen, join the halves
            if wi == 0 and pending_join and text.startswith(HYPHENS):
                text = text[1:]  # doubled hyphen: keep the one at the line end
            if parts and not (wi == 0 and pending_join):
                parts.append(" ")
                pos += 1
            parts.append(text)
            run.spans.append((pos, pos + len(text), word, lid))
            pos += len(text)
            pending_join = join_next
    run.text = "".join(parts)
    return run
