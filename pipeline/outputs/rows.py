"""Records to the rows and frames of the tidy tables (``pipeline.outputs.tables`` writes them).

One row per thing (document, section, entry, list item, target, partner, funder code,
duration or event, timeline box), with stable column names and Arrow types declared in
``COLUMNS`` (from the table catalogue, ``pipeline/data/tables.yaml``) and documented in
``docs/tables.md``. Keys join the tables: ``doc_id``,
``entry_id = f"{doc_id}:{index}"``, ``item_id = f"{entry_id}:{source}:{index}"``. Every row
keeps the PDF page of the first fragment of its provenance, null when it has none.
"""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import pandas as pd
import pyarrow as pa

from pipeline.models import Entry, Record, Section
from pipeline.models.tables import table_specs

S, I, F, B, D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()

ARROW_TYPES: dict[str, pa.DataType] = {"string": S, "int64": I, "double": F, "bool": B, "date32[day]": D}

# Column names and types come from the table catalogue (pipeline/data/tables.yaml), which also
# documents them (docs/tables.md, the workbook's first sheet, datapackage.json).
COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    name: [(c.name, ARROW_TYPES[c.type]) for c in spec.columns] for name, spec in table_specs("run").items()
}

_PANDAS_DTYPES = {S: "string", I: "Int64", F: "Float64", B: "boolean", D: pd.ArrowDtype(D)}

def _page(obj: Any) -> Optional[int]:
    prov = getattr(obj, "provenance", None) or []
    return prov[0].page if prov else None


def _join(values: Iterable[str]) -> Optional[str]:
    values = [v for v in values if v]
    return "; ".join(values) if values else None


def iso_to_dates(value: Optional[str]) -> tuple[Optional[pd.Timestamp], Optional[pd.Timestamp]]:
    """Given an ISO date at any precision ("2026", "2026-09", "2026-09-15"), return its first and last day."""
    if not value:
        return None, None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return pd.Timestamp(parts[0], 1, 1), pd.Timestamp(parts[0], 12, 31)
        year, month = parts[0], parts[1]
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return pd.Timestamp(year, month, 1), pd.Timestamp(year, month, last)
        day = pd.Timestamp(year, month, parts[2])
        return day, day
    except (ValueError, TypeError):
        return None, None


def span_to_dates(start: Optional[str], end: Optional[str]) -> tuple[Any, Any]:
    """Given a start and an end at any precision, return the first day of one and the last of the other."""
    first = iso_to_dates(start)[0] or iso_to_dates(end)[0]
    last = iso_to_dates(end)[1] or iso_to_dates(start)[1]
    return (first.date() if first is not None else None, last.date() if last is not None else None)


def months_to_dates(year: Optional[int], months: list[int]) -> tuple[Any, Any]:
    """Given a plan year and a timeline box's months (1..12), return its first and last day."""
    valid = [m for m in months if 1 <= m <= 12]
    if not year or not valid:
        return None, None
    lo, hi = min(valid), max(valid)
    return (pd.Timestamp(year, lo, 1).date(),
            pd.Timestamp(year, hi, calendar.monthrange(year, hi)[1]).date())


def section_context(sections: list[Section]) -> dict[str, dict[str, Optional[str]]]:
    """Given a document's sections, return per key its title, area (level-1 title), area key and scope.

    ``area`` and ``scope`` come from the section when the extraction set them, otherwise
    they are inherited from the nearest enclosing section that has them; the area falls back
    to the title of the top-level ancestor, whose key is ``area_key`` (stable across years
    when an area's title is reworded).
    """
    by_key = {s.key: s for s in sections}
    out: dict[str, dict[str, Optional[str]]] = {}
    for sec in sections:
        chain, seen, cur = [], set(), sec
        while cur is not None and cur.key not in seen:
            chain.append(cur)
            seen.add(cur.key)
            cur = by_key.get(cur.parent) if cur.parent else None
        area = next((s.area for s in chain if s.area), None) or chain[-1].title
        scope = next((s.scope for s in chain if s.scope), None)
        out[sec.key] = {"title": sec.title, "area": area, "area_key": chain[-1].key, "scope": scope}
    return out


def _document_rows(rec: Record) -> list[dict]:
    doc = rec.document
    return [{
        "doc_id": doc.id, "year": doc.year, "organization": doc.organization, "title": doc.title,
        "preparers": _join(doc.preparers), "contact_emails": _join(doc.contact_emails),
        "format_version": rec.format_version, "pipeline_version": rec.pipeline_version,
        "n_sections": len(rec.sections), "n_entries": len(rec.entries),
        "n_timelines": len(rec.timelines), "n_issues": len(rec.issues), "page": _page(doc),
    }]


def _section_rows(rec: Record) -> list[dict]:
    ctx = section_context(rec.sections)
    return [{
        "doc_id": rec.document.id, "section_index": i, "section_key": s.key, "number": s.number,
        "title": s.title, "level": s.level, "parent": s.parent, "scope": ctx[s.key]["scope"],
        "area_key": ctx[s.key]["area_key"], "area": ctx[s.key]["area"], "page": _page(s),
    } for i, s in enumerate(rec.sections)]


def _entry_row(doc_id: str, index: int, e: Entry, ctx: dict) -> dict:
    sec = ctx.get(e.section or "", {})
    dur, fund = e.duration, e.funding
    return {
        "entry_id": f"{doc_id}:{index}", "doc_id": doc_id, "entry_index": index,
        "section_key": e.section, "section_title": sec.get("title"),
        "area_key": sec.get("area_key"), "area": sec.get("area"),
        "scope": sec.get("scope"), "title": e.title, "parent_title": e.parent_title,
        "duration_raw": dur.raw if dur else None, "start": dur.start if dur else None,
        "end": dur.end if dur else None, "continuous": dur.continuous if dur else None,
        "project_start": dur.project_start if dur else None,
        "project_end": dur.project_end if dur else None,
        "funding_raw": fund.raw if fund else None, "funders": _join(fund.funders) if fund else None,
        "n_activities": len(e.activities), "n_results": len(e.results),
        "n_targets": len(e.targets), "n_partners": len(e.partners), "page": _page(e),
    }


def _entry_children(doc_id: str, entry_id: str, e: Entry, rows: dict[str, list]) -> None:
    """Append the rows of one entry's items, targets, partners, funders and durations."""
    for source in ("activities", "results"):
        for i, item in enumerate(getattr(e, source)):
            rows["items"].append({
                "item_id": f"{entry_id}:{source}:{i}", "entry_id": entry_id, "doc_id": doc_id,
                "source": source, "item_index": i, "text": item.text,
                "n_targets": sum(1 for t in e.targets if t.source == source and t.item == i),
                "page": _page(item),
            })
    for i, t in enumerate(e.targets):
        rows["targets"].append({
            "target_id": f"{entry_id}:t{i}", "entry_id": entry_id, "doc_id": doc_id,
            "target_index": i, "item_id": f"{entry_id}:{t.source}:{t.item}", "source": t.source,
            "item_index": t.item, "text": t.text, "value": t.value, "min": t.min, "max": t.max,
            "qualifier": t.qualifier, "unit": t.unit, "mama_share": t.mama_share,
            "share_scope": t.share_scope, "page": _page(t),
        })
    for i, p in enumerate(e.partners):
        rows["partners"].append({
            "partner_id": f"{entry_id}:p{i}", "entry_id": entry_id, "doc_id": doc_id,
            "partner_index": i, "name": p.name, "country": p.country, "role": p.role,
            "generic": p.generic, "page": _page(p),
        })
    if e.funding is not None:
        for i, code in enumerate(e.funding.funders):
            rows["funders"].append({
                "entry_id": entry_id, "doc_id": doc_id, "funder_index": i, "code": code,
                "funding_raw": e.funding.raw, "page": _page(e.funding),
            })
    dur = e.duration
    if dur is not None:
        first, last = span_to_dates(dur.start, dur.end)
        rows["durations"].append({
            "duration_id": f"{entry_id}:d", "entry_id": entry_id, "doc_id": doc_id,
            "kind": "entry", "label": None, "raw": dur.raw, "start": dur.start, "end": dur.end,
            "start_date": first, "end_date": last, "continuous": dur.continuous,
            "project_start": dur.project_start, "project_end": dur.project_end,
            "parsed": dur.parsed, "page": _page(dur),
        })
        for i, ev in enumerate(dur.events):
            first, last = span_to_dates(ev.start, ev.end)
            rows["durations"].append({
                "duration_id": f"{entry_id}:e{i}", "entry_id": entry_id, "doc_id": doc_id,
                "kind": "event", "label": ev.label, "raw": ev.raw, "start": ev.start,
                "end": ev.end, "start_date": first, "end_date": last, "continuous": False,
                "project_start": None, "project_end": None, "parsed": dur.parsed,
                "page": _page(ev) or _page(dur),
            })


def _timeline_rows(rec: Record) -> list[dict]:
    doc_id, year, rows = rec.document.id, rec.document.year, []
    for ti, tl in enumerate(rec.timelines):
        for li, label in enumerate(tl.labels):
            first, last = months_to_dates(year, label.months)
            valid = [m for m in label.months if 1 <= m <= 12]
            rows.append({
                "box_id": f"{doc_id}:tl{ti}:{li}", "doc_id": doc_id, "timeline_index": ti,
                "timeline_title": tl.title, "section_key": tl.section, "label_index": li,
                "text": label.text, "months": ",".join(str(m) for m in label.months) or None,
                "month_start": min(valid) if valid else None,
                "month_end": max(valid) if valid else None,
                "start_date": first, "end_date": last, "page": _page(label) or _page(tl),
            })
    return rows


def record_to_rows(rec: Record) -> dict[str, list[dict]]:
    """Given one record, return its rows per table name (plain dicts)."""
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    doc_id = rec.document.id
    rows["documents"] = _document_rows(rec)
    rows["sections"] = _section_rows(rec)
    ctx = section_context(rec.sections)
    for index, entry in enumerate(rec.entries):
        row = _entry_row(doc_id, index, entry, ctx)
        rows["entries"].append(row)
        _entry_children(doc_id, row["entry_id"], entry, rows)
    rows["timeline_boxes"] = _timeline_rows(rec)
    rows["applications"] = [{
        "doc_id": doc_id, "application_index": i, "programme": a.programme, "count": a.count,
        "page": _page(a),
    } for i, a in enumerate(rec.applications_planned)]
    return rows


def rows_to_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Given a table name and its rows, return a DataFrame with exactly the documented columns and dtypes."""
    cols = COLUMNS[name]
    data = {col: [row.get(col) for row in rows] for col, _ in cols}
    return pd.DataFrame({
        col: pd.Series(data[col], dtype=_PANDAS_DTYPES[typ]) if typ != D
        else pd.Series(pa.array(data[col], type=D), dtype=_PANDAS_DTYPES[D])
        for col, typ in cols
    })


class UniqueIds:
    """Gives records distinct document ids, in the order seen: a repeated id gets ``~2``, ``~3`` ...

    Two plans with one id (the same file name in two folders) would otherwise share entry ids.
    The caller's record is left as it was (a copy gets the new id).
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, rec: Record) -> Record:
        doc_id, n = rec.document.id, 2
        while doc_id in self.seen:
            doc_id, n = f"{rec.document.id}~{n}", n + 1
        self.seen.add(doc_id)
        if doc_id != rec.document.id:
            rec = rec.model_copy(update={"document": rec.document.model_copy(update={"id": doc_id})})
        return rec


def unique_ids(records: Iterable[Record]) -> Iterator[Record]:
    """Given records, yield them with distinct document ids (``UniqueIds``).

    A generator, so that a batch's records can be read one at a time (memory flat in the batch size).
    """
    unique = UniqueIds()
    for rec in records:
        yield unique(rec)


def records_to_tables(records: list[Record]) -> dict[str, pd.DataFrame]:
    """Given records, return the tidy tables by name, in the order of ``COLUMNS``."""
    merged: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for rec in unique_ids(records):
        for name, rows in record_to_rows(rec).items():
            merged[name].extend(rows)
    return {name: rows_to_frame(name, merged[name]) for name in COLUMNS}


def frame_to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    """Given a table name and its DataFrame, return an Arrow table with the declared schema."""
    schema = pa.schema([pa.field(col, typ) for col, typ in COLUMNS[name]])
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)
