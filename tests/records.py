"""Record files crafted inside the tests: small valid plans of chosen years and organisations, and
files that are not usable compare inputs, each with the error code and the reason it must get."""

from __future__ import annotations

import json
from pathlib import Path

ORG = "Zavod Primer"


def plan_dict(year: int, org: str | None = ORG, titles: tuple[str, ...] = ("Mreža svetovalcev",)) -> dict:
    """Return a small valid record (FORMAT.md shape) of one plan year."""
    return {
        "format_version": "1.0",
        "document": {"id": f"ldn-{year}", "year": year, "organization": org},
        "sections": [{"number": "1", "title": "PROGRAMI", "level": 1, "parent": None}],
        "entries": [{"section": "1", "title": t, "activities": ["1. srečanje"], "results": [],
                     "targets": [], "partners": [], "funding": {"raw": "Erasmus+", "funders": ["ERASMUS_PLUS"]}}
                    for t in titles],
    }


def write_plan(path: Path, year: int, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan_dict(year, **kwargs), ensure_ascii=False), encoding="utf-8")
    return path


def _with(year: int, **changes) -> bytes:
    data = plan_dict(year)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value
    return json.dumps(data).encode()


def bad_record_files() -> dict[str, tuple[bytes, str, str]]:
    """Return {file name: (bytes, code, reason in the message)} for inputs compare must refuse alone."""
    good = json.dumps(plan_dict(2031), indent=1).encode()
    return {
        "not-a-record.json": (b'{"a": 1}', "E413", "document: Field required"),
        "a-list.json": (b"[1, 2]", "E413", "the top level: Input should be a valid dictionary"),
        "wrong-value.json": (_with(2031, entries__0__targets=[{"source": "elsewhere", "item": 0, "text": "x"}]),
                             "E413", "entries[0].targets[0].source: Input should be 'activities' or 'results'"),
        "no-title.json": (_with(2031, entries__0__title=None), "E413", "entries[0].title"),
        "not-json.json": (b"{not json", "E412", "not JSON"),
        "truncated.json": (good[: len(good) // 2], "E412", "truncated JSON"),
        "empty.json": (b"", "E412", "empty file"),
        "plan.pdf": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "E412", "a PDF, not a record"),
        "picture.json": (b"\x89PNG\r\n\x1a\n" + bytes(32), "E412", "looks like a PNG image"),
        "latin2.json": ('{"document": {"organization": "Mreža"}}'.encode("cp1250"), "E411", "not UTF-8"),
        "future.json": (_with(2031, format_version="2.0"), "E414", "newer than this ldn reads"),
        "ancient.json": (_with(2031, format_version="0.3"), "E414", "older than this ldn reads"),
        "no-version.json": (_with(2031, format_version="latest"), "E413", "not a version number"),
    }
