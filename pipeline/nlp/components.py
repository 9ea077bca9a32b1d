"""spaCy components of the Slovene NLP layer: lemmas, number values, date parts, exclusions.

Each component is ``Doc -> Doc`` and writes into ``token._`` extensions:

- ``lemma``: the lemma (lowercase, except protected names and acronyms, which keep their text);
- ``is_name``: an acronym or mixed-case name ("MaMa", "NVO", "URSM") that must not be lemmatized;
- ``num_value``: the number a digit group or number word states ("16.000" -> 16000, "dve" -> 2);
- ``date_part``: "day", "month", "season", "year" or "time" for calendar tokens;
- ``exclusion``: why a number is not a quantity ("ordinal", "year", "name", "compound",
  "frequency", "distributive", "selection", "age", "restatement");

and ``doc._.num_indices``: the indices of the tokens with a ``num_value``, so the later passes
visit the few numbers instead of every token (each ``token._`` access builds an object).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex

from pipeline.nlp.lexicon import get_lexicon

THOUSANDS_RX = re.compile(r"^(\d{1,3}(?:\.\d{3})+)\.?$")
DIGITS_RX = re.compile(r"^\d+$")
ORDINAL_RX = re.compile(r"^\d+\.$")
TIME_RX = re.compile(r"^\d{1,2}[:.]\d{2}h?$")
YEAR_MIN, YEAR_MAX = 1950, 2100

_EXTENSIONS = ("lemma", "is_name", "num_value", "date_part", "exclusion")


def register_extensions() -> None:
    """Register the ``token._`` extensions once per process."""
    for name in _EXTENSIONS:
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)
    for name in ("lemmatizer", "num_indices"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def customize_tokenizer(nlp: Language) -> None:
    """Split digits glued to the end of a word ("vključenih16"), keep "Work4NEETS" whole, and keep
    a one-letter prefix on its word ("e-novice", "e-publikacij": one noun for the lemmatizer)."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-zčšžćđ]{3})(?=\d+$)", r"(?<=\d)(?=[–—])|(?<=[–—])(?=\d)"]
    finditer = compile_infix_regex(infixes).finditer

    def infix_finditer(text: str):
        for m in finditer(text):
            if m.start() == 1 and m.group() == "-" and text[:1].isalpha() and text[2:3].isalpha():
                continue
            yield m

    nlp.tokenizer.infix_finditer = infix_finditer


def is_name_token(text: str) -> bool:
    """Given a token text, return True for acronyms and mixed-case names ("NVO", "MaMa", "TikTok")."""
    if text.islower():  # the common case: cased letters, none upper
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters):
        return True
    return any(c.isupper() for c in letters[1:]) and any(c.islower() for c in letters)


class LemmaComponent:
    """Set ``token._.lemma`` through a lemmatizer backend; names and acronyms keep their text."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text.split("_")[0].lower() if t.text[:1].isalpha() else t.text for t in doc]
        lemmas = self.lemmatizer.lemmatize_words(words)
        doc._.lemmatizer = self.lemmatizer
        for token, lemma in zip(doc, lemmas):
            ext = token._
            if is_name_token(token.text):
                ext.is_name = True
                ext.lemma = token.text
            else:
                ext.lemma = (lemma or token.text).lower()
        return doc


@Language.factory("ldn_lemma", default_config={"backend": "lemmagen3", "classla_dir": None})
def make_lemma_component(nlp: Language, name: str, backend: str, classla_dir: Optional[str]) -> LemmaComponent:
    """Build the lemma component on the configured backend (lemmagen3 or classla)."""
    from pipeline.nlp.lemmatizer import get_lemmatizer

    return LemmaComponent(get_lemmatizer(backend, Path(classla_dir) if classla_dir else None))


def number_value(text: str):
    """Given a token text, return the number it states (digits, "16.000", number word) or None."""
    if DIGITS_RX.match(text):
        return int(text)
    m = THOUSANDS_RX.match(text)
    if m:
        return int(m.group(1).replace(".", ""))
    return get_lexicon().number_words.get(text.lower())


@Language.component("ldn_numbers")
def numbers_component(doc: Doc) -> Doc:
    """Set ``token._.num_value`` and ``doc._.num_indices``; "dve (2)" is one number: the digit is
    marked a restatement."""
    values = {}
    for token in doc:
        value = number_value(token.text)
        if value is not None:
            token._.num_value = values[token.i] = value
    doc._.num_indices = tuple(values)
    for i, value in values.items():
        if i + 3 >= len(doc) or not doc[i].text[:1].isalpha():
            continue
        paren, digit, close = doc[i + 1], doc[i + 2], doc[i + 3]
        if paren.text == "(" and close.text == ")" and values.get(i + 2) == value:
            digit._.exclusion = "restatement"
    return doc


@Language.component("ldn_dates")
def dates_component(doc: Doc) -> Doc:
    """Set ``token._.date_part`` for months, seasons, years, day ordinals and clock times."""
    lex = get_lexicon()
    for token in doc:
        low = token.text.lower()
        if low in lex.month_forms and not token.text.isupper():
            token._.date_part = "month"
        elif low in lex.season_forms:
            token._.date_part = "season"
        elif TIME_RX.match(token.text) and ":" in token.text:
            token._.date_part = "time"
        elif DIGITS_RX.match(token.text) and len(token.text) == 4 and YEAR_MIN <= int(token.text) <= YEAR_MAX:
            token._.date_part = "year" if _is_year(doc, token) else None
        elif ORDINAL_RX.match(token.text) and token.i + 1 < len(doc):
            token._.date_part = "day"
    return doc


def _is_year(doc: Doc, token: Token) -> bool:
    """A 1950-2100 number is a year unless a counted word follows it ("2000 udeležencev")."""
    prev = doc[token.i - 1] if token.i > 0 else None
    if prev is not None and (prev._.date_part in ("month", "season", "day") or prev._.lemma in ("leto", "let")):
        return True
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return not _counts_next(nxt)


@Language.component("ldn_exclusions")
def exclusions_component(doc: Doc) -> Doc:
    """Set ``token._.exclusion`` on numbers that are not quantities (FORMAT.md `targets`)."""
    for i in doc._.num_indices:
        token = doc[i]
        if not token._.exclusion:
            token._.exclusion = exclusion_reason(doc, token)
    return doc


def exclusion_reason(doc: Doc, token: Token):
    """Given a number token, return why it is not a quantity, or None when it may be one."""
    lex = get_lexicon()
    prev = doc[token.i - 1] if token.i > 0 else None
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    after = doc[token.i + 2] if token.i + 2 < len(doc) else None
    if token._.date_part in ("year", "time"):
        return token._.date_part
    if prev is not None and prev.text.lower() in lex.frequency_words:
        return "frequency"
    following = tuple(t.text.lower() for t in doc[token.i + 1 : token.i + 4] if t.text not in ("-", "‐"))[:2]
    if any(following[: len(seq)] == seq for seq in lex.frequency_after):
        return "frequency"
    if prev is not None and prev.text.lower() in lex.distributive_words:
        return "distributive"
    if prev is not None and prev._.is_name and token.text.isdigit():
        return "name"  # "NVO 360", "ISO 9001": a number right after an acronym or name is part of it
    if nxt is not None:
        low = nxt.text.lower()
        if nxt.text in ("-", "‐") and after is not None:
            low = after.text.lower()
            if any(low.startswith(s) for s in lex.compound_starts) and not after.text[:1].isdigit():
                return "compound"
        elif any(low.startswith(s) for s in lex.compound_starts):
            return "compound"
        if low in lex.selection_words or (token.text.isalpha() and low == "od" and not _opens_share(doc, nxt)):
            return "selection"
    if _is_age(doc, token):
        return "age"
    return None


def _counts_next(nxt) -> bool:
    """A lowercase content word after a number can be the counted thing."""
    if nxt is None or not nxt.text.isalpha() or not nxt.text.islower():
        return False
    return nxt.text not in get_lexicon().function_words


def _opens_share(doc: Doc, token: Token) -> bool:
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return nxt is not None and nxt.text.lower() in ("tega", "teh", "katerih")


def _is_age(doc: Doc, token: Token) -> bool:
    """"od 15 do 29 let", "stari 15 let": a number before a year word, after an age opener."""
    lex = get_lexicon()
    j = token.i + 1
    while j < len(doc) and j < token.i + 4 and (doc[j]._.num_value is not None or doc[j].text.lower() in lex.range_joiners):
        j += 1
    if j >= len(doc) or not (doc[j]._.lemma in lex.age_lemmas or doc[j].text.lower() in lex.age_lemmas):
        return False
    before = doc[max(0, token.i - 3) : token.i]
    return any(t.text.lower() in lex.age_openers for t in before) or any(
        t.text.lower().startswith("star") for t in doc[token.i + 1 : token.i + 5]
    )
