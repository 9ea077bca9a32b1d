"""Split one line of a plan's preparation and approval timeline into step, body and date.

"Obravnava osnutka LDN Svet Mreže MaMa, oktober 2025" gives the step "Obravnava osnutka LDN",
the body "Svet Mreže MaMa" and the date "2025-10". A body starts at a body head phrase from
``pipeline/data/approval.yaml`` (svet, strokovni svet, zbor, klub … in their case forms) and runs
to the end of its dash-separated part; parts after it ("on-line") are remarks and dropped.
Month names and their case forms come from ``months.yaml`` (shared with the duration parser).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

from pipeline import vocab
from pipeline.errors import ConfigError
from pipeline.fields.partners import fold
from pipeline.models import ApprovalStep

_DASH_PARTS = re.compile(r"\s+[-\u2010-\u2015\u2212]\s+")
_TRAILING = " ,;:.-\u2013\u2014"


def _month_pairs(node: Any, number: Optional[int] = None):
    """Walk a month table of either shape (form -> n, or n -> [forms]) and yield (form, n)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "notes"):
                continue
            if isinstance(key, int) and 1 <= key <= 12:
                yield from _month_pairs(value, key)
            elif isinstance(key, str) and key.isdigit() and 1 <= int(key) <= 12:
                yield from _month_pairs(value, int(key))
            elif isinstance(key, str) and isinstance(value, int) and 1 <= value <= 12:
                yield key, value
            else:
                yield from _month_pairs(value, number)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _month_pairs(value, number)
    elif isinstance(node, str) and number is not None:
        yield node, number


@lru_cache(maxsize=None)
def _months() -> dict[str, int]:
    data = vocab.load("months")
    table = {fold(form): n for form, n in _month_pairs(data.get("months", {}))}
    if not table:
        raise ConfigError("months.yaml has no 'months' table", file="pipeline/data/months.yaml")
    return table


@lru_cache(maxsize=None)
def _body_pattern() -> re.Pattern:
    forms = sorted({f for group in vocab.load("approval")["bodies"] for f in group}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _date_pattern() -> re.Pattern:
    names = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    return re.compile(
        rf"(?:(?:\d{{1,2}}\.\s*)?(?P<name>{names})\.?|(?:\d{{1,2}}\.\s*)?(?P<num>\d{{1,2}})\s*[./]\s*)\s*(?P<year>(?:19|20)\d\d)(?!\d)",
        re.IGNORECASE,
    )


def text_to_date(text: str) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    """Given a step line, return its last month date as "YYYY-MM" and the span it occupies."""
    found = None
    for match in _date_pattern().finditer(text):
        found = match
    if found is None:
        return None, None
    if found.group("name"):
        month = _months()[fold(found.group("name"))]
    else:
        month = int(found.group("num"))
        if not 1 <= month <= 12:
            return None, None
    return f"{found.group('year')}-{month:02d}", found.span()


def _part_end(text: str, position: int) -> int:
    """Given a position, return where its part of the text (up to a spaced dash or comma) ends."""
    ends = [m.start() for m in (_DASH_PARTS.search(text, position), re.compile(r"[,;]").search(text, position)) if m]
    return min(ends, default=len(text))


def parse_approval_step(text: str) -> ApprovalStep | None:
    """Given one approval-timeline line as printed, return its step, body and date (None if empty)."""
    raw = re.sub(r"\s+", " ", text or "").strip()
    if not raw:
        return None
    date, span = text_to_date(raw)
    rest = (raw if span is None else raw[: span[0]] + raw[span[1]:]).strip(_TRAILING)
    match = _body_pattern().search(rest)
    if match is None:
        return ApprovalStep(step=rest or raw, body=None, date=date, raw=raw)
    end = _part_end(rest, match.start())
    body = rest[match.start():end].strip(_TRAILING)
    step = rest[: match.start()].strip(_TRAILING)
    if not step:  # the body leads: "Svet zavoda – sprejem LDN"
        step = rest[end:].strip(_TRAILING)
        step = _DASH_PARTS.split(step)[0] if step else step
    return ApprovalStep(step=step or raw, body=body or None, date=date, raw=raw)
