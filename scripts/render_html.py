"""Write a gold LDN record as an HTML page with CSS and print it to PDF with headless Chromium.

    render_html.py GOLD.json OUTDIR [--stem NAME] [--chart grid|table] [--lists decimal|alpha]   write OUTDIR/NAME.html, NAME.pdf and NAME.gold.json

The page is built the way a plan published from a web page is: headings numbered by CSS counters,
activities in ``<ol>`` and results in ``<ul>`` (the browser draws the numbers as text and the discs as
vector shapes), labels in ``<b>``, one chapter's entries in two CSS columns, Gantt charts as a CSS grid
(the activity in the first column, a shaded bar over its months, month names in the header) or as a
table (the activity in the first cell, "01".."12" header cells, one shaded cell per month), the
applications as shaded cards, and a running header and "Stran N" footer in ``@page`` margin boxes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from producer_blocks import FILLER, approval_lines, blocks, entry_fields  # noqa: E402

COLUMNS_CHAPTER = "3"  # this chapter's entries are set in two CSS columns
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "avg", "sep", "okt", "nov", "dec"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]

CSS = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm;
  @top-left { content: "%(title)s"; font: italic 8pt "Noto Sans"; color: #666; }
  @bottom-right { content: "Stran " counter(page); font: 8pt "Noto Sans"; } }
@page :first { @top-left { content: none; } @bottom-right { content: none; } }
body { font: 10pt/1.4 "Noto Sans", sans-serif; counter-reset: h1; }
.titlepage { page-break-after: always; padding-top: 220pt; }
.titlepage h1.doc { font-size: 24pt; } .titlepage p { font-size: 14pt; }
h1 { font-size: 15pt; counter-reset: h2; margin: 16pt 0 6pt; }
h2 { font-size: 13pt; counter-reset: h3; margin: 12pt 0 6pt; }
h3 { font-size: 11.5pt; margin: 10pt 0 6pt; }
h1:not(.doc)::before { counter-increment: h1; content: counter(h1) ". "; }
h2::before { counter-increment: h2; content: counter(h1) "." counter(h2) ". "; }
h3:not(.nonum)::before { counter-increment: h3; content: counter(h1) "." counter(h2) "." counter(h3) ". "; }
h1, h2, h3 { break-after: avoid; }
p { margin: 0 0 4pt; }
.entry { margin-top: 9pt; }
.entry .title { font-weight: bold; font-size: 11pt; break-after: avoid; }
ol, ul { margin: 0 0 4pt; padding-left: 22pt; }
.cols { column-count: 2; column-gap: 20pt; }
.cols .entry { break-inside: avoid-column; }
.charts { break-before: page; break-after: page; }
.chart { margin-bottom: 18pt; }
.chart h4 { font-size: 11pt; margin: 0 0 4pt; }
.grid { display: grid; grid-template-columns: 150pt repeat(12, 1fr); font-size: 7.5pt; row-gap: 3pt; }
.grid .m { font-weight: bold; text-align: center; border-bottom: 0.5pt solid #bbb; }
.grid .a { grid-column: 1; padding-right: 6pt; }
.grid .bar { background: #f4c98b; margin: 0 1pt; }
table.gantt { border-collapse: collapse; width: 100%%; font-size: 7.5pt; }
table.gantt th, table.gantt td { border: 0.5pt solid #999; padding: 1pt 3pt; }
table.gantt td:first-child { width: 150pt; }
table.gantt td.on { background: #b7d7a8; }
.cards { display: flex; gap: 10pt; margin: 8pt 0 14pt; }
.card { background: #d5e5f5; width: 120pt; padding: 5pt; font-size: 8pt; }
.card b { display: block; }
"""


def _entry(e: dict) -> str:
    out = ['<div class="entry">']
    if not e.get("parent_title"):
        out.append(f'<p class="title">{escape(e["title"])}</p>')
    for label, value in entry_fields(e):
        if isinstance(value, list):
            tag = "ul" if label == "Predvideni rezultati" else "ol"
            items = "".join(f"<li>{escape(v)}</li>" for v in value)
            out.append(f"<p><b>{escape(label)}:</b></p><{tag}>{items}</{tag}>")
        else:
            out.append(f"<p><b>{escape(label)}:</b> {escape(value)}</p>")
    out.append("</div>")
    return "".join(out)


def _chart(tl: dict) -> str:
    """A Gantt chart as a CSS grid: month names in the header, the activity in column 1, one shaded bar."""
    months = tl.get("months") or [[1]] * len(tl["labels"])
    cells = ['<div class="m a">Aktivnost</div>'] + [f'<div class="m">{m}</div>' for m in MONTHS]
    for row, (label, ms) in enumerate(zip(tl["labels"], months), start=2):
        lo, hi = min(ms), max(ms)
        cells.append(f'<div class="a" style="grid-row:{row}">{escape(label)}</div>')
        cells.append(f'<div class="bar" style="grid-row:{row};grid-column:{lo + 1}/{hi + 2}"></div>')
    return f'<div class="chart"><h4>{escape(tl["title"])}</h4><div class="grid">{"".join(cells)}</div></div>'


def _table_chart(tl: dict) -> str:
    """A Gantt chart as an HTML table: the activity in the first cell, twelve month cells, the months shaded."""
    months = tl.get("months") or [[1]] * len(tl["labels"])
    head = "<tr><th>Aktivnost</th>" + "".join(f"<th>{m:02d}</th>" for m in range(1, 13)) + "</tr>"
    rows = "".join(f"<tr><td>{escape(label)}</td>" + "".join(
        f'<td class="{"on" if m in ms else ""}"></td>' for m in range(1, 13)) + "</tr>"
        for label, ms in zip(tl["labels"], months))
    return f'<div class="chart"><h4>{escape(tl["title"])}</h4><table class="gantt">{head}{rows}</table></div>'


LIST_STYLES = {"decimal": "", "alpha": "ol { list-style: lower-alpha; } ul { list-style: square; }"}


def build(gold: dict, chart: str = "grid", lists: str = "decimal") -> str:
    """Given a gold record, return the HTML page of the plan (charts as a CSS "grid" or a "table"; list
    markers "1." and discs, or "a." and squares)."""
    d = gold["document"]
    body: list[str] = []
    in_cols = False
    for kind, value in blocks(gold):
        if kind == "heading" and in_cols:
            body.append("</div>")
            in_cols = False
        if kind == "title":
            body.append(f'<div class="titlepage"><h1 class="doc">{escape(value["title"])}</h1>'
                        f'<p>{escape(value.get("organization") or "")}</p></div>')
        elif kind == "heading":
            tag = f"h{value['level']}"
            cls = ' class="nonum"' if value["number"] is None else ""
            body.append(f"<{tag}{cls}>{escape(value['title'])}</{tag}>")
            if value["level"] == 3 and str(value["number"] or value["parent"]).split(".")[0] == COLUMNS_CHAPTER:
                body.append('<div class="cols">')
                in_cols = True
        elif kind == "front":
            body.append(f"<p>{FILLER}</p>")
            steps = approval_lines(gold)
            if steps:
                body.append("<p><b>Postopek priprave in sprejema LDN in časovnica:</b></p><ul>"
                            + "".join(f"<li>{escape(s)}</li>" for s in steps) + "</ul>")
            for mail in value.get("contact_emails", []):
                body.append(f"<p>Dodatne informacije: {escape(mail)}</p>")
            if value.get("preparers"):
                body.append("<p><b>Priprava:</b></p>" + "".join(f"<p>{escape(n)}</p>" for n in value["preparers"]))
        elif kind == "para":
            body.append(f"<p>{escape(value)}</p>")
        elif kind == "entry":
            body.append(_entry(value))
        elif kind == "cards":
            body.append('<div class="cards">' + "".join(
                f'<div class="card"><b>{escape(a["programme"])}</b>{a["count"]}x</div>' for a in value) + "</div>")
        elif kind == "charts":
            if in_cols:
                body.append("</div>")
                in_cols = False
            body.append('<div class="charts">' + "".join((_chart if chart == "grid" else _table_chart)(tl) for tl in value) + "</div>")
    if in_cols:
        body.append("</div>")
    css = CSS % {"title": d["title"].replace('"', "'")} + LIST_STYLES[lists]
    return (f'<!DOCTYPE html><html lang="sl"><head><meta charset="utf-8"><title>{escape(d["title"])}</title>'
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print an HTML file to PDF with headless Chromium in a fresh profile (it never reaches the network)."""
    binary = chromium_path()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                               html.resolve().as_uri()], capture_output=True, text=True, timeout=300)
    if not pdf.exists():
        raise RuntimeError(f"chromium did not write {pdf}: {proc.stderr}")
    return pdf


def render(gold: dict, outdir: Path, stem: str, chart: str = "grid", lists: str = "decimal") -> Path:
    """Given a gold record, write OUTDIR/STEM.html, STEM.pdf and STEM.gold.json; return the PDF's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    html = outdir / f"{stem}.html"
    html.write_text(build(gold, chart, lists), encoding="utf-8")
    (outdir / f"{stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return print_pdf(html, outdir / f"{stem}.pdf")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("outdir")
    ap.add_argument("--stem", default=None, help="output name (default: the gold's stem + '-html')")
    ap.add_argument("--chart", choices=("grid", "table"), default="grid", help="timeline charts as a CSS grid or a table")
    ap.add_argument("--lists", choices=sorted(LIST_STYLES), default="decimal", help="list markers: 1. and discs, or a. and squares")
    a = ap.parse_args(argv)
    gold_path = Path(a.gold)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    print(render(gold, Path(a.outdir), a.stem or f"{gold_path.stem}-html", a.chart, a.lists))
    return 0


if __name__ == "__main__":
    sys.exit(main())
