"""Tidy tables of a chain of comparisons: one row per project-year, one per change, and the
project-by-year overview. Project ids are carried along the chain, so a project keeps one id
over all years."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import pandas as pd

from pipeline.models.compare import Comparison
from pipeline.models.record import Record

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.compare.pairing import PairedComparison

TABLES = ("compare_projects", "compare_changes", "compare_overview")


def comparison_keys(comparisons: list[Comparison]) -> list[str]:
    """Given comparisons, return a unique key for each: "<yearA>-<yearB>", or "<docA>-<docB>" when
    the years are missing or repeat (several layouts of one year in a folder)."""
    years = [f"{c.year_a}-{c.year_b}" for c in comparisons]
    out = []
    for c, key in zip(comparisons, years):
        if c.year_a is None or c.year_b is None or years.count(key) > 1:
            key = f"{c.doc_a}-{c.doc_b}"
        out.append(key)
    return out


@dataclass
class Tables:
    projects: pd.DataFrame
    changes: pd.DataFrame
    overview: pd.DataFrame


def chain_to_ids(recs: list[Record], chain: list["PairedComparison"]) -> list[dict[int, str]]:
    """Given records ordered by year and their consecutive comparisons, return per record the
    global project id of each entry index, carried from one comparison to the next."""
    ids: list[dict[int, str]] = [{} for _ in recs]
    used: set[str] = set()
    for k, pc in enumerate(chain):
        local_to_global: dict[str, str] = {}
        for pair, (ia, _) in zip(pc.comparison.pairs, pc.indices):
            if ia is not None and ia in ids[k] and pair.project not in local_to_global:
                local_to_global[pair.project] = ids[k][ia]
        for pair, (ia, ib) in zip(pc.comparison.pairs, pc.indices):
            local = pair.project or "entry"
            if local not in local_to_global:
                gid, n = local, 2
                while gid in used:
                    gid, n = f"{local}-{n}", n + 1
                local_to_global[local] = gid
            gid = local_to_global[local]
            used.add(gid)
            if ia is not None:
                ids[k].setdefault(ia, gid)
            if ib is not None:
                ids[k + 1][ib] = gid
    return ids


def _year(rec: Record, i: int) -> Any:
    return rec.document.year if rec.document.year is not None else rec.document.id or i


def _projects(recs: list[Record], ids: list[dict[int, str]]) -> pd.DataFrame:
    present = [set(m.values()) for m in ids]
    rows = []
    for k, rec in enumerate(recs):
        by_project: dict[str, list] = {}
        for i, entry in enumerate(rec.entries):
            by_project.setdefault(ids[k].get(i, f"entry-{k}-{i}"), []).append(entry)
        for pid, entries in by_project.items():
            funders = Counter(f for e in entries if e.funding for f in e.funding.funders)
            rows.append({
                "project": pid, "year": _year(rec, k), "doc": rec.document.id, "title": entries[0].title,
                "sections": "; ".join(dict.fromkeys(e.section or "" for e in entries)),
                "appearances": len(entries), "targets": sum(len(e.targets) for e in entries),
                "funders": "; ".join(sorted(funders)),
                "partners": len({p.name for e in entries for p in e.partners}),
                "status": None if k == 0 else ("continuing" if pid in present[k - 1] else "new"),
                "ended_after": None if k == len(recs) - 1 else pid not in present[k + 1],
            })
    df = pd.DataFrame(rows, columns=["project", "year", "doc", "title", "sections", "appearances", "targets",
                                     "funders", "partners", "status", "ended_after"])
    df["ended_after"] = df["ended_after"].astype("boolean")
    return df


def _number(state: Any) -> Optional[float]:
    if state is None:
        return None
    for v in (state.value, state.max, state.min):
        if v is not None:
            return float(v)
    return None


def _state_text(state: Any) -> Optional[str]:
    if state is None:
        return None
    if isinstance(state, (str, bool)):
        return str(state)
    nums = f"{state.value}" if state.value is not None else f"{state.min}-{state.max}"
    share = f" (share {state.mama_share})" if state.mama_share is not None else ""
    return f"{state.qualifier} {nums}{share}"


def entry_page(rec: Record, index: Optional[int]) -> Optional[int]:
    """Given a record and an entry index (or None), return the PDF page of the entry's title, if known."""
    if index is None or not 0 <= index < len(rec.entries):
        return None
    prov = rec.entries[index].provenance
    return prov[0].page if prov else None


def _changes(recs: list[Record], chain: list["PairedComparison"], ids: list[dict[int, str]]) -> pd.DataFrame:
    rows = []
    keys = comparison_keys([pc.comparison for pc in chain])
    for k, pc in enumerate(chain):
        c = pc.comparison
        for pair, (ia, ib) in zip(c.pairs, pc.indices):
            gid = ids[k].get(ia) if ia is not None else ids[k + 1].get(ib)
            for ch in pair.changes:
                old, new = getattr(ch, "old", None), getattr(ch, "new", None)
                ov, nv = (_number(old), _number(new)) if ch.kind == "target" else (None, None)
                rows.append({
                    "comparison": keys[k], "year_a": c.year_a, "year_b": c.year_b,
                    "project": gid, "status": pair.status,
                    "section_a": pair.a.section if pair.a else None, "title_a": pair.a.title if pair.a else None,
                    "section_b": pair.b.section if pair.b else None, "title_b": pair.b.title if pair.b else None,
                    "kind": ch.kind, "change": getattr(ch, "change", None) or getattr(ch, "field", None) or "changed",
                    "unit": getattr(ch, "unit", None), "source": getattr(ch, "source", None),
                    "name": getattr(ch, "name", None) or getattr(ch, "code", None),
                    "old": _state_text(old), "new": _state_text(new), "old_value": ov, "new_value": nv,
                    "delta": (nv or 0.0) - (ov or 0.0) if ch.kind == "target" and (ov is not None or nv is not None) else None,
                    "page_a": entry_page(recs[k], ia), "page_b": entry_page(recs[k + 1], ib),
                })
    cols = ["comparison", "year_a", "year_b", "project", "status", "section_a", "title_a", "section_b", "title_b",
            "kind", "change", "unit", "source", "name", "old", "new", "old_value", "new_value", "delta",
            "page_a", "page_b"]
    df = pd.DataFrame(rows, columns=cols)
    return df.astype({"page_a": "Int64", "page_b": "Int64"})


def _overview(projects: pd.DataFrame) -> pd.DataFrame:
    if projects.empty:
        return pd.DataFrame(columns=["project", "title"])
    # One column per plan: its year, or its document id when several plans share a year.
    per_year = projects.drop_duplicates("doc").groupby("year")["doc"].count()
    column = "year" if (per_year <= 1).all() else "doc"
    order = list(dict.fromkeys(projects[column]))
    wide = projects.pivot_table(index="project", columns=column, values="appearances", aggfunc="sum", fill_value=0)
    wide = wide[[c for c in order if c in wide.columns]]
    wide.columns = [str(c) for c in wide.columns]
    titles = projects.drop_duplicates("project").set_index("project")["title"]
    first_year = projects.groupby("project")["year"].min()
    out = wide.reset_index()
    out.insert(1, "title", out["project"].map(titles))
    out["_first"] = out["project"].map(first_year)
    return out.sort_values(["_first", "project"]).drop(columns="_first").reset_index(drop=True)


def chain_to_tables(recs: list[Record], chain: list["PairedComparison"]) -> Tables:
    """Given records ordered by year and their consecutive comparisons, return the tidy tables."""
    ids = chain_to_ids(recs, chain)
    projects = _projects(recs, ids)
    return Tables(projects=projects, changes=_changes(recs, chain, ids), overview=_overview(projects))


def write_tables(tables: Tables, out: Path) -> list[Path]:
    """Given the tables and a folder, write each as Parquet and CSV (atomically); return the paths."""
    from pipeline.files import write_atomic, write_csv_atomic

    written = []
    for name, df in zip(TABLES, (tables.projects, tables.changes, tables.overview)):
        df = df.astype({c: "string" for c in df.columns if df[c].dtype == object})
        written.append(write_atomic(out / f"{name}.parquet", lambda tmp, df=df: df.to_parquet(tmp, index=False)))
        written.append(write_csv_atomic(out / f"{name}.csv", df))
    return written
