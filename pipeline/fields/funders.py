"""Map a funding value (``Vir financiranja:``) to the funder codes of the record format.

The codes, their printed forms and their precedence live in ``pipeline/data/funders.yaml``; this
module only applies them: every pattern match adds its code, a code suppresses the codes it makes
redundant, and words no pattern explains (beyond connective filler) add ``OTHER``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import vocab
from pipeline.errors import ConfigError
from pipeline.fields.partners import fold

OTHER = "OTHER"
CODES = frozenset({"EU", "EU_ESF_PLUS", "NA_MOVIT", "URSM", "MZ", "MJU", "MKRR", "MOL", "OWN", "MEMBERS", "PROJECTS", OTHER})


@lru_cache(maxsize=None)
def _registry() -> tuple[list[tuple[str, list[re.Pattern], list[str]]], frozenset]:
    data = vocab.load("funders")
    funders = []
    for entry in data["funders"]:
        unknown = ({entry["code"]} | set(entry.get("suppresses") or [])) - CODES
        if unknown:
            raise ConfigError(f"funder codes not in FORMAT.md: {sorted(unknown)}", file="pipeline/data/funders.yaml")
        try:
            patterns = [re.compile(p) for p in entry["patterns"]]
        except re.error as exc:
            raise ConfigError(f"bad funder pattern for {entry['code']}: {exc}", file="pipeline/data/funders.yaml") from exc
        funders.append((entry["code"], patterns, list(entry.get("suppresses") or [])))
    return funders, frozenset(fold(w) for w in data.get("filler") or [])


def _leftover_words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Given the folded text and the matched spans, return the words no pattern covered."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return re.findall(r"[^\W\d_]{2,}", "".join(chars))


def parse_funders(raw: str) -> list[str]:
    """Given a funding value as printed, return its sorted, deduplicated funder codes."""
    text = fold(raw or "")
    if not text:
        return []
    funders, filler = _registry()
    codes: set[str] = set()
    suppressed: set[str] = set()
    spans: list[tuple[int, int]] = []
    for code, patterns, suppresses in funders:
        for pattern in patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    codes.add(code)
                    suppressed.update(suppresses)
                    spans.append(match.span())
    codes -= suppressed
    if any(word not in filler for word in _leftover_words(text, spans)):
        codes.add(OTHER)
    return sorted(codes)
