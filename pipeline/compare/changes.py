"""Change records of a continuing pair (COMPARE.md "Change records"): what changed from A to B.

Recorded: title, section (the entry moved), the project span (not the yearly roll-over), targets
(paired by source and unit), partners and funders as sets. Not recorded: list items, events,
labels, timelines.
"""

from __future__ import annotations

from typing import Optional

from rapidfuzz import fuzz

from pipeline.compare.matching import entry_to_span, norm_text, same_date, same_partner
from pipeline.models.compare import (
    Change,
    DurationChange,
    FunderChange,
    PartnerChange,
    SectionChange,
    TargetChange,
    TargetState,
    TitleChange,
)
from pipeline.models.record import Entry, Target

UNIT_FALLBACK_RATIO = 0.88  # a unit spelled slightly differently by a noisy extraction


def title_changes(a: Entry, b: Entry) -> list[Change]:
    """Given two entries, return a title change when their titles differ after normalization."""
    if norm_text(a.title) == norm_text(b.title):
        return []
    return [TitleChange(old=a.title, new=b.title)]


def section_changes(a: Entry, b: Entry, corresponding: Optional[str]) -> list[Change]:
    """Given two entries and the B section that A's section corresponds to, return a section
    change when B's entry is elsewhere (it moved)."""
    if b.section == corresponding:
        return []
    return [SectionChange(old=a.section, new=b.section)]


def duration_changes(a: Entry, b: Entry, year_shift: int) -> list[Change]:
    """Given two entries and the plan-year difference, return the changes of the project span.

    The span is unchanged when both ends are the same or both rolled over by the year
    difference (at the coarser precision). Otherwise the shift (0 or the year difference) that
    explains more ends is taken (0 on a tie) and each end it does not explain is a change.
    """
    if a.duration is None or b.duration is None or not (a.duration.parsed and b.duration.parsed):
        return []  # a missing or unparsed duration says nothing about the span
    out: list[Change] = []
    span_a, span_b = entry_to_span(a), entry_to_span(b)
    if span_a != (None, None) and span_b != (None, None):
        shifts = (0, year_shift) if year_shift else (0,)
        explained = {s: [same_date(x, y, s) for x, y in zip(span_a, span_b)] for s in shifts}
        if not any(all(v) for v in explained.values()):
            best = max(shifts, key=lambda s: (sum(explained[s]), s == 0))
            for name, ok, old, new in zip(("start", "end"), explained[best], span_a, span_b):
                if not ok:
                    out.append(DurationChange(field=name, old=old, new=new))
    if a.duration.continuous != b.duration.continuous:
        out.append(DurationChange(field="continuous", old=a.duration.continuous, new=b.duration.continuous))
    return out


def target_to_state(t: Target) -> TargetState:
    """Given a target, return its numbers, qualifier and share."""
    return TargetState(value=t.value, min=t.min, max=t.max, qualifier=t.qualifier, mama_share=t.mama_share)


def _numbers(t: Target) -> tuple:
    return (t.value, t.value) if t.value is not None else (t.min, t.max)


def _same_state(x: Target, y: Target) -> bool:
    return _numbers(x) == _numbers(y) and x.qualifier == y.qualifier and x.mama_share == y.mama_share


def _same_unit(x: Target, y: Target, fuzzy: bool) -> bool:
    ux, uy = norm_text(x.unit), norm_text(y.unit)
    if ux == uy:
        return True
    return fuzzy and bool(ux and uy) and fuzz.ratio(ux, uy) / 100 >= UNIT_FALLBACK_RATIO


def target_changes(a: Entry, b: Entry) -> list[Change]:
    """Given two entries, return their target changes: equal targets pair silently, then targets
    of equal source and unit pair in item order (``changed`` when their numbers, qualifier or
    share differ), and the rest are ``removed`` (A only) or ``added`` (B only). The unit of a
    record is B's (A's for ``removed``, or when B's is missing)."""
    order = lambda t: ({"activities": 0, "results": 1}.get(t.source, 2), t.item)  # noqa: E731
    left_a = sorted(a.targets, key=order)
    left_b = sorted(b.targets, key=order)
    pairs: list[tuple[Target, Target]] = []

    def take(match) -> None:
        for x in list(left_a):
            y = next((y for y in left_b if match(x, y)), None)
            if y is not None:
                pairs.append((x, y))
                left_a.remove(x)
                left_b.remove(y)

    take(lambda x, y: x.source == y.source and _same_unit(x, y, False) and _same_state(x, y))
    take(lambda x, y: x.source == y.source and _same_unit(x, y, False))
    take(lambda x, y: x.source == y.source and _same_unit(x, y, True))
    # A noisy extraction may miss or mis-lemmatize a unit: the same item of the same list with
    # the same numbers is the same target, and with a unit missing on one side it still pairs.
    take(lambda x, y: x.source == y.source and x.item == y.item and _same_state(x, y))
    take(lambda x, y: x.source == y.source and x.item == y.item and not (x.unit and y.unit))
    # ... and a list whose label was missed lands under the other source: an equal target there
    # is the same target, not one removed and one added.
    take(lambda x, y: _same_unit(x, y, False) and _same_state(x, y))
    out: list[Change] = []
    for x, y in sorted(pairs, key=lambda p: order(p[1])):
        if not _same_state(x, y):
            out.append(TargetChange(change="changed", unit=y.unit or x.unit, source=y.source,
                                    old=target_to_state(x), new=target_to_state(y)))
    out += [TargetChange(change="removed", unit=x.unit, source=x.source, old=target_to_state(x)) for x in left_a]
    out += [TargetChange(change="added", unit=y.unit, source=y.source, new=target_to_state(y)) for y in left_b]
    return out


def partner_changes(a: Entry, b: Entry) -> list[Change]:
    """Given two entries, return the partners listed in only one of them (aliases forgiven).
    None when either entry lists no partners: a missing field is not an empty set."""
    if not a.partners or not b.partners:
        return []
    names_a = list(dict.fromkeys(p.name for p in a.partners))
    names_b = list(dict.fromkeys(p.name for p in b.partners))
    out: list[Change] = [PartnerChange(change="removed", name=n) for n in names_a
                         if not any(same_partner(n, m) for m in names_b)]
    out += [PartnerChange(change="added", name=n) for n in names_b if not any(same_partner(n, m) for m in names_a)]
    return out


def funder_changes(a: Entry, b: Entry) -> list[Change]:
    """Given two entries, return the funder codes in only one year's ``funders`` (none when
    either entry has no funding field: a missing field is not an empty set)."""
    if a.funding is None or b.funding is None:
        return []
    fa = list(dict.fromkeys(a.funding.funders if a.funding else []))
    fb = list(dict.fromkeys(b.funding.funders if b.funding else []))
    out: list[Change] = [FunderChange(change="removed", code=c) for c in fa if c not in fb]
    out += [FunderChange(change="added", code=c) for c in fb if c not in fa]
    return out


def entries_to_changes(a: Entry, b: Entry, corresponding: Optional[str], year_shift: int) -> list[Change]:
    """Given a continuing pair, the B section A's section corresponds to, and the plan-year
    difference, return all change records from A to B."""
    return (title_changes(a, b) + section_changes(a, b, corresponding) + duration_changes(a, b, year_shift)
            + target_changes(a, b) + partner_changes(a, b) + funder_changes(a, b))
