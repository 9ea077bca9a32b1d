"""Numeric targets of one activity or result item (FORMAT.md `targets`).

Given the item text, the spaCy pipeline marks numbers and their exclusions; this module reads
each remaining number with its qualifier or range, finds the counted phrase and its unit, and
turns "od tega N ..." into the share of the quantity it splits (or into its own target when it
counts a different thing, or into nothing when it is a split by time or place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from pipeline.nlp import get_nlp
from pipeline.nlp.lexicon import get_lexicon
from pipeline.nlp.units import Phrase, find_phrase, find_phrase_before


@dataclass
class Quantity:
    start: int  # first token of the phrase (qualifier or number)
    number: int  # the number token
    value: Optional[int]
    low: Optional[int]
    high: Optional[int]
    qualifier: str
    phrase: Optional[Phrase]
    end: int  # last token of the phrase
    share: Optional[int] = None
    scope: Optional[str] = None
    extras: dict = field(default_factory=dict)

    @property
    def noun(self) -> Optional[str]:
        return self.phrase.noun if self.phrase else None


def _counts(doc: Doc, i: int) -> bool:
    ext = doc[i]._
    return ext.num_value is not None and not ext.exclusion and ext.date_part not in ("year", "time")


def _range_end(doc: Doc, i: int) -> Optional[int]:
    """"4-5", "10 do 15", "med 10 in 15": the index of the range's upper number, or None."""
    lex = get_lexicon()
    if i + 2 >= len(doc) or not _counts(doc, i + 2):
        return None
    joiner = doc[i + 1].text.lower()
    prev = doc[i - 1].text.lower() if i > 0 else ""
    if joiner in lex.range_joiners:
        return i + 2
    if joiner == "in" and prev == "med":
        return i + 2
    return None


def _qualifier(doc: Doc, i: int) -> tuple[str, int]:
    """Given a number index, return its qualifier and the index where the qualifier starts."""
    lex = get_lexicon()
    for size in (3, 2, 1):
        if i - size < 0:
            continue
        words = tuple(t.text.lower() for t in doc[i - size : i])
        kind = lex.qualifiers.get(words)
        if kind:
            return kind, i - size
    return "exact", i


def _number_end(doc: Doc, i: int) -> int:
    """"dve (2)": the number expression ends at the closing parenthesis of its restatement."""
    if i + 3 < len(doc) and doc[i + 2]._.exclusion == "restatement":
        return i + 3
    return i


def quantities(doc: Doc) -> list[Quantity]:
    """Given a processed item, return its quantities in text order (before share resolution)."""
    out: list[Quantity] = []
    skip: set[int] = set()
    clauses = _share_clauses(doc)
    for i in doc._.num_indices:
        if i in skip or not _counts(doc, i):
            continue
        tok = doc[i]
        value = tok._.num_value
        hi_idx = _range_end(doc, i)
        if hi_idx is not None:
            skip.add(hi_idx)
            low, high, qual, value_out = value, doc[hi_idx]._.num_value, "range", None
            start = _qualifier(doc, i)[1]
            if i > 0 and doc[i - 1].text.lower() in get_lexicon().range_openers:
                start = i - 1
            last = hi_idx
        else:
            qual, start = _qualifier(doc, i)
            last = _number_end(doc, i)
            value_out, low, high = value, value, value
        phrase = find_phrase(doc, last + 1)
        in_clause = any(o < i < e for o, e in clauses)
        if phrase is None and not tok.text.isalpha() and not in_clause:
            phrase = find_phrase_before(doc, start)
        end = max(last, phrase.end) if phrase and phrase.head > last else last
        if phrase and phrase.head < start:
            start = phrase.modifiers[0] if phrase.modifiers else phrase.head
        out.append(Quantity(start, i, value_out, low, high, qual, phrase, end))
    return out


def _share_clauses(doc: Doc) -> list[tuple[int, int]]:
    """Return (opener index, clause end) of each "od tega ..." clause (computed once per doc, kept on it)."""
    cached = doc.user_data.get("share_clauses")
    if cached is not None:
        return cached
    openers = get_lexicon().share_openers
    firsts = {opener[0] for opener in openers}
    words = [t.text.lower() for t in doc]
    out = []
    for i, word in enumerate(words):
        if word not in firsts:  # most words start no opener: skip the slices
            continue
        for opener in openers:
            if tuple(words[i : i + len(opener)]) == opener:
                end = next((j for j in range(i, len(doc)) if words[j] == ";"), len(doc))
                out.append((i, end))
    doc.user_data["share_clauses"] = out
    return out


def _scope(doc: Doc, start: int, end: int) -> Optional[str]:
    """The first share cue after a share's number decides its scope ("v Sloveniji" -> slovenia)."""
    scopes = get_lexicon().share_scopes
    for tok in doc[start:end]:
        for key in ((tok._.lemma or "").lower(), tok.text.lower()):
            if key in scopes:
                return scopes[key]
    return None


def resolve_shares(doc: Doc, found: list[Quantity]) -> list[Quantity]:
    """Given the quantities, attach "od tega" shares to what they split; return the targets."""
    clauses = _share_clauses(doc)
    targets: list[Quantity] = []
    for q in found:
        clause = next(((o, e) for o, e in clauses if o < q.number < e), None)
        is_word = doc[q.number].text.isalpha()
        if clause is None:
            if q.phrase is not None or not is_word:
                targets.append(q)
            continue
        opener, end = clause
        scope = _scope(doc, q.number + 1, end)
        noun = None if q.noun in get_lexicon().share_scopes else q.noun
        same = [t for t in targets if t.number < opener and t.share is None and (noun is None or t.noun == noun)]
        bigger = [t for t in same if (t.value or t.high or 0) > (q.value or 0)]
        if same and scope and q.value is not None:
            anchor = (bigger or same)[-1]
            anchor.share, anchor.scope = q.value, scope
        elif noun is not None and q.phrase.head > q.number:
            targets.append(q)
    return targets


def item_quantities(text: str) -> tuple[Doc, list[Quantity]]:
    """Given an item text, return its doc and its targets as quantities (shares attached)."""
    doc = get_nlp()(text)
    return doc, resolve_shares(doc, quantities(doc))
