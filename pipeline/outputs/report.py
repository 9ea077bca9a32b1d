"""Records to one self-contained HTML report of a run, with plotly charts.

The report reads the same tidy tables as the analysts (``pipeline.outputs.tables.records_to_tables``),
so what it shows and what the tables hold cannot drift apart. plotly.js is inlined once, so
the file opens offline; each chart is a plotly figure serialized without validation (fast).
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Optional

import pandas as pd

from pipeline.files import write_atomic
from pipeline.files.links import fragments_text, page_href, relative_href
from pipeline.models import Record
from pipeline.outputs.tables import records_to_tables, unique_ids

TEMPLATE = "report.html.j2"
PALETTE = ["#2a6f97", "#e07a5f", "#81b29a", "#f2cc8f", "#6d597a", "#3d405b", "#b56576", "#52796f"]
ROW_HEIGHT = 22  # pixels per Gantt row


def _value(v: Any) -> Any:
    """Given a cell, return a JSON-ready value (None for every kind of missing)."""
    if _missing(v):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def _rows(df: pd.DataFrame) -> list[dict]:
    return [{k: _value(v) for k, v in row.items()} for row in df.to_dict("records")]


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v))


def _layout(title: str, height: int, top: int = 40, **extra: Any) -> dict:
    return {
        "title": {"text": title, "font": {"size": 15}, "x": 0.01, "xanchor": "left"},
        "height": height, "margin": {"l": 10, "r": 10, "t": top, "b": 30}, "colorway": PALETTE,
        "paper_bgcolor": "white", "plot_bgcolor": "#fafafa", **extra,
    }


def bar_figure(title: str, counts: pd.Series, orientation: str = "v") -> Optional[dict]:
    """Given a title and counts by label, return a plotly bar figure dict (None when empty)."""
    if counts.empty:
        return None
    labels, values = [str(i) for i in counts.index], [int(v) for v in counts.values]
    trace = {"type": "bar", "orientation": orientation, "marker": {"color": PALETTE[0]},
             "x": values if orientation == "h" else labels,
             "y": labels if orientation == "h" else values,
             "text": values, "textposition": "auto", "textangle": 0}
    height = max(220, 60 + ROW_HEIGHT * len(labels)) if orientation == "h" else 320
    axis = {"automargin": True}
    return {"data": [trace], "layout": _layout(
        title, height, xaxis=axis, yaxis={**axis, "autorange": "reversed"} if orientation == "h" else axis)}


def stacked_figure(title: str, table: pd.DataFrame) -> Optional[dict]:
    """Given a title and a count table (rows: categories, columns: stacks), return a stacked bar figure."""
    if table.empty:
        return None
    data = [{"type": "bar", "orientation": "h", "name": str(col), "y": [str(i) for i in table.index],
             "x": [int(v) for v in table[col].values]} for col in table.columns]
    return {"data": data, "layout": _layout(
        title, 110 + 34 * len(table.index), top=60, barmode="stack",
        yaxis={"automargin": True, "autorange": "reversed"},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})}


def gantt_figure(title: str, bars: pd.DataFrame) -> Optional[dict]:
    """Given rows (row, group, start, end as dates, hover), return a plotly Gantt figure dict.

    Bars are horizontal ``bar`` traces on a date axis: ``base`` is the start and ``x`` the
    length in milliseconds, the way plotly.express builds its timelines.
    """
    if bars.empty:
        return None
    data = []
    for i, (group, part) in enumerate(bars.groupby("group", sort=False)):
        start = pd.to_datetime(part["start"])
        end = pd.to_datetime(part["end"]) + pd.Timedelta(days=1)
        data.append({
            "type": "bar", "orientation": "h", "name": str(group),
            "marker": {"color": PALETTE[i % len(PALETTE)]},
            "base": [d.strftime("%Y-%m-%d") for d in start],
            "x": [int((e - s).total_seconds() * 1000) for s, e in zip(start, end)],
            "y": part["row"].tolist(), "hovertext": part["hover"].tolist(), "hoverinfo": "text",
        })
    legend_rows = 1 + len(data) // 4
    height = 100 + 20 * legend_rows + ROW_HEIGHT * bars["row"].nunique()
    return {"data": data, "layout": _layout(
        title, height, top=50 + 20 * legend_rows, barmode="overlay",
        xaxis={"type": "date", "automargin": True},
        yaxis={"automargin": True, "autorange": "reversed", "tickfont": {"size": 10}},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})}


def _short(text: Any, n: int = 60) -> str:
    text = "" if text is None or text is pd.NA else str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def duration_bars(t: dict[str, pd.DataFrame], doc_id: str, year: Optional[int]) -> pd.DataFrame:
    """Given the tables, a document and its year, return the Gantt rows of its durations and events.

    A continuous entry without dates is drawn over the whole plan year, in its own group.
    """
    dur = t["durations"][t["durations"]["doc_id"] == doc_id]
    titles = t["entries"].set_index("entry_id")["title"]
    rows = []
    for r in dur.itertuples(index=False):
        start, end = r.start_date, r.end_date
        group = "event" if r.kind == "event" else "duration"
        if _missing(start) and not _missing(r.continuous) and bool(r.continuous) and year:
            start, end, group = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31), "continuous"
        if _missing(start) or _missing(end):
            continue
        title = titles.get(r.entry_id, "")
        label = f"{_short(title)} · {r.label}" if r.kind == "event" and r.label else _short(title)
        rows.append({"row": f"{label} [{r.entry_id.rsplit(':', 1)[-1]}]", "group": group,
                     "start": start, "end": end, "hover": f"{title}<br>{r.raw or ''}"})
    return pd.DataFrame(rows, columns=["row", "group", "start", "end", "hover"])


def timeline_bars(t: dict[str, pd.DataFrame], doc_id: str) -> pd.DataFrame:
    """Given the tables and a document, return the Gantt rows of its timeline chart boxes."""
    boxes = t["timeline_boxes"][t["timeline_boxes"]["doc_id"] == doc_id].dropna(subset=["start_date"])
    return pd.DataFrame({
        "row": [f"{_short(b.text, 50)} [{b.timeline_index}.{b.label_index}]" for b in boxes.itertuples()],
        "group": boxes["timeline_title"].tolist(),
        "start": boxes["start_date"].tolist(), "end": boxes["end_date"].tolist(),
        "hover": [f"{b.timeline_title}<br>{b.text}<br>months {b.months}" for b in boxes.itertuples()],
    }, columns=["row", "group", "start", "end", "hover"])


def document_figures(t: dict[str, pd.DataFrame], doc_id: str, year: Optional[int]) -> list[dict]:
    """Given the tables and a document, return its figures as {id, figure} (empty ones left out)."""
    entries = t["entries"][t["entries"]["doc_id"] == doc_id]
    targets = t["targets"][t["targets"]["doc_id"] == doc_id].merge(
        entries[["entry_id", "area"]], on="entry_id", how="left")
    partners = t["partners"][t["partners"]["doc_id"] == doc_id]
    funders = t["funders"][t["funders"]["doc_id"] == doc_id]
    by_area = (targets.assign(area=targets["area"].fillna("(no area)"))
               .groupby(["area", "source"]).size().unstack(fill_value=0))
    no_country = int(partners["country"].isna().sum())
    figures = {
        "targets": stacked_figure("Targets by programme area", by_area),
        "countries": bar_figure(f"Partners by country ({no_country} without a country)",
                                partners["country"].dropna().value_counts(), "h"),
        "funders": bar_figure("Funder mix (entries per funder code)", funders["code"].value_counts(), "h"),
        "durations": gantt_figure("Durations and events", duration_bars(t, doc_id, year)),
        "timelines": gantt_figure("Timeline chart boxes", timeline_bars(t, doc_id)),
    }
    return [{"id": f"fig-{doc_id}-{name}", "figure": fig} for name, fig in figures.items() if fig]


def section_tree(sections: list[dict], entries: list[dict]) -> list[dict]:
    """Given section and entry rows of one document, return nested nodes {section, entries, children}."""
    by_key = {s["section_key"]: {"section": s, "entries": [], "children": []} for s in sections}
    for e in entries:
        node = by_key.get(e["section_key"])
        if node is not None:
            node["entries"].append(e)
    roots = []
    for s in sections:
        parent = by_key.get(s["parent"]) if s["parent"] else None
        (parent["children"] if parent and parent is not by_key[s["section_key"]] else roots).append(
            by_key[s["section_key"]])
    return roots


def _group(df: pd.DataFrame, key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in _rows(df):
        grouped.setdefault(row[key], []).append(row)
    return grouped


def record_to_texts(rec: Record) -> dict[str, str]:
    """Given a record (with its final document id), return the source text behind each page mark of
    the report, by row id: the document, its sections (``<doc_id>#s<index>``), entries, items, targets."""
    doc_id, out = rec.document.id, {}

    def put(key: str, obj: Any) -> None:
        text = fragments_text(getattr(obj, "provenance", None) or [])
        if text:
            out[key] = text

    put(doc_id, rec.document)
    for i, sec in enumerate(rec.sections):
        put(f"{doc_id}#s{i}", sec)
    for index, e in enumerate(rec.entries):
        entry_id = f"{doc_id}:{index}"
        put(entry_id, e)
        for source in ("activities", "results"):
            for i, item in enumerate(getattr(e, source)):
                put(f"{entry_id}:{source}:{i}", item)
        for i, target in enumerate(e.targets):
            put(f"{entry_id}:t{i}", target)
    return out


def _mark(row: dict, key: str, texts: dict[str, str], pdf: Optional[str]) -> dict:
    """Given a row with a ``page``, add what its page mark needs: the link to that page and the source text."""
    row["page_href"] = page_href(pdf, row.get("page"))
    row["page_text"] = texts.get(key)
    return row


def tables_to_context(t: dict[str, pd.DataFrame], texts: Optional[dict[str, str]] = None,
                      pdfs: Optional[dict[str, str]] = None) -> dict:
    """Given the tidy tables (and the source texts by row id, the PDF's URL by document), return the
    template context: per document its tree, entries and figures, every row ready for its page mark."""
    texts, pdfs = texts or {}, pdfs or {}
    items, targets = _group(t["items"], "entry_id"), _group(t["targets"], "entry_id")
    partners = _group(t["partners"], "entry_id")
    documents = []
    for doc in _rows(t["documents"]):
        doc_id = doc["doc_id"]
        pdf = pdfs.get(doc_id)
        _mark(doc, doc_id, texts, pdf)
        entries = _rows(t["entries"][t["entries"]["doc_id"] == doc_id])
        for e in entries:
            _mark(e, e["entry_id"], texts, pdf)
            for row in items.get(e["entry_id"], []):
                _mark(row, row["item_id"], texts, pdf)
            for row in targets.get(e["entry_id"], []):
                _mark(row, row["target_id"], texts, pdf)
            e_items = items.get(e["entry_id"], [])
            e["activities"] = [i for i in e_items if i["source"] == "activities"]
            e["results"] = [i for i in e_items if i["source"] == "results"]
            e["targets"], e["partners"] = targets.get(e["entry_id"], []), partners.get(e["entry_id"], [])
        sections = [_mark(s, f"{doc_id}#s{s['section_index']}", texts, pdf)
                    for s in _rows(t["sections"][t["sections"]["doc_id"] == doc_id])]
        orphans = [e for e in entries if e["section_key"] not in {s["section_key"] for s in sections}]
        documents.append({
            **doc, "pdf": pdf, "entries": entries, "tree": section_tree(sections, entries), "orphans": orphans,
            "figures": document_figures(t, doc_id, doc["year"]),
            "counts": {name: int((t[name]["doc_id"] == doc_id).sum())
                       for name in ("sections", "entries", "items", "targets", "partners", "funders")},
        })
    return {"documents": documents}


def _number(v: Any) -> str:
    """Given a number or None, return it for reading: 20.0 as "20", None as ""."""
    if _missing(v):
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def _script_json(value: Any) -> Any:
    """Given data, return JSON markup that is safe inside a <script> element."""
    from markupsafe import Markup

    return Markup(json.dumps(value, ensure_ascii=False).replace("</", "<\\/"))


DEFAULT_DETAIL_DOCUMENTS = 25  # documents shown in full; a larger batch is read in the tables and DuckDB


def _first_documents(t: dict[str, pd.DataFrame], limit: int) -> dict[str, pd.DataFrame]:
    """Given the tables, keep the rows of the first ``limit`` documents (the report stays readable and small)."""
    keep = set(t["documents"]["doc_id"].head(limit))
    return {name: df[df["doc_id"].isin(keep)] if "doc_id" in df.columns else df for name, df in t.items()}


def report_context(records: Iterable[Record], tables: dict[str, pd.DataFrame] | None = None,
                   detail_limit: int = DEFAULT_DETAIL_DOCUMENTS, pdfs: Optional[dict[str, str]] = None) -> dict:
    """Given records (and their tables when already built, and the URL of each document's PDF relative to
    the report), return the template context of the first ``detail_limit`` documents: all the report
    needs but the batch's size, so a batch builds it while its other files are still read."""
    frames = tables if tables is not None else records_to_tables(records)
    shown = _first_documents(frames, detail_limit)
    keep = set(shown["documents"]["doc_id"])
    texts: dict[str, str] = {}
    issues: dict[str, list[dict]] = {}
    for rec in islice(unique_ids(records), detail_limit):  # the ids of the tables (a repeated id gets ~2)
        if rec.document.id in keep:
            texts.update(record_to_texts(rec))
            issues[rec.document.id] = [i.model_dump() for i in rec.issues]
    context = tables_to_context(shown, texts, pdfs)
    context["detail_limit"], context["documents_in_tables"] = detail_limit, len(frames["documents"])
    for doc in context["documents"]:
        doc["issues"] = [{**i, "page_href": page_href(doc["pdf"], i.get("page")), "page_text": i.get("message")}
                         for i in issues.get(doc["doc_id"], [])]
    return context


def render_context(context: dict, total: Optional[int] = None) -> str:
    """Given a ``report_context`` and how many documents the batch has (None: those of its tables),
    return the report as one self-contained HTML string."""
    import jinja2
    from plotly.offline import get_plotlyjs

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.outputs", "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["script_json"] = _script_json
    env.filters["num"] = _number
    total = context["documents_in_tables"] if total is None else total
    shown = {"shown": min(total, context["detail_limit"]), "total": total}
    return env.get_template(TEMPLATE).render(plotly_js=get_plotlyjs(), **{**context, **shown})


def render_report(records: Iterable[Record], tables: dict[str, pd.DataFrame] | None = None,
                  detail_limit: int = DEFAULT_DETAIL_DOCUMENTS, pdfs: Optional[dict[str, str]] = None,
                  total: Optional[int] = None) -> str:
    """Given records (and their tables when already built, and the URL of each document's PDF
    relative to the report), return the report as one self-contained HTML string.

    Only the first ``detail_limit`` records and documents are read: given tables of those first
    documents only (a batch's first chunk), ``total`` says how many documents the batch has."""
    return render_context(report_context(records, tables, detail_limit, pdfs), total)


def report_hrefs(sources: Optional[dict[str, Path]], out: Path) -> dict[str, str]:
    """Given the source PDF of each document id and the output folder, return each PDF's URL relative to it."""
    return {doc_id: relative_href(pdf, Path(out)) for doc_id, pdf in (sources or {}).items() if pdf}


def write_report(records: Iterable[Record], out: Path, tables: dict[str, pd.DataFrame] | None = None,
                 sources: Optional[dict[str, Path]] = None, total: Optional[int] = None,
                 context: Optional[dict] = None) -> Path:
    """Given records (their tables when already built, the source PDF of each document id) and an
    output folder, write OUT/report.html; its page marks link to the PDFs, relative to OUT. A
    ``report_context`` built earlier (from the same records) is rendered instead of building it again."""
    out = Path(out)
    if context is None:
        context = report_context(records, tables, pdfs=report_hrefs(sources, out))
    html = render_context(context, total)
    return write_atomic(out / "report.html", lambda p: p.write_text(html, encoding="utf-8"))
