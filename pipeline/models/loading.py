"""Read a record JSON written by ``ldn run`` or a FORMAT.md gold file into a ``Record``.

Gold files use plain strings for items and labels, a parallel ``months`` list for
timelines, and gold-only keys (``seed_line``, ``unit_alt`` ...). They are accepted
here so that compare, export and report work on either kind of input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.models.record import Record

_GOLD_ONLY = {
    "entry": {"partners_raw", "seed_line", "source_line"},
    "target": {"unit_alt"},
    "partner": {"aliases", "country_raw"},
}


def _section_key(sec: dict[str, Any]) -> str:
    if sec.get("number"):
        return sec["number"]
    parent = sec.get("parent")
    return f"{parent}/{sec['title']}" if parent else sec["title"]


def _items(values: list[Any]) -> list[dict[str, Any]]:
    return [{"text": v} if isinstance(v, str) else v for v in values or []]


def record_from_dict(data: dict[str, Any], doc_id: str | None = None) -> Record:
    """Given a FORMAT.md dict (prediction or gold), return a validated ``Record``."""
    data = json.loads(json.dumps(data))  # deep copy
    doc = data.setdefault("document", {})
    doc.setdefault("id", doc_id or "unknown")
    for step in doc.get("approval_steps", []) or []:
        step.setdefault("step", step.get("raw") or "")
    for sec in data.get("sections", []) or []:
        sec.setdefault("key", _section_key(sec))
        sec.setdefault("level", 1)
    for entry in data.get("entries", []) or []:
        for key in _GOLD_ONLY["entry"]:
            entry.pop(key, None)
        entry["activities"] = _items(entry.get("activities"))
        entry["results"] = _items(entry.get("results"))
        entry["labels"] = {k: v for k, v in (entry.get("labels") or {}).items() if isinstance(v, str)}
        for tgt in entry.get("targets", []) or []:
            for key in _GOLD_ONLY["target"]:
                tgt.pop(key, None)
        for partner in entry.get("partners", []) or []:
            for key in _GOLD_ONLY["partner"]:
                partner.pop(key, None)
        dur = entry.get("duration")
        if dur is not None:
            dur.setdefault("raw", "")
            dur["continuous"] = bool(dur.get("continuous"))
            for ev in dur.get("events", []) or []:
                ev.pop("precision", None)
    for tl in data.get("timelines", []) or []:
        labels = _items(tl.get("labels"))
        months = tl.pop("months", None) or []
        for i, label in enumerate(labels):
            if i < len(months) and "months" not in label:
                label["months"] = months[i]
        tl["labels"] = labels
    return Record.model_validate(data)


def load_record(path: str | Path) -> Record:
    """Given a path to a record or gold JSON file, return a validated ``Record``."""
    path = Path(path)
    return record_from_dict(json.loads(path.read_text(encoding="utf-8")), doc_id=path.stem)
