"""Given a word tesseract read, return it with the misreadings of its shape put back (``data/ocr.yaml``).

Tesseract names what it cannot read with the nearest glyph it knows: a square bullet becomes "»«", the
"@" of an address a capital "O" and the "0" of "02" a small "o". Both are recognisable from the word itself (symbols alone, first
on the line, read with low confidence; an address but for one character), so they are repaired where
the words are made, before any stage reads them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import vocab


@lru_cache(maxsize=None)
def _rules() -> dict:
    data = vocab.load("ocr")
    at = "|".join(re.escape(a) for a in sorted(data["at_sign"], key=len, reverse=True))
    return {
        "address": re.compile(rf"^(?!www\.|https?:)([\w.+-]*[a-zčšž])(?:{at})([a-zčšž][\w-]*(?:\.[\w-]+)*\.[a-z]{{2,}})([.,;:)]*)$"),
        "bullet_confidence": float(data["bullet_confidence"]),
        "bullet": data["bullet"],
        "opening": data["opening_chars"],
        "digit_letters": str.maketrans(data["digit_letters"]),
        "number": re.compile(rf"^(?=[^\d]*\d)[\d{re.escape(''.join(data['digit_letters']))}]+([.,;:)]*)$"),
    }


@lru_cache(maxsize=None)
def dash_chars() -> frozenset:
    """The characters tesseract reads a thin vertical stroke as (a cut-off parenthesis), from ``data/ocr.yaml``."""
    return frozenset(vocab.load("ocr")["dash_chars"])


def repair_word(text: str, confidence: float, first_on_line: bool) -> str:
    """Given a word's text, its confidence and whether it starts its line, return the text repaired."""
    rules = _rules()
    if (first_on_line and confidence < rules["bullet_confidence"] and not any(ch.isalnum() for ch in text)
            and text[0] not in rules["opening"]):
        return rules["bullet"]
    if rules["number"].match(text):
        return text.translate(rules["digit_letters"])
    if "@" not in text and "." in text:
        m = rules["address"].match(text)
        if m:
            return f"{m.group(1)}@{m.group(2)}{m.group(3)}"
    return text
