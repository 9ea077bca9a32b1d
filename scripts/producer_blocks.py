"""The reading order of a gold record as the real-producer renderers lay it out (``render_docx``, ``render_html``).

``blocks(gold)`` yields the same sequence ``make_variants.draw`` draws: title page, then each section's heading,
the front matter after the first one, a paragraph after each chapter heading, the section's entries, the
applications cards in chapter 5 and the chapter's timeline charts after its last section.
"""

from __future__ import annotations

from typing import Iterator

FILLER = ("V okviru dejavnosti povezujemo mlade, mladinske delavce in organizacije ter krepimo sodelovanje "
          "med njimi na lokalni in širši ravni, pri tem pa spremljamo potrebe okolja in odzive udeležencev.")
DEFAULT_LABELS = {"activities": "Ključne aktivnosti", "results": "Predvideni rezultati"}


def section_key(sec: dict) -> str:
    return sec["number"] if sec["number"] is not None else f"{sec['parent']}/{sec['title']}"


def approval_lines(gold: dict) -> list[str]:
    """Given a gold record, return the approval timeline's items as printed."""
    return [s.get("raw") or f"{s['step']} {s.get('body') or ''}".strip()
            for s in gold["document"].get("approval_steps", [])]


def entry_fields(e: dict) -> list[tuple[str, object]]:
    """Given a gold entry, return its (label, value) pairs in print order; a list value is a list field."""
    out: list[tuple[str, object]] = []
    if e.get("parent_title"):
        out.append(("Naslov", e["title"]))
    if not (e.get("duration") or e["activities"] or e["results"] or e.get("funding") or e.get("partners_raw")):
        return out
    labels = {**DEFAULT_LABELS, **(e.get("labels") or {})}
    if e.get("duration"):
        out.append(("Trajanje", e["duration"]["raw"]))
    out.append(("Opis", FILLER))
    for key in ("activities", "results"):
        if e[key]:
            out.append((labels[key].rstrip(":"), list(e[key])))
    if e.get("funding"):
        out.append(("Vir financiranja", e["funding"]["raw"]))
    if e.get("partners_raw"):
        out.append(("Partnerji", e["partners_raw"]))
    return out


def blocks(gold: dict) -> Iterator[tuple[str, object]]:
    """Given a gold record, yield (kind, value): title, heading, front, para, entry, cards, charts."""
    yield "title", gold["document"]
    secs = gold["sections"]
    for n, sec in enumerate(secs):
        yield "heading", sec
        if n == 0:
            yield "front", gold["document"]
        elif sec["level"] == 1:
            yield "para", FILLER
        key = section_key(sec)
        for e in gold["entries"]:
            if e["section"] == key:
                yield "entry", e
        if sec["number"] == "5" and gold.get("applications_planned"):
            yield "cards", gold["applications_planned"]
        nxt = secs[n + 1] if n + 1 < len(secs) else None
        if nxt is None or nxt["level"] == 1:
            chapter = key.split("/")[0].split(".")[0]
            tls = [t for t in gold.get("timelines", []) if str(t.get("section", "")).split(".")[0] == chapter]
            if tls:
                yield "charts", tls
