"""Field labels: matched against the label vocabulary, styled, with a colon, on their own line or in the margin.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from pipeline import vocab
from pipeline.models.layout import Line, Word, size_key
from pipeline.structure.blocks import NUMBER_RE

COLON_RE = re.compile(r":$")


WRAP_HYPHEN_RE = re.compile(r"(\w)[-\u00ad\u2010] (\w)")


LEADER_RE = re.compile(r"(\.\s?){4,}|…{2,}|_{4,}")
SPACES_RE = re.compile(r"\s+")
LETTER_RE = re.compile(r"[^\W\d_]")
WORD_RE = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=None)
def _heads() -> list[tuple[str, str]]:
    spec = vocab.load("labels")
    pairs = [(h.casefold(), f) for f, heads in spec["fields"].items() for h in heads]
    return sorted(pairs, key=lambda p: -len(p[0]))


def match_label(text: str) -> Optional[str]:
    """Given a label's text, return the field it names (by its head), or None."""
    t = SPACES_RE.sub(" ", text.casefold().rstrip(":").strip())
    t = WRAP_HYPHEN_RE.sub(r"\1\2", t)  # a label hyphenated where it wraps ("financira-" / "nja")
    for head, fld in _heads():
        if t == head or t.startswith(head + " ") or t.startswith(head + ":"):
            return fld
    return None


def is_label_start(text: str) -> bool:
    """Whether a line's whole text is the first words of a label head ("Partnerske" of "Partnerske organizacije"):
    a label that wraps before its second word, hyphenated or not."""
    t = SPACES_RE.sub(" ", text.casefold()).strip()
    if not t or t.endswith(":"):
        return False
    if t[-1] in "-\u00ad\u2010":
        return any(head.startswith(t[:-1]) and len(head) > len(t) for head, _ in _heads())
    return any(head.startswith(t + " ") for head, _ in _heads())


def _emphasis(w: Word, body: tuple) -> bool:
    size, bold, italic, color = body
    return w.bold != bold or w.italic != italic or abs(w.size - size) >= 0.6


def line_style(words: list[Word]) -> tuple:
    c = Counter((size_key(w.size), w.bold, w.italic) for w in words for _ in w.text)
    return c.most_common(1)[0][0]


def label_candidate(line: Line, body: tuple) -> Optional[tuple[str, list[Word], list[Word], bool]]:
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


def inline_colors(lines: list[Line], body: tuple) -> set[tuple]:
    """Given body lines, return the colours used inside running text (links, highlights): a word in such a
    colour follows a body-coloured word on its line. Those colours never make a line a title."""
    out: set[tuple] = set()
    for ln in lines:
        seen_body = False
        for w in ln.words:
            if w.color == body[3] and WORD_RE.search(w.text):
                seen_body = True
            elif seen_body and w.color != body[3]:
                out.add(w.color)
    return out


def is_emph_line(line: Line, body: tuple, plain_colors: frozenset | set = frozenset()) -> bool:
    """A line mostly set apart from the body: by size, weight, slant, or a colour of titles (not of links)."""
    letters = [w for w in line.words if LETTER_RE.search(w.text)]
    if not letters:
        return False
    share = sum(len(w.text) for w in letters
                if _emphasis(w, body) or (w.color != body[3] and w.color not in plain_colors)) / sum(len(w.text) for w in letters)
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


WRAPPED_LABEL_MAX_WORDS = 16  # a label wrapped onto a second line is still short
WRAPPED_COLON_WITHIN = 4  # its colon comes within this many words of the second line


def _wraps_onto(a: Line, b: Line) -> bool:
    """Line b is the next line of the same text column as a, starting at a's x (a label's wrapped line)."""
    return (b.page == a.page and b.column == a.column and not b.margin and not b.boxed
            and abs(b.x0 - a.x0) < 0.5 * a.size and 0 <= b.top - a.bottom < 1.2 * max(a.size, b.size))


def join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Join a label that wraps before its colon ("Predvideni rezultati na ravni projekta in vloga Mreže" /
    "MaMa:", or "Partnerske" / "organizacije:") into one line, so it is found by its colon whatever its style.

    A styled label's run already continues over the wrap (``merge_wrapped``); a label set like the body
    (a scan, where slant is not read) is found only by its colon, which is on the second line. The first
    line starts with a label head, or is the first words of one, and has no colon; the second, right below
    at the same x, has one within its first words, and the words up to it name the field.
    """
    out: list[Line] = []
    skip = False
    for i, ln in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (nxt is not None and not ln.margin and not ln.boxed and not any(w.text.endswith(":") for w in ln.words)
                and _wraps_onto(ln, nxt)):
            fld = match_label(ln.text)
            colon = next((k for k, w in enumerate(nxt.words[:WRAPPED_COLON_WITHIN]) if w.text.endswith(":")), None)
            joined = (match_label(" ".join(w.text for w in ln.words + nxt.words[:colon + 1]))
                      if colon is not None and len(ln.words) + colon + 1 <= WRAPPED_LABEL_MAX_WORDS else None)
            if joined and (joined == fld or (fld is None and is_label_start(ln.text))):
                out.append(Line(words=ln.words + nxt.words, page=ln.page, column=ln.column, block=ln.block,
                                indent=ln.indent))
                skip = True
                continue
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


PLAIN_LABEL_SHARE = 0.25  # labels set like the body count only where they are this common beside styled ones


def is_plain_label(cand: tuple, body: tuple) -> bool:
    """A label candidate whose words are set like the body text (found only by its colon)."""
    words = cand[1]
    return line_style(words) == (size_key(body[0]), body[1], body[2]) and all(w.color == body[3] for w in words)


def plain_labels_allowed(lines: list[Line], cands: list, body: tuple) -> bool:
    """Whether a colon after a label word set like the body makes a label: yes in a plan whose labels are set
    like the body, no in one whose labels are set apart ("partnerji:" starting a line of a wrapped value)."""
    found = [is_plain_label(c, body) for ln, c in cands if c and c[3] and not ln.margin]
    plain = sum(found)
    return plain >= PLAIN_LABEL_SHARE * (len(found) - plain)


def own_line_label_styles(lines: list[Line], cands: list, body: tuple) -> set[tuple]:
    """Return the styles of labels set on a line of their own without a colon ("TRAJANJE").

    Such a line is a label only when its style is shared by labels of several different fields
    and is not the style of numbered headings (whose wrapped second line may read "AKTIVNOSTI").
    """
    heading_styles = set()
    for ln in lines:
        if NUMBER_RE.match(ln.words[0].text) and len(ln.words) > 1 and is_emph_line(Line(words=ln.words[1:], page=ln.page), body):
            heading_styles.add(line_style(ln.words[1:]))
    groups: dict[tuple, list[str]] = {}
    for ln, c in cands:
        if c and not c[3] and not c[2] and not ln.margin:
            groups.setdefault(line_style(c[1]), []).append(c[0])
    return {style for style, fields in groups.items()
            if style not in heading_styles and len(set(fields)) >= 2 and len(fields) >= 3}
