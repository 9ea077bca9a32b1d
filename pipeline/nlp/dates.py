"""Durations from `Trajanje:` values (FORMAT.md `duration`).

A value is split into its main text and its parentheses, and the main text into comma
segments. Each segment is scanned into calendar elements (full dates, day-month pairs, days,
month and season words, years, joiners) and label words; its first and last points give the
span, with missing months and years taken from the later point (or the plan year). The first
unlabelled span is the entry's own; a labelled one is an event; a parenthesis that is unlabelled
or speaks of the whole project or programme gives the project span. Nothing is guessed: a value
with no calendar element and no "kontinuirano" is returned with ``parsed=False``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz.fuzz import ratio

from pipeline.models import Duration, Event
from pipeline.nlp.lexicon import get_lexicon

SCAN_RX = re.compile(
    r"(?P<iso>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})"
    r"|(?P<d>\d{1,2})\.\s*(?P<m>\d{1,2})\.\s*(?P<y>\d{4})"
    r"|(?P<dm_d>\d{1,2})\.\s*(?P<dm_m>\d{1,2})\.(?!\s*\d)"
    r"|(?P<day>\d{1,2})\."
    r"|(?P<sy_a>\d{4})/(?P<sy_b>\d{2})(?!\d)"
    r"|(?P<my_m>\d{1,2})/(?P<my_y>\d{4})"
    r"|(?P<year>\d{4})"
    r"|(?P<num>\d+)"
    r"|(?P<word>[^\W\d_]+\.?)"
    r"|(?P<dash>[-–—‐‑−/])"
)
PAREN_RX = re.compile(r"\(([^()]*)\)")

CLOCK_RX = re.compile(r"\b(?:ob\s+)?\d{1,2}[:.]\d{2}(?!\.?\s*\d)(?:\s*(?:h|ure|uri|ura)\b)?|\bob\s+\d{1,2}\.?\s*(?:h|uri)\b")


@dataclass
class Point:
    day: Optional[int] = None
    month: Optional[int] = None
    year: Optional[int] = None
    season: Optional[tuple[int, int]] = None  # (start month, end month)


def split_parentheses(raw: str) -> tuple[str, list[str]]:
    """Given a raw value, return the text outside parentheses and the texts inside them."""
    inner = PAREN_RX.findall(raw)
    return PAREN_RX.sub(" ", raw), inner


def is_continuous(text: str) -> bool:
    """Given text, return True when a word of it is "kontinuirano" or a misspelling of it."""
    lex = get_lexicon()
    for w in re.findall(r"[^\W\d_]+", text.lower()):
        if len(w) >= 6 and any(ratio(w, c) / 100 >= lex.continuous_min_ratio for c in lex.continuous_words):
            return True
    return False


OPEN_START, OPEN_END = "do", "od"


def scan(segment: str) -> tuple[list[str], list[Point]]:
    """Given a segment, return its label words (before the first date) and its calendar points.

    "do 31. 12. 2027" alone has an open start and "od marca 2027" alone an open end: the
    missing end is marked by an empty point on that side.
    """
    lex = get_lexicon()
    label: list[str] = []
    points: list[Point] = []
    lead: Optional[str] = None
    for m in SCAN_RX.finditer(periods_to_months(CLOCK_RX.sub(" ", segment))):
        kind = m.lastgroup
        if kind in ("iso", "iso_m", "iso_d"):
            points.append(Point(int(m["iso_d"]), int(m["iso_m"]), int(m["iso"])))
        elif kind in ("d", "m", "y"):
            points.append(Point(int(m["d"]), int(m["m"]), int(m["y"])))
        elif kind in ("dm_d", "dm_m"):
            points.append(Point(int(m["dm_d"]), int(m["dm_m"])))
        elif kind == "day":
            points.append(Point(day=int(m["day"])))
        elif kind in ("sy_a", "sy_b"):  # "2026/27": a school or season year, two years
            first = int(m["sy_a"])
            second = first // 100 * 100 + int(m["sy_b"])
            _attach_year(points, first)
            points.append(Point(year=second + (100 if second < first else 0)))
        elif kind in ("my_m", "my_y"):
            points.append(Point(month=int(m["my_m"]), year=int(m["my_y"])))
        elif kind == "year":
            _attach_year(points, int(m["year"]))
        elif kind == "word":
            w = m["word"].rstrip(".").lower()
            if w in lex.month_forms:
                _attach_month(points, lex.month_forms[w])
            elif w in lex.season_forms:
                s = lex.season_forms[w]
                points.append(Point(season=(s.start, s.end)))
            elif not points and w in (OPEN_START, OPEN_END):
                lead = w
            elif not points and w not in lex.date_qualifiers and w not in lex.span_joiners:
                label.append(m["word"])
    if len(points) == 1 and lead == OPEN_START:
        points.insert(0, Point())
    elif len(points) == 1 and lead == OPEN_END:
        points.append(Point())
    return label, points


def periods_to_months(text: str) -> str:
    """Given a segment, return it with parts of a year written as month spans.

    "1. polletje 2027" becomes "januar - junij 2027", "III. četrtletje" "julij - september" and
    "Q4" "oktober - december": the year in `parts` equal runs of months, like the seasons.
    """
    lex = get_lexicon()
    names: dict[int, str] = {}
    for form, month in lex.month_forms.items():
        names.setdefault(month, form)

    def span(n: int, parts: int) -> str:
        size = 12 // parts
        n = parts if n == -1 else n
        return f"{names[(n - 1) * size + 1]} - {names[n * size]}"

    def replace(m: re.Match) -> str:
        if m["quarter"]:
            return span(int(m["quarter"]), 4)
        parts = lex.period_forms.get(m["period"].lower())
        n = int(m["digit"]) if m["digit"] else lex.period_ordinals.get((m["word"] or "").lower())
        if parts is None or n is None or not (n == -1 or 1 <= n <= parts):
            return m.group()
        return span(n, parts)

    return _period_rx().sub(replace, text)


@lru_cache(maxsize=1)
def _period_rx() -> re.Pattern:
    lex = get_lexicon()
    ordinals = "|".join(sorted(map(re.escape, lex.period_ordinals), key=len, reverse=True))
    periods = "|".join(sorted(map(re.escape, lex.period_forms), key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?P<digit>[1-4])\.?|(?P<word>{ordinals})\.?)\s*(?P<period>{periods})\b|\bq(?P<quarter>[1-4])\b",
        re.IGNORECASE,
    )


def _attach_month(points: list[Point], month: int) -> None:
    """"9. april": a day before a month word takes the month; otherwise the month is a point."""
    if points and points[-1].day is not None and points[-1].month is None:
        points[-1].month = month
    else:
        points.append(Point(month=month))


def _attach_year(points: list[Point], year: int) -> None:
    """A year completes the point before it, or stands alone ("2026")."""
    if points and points[-1].year is None and (points[-1].month is not None or points[-1].season):
        points[-1].year = year
    else:
        points.append(Point(year=year))


def _iso(p: Point) -> str:
    if p.day is not None:
        dt.date(p.year, p.month, p.day)  # raises ValueError on an impossible date
        return f"{p.year:04d}-{p.month:02d}-{p.day:02d}"
    if p.month is not None:
        if not 1 <= p.month <= 12:
            raise ValueError(p.month)
        return f"{p.year:04d}-{p.month:02d}"
    return f"{p.year:04d}"


def points_to_span(points: list[Point], plan_year: Optional[int]) -> Optional[tuple[Optional[str], Optional[str]]]:
    """Given a segment's points, return (start, end) ISO strings, or None when incomplete."""
    if not points:
        return None
    first, last = points[0], points[-1]
    if first == Point() or last == Point():  # an open side: only the stated end is known
        known = points_to_span([last if first == Point() else first], plan_year)
        if known is None:
            return None
        return (None, known[1]) if first == Point() else (known[0], None)
    end = Point(last.day, last.month, last.year if last.year is not None else plan_year, last.season)
    if end.year is None:
        return None
    if end.season:
        s_start, s_end = end.season
        end = Point(month=s_end, year=end.year + (1 if s_end < s_start else 0))
    start = Point(first.day, first.month, first.year, first.season)
    if start.season:
        start = Point(month=start.season[0], year=start.year if start.year is not None else last.year or plan_year)
    if start.month is None and start.day is not None:
        start.month = end.month
    if start.year is None:
        start.year = end.year
        if start.month is not None and end.month is not None and start.month > end.month:
            start.year -= 1
    if start.day is not None and start.month is None:
        return None
    try:
        return _iso(start), _iso(end)
    except (ValueError, TypeError):
        return None


def _segments(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[,;]", text) if s.strip()]


def parse_duration(raw: str, plan_year: Optional[int] = None) -> Duration:
    """Given a `Trajanje:` value as printed, return a Duration (``parsed=False`` when not understood)."""
    lex = get_lexicon()
    main, parens = split_parentheses(raw or "")
    continuous = is_continuous(main)
    own: Optional[tuple[str, str]] = None
    project: Optional[tuple[str, str]] = None
    events: list[Event] = []
    labelled: list[tuple[str, str, tuple[str, str]]] = []
    group: list[str] = []  # consecutive unlabelled segments: "april, maj 2027" is one span
    for segment in _segments(main):
        label, points = scan(segment)
        unlabelled = not label or _only_qualifiers(label)
        if unlabelled and points and (own is None or group):
            group.append(segment)
            joined = points_to_span(scan(" ".join(group))[1], plan_year)
            own = joined or own
            continue
        group = [] if own is not None else group
        span = points_to_span(points, plan_year)
        if span is None:
            continue
        if label and own is not None or not unlabelled:
            labelled.append((" ".join(label), segment, span))
        elif own is None:
            own = span
    if own is None and labelled and not continuous:
        own = labelled.pop(0)[2]
    for text, segment, span in labelled:
        events.append(Event(label=text, start=span[0], end=span[1], raw=segment))
    for inner in parens:
        label, points = scan(inner)
        span = points_to_span(points, plan_year)
        if span is None:
            continue
        words = {w.lower() for w in label}
        if (not label or words & lex.project_cues) and project is None:
            project = span
        else:
            events.append(Event(label=" ".join(label) or None, start=span[0], end=span[1], raw=inner.strip()))
    parsed = continuous or own is not None or project is not None or bool(events)
    return Duration(
        raw=raw,
        start=own[0] if own else None,
        end=own[1] if own else None,
        continuous=continuous,
        project_start=project[0] if project else None,
        project_end=project[1] if project else None,
        events=events,
        parsed=parsed,
    )


def _only_qualifiers(label: list[str]) -> bool:
    lex = get_lexicon()
    return all(w.lower().rstrip(".") in lex.date_qualifiers for w in label)
