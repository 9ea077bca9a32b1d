"""Read a record JSON written by ``ldn run`` or a FORMAT.md gold file into a ``Record``.

Gold files use plain strings for items and labels, a parallel ``months`` list for
timelines, and gold-only keys (``seed_line``, ``unit_alt`` ...). They are accepted
here so that compare, export and report work on either kind of input.

``load_record`` is the door for record files: it refuses, with a typed error naming the file and
the first problem, a file that cannot be read, is not JSON or is cut short, is not an ldn record
(pydantic's location and message), or was written in a ``format_version`` this ldn cannot read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import RecordInvalidError, RecordJsonError, RecordUnreadableError, RecordVersionError
from pipeline.models.record import FORMAT_VERSION, Record

VERSION_RE = re.compile(r"^(\d+)(?:\.(\d+))?$")
READABLE_MAJOR = int(FORMAT_VERSION.split(".")[0])  # every 1.x record: minor versions only add keys
FOUND_CHARS = 60  # how much of an offending value an error message quotes

_GOLD_ONLY = {
    "entry": {"partners_raw", "seed_line", "source_line"},
    "target": {"unit_alt"},
    "partner": {"aliases", "country_raw"},
}


def _section_key(sec: dict[str, Any]) -> Optional[str]:
    if sec.get("number"):
        return sec["number"]
    parent, title = sec.get("parent"), sec.get("title")
    if not isinstance(title, str):
        return None  # left for the model to report
    return f"{parent}/{title}" if parent else title


def _dicts(values: Any) -> list[dict[str, Any]]:
    """The objects of a list; anything else is left in place for the model to report with its location."""
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []


def _items(values: Any) -> Any:
    if values is None:
        return []
    return [{"text": v} if isinstance(v, str) else v for v in values] if isinstance(values, list) else values


def _drop(objects: list[dict[str, Any]], keys: set[str]) -> None:
    for obj in objects:
        for key in keys:
            obj.pop(key, None)


def record_from_dict(data: dict[str, Any], doc_id: str | None = None) -> Record:
    """Given a FORMAT.md dict (prediction or gold), return a validated ``Record``; raise pydantic's
    ``ValidationError`` when it is not one (values of the wrong kind are left for the model to report)."""
    data = json.loads(json.dumps(data))  # deep copy
    if not isinstance(data, dict):
        return Record.model_validate(data)
    if data.get("format_version") is None:
        data.pop("format_version", None)  # null counts as left out (FORMAT.md)
    doc = data.setdefault("document", {})
    if isinstance(doc, dict):
        doc.setdefault("id", doc_id or "unknown")
        for step in _dicts(doc.get("approval_steps")):
            step.setdefault("step", step.get("raw") or "")
    for sec in _dicts(data.get("sections")):
        key = _section_key(sec)
        if key is not None:
            sec.setdefault("key", key)
        sec.setdefault("level", 1)
    for entry in _dicts(data.get("entries")):
        _drop([entry], _GOLD_ONLY["entry"])
        entry["activities"] = _items(entry.get("activities"))
        entry["results"] = _items(entry.get("results"))
        labels = entry.get("labels")
        entry["labels"] = {k: v for k, v in (labels or {}).items() if isinstance(v, str)} \
            if isinstance(labels, dict) or labels is None else labels
        _drop(_dicts(entry.get("targets")), _GOLD_ONLY["target"])
        _drop(_dicts(entry.get("partners")), _GOLD_ONLY["partner"])
        dur = entry.get("duration")
        if isinstance(dur, dict):
            dur.setdefault("raw", "")
            dur["continuous"] = bool(dur.get("continuous"))
            _drop(_dicts(dur.get("events")), {"precision"})
    for tl in _dicts(data.get("timelines")):
        labels = _items(tl.get("labels"))
        months = tl.pop("months", None) or []
        if isinstance(labels, list) and isinstance(months, list):
            for i, label in enumerate(labels):
                if i < len(months) and isinstance(label, dict) and "months" not in label:
                    label["months"] = months[i]
        tl["labels"] = labels
    return Record.model_validate(data)


class RecordHeader(BaseModel):
    """The keys every ldn record has (FORMAT.md): checked first, so that any JSON is not taken for an empty record."""

    model_config = ConfigDict(extra="allow")

    format_version: Optional[str] = None
    document: dict[str, Any]
    entries: list[Any]


def location_to_text(loc: tuple) -> str:
    """Given a pydantic error location, return it as a path: ``('entries', 3, 'title')`` -> ``entries[3].title``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the top level"


def validation_to_text(exc: ValidationError) -> str:
    """Given a pydantic error, return its first problem as one line: location, message, the value found."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    text = f"{location_to_text(first['loc'])}: {first['msg']}"
    if first["type"] != "missing":
        found = json.dumps(first.get("input"), ensure_ascii=False, default=str)
        text += f" (found {found[:FOUND_CHARS]}{'...' if len(found) > FOUND_CHARS else ''})"
    if len(errors) > 1:
        text += f"; {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''}"
    return text


def read_json(path: str | Path) -> Any:
    """Given a path, return its parsed JSON; raise ``RecordUnreadableError`` or ``RecordJsonError``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise RecordUnreadableError("no such file", file=path) from exc
    except IsADirectoryError as exc:
        raise RecordUnreadableError("is a folder, not a record file", file=path) from exc
    except OSError as exc:
        raise RecordUnreadableError(f"cannot read it: {exc.strerror or exc}", file=path) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordUnreadableError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
                                    "a record is a JSON file", file=path) from exc
    if not text.strip():
        raise RecordJsonError("empty file: no JSON in it", file=path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise RecordJsonError(f"truncated JSON: the text ends inside a value ({exc.msg} at {where})",
                                  file=path) from exc
        raise RecordJsonError(f"not JSON: {exc.msg} at {where}", file=path) from exc


def check_format_version(version: Optional[str], path: Optional[Path | str] = None) -> None:
    """Given a record's ``format_version`` (None when left out, as FORMAT.md allows), raise
    ``RecordVersionError`` saying what to do when this ldn cannot read that format."""
    if version is None:
        return
    match = VERSION_RE.match(version.strip())
    if not match:
        raise RecordInvalidError(f"format_version: {version!r} is not a version number like {FORMAT_VERSION!r}",
                                 file=path)
    major = int(match.group(1))
    if major < READABLE_MAJOR:
        raise RecordVersionError(
            f"record format {version} is older than this ldn reads ({READABLE_MAJOR}.x): "
            "extract the plan again with `ldn run PDF --out DIR` and compare the new record", file=path)
    if major > READABLE_MAJOR:
        raise RecordVersionError(
            f"record format {version} is newer than this ldn reads ({READABLE_MAJOR}.x): "
            "upgrade ldn, or compare with the ldn version that wrote it", file=path)


def check_record_dict(data: Any, path: Optional[Path | str] = None) -> Record:
    """Given parsed JSON (from ``path``, named in errors), return the validated ``Record``; raise
    ``RecordInvalidError`` (not a record) or ``RecordVersionError`` (unreadable format version)."""
    try:
        header = RecordHeader.model_validate(data)
    except ValidationError as exc:
        raise RecordInvalidError(f"not an ldn record: {validation_to_text(exc)}", file=path) from exc
    check_format_version(header.format_version, path)
    try:
        return record_from_dict(data, doc_id=Path(path).stem if path is not None else None)
    except ValidationError as exc:
        raise RecordInvalidError(f"not a valid ldn record: {validation_to_text(exc)}", file=path) from exc


def load_record(path: str | Path) -> Record:
    """Given a path to a record or gold JSON file, return a validated ``Record``; raise a
    ``CompareInputError`` (``RecordUnreadableError``, ``RecordJsonError``, ``RecordInvalidError``,
    ``RecordVersionError``) naming the file and the first problem."""
    path = Path(path)
    return check_record_dict(read_json(path), path)
