"""The counted noun phrase after a number and its unit: the lemma, with the adjective of a term.

Slovene has no trained tagger here, so the phrase is read from word shapes and lemmas:
adjectives and participles have adjective-shaped lemmas (-ski, -en, -an, ...) and adjectival
endings; the head is the first word that is not one. A unit is the head noun's lemma; a term
(terms.yaml, or a relational -ski adjective) adds its adjective, made to agree with the noun.
Pairs such as "delavk in delavcev" take the masculine noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Token

from pipeline.nlp.lexicon import get_lexicon

ADJ_ENDINGS = ("imi", "ega", "emu", "ima", "ih", "im", "em", "a", "e", "i", "o")
MODIFIER_ENDINGS = ("ih", "imi", "im", "ega", "emu")
NOT_AFTER_MODIFIER = ("a", "o", "u", "om", "em", "e")
ADJ_LEMMA_RX = re.compile(r"(ski|ški|čki|[^aeiou]ji|[^aeiou]ni|[^aeiou]en|[^aeiou]an|[^aeiou]el|[^aeiou]er)$")
PARTICIPLE_RX = re.compile(r"(ski|ški|čki|ni|ji|[^aeiou]en|[^aeiou]an)$")
VERB_ENDINGS = ("ti", "či")
PAIR_JOINERS = ("in", "ter", "ali", "/", "oziroma")
MAX_PHRASE = 6


@dataclass(frozen=True)
class Phrase:
    """A counted noun phrase: token indices of its head, its modifiers and its last word."""

    head: int
    modifiers: tuple[int, ...]
    end: int
    noun: str  # the head noun lemma (masculine of a pair): the counted thing's identity
    unit: str


def word(token: Token) -> str:
    """Given a token, return its lowercase word without a gender suffix ("delavce_ke" -> "delavce")."""
    return token.text.split("_")[0].lower()


def is_adjective(token: Token) -> bool:
    """Given a token, return True when it looks like an adjective or participle by lemma and ending."""
    lex = get_lexicon()
    lemma, surface = token._.lemma or "", word(token)
    if lemma in lex.adjective_shaped_nouns:
        return False
    if not ADJ_LEMMA_RX.search(lemma) and lemma not in lex.adjectives:
        return False
    return surface == lemma or surface.endswith(ADJ_ENDINGS)


def noun_lemma(token: Token) -> str:
    """Given a head token, return its noun lemma (domain overrides first).

    A counted word is a noun, so a verb lemma ("poročil" -> poročiti, "prijavi" -> prijaviti,
    "tabori" -> taboriti) is replaced by the nominative that lemmatizes to itself (poročilo,
    prijava, tabor). A feminine dual read as a masculine ("infografiki" -> infografik) is
    replaced by the feminine whose plural confirms it (infografike -> infografika).
    """
    surface = word(token)
    lemma = get_lexicon().noun_overrides.get(surface, token._.lemma or surface)
    lemmatizer = token.doc._.lemmatizer
    if lemma.endswith(VERB_ENDINGS) and surface != lemma:
        return _noun_nominative(lemmatizer, surface) or lemma
    if surface == lemma + "i" and lemma[-1:] not in "aeiou":
        return _feminine_of(lemmatizer, lemma) or lemma
    return lemma


def _lemma_of(lemmatizer, form: str) -> str:
    return lemmatizer.lemmatize_words([form])[0].lower()


def _noun_nominative(lemmatizer, surface: str) -> Optional[str]:
    if lemmatizer is None:
        return None
    stem = surface[:-1] if surface[-1:] in "aeiou" else surface
    for candidate in (stem + "o", stem + "a", stem + "e"):
        if _lemma_of(lemmatizer, candidate) == candidate:
            return candidate
    if all(_lemma_of(lemmatizer, form) == stem for form in (stem, stem + "ov", stem + "e")):
        return stem  # a masculine noun: its genitive and accusative plural lead back to it
    return None


def _feminine_of(lemmatizer, lemma: str) -> Optional[str]:
    """"infografik" read from the dual "infografiki": "infografika" when its plural says so."""
    if lemmatizer is None:
        return None
    candidate = lemma + "a"
    if _lemma_of(lemmatizer, candidate) == candidate and _lemma_of(lemmatizer, lemma + "e") == candidate:
        return candidate
    return None


def gender(noun: str) -> str:
    """Given a noun lemma, return "m", "f" or "n" (overrides, then the ending)."""
    lex = get_lexicon()
    if noun in lex.genders:
        return lex.genders[noun]
    if noun.endswith("a") or noun.endswith("ost"):
        return "f"
    if noun.endswith(("o", "e")):
        return "n"
    return "m"


def agree(adjective: Token, noun_gender: str) -> str:
    """Given an adjective token and a gender, return its nominative singular definite form."""
    surface, lemma = word(adjective), adjective._.lemma or ""
    stem = surface
    for ending in ADJ_ENDINGS:
        if surface.endswith(ending) and len(surface) - len(ending) >= 3:
            stem = surface[: -len(ending)]
            break
    if surface == lemma and not lemma.endswith("i"):
        stem = re.sub(r"([^aeiou])e([lnr])$", r"\1\2", lemma)
    if noun_gender == "f":
        form = stem + "a"
    elif noun_gender == "n":
        form = stem + ("e" if stem[-1:] in "cčšžj" else "o")
    else:
        form = stem + "i"
    return form.capitalize() if adjective.text[:1].isupper() else form


def _is_function(token: Token) -> bool:
    return token.text.lower() in get_lexicon().function_words


def _is_nominalized(token: Token) -> bool:
    return (token._.lemma or "") in get_lexicon().nominalized


def _content(token: Optional[Token]) -> bool:
    return token is not None and token.text[:1].isalpha() and not _is_function(token) and not token._.is_name


def find_phrase(doc: Doc, start: int) -> Optional[Phrase]:
    """Given a doc and the index after a number, return the counted phrase there, or None."""
    symbol = get_lexicon().symbols.get(doc[start].text) if start < len(doc) else None
    if symbol is not None:
        return Phrase(head=start, modifiers=(), end=start, noun=symbol, unit=symbol)
    run: list[int] = []
    head: Optional[int] = None
    i = start
    while i < len(doc) and len(run) < MAX_PHRASE:
        tok = doc[i]
        if not tok.text[:1].isalpha() or tok._.is_name or tok._.num_value is not None:
            break
        if _is_function(tok):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if tok.text.lower() in PAIR_JOINERS and run and is_adjective(doc[run[-1]]) and nxt is not None and is_adjective(nxt):
                i += 1
                continue
            break
        run.append(i)
        if not is_adjective(tok) and not _modifies_next(doc, i) and not _indeclinable_modifier(doc, i):
            head = i
            break
        i += 1
    if not run:
        return None
    if head is None:
        head = _fallback_head(doc, run)
        if head is None:
            return None
    if noun_lemma(doc[head]).endswith(VERB_ENDINGS):
        return None  # a verb ("4 izvede Mreža MaMa"), not a counted noun
    return build_phrase(doc, head, [j for j in run if j < head])


def _modifies_next(doc: Doc, i: int) -> bool:
    """"novih uporabnikov", "mladim prijaznih": an adjectival ending before an agreeing word."""
    tok, nxt = doc[i], doc[i + 1] if i + 1 < len(doc) else None
    if not _content(nxt):
        return False
    if _is_nominalized(tok):
        return True
    if is_adjective(nxt) and word(tok).endswith(ADJ_ENDINGS) and word(tok)[-1] == word(nxt)[-1]:
        return True  # "nova mladinska kluba": agreeing endings before an adjective
    return word(tok).endswith(MODIFIER_ENDINGS) and not word(nxt).endswith(NOT_AFTER_MODIFIER)


def _indeclinable_modifier(doc: Doc, i: int) -> bool:
    """"video posnetkov": a word that does not inflect, before a content word, modifies it."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return word(doc[i]) in get_lexicon().indeclinable_modifiers and _content(nxt) and nxt._.num_value is None


def _fallback_head(doc: Doc, run: list[int]) -> Optional[int]:
    """With no clear noun, a nominalized adjective ("mladih") or a noun-like last word is the head."""
    for j in run:
        if _is_nominalized(doc[j]):
            return j
    last = doc[run[-1]]
    if (last._.lemma or "") in get_lexicon().adjective_shaped_nouns:
        return run[-1]
    return None if PARTICIPLE_RX.search(last._.lemma or "") else run[-1]


def find_phrase_before(doc: Doc, end: int) -> Optional[Phrase]:
    """Given the index of a number with no phrase after it, return the plural noun phrase before it."""
    for j in range(end - 1, max(-1, end - 7), -1):
        tok = doc[j]
        if tok.text in (",", ";", ":") or tok.text.lower() == "tega":
            return None
        if not tok.text[:1].isalpha() or _is_function(tok) or tok._.is_name or is_adjective(tok):
            continue
        if not word(tok).endswith(("ah", "ih", "ov", "ev", "ami", "i", "e", "ij")) and not _bare_plural(tok):
            continue
        mods = []
        k = j - 1
        while k >= 0 and is_adjective(doc[k]):
            mods.insert(0, k)
            k -= 1
        return build_phrase(doc, j, mods, keep_end=False)
    return None


def _bare_plural(tok: Token) -> bool:
    lemma = tok._.lemma or ""
    return lemma.endswith(("a", "e", "o")) and word(tok) == lemma[:-1]


def build_phrase(doc: Doc, head: int, modifiers: list[int], keep_end: bool = True) -> Phrase:
    """Given the head and modifier indices, return the phrase with its pair partner and unit."""
    noun, end = noun_lemma(doc[head]), head
    partner = _pair_partner(doc, head) if keep_end else None
    if partner is not None:
        other = noun_lemma(doc[partner])
        if _paired(noun, other):
            noun = other if noun.endswith("a") and not other.endswith("a") else noun
            end = partner
    unit = unit_of(doc, head, noun, modifiers)
    names = _name_suffix(doc, end, head, modifiers)
    if names:
        end = names[-1]
        unit = " ".join([_name_body(doc, head, noun, modifiers)] + [doc[n].text for n in names])
    return Phrase(head=head, modifiers=tuple(modifiers), end=end, noun=noun, unit=unit)


def _pair_partner(doc: Doc, head: int) -> Optional[int]:
    j = head + 1
    if j < len(doc) and doc[j].text.lower() in PAIR_JOINERS:
        j += 1
        while j < len(doc) and is_adjective(doc[j]) and j < head + 4:
            j += 1
        if j < len(doc) and doc[j].text[:1].isalpha() and not _is_function(doc[j]):
            return j
    return None


def _paired(a: str, b: str) -> bool:
    """"delavec"/"delavka", "strokovnjak"/"strokovnjakinja": a noun and its feminine derivative."""
    if a == b or a.endswith("a") == b.endswith("a"):
        return False
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= min(len(a), len(b)) - 2


def unit_of(doc: Doc, head: int, noun: str, modifiers: list[int]) -> str:
    """Given the head noun lemma and its modifiers, return the unit (term adjective + noun, or noun)."""
    lex = get_lexicon()
    lemmas = {doc[m]._.lemma for m in modifiers}
    for adj_lemma, term in _terms_by_noun(doc._.lemmatizer).get(noun, []):
        if adj_lemma in lemmas:
            return term
    if modifiers:
        last = doc[modifiers[-1]]
        if word(last) in lex.indeclinable_modifiers:
            return f"{word(last)} {noun}"
        lemma = last._.lemma or ""
        if lemma.endswith(lex.relational_suffixes) and lemma not in lex.not_term_adjectives:
            return f"{agree(last, gender(noun)).lower()} {noun}"
    return noun


def _name_suffix(doc: Doc, end: int, head: int, modifiers: list[int]) -> list[int]:
    """"2 Sveta MaMa": a capitalized body followed by a name keeps the name in its unit."""
    first = doc[modifiers[0]] if modifiers else doc[head]
    if not first.text[:1].isupper() or first.i == 0:
        return []
    out, j = [], end + 1
    while j < len(doc) and doc[j]._.is_name:
        out.append(j)
        j += 1
    return out


def _name_body(doc: Doc, head: int, noun: str, modifiers: list[int]) -> str:
    g = gender(noun)
    words = [agree(doc[m], g) for m in modifiers]
    body = noun.capitalize() if doc[head].text[:1].isupper() else noun
    return " ".join(words + [body])


@lru_cache(maxsize=4)
def _terms_by_noun(lemmatizer) -> dict[str, list[tuple[str, str]]]:
    """Map each term's noun lemma to (adjective lemma, term) pairs, lemmatized by the doc's backend."""
    out: dict[str, list[tuple[str, str]]] = {}
    for term in get_lexicon().terms:
        words = term.split()
        lemmas = lemmatizer.lemmatize_words(words) if lemmatizer is not None else words
        adj, noun = lemmas[0].lower(), get_lexicon().noun_overrides.get(words[-1], lemmas[-1].lower())
        out.setdefault(noun, []).append((adj, term))
    return out
