"""Split a ``Partnerji:`` value into partners with country, role and a generic flag.

The value is a list of organisation names separated by commas (or semicolons), where

- a name may be followed by parentheses holding its country and/or role
  ("(Španija, koordinator projekta)"); other parentheses belong to the name ("(AJDEAO)");
- a country may instead follow as the next comma item ("Polygonal, Italija");
- " in " either joins the last two items or is part of a name ("… skavtinj in skavtov");
- an appositive after a comma describes the name before it ("Movit, Nacionalna agencija …");
- a heading such as "Pridruženi partnerji:" sets the role of everything after it.

All decisions use general rules and the vocabularies in ``pipeline/data`` (countries, role
phrases, organisation head words and registry), never the names of one document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from pipeline import vocab
from pipeline.errors import ConfigError
from pipeline.models import Partner

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_SEPARATORS = ",;\u2022\u25aa\u25cf"  # commas, semicolons and bullets


@dataclass(frozen=True)
class PartnerMatch:
    """A partner read from the raw value, with the character span of its name in that value."""

    partner: Partner
    start: int
    end: int


@dataclass
class _Draft:
    start: int
    end: int
    country: Optional[str] = None
    role: Optional[str] = None
    has_meta: bool = False


def fold(text: str) -> str:
    """Given a printed phrase, return its comparison key: NFC, casefolded, one dash, single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(f"[{_DASHES}]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*\+", "+", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .,;:")


def _oblique_forms(name: str) -> list[str]:
    """Given a nominative country name, return it with the -e/-i/-o forms of its -a words."""
    words = name.split(" ")
    if not any(w.endswith("a") for w in words):
        return [name]
    forms = [name]
    for ending in ("e", "i", "o"):
        forms.append(" ".join(w[:-1] + ending if w.endswith("a") else w for w in words))
    return forms


@lru_cache(maxsize=None)
def _countries() -> dict[str, str]:
    data = vocab.load("countries")
    table: dict[str, str] = {}
    for group in ("regions", "countries"):  # countries win over a region of the same spelling
        for code, names in (data.get(group) or {}).items():
            if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)):
                # YAML reads an unquoted NO (Norway) as false: keys must stay quoted codes
                raise ConfigError(f"country key {code!r} is not an ISO alpha-2 code", file="pipeline/data/countries.yaml")
            for name in names:
                for form in _oblique_forms(name):
                    table[fold(form)] = code
    return table


def country_code(text: str) -> Optional[str]:
    """Given a printed country or region name (any case form), return its ISO alpha-2 code or None."""
    text = text.strip()
    table = _countries()
    if re.fullmatch(r"[A-Z]{2}", text) and text in set(table.values()):
        return text
    return table.get(fold(text))


@lru_cache(maxsize=None)
def _roles() -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    data = vocab.load("partner_roles")
    phrases = {fold(p): role for role, items in data["roles"].items() for p in items}
    headings = []
    for role, items in data["headings"].items():
        for phrase in sorted(items, key=len, reverse=True):
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"\s*:"
            headings.append((re.compile(pattern, re.IGNORECASE), role))
    return phrases, headings


def role_of(text: str) -> Optional[str]:
    """Given a role phrase ("vodilni partner", "koordinator projekta"), return lead/associated/partner."""
    return _roles()[0].get(fold(text))


@lru_cache(maxsize=None)
def _registry() -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    data = vocab.load("organizations")
    aliases: dict[str, str] = {}
    for org in data["organizations"]:
        aliases[fold(org["canonical"])] = org["canonical"]
        for alias in org.get("aliases") or []:
            aliases[fold(alias)] = org["canonical"]
    heads = tuple(sorted((fold(h) for h in data["head_words"]), key=len, reverse=True))
    appositives = tuple(fold(h) for h in data["appositive_heads"])
    return aliases, heads, appositives


def canonical_org(name: str) -> str:
    """Given a printed organisation name, return the registry's canonical name, else the tidied name."""
    aliases = _registry()[0]
    key = fold(name)
    if key in aliases:
        return aliases[key]
    return re.sub(r"\s+", " ", name).strip().rstrip(" .,;:")


@lru_cache(maxsize=None)
def _generic_vocab() -> tuple[frozenset, frozenset]:
    data = vocab.load("partner_roles")["generic"]
    return frozenset(fold(w) for w in data["first_words"]), frozenset(fold(w) for w in data["plural_nouns"])


def is_generic(name: str) -> bool:
    """Given a partner name, return whether it is a generic non-name ("vsi mladinski centri")."""
    first_words, nouns = _generic_vocab()
    words = re.findall(r"[\w]+", fold(name))
    if not words:
        return False
    if words[0] in first_words:
        return True
    if len(words) > 1 and " ".join(words[:2]) in nouns:
        return True
    return any(w in nouns for w in words[:2])


def _starts_with_head(text: str) -> bool:
    key = fold(text)
    return any(key == h or key.startswith(h + " ") for h in _registry()[1])


def _is_org_alias(text: str) -> bool:
    return fold(text) in _registry()[0]


def _strip(text: str, start: int, end: int, chars: str = " ") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _ends_with_abbreviation(text: str) -> bool:
    """Whether a final dot belongs to an abbreviation ("S.L.U.", "d.o.o.") rather than the list."""
    return re.search(r"(?:\b\w\.){2,}$", text) is not None


def _top_level_split(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Given a span, return the sub-spans between separator characters outside parentheses."""
    spans, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[0] < s[1]]


def _last_group(text: str, start: int, end: int) -> Optional[int]:
    """Given a span ending with ")", return the index of its matching "(" (or None)."""
    if end <= start or text[end - 1] != ")":
        return None
    depth = 0
    for i in range(end - 1, start - 1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def _meta_of(phrase: str) -> Optional[tuple[Optional[str], Optional[str]]]:
    """Given a bracketed or appended phrase, return (country, role) if it says only those, else None."""
    country = role = None
    parts = [p for p in re.split(r"[,;]", phrase) if p.strip()]
    if not parts:
        return None
    for part in parts:
        code, part_role = country_code(part), role_of(part)
        if code and not country:
            country = code
        elif part_role and not role:
            role = part_role
        else:
            return None
    return country, role


def _peel_meta(text: str, start: int, end: int) -> _Draft:
    """Given an item span, return the draft partner with trailing country/role groups removed."""
    draft = _Draft(start, end)
    while True:
        open_at = _last_group(text, draft.start, draft.end)
        dash = re.search(rf"\s(?:[-{_DASHES}]|iz)\s+([^-{_DASHES}]+)$", text[draft.start:draft.end])
        if open_at is not None:
            meta, cut = _meta_of(text[open_at + 1:draft.end - 1]), open_at
        elif dash:
            meta, cut = _meta_of(dash.group(1)), draft.start + dash.start()
        else:
            break
        if meta is None:
            break
        draft.country = draft.country or meta[0]
        draft.role = draft.role or meta[1]
        draft.has_meta = True
        draft.start, draft.end = _strip(text, draft.start, cut)
    return draft


def _split_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Given an item span, split it at each " in " that joins two names rather than continuing one."""
    pieces, begin = [], start
    for match in re.finditer(r"\s+in\s+", text[start:end]):
        cut, resume = start + match.start(), start + match.end()
        if cut <= begin or text[begin:cut].count("(") != text[begin:cut].count(")"):
            continue
        left, right = text[begin:cut], text[resume:end]
        if not right[:1].isupper():
            continue
        right_draft = _peel_meta(text, resume, end)
        right_core = text[right_draft.start:right_draft.end]
        if (
            left.endswith(")")
            or _starts_with_head(right)
            or right_draft.has_meta
            or _is_org_alias(left)
            or _is_org_alias(right_core)
        ):
            pieces.append((begin, cut))
            begin = resume
    pieces.append((begin, end))
    return pieces


def _is_appositive(text: str, previous: _Draft, draft: _Draft) -> bool:
    """Whether the item after a comma describes the name before it ("Movit, Nacionalna agencija …")."""
    if previous.has_meta:
        return False
    if _is_org_alias(text[previous.start:draft.end]):
        return True
    first = text[previous.start:previous.end]
    item = fold(text[draft.start:draft.end])
    return " " not in first.strip() and any(item.startswith(h) for h in _registry()[2])


def _segments(text: str) -> list[tuple[int, int, str]]:
    """Given the raw value, return (start, end, role) spans split at role headings."""
    found = sorted(
        ((m.start(), -m.end(), role) for pattern, role in _roles()[1] for m in pattern.finditer(text))
    )
    cuts: list[tuple[int, int, str]] = []
    for start, neg_end, role in found:  # longest heading first at each position, no overlaps
        if not cuts or start >= cuts[-1][1]:
            cuts.append((start, -neg_end, role))
    segments, begin, role = [], 0, "partner"
    for a, b, heading_role in cuts:
        segments.append((begin, a, role))
        begin, role = b, heading_role
    segments.append((begin, len(text), role))
    result = []
    for a, b, seg_role in segments:
        a, b = _strip(text, a, b, " ,;")
        if b > a and text[b - 1] == "." and not _ends_with_abbreviation(text[a:b]):
            a, b = _strip(text, a, b - 1, " ,;")
        if b > a:
            result.append((a, b, seg_role))
    return result


def _segment_to_drafts(text: str, start: int, end: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    for item_start, item_end in _top_level_split(text, start, end, _SEPARATORS):
        whole = _peel_meta(text, item_start, item_end)
        if drafts and whole.start < whole.end and _is_appositive(text, drafts[-1], whole):
            previous = drafts[-1]
            previous.end = whole.end
            previous.country, previous.role = whole.country, whole.role
            previous.has_meta = whole.has_meta
            continue
        for piece_start, piece_end in _split_in(text, item_start, item_end):
            draft = _peel_meta(text, piece_start, piece_end)
            core = text[draft.start:draft.end]
            previous = drafts[-1] if drafts else None
            bare_meta = draft.start >= draft.end or role_of(core) or (
                country_code(core) and previous is not None and previous.country is None
            )
            if previous is not None and bare_meta:
                previous.country = previous.country or draft.country or country_code(core)
                previous.role = previous.role or draft.role or role_of(core)
                previous.has_meta = True
                continue
            if draft.start < draft.end and re.search(r"[^\W\d_]", core):
                drafts.append(draft)
    return drafts


def parse_partners(raw: str) -> list[PartnerMatch]:
    """Given a dehyphenated, whitespace-normalized ``Partnerji:`` value, return its partners."""
    matches = []
    for start, end, segment_role in _segments(raw or ""):
        for draft in _segment_to_drafts(raw, start, end):
            name = raw[draft.start:draft.end]
            role = draft.role if draft.role and draft.role != "partner" else segment_role
            partner = Partner(name=name, country=draft.country, role=role, generic=is_generic(name))
            matches.append(PartnerMatch(partner=partner, start=draft.start, end=draft.end))
    return matches
