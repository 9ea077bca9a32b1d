"""Project identity across the entries of two plans: which appearances are one project.

Identity is decided with evidence, not titles alone (COMPARE.md's identity rule): a title
similarity that forgives typos and added prefixes ("DD – Dostojno delo" / "Dostojno delo"), plus
the evidence of section correspondence, funders, partners (through the organisation registry),
the project span and the target units. Links are made strongest first into projects, never
putting two appearances of one section of one plan into one project. The thresholds and weights
are in ``pipeline/data/compare.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Callable, Optional

from rapidfuzz import fuzz

from pipeline.models.record import Entry
from pipeline.vocab import load

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
QUOTES = {ord(c): '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"} | {ord(c): "'" for c in "\u2018\u2019\u201a"}


def norm_text(s: Optional[str]) -> str:
    """Given a text, return it casefolded, NFC, dashes and quotes unified, final .,;: stripped."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).replace("\u00ad", "").replace("\u2026", "...")
    s = s.translate(DASHES).translate(QUOTES).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s*-\s*", "-", s)
    return re.sub(r"[\s.,;:]+$", "", s)


def text_to_tokens(s: str) -> list[str]:
    """Given a text, return its normalized word tokens."""
    return re.findall(r"\w+", norm_text(s))


def _token_in(tok: str, tokens: list[str], min_ratio: float) -> bool:
    return any(tok == t or fuzz.ratio(tok, t) / 100 >= min_ratio for t in tokens)


def title_similarity(a: str, b: str) -> float:
    """Given two entry titles, return their similarity in [0, 1].

    The plain ratio of the normalized titles, raised when all tokens of the shorter title are
    in the longer one (an added acronym or subtitle); the raise grows with the share of the
    longer title that the shorter one covers.
    """
    cfg = load("compare")["title"]
    na, nb = norm_text(a), norm_text(b)
    if na == nb:
        return 1.0
    score = fuzz.ratio(na, nb) / 100
    ta, tb = text_to_tokens(na), text_to_tokens(nb)
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not short:
        return score
    specific = len(short) >= cfg["containment_min_tokens"] or (
        len(short[0]) >= cfg["containment_single_token_chars"] and _token_in(short[0], long_[:1], cfg["token_ratio"])
    )
    if specific and all(_token_in(t, long_, cfg["token_ratio"]) for t in short):
        coverage = len(short) / len(long_)
        score = max(score, cfg["containment_score"] - 0.1 * (1 - coverage))
    return score


# ----------------------------------------------------------------------------- partners

@lru_cache(maxsize=1)
def _registry() -> Optional[Callable[[str], Optional[str]]]:
    try:  # the organisation registry is optional: fall back to normalized names without it
        from pipeline.fields.partners import canonical_org
    except ImportError:
        return None
    return canonical_org


def norm_partner(name: str) -> str:
    """Given a partner name, return its normalized form (punctuation and spacing ignored)."""
    return " ".join(text_to_tokens(name))


@lru_cache(maxsize=4096)
def canonical_partner(name: str) -> str:
    """Given a partner name, return a comparable key: the registry's canonical name when known."""
    canon = _registry()
    if canon is not None:
        try:
            found = canon(name)
        except Exception:  # a registry problem must not stop a comparison
            found = None
        if found:
            name = found
    return _without_legal_form(norm_partner(name))


@lru_cache(maxsize=1)
def _legal_forms() -> frozenset[str]:
    words = load("compare")["partners"].get("legal_forms") or []
    return frozenset(norm_partner(w) for w in words)


def _without_legal_form(key: str) -> str:
    kept = [t for t in key.split() if t not in _legal_forms()]
    return " ".join(kept) if kept else key


def same_partner(a: str, b: str) -> bool:
    """Given two partner names, return whether they name one organisation."""
    ka, kb = canonical_partner(a), canonical_partner(b)
    if ka == kb:
        return True
    return fuzz.ratio(ka, kb) / 100 >= load("compare")["partners"]["same_name_ratio"]


# ----------------------------------------------------------------------------- appearances

@dataclass
class Appearance:
    """One entry of one plan, with the features used to decide its project."""

    side: str  # "a" or "b"
    index: int  # position in the plan's entries
    entry: Entry
    section: str
    sub: bool  # a ``Naslov:`` sub-entry
    funders: frozenset[str] = field(default_factory=frozenset)
    partners: frozenset[str] = field(default_factory=frozenset)
    units: frozenset[str] = field(default_factory=frozenset)
    span: tuple[Optional[str], Optional[str]] = (None, None)


def entry_to_span(entry: Entry) -> tuple[Optional[str], Optional[str]]:
    """Given an entry, return its project span: (project_start, project_end) when either is set,
    else (start, end); (None, None) without a duration."""
    d = entry.duration
    if d is None:
        return (None, None)
    if d.project_start or d.project_end:
        return (d.project_start, d.project_end)
    return (d.start, d.end)


def entry_to_appearance(side: str, index: int, entry: Entry) -> Appearance:
    """Given an entry of plan ``side``, return its ``Appearance``."""
    return Appearance(
        side=side, index=index, entry=entry, section=entry.section or "", sub=entry.parent_title is not None,
        funders=frozenset(entry.funding.funders if entry.funding else ()),
        partners=frozenset(canonical_partner(p.name) for p in entry.partners if not p.generic),
        units=frozenset(norm_text(t.unit) for t in entry.targets if t.unit),
        span=entry_to_span(entry),
    )


def _jaccard(a: frozenset, b: frozenset) -> Optional[float]:
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


def _partner_overlap(a: frozenset[str], b: frozenset[str]) -> Optional[float]:
    if not a or not b:
        return None
    hits = sum(1 for x in a if any(x == y or fuzz.ratio(x, y) >= 90 for y in b))
    return hits / (len(a) + len(b) - hits)


def date_parts(d: Optional[str]) -> Optional[tuple[int, ...]]:
    """Given an ISO date at any precision ("2026", "2026-09", "2026-09-15"), return its parts."""
    if not d:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(d).strip())
    return tuple(int(x) for x in m.groups() if x) if m else None


def same_date(old: Optional[str], new: Optional[str], shift: int) -> bool:
    """Given two dates, return whether ``new`` is ``old`` moved by ``shift`` years, compared at
    the coarser of the two precisions (both missing counts as the same)."""
    po, pn = date_parts(old), date_parts(new)
    if po is None or pn is None:
        return po is None and pn is None and not old and not new
    n = min(len(po), len(pn))
    return (po[0] + shift,) + po[1:n] == pn[:n]


def span_evidence(a: Appearance, b: Appearance, year_shift: int) -> Optional[float]:
    """Given two appearances, return 1.0 when their spans agree (possibly rolled over), 0.0 when
    they differ, None when either has no span."""
    if a.span == (None, None) or b.span == (None, None):
        return None
    for shift in {0, year_shift}:
        if all(same_date(x, y, shift) for x, y in zip(a.span, b.span)):
            return 1.0
    return 0.0


def identity_score(a: Appearance, b: Appearance, corresponds: Optional[bool], year_shift: int) -> tuple[float, float]:
    """Given two appearances (and, across years, whether their sections correspond), return
    (title similarity, combined identity score)."""
    cfg = load("compare")["identity"]
    weights = cfg["evidence_weights"]
    title = title_similarity(a.entry.title, b.entry.title)
    parts = {
        "section": None if corresponds is None else float(corresponds),
        "funders": _jaccard(a.funders, b.funders),
        "partners": _partner_overlap(a.partners, b.partners),
        "span": span_evidence(a, b, year_shift),
        "units": _jaccard(a.units, b.units),
    }
    known = {k: v for k, v in parts.items() if v is not None}
    if not known:
        return title, -1.0  # no evidence: only a sure title can link
    evidence = sum(weights[k] * v for k, v in known.items()) / sum(weights[k] for k in known)
    tw = cfg["title_weight"]
    return title, tw * title + (1 - tw) * evidence


def accept_link(title: float, score: float) -> bool:
    """Given a title similarity and a combined score, return whether they make one project."""
    cfg = load("compare")["identity"]
    if title >= cfg["sure_title"]:
        return True
    return title >= cfg["min_title"] and score >= cfg["min_score"]


def slot_of(app: Appearance) -> tuple:
    """Given an appearance, return its slot: one project holds one appearance per slot.

    The slot is the plan, the section and whether it is a sub-entry; an entry outside any known
    section is a slot of its own, so a plan without a section tree still pairs repeated projects.
    """
    return (app.side, app.section or f"#{app.index}", app.sub)


def sections_correspond(section_a: str, section_b: str, correspondence: dict[str, Optional[str]]) -> Optional[bool]:
    """Given A's and B's sections and the section map, return whether they correspond; None when
    the map cannot tell (a section unknown on either side, or A's heading without a counterpart)."""
    if not section_a or not section_b or correspondence.get(section_a) is None:
        return None
    return correspondence[section_a] == section_b


def group_projects(apps: list[Appearance], correspondence: dict[str, Optional[str]], year_shift: int) -> list[list[Appearance]]:
    """Given the appearances of both plans, return them grouped into projects.

    Candidate links are taken strongest first; a link is refused when it would put two
    appearances of the same kind in the same section of the same plan into one project.
    """
    links = []
    for i, j in combinations(range(len(apps)), 2):
        x, y = apps[i], apps[j]
        if x.side == y.side and slot_of(x) == slot_of(y):
            continue
        if x.side != y.side:
            a, b = (x, y) if x.side == "a" else (y, x)
            corr = sections_correspond(a.section, b.section, correspondence)
        else:
            corr = None
        title, score = identity_score(x, y, corr, year_shift)
        if accept_link(title, score):
            links.append((max(score, title), title, i, j))
    parent = list(range(len(apps)))
    slots = [{slot_of(a)} for a in apps]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, i, j in sorted(links, key=lambda t: (-t[0], -t[1], t[2], t[3])):
        ri, rj = find(i), find(j)
        if ri == rj or slots[ri] & slots[rj]:
            continue
        parent[rj] = ri
        slots[ri] |= slots[rj]
    groups: dict[int, list[Appearance]] = {}
    for i, app in enumerate(apps):
        groups.setdefault(find(i), []).append(app)
    return list(groups.values())


def pair_appearances(group: list[Appearance], correspondence: dict[str, Optional[str]]) -> list[tuple[Optional[Appearance], Optional[Appearance]]]:
    """Given one project's appearances, return (A, B) pairs: first by corresponding section,
    then the leftovers in document order (a move), then ended (B None) and new (A None).
    A ``Naslov:`` sub-entry pairs only with a sub-entry."""
    out: list[tuple[Optional[Appearance], Optional[Appearance]]] = []
    for sub in (False, True):
        rest_a = sorted((g for g in group if g.side == "a" and g.sub == sub), key=lambda g: g.index)
        rest_b = sorted((g for g in group if g.side == "b" and g.sub == sub), key=lambda g: g.index)
        for a in list(rest_a):
            target = correspondence.get(a.section, a.section) if a.section else None
            b = next((b for b in rest_b if target and b.section == target), None)
            if b is not None:
                out.append((a, b))
                rest_a.remove(a)
                rest_b.remove(b)
        for a, b in zip(rest_a, rest_b):
            out.append((a, b))
        n = min(len(rest_a), len(rest_b))
        out += [(a, None) for a in rest_a[n:]] + [(None, b) for b in rest_b[n:]]
    return out
