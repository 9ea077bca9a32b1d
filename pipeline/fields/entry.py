"""Given an entry block, return its ``Entry``: items, partners, funders, duration and targets per field.
"""

from __future__ import annotations

from typing import Optional

from pipeline.fields.funders import parse_funders
from pipeline.fields.items import paragraph_lines, split_items
from pipeline.fields.partners import parse_partners
from pipeline.models import Duration, Entry, Funding, Item, Partner
from pipeline.nlp.normalize import extract_targets, normalize_duration
from pipeline.read.text import TextRun, lines_to_run
from pipeline.structure.blocks import EntryBlock, FieldBlock

SCALAR_FIELDS = ("duration", "funding", "partners", "title")


def _items(block: FieldBlock, source: str) -> tuple[list[Item], list]:
    items, targets = [], []
    for idx, group in enumerate(split_items(block.value_lines)):
        run = lines_to_run(group)
        items.append(Item(text=run.text, provenance=run.fragments()))
        for match in extract_targets(run.text, source, idx):
            targets.append(match.target.model_copy(update={"provenance": run.fragments(match.start, match.end)}))
    return items, targets


def _duration(run: TextRun, year: Optional[int]) -> Duration:
    dur = normalize_duration(run.text, year)
    return dur.model_copy(update={"provenance": run.fragments()})


def _partners(run: TextRun) -> list[Partner]:
    out = []
    for match in parse_partners(run.text):
        out.append(match.partner.model_copy(update={"provenance": run.fragments(match.start, match.end)}))
    return out


def block_to_entry(block: EntryBlock, year: Optional[int]) -> Entry:
    """Given an entry block, return its ``Entry`` with items, targets, duration, funding and partners."""
    title_run = lines_to_run(block.title_lines)
    entry = Entry(
        title=title_run.text,
        parent_title=lines_to_run(block.parent_title_lines).text if block.parent_title_lines else None,
        section=block.section,
        provenance=title_run.fragments(),
    )
    for fb in block.fields:
        if fb.field in ("activities", "results"):
            items, targets = _items(fb, fb.field)
            getattr(entry, fb.field).extend(items)
            entry.targets.extend(targets)
            entry.labels.setdefault(fb.field, fb.label)
            continue
        if fb.field not in SCALAR_FIELDS or not fb.value_lines:
            continue
        run = lines_to_run(paragraph_lines(fb.value_lines))
        if not run.text:
            continue
        if fb.field == "duration" and entry.duration is None:
            entry.duration = _duration(run, year)
        elif fb.field == "funding" and entry.funding is None:
            entry.funding = Funding(raw=run.text, funders=parse_funders(run.text), provenance=run.fragments())
        elif fb.field == "partners":
            entry.partners.extend(_partners(run))
        entry.labels.setdefault(fb.field, fb.label)
    # targets come in item order per source, activities first, as the format lists them
    entry.targets.sort(key=lambda t: (t.source != "activities", t.item))
    return entry
