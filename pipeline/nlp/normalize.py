"""Normalize the prose of a plan: durations into dates, item texts into numeric targets.

Public entries: ``normalize_duration(raw, plan_year)`` and ``extract_targets(text, source, item)``.
Both are pure functions on text; provenance is added by the caller from the returned offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Duration, Target
from pipeline.nlp.dates import parse_duration
from pipeline.nlp.targets import item_quantities


def normalize_duration(raw: str, plan_year: int | None = None) -> Duration:
    """Given a `Trajanje:` value as printed, return its FORMAT.md duration (parsed=False if unknown)."""
    return parse_duration(raw, plan_year)


@dataclass(frozen=True)
class TargetMatch:
    target: Target  # FORMAT.md target without provenance; target.text is item_text[start:end]
    start: int  # char offsets of the shortest phrase carrying the quantity
    end: int


def extract_targets(text: str, source: str, item: int) -> list[TargetMatch]:
    """Given one activity or result item (dehyphenated, whitespace-normalized), return its targets."""
    doc, found = item_quantities(text)
    out = []
    for q in found:
        start = doc[q.start].idx
        end = doc[q.end].idx + len(doc[q.end].text)
        if q.qualifier in ("at_least", "more_than"):
            value, low, high = q.value, q.value, None
        elif q.qualifier == "up_to":
            value, low, high = q.value, None, q.value
        else:
            value, low, high = q.value, q.low, q.high
        target = Target(
            source=source,
            item=item,
            text=text[start:end],
            value=value,
            min=low,
            max=high,
            qualifier=q.qualifier,
            unit=q.phrase.unit if q.phrase else None,
            mama_share=q.share,
            share_scope=q.scope if q.share is not None else None,
        )
        out.append(TargetMatch(target=target, start=start, end=end))
    return out
