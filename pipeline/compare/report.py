"""The comparison report: one self-contained HTML file (plotly.js inline, works offline).

It shows, per pair of consecutive plan years, the counts of continuing, new and ended entries
and projects, the new and ended projects, the largest target changes, partner and funder
changes, the other changes, and plots of the status counts, targets per project per year and
the funder mix per year.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import Environment
from markupsafe import Markup

from pipeline.compare.tables import Tables, comparison_keys
from pipeline.models.compare import Comparison
from pipeline.models.record import Record

STATUSES = ("continuing", "new", "ended")
TOP_TARGET_CHANGES = 20

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
.stats{display:flex;gap:1em;margin:1em 0}.stat{border:1px solid #ccc;border-radius:8px;padding:.6em 1.2em;min-width:8em}
.stat .num{font-size:2em;font-weight:bold}.continuing .num{color:#2a7}.new .num{color:#27c}.ended .num{color:#c42}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left}
th{background:#f4f4f4}.muted{color:#777}.warning{background:#fff4e0;border-left:4px solid #e07a5f;padding:6px 10px}
</style></head><body>
<h1>{{ title }}</h1>
<p class="muted">Plans: {{ docs }}. Entry appearances are counted one by one (a project described in three
sections counts three times); projects are counted once.</p>
{% for c in comparisons %}
<section id="cmp-{{ c.key }}">
<h2>{{ c.year_a }} &rarr; {{ c.year_b }}{% if c.key != c.year_a ~ "-" ~ c.year_b %} <span class="muted">({{ c.key }})</span>{% endif %}</h2>
{% if c.section_note %}<p class="warning" id="section-map-{{ c.key }}">Section map {{ c.section_state | replace("_", " ") }}: {{ c.section_note }}.</p>{% endif %}
<div class="stats">
{% for s in statuses %}<div class="stat {{ s }}"><div class="num" id="count-{{ s }}-{{ c.key }}">{{ c.counts[s] }}</div>
<div class="label">{{ s }} entries</div></div>{% endfor %}
</div>
<p id="projects-{{ c.key }}">Projects: {% for s in statuses %}<b>{{ c.projects[s] }}</b> {{ s }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
<h3>New in {{ c.year_b }}</h3>{{ c.new_table }}
<h3>Ended after {{ c.year_a }}</h3>{{ c.ended_table }}
<h3>Largest target changes</h3>{{ c.target_table }}
<h3>Partner changes</h3>{{ c.partner_table }}
<h3>Funder changes</h3>{{ c.funder_table }}
<h3>Other changes (title, section, timing)</h3>{{ c.other_table }}
</section>
{% endfor %}
<h2>Plots</h2>
{% for p in plots %}<div class="plot">{{ p }}</div>{% endfor %}
<h2>Projects by year</h2>
<p class="muted">Number of appearances of each project in each plan.</p>
{{ overview }}
</body></html>
"""


def _table(df: pd.DataFrame, columns: list[str]) -> str:
    if df.empty:
        return '<p class="muted">none</p>'
    return df[columns].to_html(index=False, na_rep="", escape=True, border=0)


def _project_counts(c: Comparison) -> dict[str, int]:
    by_project: dict[str, set[str]] = {}
    for p in c.pairs:
        by_project.setdefault(p.project or "", set()).add(p.status)
    counts = Counter()
    for statuses in by_project.values():
        has_a = bool(statuses & {"continuing", "ended"})
        has_b = bool(statuses & {"continuing", "new"})
        counts["continuing" if has_a and has_b else "ended" if has_a else "new"] += 1
    return {s: counts[s] for s in STATUSES}


def _pairs_frame(c: Comparison, status: str) -> pd.DataFrame:
    rows = [{"project": p.project, "section": (p.b or p.a).section, "title": (p.b or p.a).title,
             "within": (p.b or p.a).parent_title} for p in c.pairs if p.status == status]
    return pd.DataFrame(rows, columns=["project", "section", "title", "within"])


def _comparison_view(c: Comparison, key: str, changes: pd.DataFrame) -> dict:
    ch = changes[changes["comparison"] == key] if not changes.empty else changes
    targets = ch[ch["kind"] == "target"].copy()
    targets["size"] = targets["delta"].abs().fillna(0)
    targets = targets.sort_values("size", ascending=False, kind="stable").head(TOP_TARGET_CHANGES)
    entry_cols = ["project", "section_b", "title_b"]
    return {
        "key": key, "year_a": c.year_a, "year_b": c.year_b,
        "section_state": c.section_map_state, "section_note": c.section_map_note,
        "counts": {s: sum(1 for p in c.pairs if p.status == s) for s in STATUSES},
        "projects": _project_counts(c),
        "new_table": _table(_pairs_frame(c, "new"), ["project", "section", "title", "within"]),
        "ended_table": _table(_pairs_frame(c, "ended"), ["project", "section", "title", "within"]),
        "target_table": _table(targets, entry_cols + ["change", "unit", "old", "new", "delta"]),
        "partner_table": _table(ch[ch["kind"] == "partner"], entry_cols + ["change", "name"]),
        "funder_table": _table(ch[ch["kind"] == "funder"], entry_cols + ["change", "name"]),
        "other_table": _table(ch[ch["kind"].isin(["title", "section", "duration"])],
                              entry_cols + ["kind", "change", "old", "new"]),
    }


def _figures(recs: list[Record], comparisons: list[Comparison], tables: Tables) -> list[go.Figure]:
    figs = []
    keys = comparison_keys(comparisons)
    status = go.Figure([go.Bar(name=s, x=keys, y=[sum(1 for p in c.pairs if p.status == s) for c in comparisons])
                        for s in STATUSES])
    status.update_layout(title="Entries by status per pair of years", barmode="stack", height=380)
    figs.append(status)
    proj = tables.projects[tables.projects["targets"] > 0]
    if not proj.empty:
        label = tables.projects.drop_duplicates("project").set_index("project")["title"].str.slice(0, 40)
        tgt = go.Figure([go.Bar(name=str(y), x=g["project"].map(label), y=g["targets"])
                         for y, g in proj.groupby("year", sort=True)])
        tgt.update_layout(title="Targets per project per year", barmode="group", height=520, xaxis_tickangle=-40)
        figs.append(tgt)
    mix = {str(r.document.year or r.document.id): Counter(f for e in r.entries if e.funding for f in e.funding.funders)
           for r in recs}
    codes = sorted({c for m in mix.values() for c in m})
    if codes:
        fund = go.Figure([go.Bar(name=code, x=list(mix), y=[m[code] for m in mix.values()]) for code in codes])
        fund.update_layout(title="Funder mix per year (entries naming each funder)", barmode="stack", height=420)
        figs.append(fund)
    return figs


def comparisons_to_html(recs: list[Record], comparisons: list[Comparison], tables: Tables) -> str:
    """Given the records, their comparisons and tables, return the report as one HTML page."""
    plots = [pio.to_html(fig, full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
             for i, fig in enumerate(_figures(recs, comparisons, tables))]
    env = Environment(autoescape=True)

    views = []
    for c, key in zip(comparisons, comparison_keys(comparisons)):
        view = _comparison_view(c, key, tables.changes)
        views.append({k: Markup(v) if k.endswith("_table") else v for k, v in view.items()})
    years = [str(r.document.year or r.document.id) for r in recs]
    return env.from_string(TEMPLATE).render(
        title=f"LDN comparison {years[0]}–{years[-1]}" if years else "LDN comparison",
        docs=", ".join(r.document.id for r in recs), comparisons=views, statuses=STATUSES,
        plots=[Markup(p) for p in plots],
        overview=Markup(_table(tables.overview, list(tables.overview.columns))),
    )


def write_report(recs: list[Record], comparisons: list[Comparison], tables: Tables, path: Path) -> Path:
    """Given the records, comparisons and tables, write the HTML report atomically; return its path."""
    from pipeline.files import write_text_atomic

    return write_text_atomic(Path(path), comparisons_to_html(recs, comparisons, tables))
