"""Render a gold LDN record into other plausible LDN layouts, and score the pipeline on them.

    make_variants.py GOLD.json OUTDIR [--only A,C]   write OUTDIR/<variant>.pdf and <variant>.gold.json
    make_variants.py --score OUTDIR [--json]         extract each variant, print score.py and provenance

Variants A-N are described in ``variant_styles.py``. Every variant writes the gold it should be scored against
next to its PDF (D's and H's with years shifted, M's with level-3 headings unnumbered).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent))
from variant_extras import toc_lines, unnumber_level3  # noqa: E402
from variant_styles import BASE, VARIANTS  # noqa: E402

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
FONTS = {"liberation-sans": ("/usr/share/fonts/truetype/liberation/LiberationSans", "-Regular", "-Bold", "-Italic", "-BoldItalic"),
         "dejavu-sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans", "", "-Bold", "-Oblique", "-BoldOblique"),
         "dejavu-cond": ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed", "", "-Bold", "-Oblique", "-BoldOblique"),
         "liberation-serif": ("/usr/share/fonts/truetype/liberation/LiberationSerif", "-Regular", "-Bold", "-Italic", "-BoldItalic")}
FILLER = ("V okviru dejavnosti povezujemo mlade, mladinske delavce in organizacije ter krepimo sodelovanje "
          "med njimi na lokalni in širši ravni, pri tem pa spremljamo potrebe okolja in odzive udeležencev.")
DEFAULT_LABELS = {"activities": "Ključne aktivnosti", "results": "Predvideni rezultati"}
BLACK, CELL_FILL, RULE = (0, 0, 0), (236, 236, 236), (120, 120, 120)
PAGE_W, PAGE_H, LEFT, RIGHT, TOP, BOTTOM = 595.28, 841.89, 62.0, 62.0, 70.0, 770.0


def shift_years(value, by: int):
    """Given any JSON value, return it with every year 2010-2039 in its strings moved by ``by``."""
    if isinstance(value, str):
        return re.sub(r"(?<!\d)(20[1-3]\d)(?!\d)", lambda m: str(int(m.group(1)) + by), value)
    if isinstance(value, list):
        return [shift_years(v, by) for v in value]
    if isinstance(value, dict):
        return {k: shift_years(v, by) for k, v in value.items()}
    return value


def marker_for(kind: str, i: int) -> str:
    """Given a marker style and a 0-based index, return the printed list marker."""
    return {"1.": f"{i + 1}.", "1)": f"{i + 1})", "a)": f"{chr(97 + i % 26)})", "(1)": f"({i + 1})",
            "a.": f"{chr(97 + i % 26)}."}.get(kind, kind)


def caps_runs(doc: "Doc", runs: list[tuple], how: str | None) -> list[tuple]:
    """Given positioned runs, return them in capitals ("upper") or small capitals (lower case at 80%, "smallcaps")."""
    if how not in ("upper", "smallcaps"):
        return runs
    out, shift = [], 0.0  # capitals are wider than the text they print: later runs of the line move right
    for dx, text, style, size, color in runs:
        x = dx + shift
        for small, chars in itertools.groupby(text, key=str.islower):
            seg = "".join(chars)
            z = size * 0.8 if small and how == "smallcaps" else size
            out.append((x, seg.upper(), style, z, color))
            x += doc.width_of(seg.upper(), style, z)
        shift = x - dx - doc.width_of(text, style, size)
    return out


def recolor_prefix(doc: "Doc", line: dict, prefix: str, color) -> None:
    """Give the first ``prefix`` characters of a line's first run their own colour (heading numbers)."""
    dx, text, style, size, c = line["runs"][0]
    if not text.startswith(prefix):
        return
    rest = (dx + doc.width_of(prefix, style, size), text[len(prefix):], style, size, c)
    line["runs"][:1] = [(dx, prefix, style, size, color), rest]


class Doc(FPDF):
    """An FPDF with the variant's page furniture and a line-based flow into one or two columns."""

    def __init__(self, st: dict, title: str, org: str = "", total_pages: int = 0):
        super().__init__(orientation="L" if st.get("landscape") else "P", unit="pt", format="A4")
        self.pw, self.bottom = self.w, self.h - (PAGE_H - BOTTOM)  # page width and flow bottom (landscape in L)
        self.heads: list[tuple[dict, int]] = []  # (section, printed page number) for a table of contents
        self.st, self.doc_title, self.chapter, self.org, self.total_pages = st, title, "", org, total_pages
        self.set_auto_page_break(False)
        self.set_creation_date(datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc))
        path, *styles = FONTS[st["font"]]
        for code, suffix in zip(("", "B", "I", "BI"), styles):
            self.add_font("f", code, f"{path}{suffix}.ttf")
        self.band: list = []
        self.y0 = TOP

    # ------------------------------------------------------------------ furniture
    def header(self):
        if (self.page_no() == 1 and self.st["title_page"]) or not self.st["header"]:
            return
        text = {"chapter": self.chapter, "title": self.doc_title, "org": self.org}[self.st["header"]]
        self.set_font("f", "I", 8)
        self.set_text_color(110, 110, 110)
        self.text(LEFT, 40, text)
        self.line(LEFT, 46, self.pw - RIGHT, 46)
        self.set_text_color(0, 0, 0)

    def footer(self):
        first = 1 if self.st["title_page"] else 0
        if self.page_no() <= first or not self.st["footer"]:
            return
        self.set_font("f", "", 8)
        n = str(self.page_no() - first)
        kind = self.st["footer"]
        text = {"stran": f"stran {n}", "right": n, "center": n, "org": n,
                "stran_od": f"Stran {n} od {max(0, self.total_pages - first)}"}[kind]
        w = self.get_string_width(text)
        right = self.pw - RIGHT - w
        x = {"stran": right, "right": right, "org": right}.get(kind, (self.pw - w) / 2)
        self.text(x, self.h - 36.89, text)
        if kind == "org":
            self.text(LEFT, self.h - 36.89, self.org)

    # ------------------------------------------------------------------ measuring and wrapping
    def width_of(self, text: str, style: str, size: float) -> float:
        self.set_font("f", style, size)
        return self.get_string_width(text)

    def wrap(self, text: str, width: float, style: str = "", size: float | None = None, x_first: float = 0.0,
             x_rest: float = 0.0, color=(0, 0, 0)) -> list[dict]:
        """Given text and a column width, return lines of positioned runs (justified/hyphenated per variant)."""
        size = size or self.st["size"]
        space = self.width_of(" ", style, size)
        words, lines, cur = text.split(), [], []

        def room(n_line: int) -> float:
            return width - (x_first if n_line == 0 else x_rest)

        def used(ws: list[str]) -> float:
            return sum(self.width_of(w, style, size) for w in ws) + space * max(0, len(ws) - 1)

        queue = list(words)
        while queue:
            w = queue.pop(0)
            if not cur or used(cur + [w]) <= room(len(lines)):
                cur.append(w)
                continue
            if self.st["hyphenate"] and w.isalpha() and len(w) > 10:
                for cut in range(len(w) - 3, 3, -1):
                    if used(cur + [w[:cut] + "-"]) <= room(len(lines)):
                        cur.append(w[:cut] + "-")
                        w = w[cut:]
                        break
            lines.append((cur, True))
            cur = [w]
        if cur:
            lines.append((cur, False))
        out = []
        for n, (ws, full) in enumerate(lines):
            x0 = x_first if n == 0 else x_rest
            runs = []
            gap = (room(n) - used(ws)) / (len(ws) - 1) if full and len(ws) > 1 else 0
            if self.st["justify"] and full and 0 < gap < 6:
                x = x0
                for w in ws:
                    runs.append((x, w, style, size, color))
                    x += self.width_of(w, style, size) + space + gap
            else:
                runs.append((x0, " ".join(ws), style, size, color))
            out.append({"h": size * 1.35, "runs": runs})
        return out or [{"h": size * 1.35, "runs": []}]

    # ------------------------------------------------------------------ placing
    @property
    def col_w(self) -> float:
        full = self.pw - LEFT - RIGHT
        return (full - self.st["gutter"]) / 2 if self.st["cols"] == 2 else full

    def draw_line(self, line: dict, x: float, y: float) -> None:
        """Draw a line's fills, its runs (on one baseline when ``base`` is set) and its stroked rules."""
        decor = line.get("decor", [])
        for kind, dx, dy, w, h, color in decor:
            if kind == "fill":
                self.set_fill_color(*color)
                self.rect(x + dx, y + dy, w, h, style="F")
        for dx, text, style, size, color in line["runs"]:
            self.set_font("f", style, size)
            self.set_text_color(*color)
            self.text(x + dx, y + line.get("base", size), text)
        self.set_text_color(0, 0, 0)
        for kind, dx, dy, w, h, color in decor:
            if kind == "rule":  # a stroked line from (dx, dy) by (w, h)
                self.set_draw_color(*color)
                self.set_line_width(0.5)
                self.line(x + dx, y + dy, x + dx + w, y + dy + h)

    def flow(self, lines: list[dict], keep: bool = False) -> None:
        """Queue lines for the columns; ``keep`` ties the last one to the next line queued."""
        for n, line in enumerate(lines):
            self.band.append(dict(line, keep=keep and n == len(lines) - 1))

    def fill_column(self, lines: list[dict], x: float, y: float, limit: float) -> tuple[list[dict], float]:
        """Given queued lines and a column's start, draw what fits above ``limit`` (kept groups whole);
        return the lines left and the column's new bottom."""
        while lines and y - self.y0 + lines[0]["h"] <= limit + 0.01:
            take = 1
            while lines[take - 1].get("keep") and take < len(lines):
                take += 1
            if take > 1 and y - self.y0 + sum(l["h"] for l in lines[:take]) > limit and y > self.y0:
                break
            for line in lines[:take]:
                self.draw_line(line, x, y)
                y += line["h"]
            lines = lines[take:]
        return lines, y

    def flush(self) -> None:
        """Place the queued lines into the page's columns from y0 down, balanced when they end mid-page."""
        lines, self.band = self.band, []
        while lines:
            avail = self.bottom - self.y0
            total = sum(l["h"] for l in lines)
            cols = self.st["cols"]
            target = min(avail, total / cols + 14) if total <= cols * avail else avail
            bottoms = []
            for c in range(cols):
                x, y = LEFT + c * (self.col_w + self.st["gutter"]), self.y0
                limit = target if c < cols - 1 else avail
                lines, y = self.fill_column(lines, x, y, limit)
                bottoms.append(y)
            if cols == 2 and self.st["col_rule"] and max(bottoms) > self.y0 + 1:
                self.set_draw_color(150, 150, 150)
                self.set_line_width(0.4)
                mid = LEFT + self.col_w + self.st["gutter"] / 2
                self.line(mid, self.y0, mid, max(bottoms))
            self.y0 = max(bottoms)
            if lines:
                self.add_page()
                self.y0 = TOP

    def span(self, lines: list[dict], before: float = 6.0) -> None:
        """Place full-width lines (headings) after flushing the columns; keep them with what follows."""
        self.flush()
        need = sum(l["h"] for l in lines) + before + 40
        if self.y0 + need > self.bottom:
            self.add_page()
            self.y0 = TOP
        else:
            self.y0 += before
        for line in lines:
            self.draw_line(line, LEFT, self.y0)
            self.y0 += line["h"]
        self.y0 += 3

    def fresh_page(self) -> None:
        self.flush()
        self.add_page()
        self.y0 = TOP


# ---------------------------------------------------------------------- blocks
def heading(doc: Doc, sec: dict) -> None:
    st = doc.st
    size = st["size"] * st["head_scale"] * {1: 1.5, 2: 1.3}.get(sec["level"], 1.12)
    num = sec["number"]
    text = sec["title"] if num is None else f"{num}{'.' if st['head_dot'] else ''} {sec['title']}"
    if sec["level"] == 1:
        doc.chapter = sec["title"]
    full = doc.pw - LEFT - RIGHT
    lines = doc.wrap(text, full, "B", size, color=st["head_color"])
    if num is not None and st["head_num_color"]:
        recolor_prefix(doc, lines[0], f"{num}{'.' if st['head_dot'] else ''}", st["head_num_color"])
    for line in lines:
        line["runs"] = caps_runs(doc, line["runs"], st["head_caps"])
        line["base"] = size
    doc.span(lines, before=10 if sec["level"] == 1 else 6)
    doc.heads.append((sec, doc.page_no() - (1 if st["title_page"] else 0)))


def label_lines(doc: Doc, label: str, value: str | None, items: list[str] | None = None) -> list[dict]:
    """Given a field label and its value (text or list items), return its lines in the variant's label style."""
    st, w = doc.st, doc.col_w
    mode, size = st["label"], st["size"]
    shown = label + (":" if st["label_colon"] else "")
    left = {"margin": st["margin"], "table": st["cell_w"] + 5}.get(mode, 0.0)  # where values start
    body_w = w - 5 if mode == "table" else w
    body: list[dict] = []
    lead = 0.0
    if mode == "inline":
        head = caps_runs(doc, [(0.0, shown, st["label_style"], size, BLACK)], st["label_caps"])
        lead = head[-1][0] + doc.width_of(head[-1][1] + " ", head[-1][2], head[-1][3])
    if items is None:
        vx = left + (st["value_indent"] if mode == "own_line" else 0.0)
        body = doc.wrap(value or "", body_w, x_first=vx + lead, x_rest=vx)
        if mode == "inline":
            body[0]["runs"] = head + body[0]["runs"]
            body[0]["base"] = size
    else:
        if mode == "inline":  # a long label wraps in its own style
            for line in doc.wrap(shown, w, st["label_style"]):
                body.append(dict(line, runs=caps_runs(doc, line["runs"], st["label_caps"]), base=size))
        indent = left + (14.0 if mode in ("inline", "own_line") and not st["marker_hang"] else 0.0)
        for i, item in enumerate(items):
            mark = marker_for(st["marker"], i)
            mark_w = doc.width_of(mark, "", size)
            hang = indent if st["marker_hang"] else indent + max(doc.width_of(mark + " ", "", size), 14.0)
            lines = doc.wrap(item, body_w, x_first=hang, x_rest=hang)
            lines[0]["runs"].insert(0, (indent - 4.0 - mark_w if st["marker_hang"] else indent, mark, "", size, BLACK))
            body.extend(lines)
    if mode == "own_line":
        lsize = size - 0.5 if st["label_caps"] == "upper" else size
        runs = caps_runs(doc, [(0.0, shown, st["label_style"], lsize, BLACK)], st["label_caps"])
        return [{"h": size * 1.45, "runs": runs, "base": lsize}] + body
    if mode in ("margin", "table"):
        if mode == "margin":
            tag = doc.wrap(label.upper(), st["margin"] - 8, "B", 7.0)
        else:
            tag = doc.wrap(shown, st["cell_w"] - 4, st["label_style"], size, x_first=4.0, x_rest=4.0)
        for l in tag:
            l["h"] = size * 1.35
        out = []
        for r in range(max(len(tag), len(body))):
            runs = (list(tag[r]["runs"]) if r < len(tag) else []) + (body[r]["runs"] if r < len(body) else [])
            out.append({"h": body[r]["h"] if r < len(body) else size * 1.35, "runs": runs})
        return out if mode == "margin" else table_row(out, st["cell_w"], w)
    return body


def table_row(lines: list[dict], cell_w: float, width: float) -> list[dict]:
    """Given a row's lines, return them padded and decorated as a table row: shaded label cell, stroked borders."""
    pad = {"h": 3.0, "runs": []}
    rows = [dict(pad)] + lines + [dict(pad)]
    for n, row in enumerate(rows):
        h = row["h"]
        row["decor"] = ([("fill", 0.0, 0.0, cell_w, h, CELL_FILL)] + row.get("decor", [])  # a drawn bullet stays
                        + [("rule", x, 0.0, 0.0, h, RULE) for x in (0.0, cell_w, width)])
        if n == 0:
            row["decor"].append(("rule", 0.0, 0.0, width, 0.0, RULE))
        if n == len(rows) - 1:
            row["decor"].append(("rule", 0.0, h, width, 0.0, RULE))
    return rows


def entry_block(doc: Doc, e: dict) -> None:
    st = doc.st
    name = lambda label: st["label_names"].get(label, label)  # noqa: E731
    gap = {"h": st["entry_gap"] or st["size"] * 0.7, "runs": []}
    if e.get("parent_title"):
        doc.flow([gap] + label_lines(doc, "Naslov", e["title"]))
    else:
        doc.flow([gap])
        box, size = st["entry_box"], st["entry_size"] or st["size"] + 1
        pad = 4.0 if box else 0.0
        title = doc.wrap(e["title"], doc.col_w - pad, st["entry_style"], size, x_first=pad, x_rest=pad,
                         color=st["entry_color"])
        if box:  # one box around the title's lines (kept together), as wide as the widest
            bw = max(sum(doc.width_of(r[1], r[2], r[3]) for r in l["runs"]) for l in title) + 2 * pad
            title[0]["decor"] = [("fill", 0.0, 0.0, bw, sum(l["h"] for l in title), box)]
        for line in title[:-1]:
            doc.flow([line], keep=True)
        doc.flow(title[-1:], keep=True)
    if not (e.get("duration") or e["activities"] or e["results"] or e.get("funding") or e.get("partners_raw")):
        return
    labels = {**DEFAULT_LABELS, **(e.get("labels") or {})}
    if e.get("duration"):
        doc.flow(label_lines(doc, name("Trajanje"), e["duration"]["raw"]))
    doc.flow(label_lines(doc, "Opis", FILLER))
    for key in ("activities", "results"):
        if e[key]:
            doc.flow(label_lines(doc, name(labels[key].rstrip(":")), None, e[key]))
    if e.get("funding"):
        doc.flow(label_lines(doc, name("Vir financiranja"), e["funding"]["raw"]))
    if e.get("partners_raw"):
        doc.flow(label_lines(doc, name("Partnerji"), e["partners_raw"]))


def front_matter(doc: Doc, gold: dict) -> None:
    """The preparation timeline, contact and preparers, as a plain labelled block (same in every variant)."""
    d, st = gold["document"], doc.st
    doc.flow(doc.wrap(FILLER, doc.col_w))
    bullet = st["marker"] if st["marker"] in "–•" else "•"
    steps = [s.get("raw") or f"{s['step']} {s.get('body') or ''}".strip() for s in d.get("approval_steps", [])]
    if steps:
        doc.flow([{"h": st["size"] * 0.8, "runs": []}] + doc.wrap("Postopek priprave in sprejema LDN in časovnica:", doc.col_w, "B"))
        for s in steps:
            lines = doc.wrap(s, doc.col_w, x_first=16, x_rest=16)
            lines[0]["runs"].insert(0, (4.0, bullet, "", st["size"], (0, 0, 0)))
            doc.flow(lines)
    for mail in d.get("contact_emails", []):
        doc.flow(doc.wrap(f"Dodatne informacije: {mail}", doc.col_w))
    if d.get("preparers"):
        doc.flow([{"h": st["size"] * 0.8, "runs": []}] + doc.wrap("Priprava:", doc.col_w, "B"))
        for p in d["preparers"]:
            doc.flow(doc.wrap(p, doc.col_w))


def chart(doc: Doc, tl: dict, first: bool) -> None:
    """A Gantt chart: title, month header 01..12, one filled box per label over its months."""
    if first:
        doc.fresh_page()
    full = doc.pw - LEFT - RIGHT
    cw = full / 12
    need_title = 20 + 16 + 30
    if doc.y0 + need_title > doc.bottom:
        doc.fresh_page()

    def axis():
        doc.set_font("f", "B", 8)
        for m in range(12):
            doc.text(LEFT + m * cw + cw / 2 - 5, doc.y0 + 9, f"{m + 1:02d}")
        doc.set_draw_color(190, 190, 190)
        doc.line(LEFT, doc.y0 + 13, LEFT + full, doc.y0 + 13)
        doc.y0 += 18

    doc.set_font("f", "B", doc.st["size"] + 2)
    doc.text(LEFT, doc.y0 + 12, tl["title"])
    doc.y0 += 20
    axis()
    months = tl.get("months") or [[1]] * len(tl["labels"])
    for label, ms in zip(tl["labels"], months):
        lo, hi = min(ms), max(ms)
        x, w = LEFT + (lo - 1) * cw + 1.5, (hi - lo + 1) * cw - 3
        lines = doc.wrap(label, w - 4, "", 7.0)
        h = sum(l["h"] for l in lines) + 4
        if doc.y0 + h > doc.bottom:
            doc.add_page()
            doc.y0 = TOP
            axis()
        doc.set_fill_color(*doc.st["fill"])
        doc.rect(x, doc.y0, w, h, style="F")
        y = doc.y0 + 2
        for l in lines:
            doc.draw_line(l, x + 2, y)
            y += l["h"]
        doc.y0 += h + 3
    doc.y0 += 14


def cards(doc: Doc, apps: list[dict]) -> None:
    """The section-5 summary graphic: one small filled card per planned application."""
    doc.flush()
    cw, gap = 118.0, 10.0
    if doc.y0 + 80 > doc.bottom:
        doc.fresh_page()
    x = LEFT
    for a in apps:
        lines = doc.wrap(a["programme"], cw - 8, "B", 7.5) + doc.wrap(f"{a['count']}x", cw - 8, "", 9.0)
        h = sum(l["h"] for l in lines) + 8
        if x + cw > doc.pw - RIGHT:
            x, doc.y0 = LEFT, doc.y0 + 80
        doc.set_fill_color(*doc.st["fill"])
        doc.rect(x, doc.y0, cw, h, style="F")
        y = doc.y0 + 4
        for l in lines:
            doc.draw_line(l, x + 4, y)
            y += l["h"]
        x += cw + gap
    doc.y0 += 90


def section_key(sec: dict) -> str:
    return sec["number"] if sec["number"] is not None else f"{sec['parent']}/{sec['title']}"


def body_steps(gold: dict):
    """The body in the gold's order as drawing steps, so every renderer walks it alike.

    Yields ("heading", sec), ("front", gold), ("filler",), ("entry", entry, number in its section),
    ("cards", applications), ("chart", timeline, first in chapter), ("chapter_end",) after a
    chapter's charts.
    """
    secs = gold["sections"]
    counters: dict = {}
    for n, sec in enumerate(secs):
        yield ("heading", sec)
        if n == 0:
            yield ("front", gold)
        elif sec["level"] == 1:
            yield ("filler",)
        key = section_key(sec)
        for e in gold["entries"]:
            if e["section"] == key:
                counters[key] = counters.get(key, 0) + (0 if e.get("parent_title") else 1)
                yield ("entry", e, counters[key])
        if sec["number"] == "5" and gold.get("applications_planned"):
            yield ("cards", gold["applications_planned"])
        nxt = secs[n + 1] if n + 1 < len(secs) else None
        if nxt is None or nxt["level"] == 1:  # close the chapter: its charts go after its last entry
            chapter = (key.split("/")[0]).split(".")[0]
            tls = [t for t in gold.get("timelines", []) if str(t.get("section", "")).split(".")[0] == chapter]
            for i, tl in enumerate(tls):
                yield ("chart", tl, i == 0)
            if tls:
                yield ("chapter_end",)


def render(gold: dict, name: str, out: Path) -> dict:
    """Given a gold record and a variant name, write OUTDIR/<name>.pdf and return the gold to score against."""
    st = {**BASE, **VARIANTS[name]}
    shift = st["plan_year"] - gold["document"]["year"] if st["plan_year"] else st["year_shift"]
    if shift:
        gold = shift_years(copy.deepcopy(gold), shift)
        gold["document"]["year"] += shift
    if st["l3_unnumbered"]:
        gold = unnumber_level3(gold)
    doc = draw(gold, st)
    if st["footer"] == "stran_od" or st["toc"]:  # page counts and heading pages need a first pass
        doc = draw(gold, st, doc.page, doc.heads)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.output(str(out))
    return gold


def draw(gold: dict, st: dict, total_pages: int = 0, heads: list | None = None) -> Doc:
    """Given a gold record, a variant style (and a first pass's page count and heading pages), return the document."""
    d = gold["document"]
    doc = Doc(st, d["title"], d.get("organization") or "", total_pages)
    doc.add_page()
    if st["title_page"]:
        doc.set_font("f", "B", 24)
        doc.text(LEFT, 300, d["title"])
        doc.set_font("f", "", 14)
        doc.text(LEFT, 330, d.get("organization") or "")
        doc.add_page()
        doc.y0 = TOP
        if st["toc"]:  # the first pass draws placeholder page numbers so both passes paginate alike
            pairs = heads or [(sec, 0) for sec in gold["sections"]]
            doc.flow(toc_lines(doc, pairs, doc.pw - LEFT - RIGHT))
            doc.fresh_page()
    else:  # the title as the first line of page 1, chapter 1 right below it
        doc.set_font("f", "B", 20)
        doc.text(LEFT, TOP + 20, d["title"])
        doc.y0 = TOP + 34
    for step, *args in body_steps(gold):
        {"heading": heading, "front": front_matter, "filler": lambda d: d.flow(d.wrap(FILLER, d.col_w)),
         "entry": lambda d, e, _n: entry_block(d, e), "cards": cards, "chart": chart,
         "chapter_end": lambda d: d.fresh_page()}[step](doc, *args)
    doc.flush()
    return doc


def score_dir(outdir: Path, as_json: bool = False) -> dict:
    """Extract every OUTDIR/<variant>.pdf, score it against <variant>.gold.json; return {variant: metrics}."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pipeline.extract import extract_path

    results = {}
    for pdf in sorted(outdir.glob("*.pdf")):
        gold = pdf.with_suffix(".gold.json")
        pred = pdf.with_suffix(".pred.json")
        pred.write_text(extract_path(pdf).model_dump_json(indent=1), encoding="utf-8")
        run = lambda script, *a: json.loads(subprocess.run([sys.executable, str(EVAL / script), *a, "--json"],
                                                           capture_output=True, text=True, check=True).stdout)
        res = run("score.py", str(gold), str(pred))
        prov = run("check_provenance.py", str(pdf), str(pred))
        pdf.with_suffix(".score.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        results[pdf.stem] = {**res["headline"], "overall": res["overall"], "PROVENANCE": prov["score"]}
    if as_json:
        print(json.dumps(results, indent=1))
    else:
        keys = list(next(iter(results.values())).keys()) if results else []
        print("metric".ljust(18) + "".join(v.rjust(8) for v in results))
        for k in keys:
            print(k.ljust(18) + "".join(f"{results[v].get(k, float('nan')):8.3f}" for v in results))
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", help="GOLD.json OUTDIR, or OUTDIR with --score")
    ap.add_argument("--score", action="store_true", help="score the variants already in OUTDIR")
    ap.add_argument("--only", default="", help="comma-separated variant names (default: all)")
    ap.add_argument("--json", action="store_true", help="with --score: print JSON")
    a = ap.parse_args(argv)
    if a.score:
        score_dir(Path(a.paths[0]), a.json)
        return 0
    gold_path, outdir = Path(a.paths[0]), Path(a.paths[1])
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    for name in (a.only.split(",") if a.only else VARIANTS):
        adjusted = render(gold, name, outdir / f"{name}.pdf")
        (outdir / f"{name}.gold.json").write_text(json.dumps(adjusted, ensure_ascii=False, indent=1), encoding="utf-8")
        print(outdir / f"{name}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
