"""The Slovene vocabularies of the NLP layer, read once from ``pipeline/data/``.

Number words, months and seasons, qualifiers and share cues, multi-word terms and lemma
overrides are data (each file cites its source); this module turns them into lookup tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline import vocab


@dataclass(frozen=True)
class Season:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    number_words: dict[str, int]
    month_forms: dict[str, int]
    season_forms: dict[str, Season]
    period_forms: dict[str, int]  # "polletje" -> 2 parts of the year
    period_ordinals: dict[str, int]  # "prvo" -> 1, "iv" -> 4, "zadnje" -> -1
    continuous_words: tuple[str, ...]
    continuous_min_ratio: float
    project_cues: frozenset[str]
    span_joiners: frozenset[str]
    date_qualifiers: frozenset[str]
    qualifiers: dict[tuple[str, ...], str]  # word sequence before a number -> qualifier
    range_joiners: frozenset[str]
    range_openers: frozenset[str]
    share_openers: tuple[tuple[str, ...], ...]
    share_scopes: dict[str, str]  # lemma -> scope
    frequency_words: frozenset[str]
    frequency_after: tuple[tuple[str, ...], ...]
    distributive_words: frozenset[str]
    selection_words: frozenset[str]
    compound_starts: tuple[str, ...]
    age_lemmas: frozenset[str]
    age_openers: frozenset[str]
    function_words: frozenset[str]
    terms: tuple[str, ...]
    relational_suffixes: tuple[str, ...]
    not_term_adjectives: frozenset[str]
    noun_overrides: dict[str, str]
    nominalized: frozenset[str]
    genders: dict[str, str]
    adjectives: frozenset[str]  # adjective lemmas without an adjectival shape ("velik", "nov", "kratek")
    adjective_shaped_nouns: frozenset[str]  # noun lemmas with one ("teden", "partner")
    indeclinable_modifiers: frozenset[str]  # "video" in "video posnetkov"
    symbols: dict[str, str]  # "%" -> "odstotek"


def _words(values) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """Return the vocabularies of ``pipeline/data`` as lookup tables (loaded once)."""
    numbers = vocab.load("number_words")
    cal = vocab.load("months")
    qual = vocab.load("qualifiers")
    terms = vocab.load("terms")
    over = vocab.load("lemma_overrides")
    month_forms = {str(f).lower(): int(m) for m, forms in cal["months"].items() for f in forms}
    seasons = {
        str(f).lower(): Season(name, int(s["start"]), int(s["end"]))
        for name, s in cal["seasons"].items()
        for f in s["forms"]
    }
    qualifiers = {
        tuple(str(phrase).lower().split()): kind for kind, phrases in qual["qualifiers"].items() for phrase in phrases
    }
    scopes = {str(lemma).lower(): scope for scope, lemmas in qual["share_scopes"].items() for lemma in lemmas}
    return Lexicon(
        number_words={str(k).lower(): int(v) for k, v in numbers["words"].items()},
        month_forms=month_forms,
        season_forms=seasons,
        period_forms={str(f).lower(): int(p["parts"]) for p in cal["periods"].values() for f in p["forms"]},
        period_ordinals={str(k).lower(): int(v) for k, v in cal["period_ordinals"].items()},
        continuous_words=tuple(cal["continuous"]),
        continuous_min_ratio=float(cal["continuous_min_ratio"]),
        project_cues=_words(cal["project_cues"]),
        span_joiners=_words(cal["span_joiners"]),
        date_qualifiers=_words(cal["date_qualifiers"]),
        qualifiers=qualifiers,
        range_joiners=_words(qual["range_joiners"]),
        range_openers=_words(qual["range_openers"]),
        share_openers=tuple(tuple(str(p).lower().split()) for p in qual["share_openers"]),
        share_scopes=scopes,
        frequency_words=_words(qual["frequency_words"]),
        frequency_after=tuple(tuple(str(p).lower().split()) for p in qual["frequency_after"]),
        distributive_words=_words(qual["distributive_words"]),
        selection_words=_words(qual["selection_words"]),
        compound_starts=tuple(qual["compound_adjective_starts"]),
        age_lemmas=_words(qual["age_lemmas"]),
        age_openers=_words(qual["age_openers"]),
        function_words=_words(qual["function_words"]),
        terms=tuple(terms["terms"]),
        relational_suffixes=tuple(terms["relational_suffixes"]),
        not_term_adjectives=_words(terms["not_term_adjectives"]),
        noun_overrides={str(k).lower(): str(v) for k, v in over["nouns"].items()},
        nominalized=_words(over["nominalized"]),
        genders={str(k).lower(): str(v) for k, v in over["gender"].items()},
        adjectives=_words(over["adjectives"]),
        adjective_shaped_nouns=_words(over["adjective_shaped_nouns"]),
        indeclinable_modifiers=_words(over["indeclinable_modifiers"]),
        symbols={str(k): str(v) for k, v in over["symbols"].items()},
    )
