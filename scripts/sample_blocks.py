"""The blocks of ``sample_layout.py``: headings, entries, labelled fields, lists, charts, cards, title page.

Each block is drawn in the sampled layout's style (``sample_choices.sample_style``); the content is the
gold record's, so the gold (adjusted by ``sample_layout.adjust_gold``) is what the pipeline must read back.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_variants import CELL_FILL, DEFAULT_LABELS, FILLER, body_steps, caps_runs, table_row  # noqa: E402

BLACK = (0, 0, 0)
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]
MONTHS = {"jan": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "avg", "sep", "okt", "nov", "dec"],
          "roman": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"],
          "full": ["januar", "februar", "marec", "april", "maj", "junij", "julij", "avgust", "september", "oktober",
                   "november", "december"]}


def marker_text(kind: str, i: int) -> str:
    """Given a marker kind and a 0-based index, return the printed marker ('' for a drawn disc)."""
    if kind == "disc":
        return ""
    return {"1.": f"{i + 1}.", "1)": f"{i + 1})", "(1)": f"({i + 1})", "a)": f"{chr(97 + i % 26)})",
            "a.": f"{chr(97 + i % 26)}.", "i.": f"{ROMAN[i % len(ROMAN)]}."}.get(kind, kind)


def _marker_style(doc, mark: str) -> str:
    """Bullet glyphs are set in the marker font, numbers in the body font (bold when sampled)."""
    if mark and not mark[0].isalnum() and mark[0] != "(":
        return "m"
    return doc.st["marker_style"]


# ---------------------------------------------------------------------- headings
def heading(doc, sec: dict) -> None:
    st, lvl = doc.st, min(sec["level"], 3) - 1
    size = st["size"] * st["head_sizes"][lvl]
    style, color, caps = st["head_styles"][lvl], st["head_colors"][lvl], st["head_caps"][lvl]
    num = sec["number"]
    if sec["level"] == 1:
        doc.chapter = sec["title"]
    full = doc.full_w
    mode = st["head_num"] if num is not None else "none"
    shown = f"{num}." if mode in ("inline", "hung", "above", "beside") else f"{num}"
    nsize = size * st["head_num_scale"] if mode in ("above", "beside", "hung") else size
    ncolor = st["head_num_color"] or color
    full = full * {"smallcaps": 0.8, "upper": 0.85}.get(caps, 1.0)
    if mode in ("inline", "nodot"):
        lines = doc.wrap(f"{shown} {sec['title']}", full, style, size, color=color)
        first = lines[0]["runs"][0]
        if st["head_num_color"] and first[1].startswith(shown):
            dx = first[0] + doc.width_of(shown + " ", style, size)
            lines[0]["runs"][:1] = [(first[0], shown, style, size, ncolor), (dx, first[1][len(shown) + 1:], style, size, color)]
    elif mode == "beside":
        tab = max(doc.width_of(shown, "B", nsize) + 10, 38.0)
        lines = doc.wrap(sec["title"], full, style, size, x_first=tab, x_rest=tab, color=color)
    else:
        lines = doc.wrap(sec["title"], full, style, size, color=color)
    for line in lines:
        line["runs"] = caps_runs(doc, line["runs"], caps)
        line["base"] = max(size, nsize) if mode == "beside" else size
    if mode == "hung":
        nw = doc.width_of(shown, "B", nsize)
        lines[0]["runs"].insert(0, (-nw - 8.0, shown, "B", nsize, ncolor))
    if mode == "beside":
        lines[0]["runs"].insert(0, (0.0, shown, "B", nsize, ncolor))
    if mode == "above":
        lines.insert(0, {"h": nsize * 1.25, "runs": [(0.0, shown, "B", nsize, ncolor)], "base": nsize})
    if st["head_band"][lvl]:
        h = sum(l["h"] for l in lines)
        lines[0]["decor"] = [("fill", -4.0, -2.0, full + 8, h + 2, st["fill"])]
    if st["head_rule"][lvl]:
        lines[-1].setdefault("decor", []).append(("rule", 0.0, lines[-1]["h"], full, 0.0, color))
        lines.append({"h": 4.0, "runs": []})
    doc.span(lines, before=12 if sec["level"] == 1 else 7)
    doc.heads.append((sec, doc.page_no()))


# ---------------------------------------------------------------------- labelled fields
def _label_runs(doc, shown: str, size: float, width: float) -> list[dict]:
    st = doc.st
    caps = st["label_caps"]
    text = shown.upper() if caps == "upper" else shown
    lines = doc.wrap(text, width * (0.8 if caps == "smallcaps" else 1.0), st["label_style"], size, color=st["label_color"])
    for ln in lines:
        ln["runs"] = caps_runs(doc, ln["runs"], st["label_caps"])
        ln["base"] = size
    return lines


def list_lines(doc, items: list[str], indent: float, width: float) -> list[dict]:
    """Given items, return their lines with the sampled marker, hung in the margin or indented."""
    st, size = doc.st, doc.st["size"]
    out = []
    for i, item in enumerate(items):
        mark = marker_text(st["marker"], i)
        mstyle = _marker_style(doc, mark)
        mark_w = doc.width_of(mark, mstyle, size) if mark else size * 0.4
        if st["marker_hang"] and st["label"] not in ("table", "margin"):  # never into a label cell
            text_x, mark_x = indent, max(0.0, indent - 4.0 - mark_w) if indent else None
            if mark_x is None:  # nothing to hang into: hang the marker inside a small indent
                text_x, mark_x = mark_w + 5.0, 0.0
        else:
            mark_x, text_x = indent, indent + max(mark_w + doc.width_of(" ", "", size) + 2, 14.0)
        lines = doc.wrap(item, width, x_first=text_x, x_rest=text_x)
        if mark:
            lines[0]["runs"].insert(0, (mark_x, mark, mstyle, size, st["marker_color"]))
        else:
            d = size * 0.38
            lines[0].setdefault("decor", []).append(("disc", mark_x, size * 0.45, d, d, st["marker_color"]))
        out.extend(lines)
    return out


def label_lines(doc, label: str, value: str | None, items: list[str] | None = None) -> list[dict]:
    """Given a field label and its value (text or list items), return its lines in the sampled label style."""
    st, w, size = doc.st, doc.col_w, doc.st["size"]
    mode = st["label"]
    shown = label + (":" if st["label_colon"] else "")
    left = {"margin": st["margin_w"], "table": st["margin_w"] + 5}.get(mode, 0.0)
    body_w = w - 5 if mode == "table" else w
    if mode == "inline":
        head = _label_runs(doc, shown, size, w)
        if items is None and len(head) == 1:
            lead = sum(doc.width_of(r[1], r[2], r[3]) for r in head[0]["runs"]) + head[0]["runs"][0][0]
            lead += doc.width_of(" ", "", size)
            body = doc.wrap(value or "", w, x_first=lead, x_rest=0.0)
            body[0]["runs"] = head[0]["runs"] + body[0]["runs"]
            body[0]["base"] = size
            return body
        tail = doc.wrap(value, w) if items is None else list_lines(doc, items, 0.0 if st["marker_hang"] else 12.0, w)
        return head + tail
    if mode == "own_line":
        head = _label_runs(doc, shown, size, w)
        vx = st["value_indent"]
        tail = doc.wrap(value or "", w, x_first=vx, x_rest=vx) if items is None else list_lines(doc, items, vx + (12.0 if vx == 0 and not st["marker_hang"] else vx), w)
        return head + tail
    body = doc.wrap(value or "", body_w, x_first=left, x_rest=left) if items is None else list_lines(doc, items, left + (0.0 if st["marker_hang"] else 0.0), body_w)
    if mode == "margin":
        tag = doc.wrap(label.upper(), st["margin_w"] - 8, "B", 7.0, color=st["label_color"])
    else:
        tag = doc.wrap(shown.upper() if st["label_caps"] == "upper" else shown, (st["margin_w"] - 4) * (0.8 if st["label_caps"] == "smallcaps" else 1.0),
                       st["label_style"], size, x_first=4.0, x_rest=4.0, color=st["label_color"])
        for ln in tag:
            ln["runs"] = caps_runs(doc, ln["runs"], st["label_caps"])
    hline = body[0]["h"] if body else size * st["leading"]
    out = []
    for r in range(max(len(tag), len(body))):
        runs = (list(tag[r]["runs"]) if r < len(tag) else []) + (body[r]["runs"] if r < len(body) else [])
        decor = body[r].get("decor", []) if r < len(body) else []
        out.append({"h": body[r]["h"] if r < len(body) else hline, "runs": runs, "decor": list(decor), "base": size})
    if mode == "margin":
        return out
    rows = table_row(out, st["margin_w"], w)
    for row in rows:  # the cell fill first, a drawn disc above it
        row["decor"].sort(key=lambda d: d[0] != "fill")
    return rows


def entry_block(doc, e: dict, number: int) -> None:
    st = doc.st
    names = st["label_names"]
    gap = {"h": st["size"] * 0.8 + st.get("entry_gap_extra", 0.0), "runs": []}
    if e.get("parent_title"):
        doc.flow([gap] + label_lines(doc, "Naslov", e["title"]))
    else:
        doc.flow([gap])
        deco, size = st["entry_deco"], st["entry_size"]
        pad = 4.0 if deco == "box" else 0.0
        text = f"{number}. {e['title']}" if deco == "number" else e["title"]
        title = doc.wrap(text, doc.col_w - pad, st["entry_style"], size, x_first=pad, x_rest=pad,
                         color=st["entry_color"])
        for ln in title:
            ln["base"] = size
        if deco == "box":
            bw = max(sum(doc.width_of(r[1], r[2], r[3]) for r in l["runs"]) for l in title) + 2 * pad
            title[0]["decor"] = [("fill", 0.0, -1.0, min(bw, doc.col_w), sum(l["h"] for l in title) + 1, st["fill"])]
        if deco == "rule":
            title[-1]["decor"] = [("rule", 0.0, title[-1]["h"], doc.col_w, 0.0, (150, 150, 150))]
            title.append({"h": 3.0, "runs": []})
        for line in title:
            doc.flow([line], keep=True)
    if not (e.get("duration") or e["activities"] or e["results"] or e.get("funding") or e.get("partners_raw")):
        return
    labels = {**DEFAULT_LABELS, **(e.get("labels") or {})}
    if e.get("duration"):
        doc.flow(label_lines(doc, names["Trajanje"], e["duration"]["raw"]))
    doc.flow(label_lines(doc, "Opis", FILLER))
    for key in ("activities", "results"):
        if e[key]:
            doc.flow(label_lines(doc, labels[key].rstrip(":"), None, e[key]))
    if e.get("funding"):
        doc.flow(label_lines(doc, names["Vir financiranja"], e["funding"]["raw"]))
    if e.get("partners_raw"):
        doc.flow(label_lines(doc, names["Partnerji"], e["partners_raw"]))


def front_matter(doc, gold: dict) -> None:
    """The preparation timeline, contact and preparers, as a labelled block with the sampled bullets."""
    d, st = gold["document"], doc.st
    doc.flow(doc.wrap(FILLER, doc.col_w))
    steps = [s.get("raw") or f"{s['step']} {s.get('body') or ''}".strip() for s in d.get("approval_steps", [])]
    if steps:
        doc.flow([{"h": st["size"] * 0.8, "runs": []}] + doc.wrap("Postopek priprave in sprejema LDN in časovnica:", doc.col_w, "B"))
        mark = st["marker"] if st["marker"] in ("-", "–", "•", "▪", "►") else "•"
        for s in steps:
            lines = doc.wrap(s, doc.col_w, x_first=16, x_rest=16)
            lines[0]["runs"].insert(0, (4.0, mark, "m", st["size"], BLACK))
            doc.flow(lines)
    for mail in d.get("contact_emails", []):
        doc.flow(doc.wrap(f"Dodatne informacije: {mail}", doc.col_w))
    if d.get("preparers"):
        doc.flow([{"h": st["size"] * 0.8, "runs": []}] + doc.wrap("Priprava:", doc.col_w, "B"))
        for p in d["preparers"]:
            doc.flow(doc.wrap(p, doc.col_w))


# ---------------------------------------------------------------------- charts and cards
def chart(doc, tl: dict, first: bool) -> None:
    """A Gantt chart: title, a month axis in the sampled form, one bar per label, its label inside, beside or in a first column."""
    st = doc.st
    if first:
        doc.fresh_page()
    full = doc.full_w
    col = full * 0.3 if st["bar_label"] == "column" else 0.0
    x0 = doc.left + col
    cw = (full - col) / 12
    if doc.y0 + 66 > doc.bottom:
        doc.fresh_page()
    names = MONTHS.get(st["months"]) or [f"{m + 1:02d}" for m in range(12)]
    msize = 8.0
    while max(doc.width_of(n, "B", msize) for n in names) > cw - 2 and msize > 4.5:
        msize -= 0.5

    def axis():
        doc.set_font("f", "B", msize)
        for m, n in enumerate(names):
            doc.text(x0 + m * cw + (cw - doc.get_string_width(n)) / 2, doc.y0 + 9, n)
        doc.set_draw_color(190, 190, 190)
        doc.line(doc.left, doc.y0 + 13, doc.left + full, doc.y0 + 13)
        doc.y0 += 18

    doc.set_font("f", "B", st["size"] + 2)
    doc.text(doc.left, doc.y0 + 12, tl["title"])
    doc.y0 += 20
    axis()
    months = tl.get("months") or [[1]] * len(tl["labels"])
    for label, ms in zip(tl["labels"], months):
        lo, hi = min(ms), max(ms)
        x, w = x0 + (lo - 1) * cw + 1.5, (hi - lo + 1) * cw - 3
        mode = st["bar_label"]
        if mode == "beside" and x + w + 60 > doc.left + full:
            mode = "before"
        if mode == "inside":
            lines, lx = doc.wrap(label, w - 4, "", 7.0), x + 2
        elif mode == "beside":
            lines, lx = doc.wrap(label, doc.left + full - x - w - 6, "", 7.0), x + w + 4
        elif mode == "before":
            lines = doc.wrap(label, x - doc.left - 6, "", 7.0)
            lx = x - 4 - max(doc.width_of(r[1], r[2], r[3]) for l in lines for r in l["runs"])
        else:
            lines, lx = doc.wrap(label, col - 8, "", 7.0), doc.left
        h = sum(l["h"] for l in lines) + 4
        if doc.y0 + h > doc.bottom:
            doc.add_page()
            doc.y0 = doc.top_y
            axis()
        doc.set_fill_color(*st["fill"])
        doc.rect(x, doc.y0, w, h, style="F")
        y = doc.y0 + 2
        for l in lines:
            doc.draw_line(l, lx, y)
            y += l["h"]
        doc.y0 += h + 3
    doc.y0 += 14


def cards(doc, apps: list[dict]) -> None:
    """The summary graphic: one small filled card per planned application."""
    doc.flush()
    cw, gap = 118.0, 10.0
    if doc.y0 + 80 > doc.bottom:
        doc.fresh_page()
    x = doc.left
    for a in apps:
        lines = doc.wrap(a["programme"], cw - 8, "B", 7.5) + doc.wrap(f"{a['count']}x", cw - 8, "", 9.0)
        h = sum(l["h"] for l in lines) + 8
        if x + cw > doc.pw - doc.st["right"]:
            x, doc.y0 = doc.left, doc.y0 + 80
        doc.set_fill_color(*doc.st["fill"])
        doc.rect(x, doc.y0, cw, h, style="F")
        y = doc.y0 + 4
        for l in lines:
            doc.draw_line(l, x + 4, y)
            y += l["h"]
        x += cw + gap
    doc.y0 += 90


# ---------------------------------------------------------------------- title page and document
def title_page(doc, d: dict) -> None:
    """The title page in the sampled arrangement (or the title as the first line of page 1)."""
    st, org = doc.st, d.get("organization") or ""
    shown_org = org.upper() if st["org_caps"] else org
    kind, x = st["title_page"], doc.left
    if kind is None:
        doc.set_font("f", "B", 20)
        lines = doc.wrap(d["title"], doc.full_w, "B", 20)
        y = doc.top_y
        for ln in lines:
            doc.draw_line(dict(ln, base=20), x, y)
            y += 26
        doc.set_font("f", "", 10)  # the organisation in small type under the title
        doc.text(x, y + 2, shown_org)
        doc.y0 = y + 14
        return
    if kind == "classic":
        doc.set_font("f", "B", 24)
        doc.text(x, doc.h * 0.36, d["title"])
        doc.set_font("f", "", 14)
        doc.text(x, doc.h * 0.36 + 30, shown_org)
    elif kind == "org_top":
        doc.image(io.BytesIO(doc.logo), x=x, y=doc.top_y - 10, w=60, h=30)
        doc.set_font("f", "B", 11)
        doc.text(x, doc.top_y + 40, shown_org)
        doc.set_font("f", "B", 26)
        for k, ln in enumerate(doc.wrap(d["title"], doc.full_w, "B", 26)):
            doc.draw_line(dict(ln, base=26), x, doc.h * 0.4 + 34 * k)
        doc.set_font("f", "", 12)
        doc.text(x, doc.h * 0.4 + 90, f"Ljubljana, {d['year'] - 1}")
    elif kind == "org_address":
        doc.set_font("f", "B", 22)
        for k, ln in enumerate(doc.wrap(d["title"], doc.full_w, "B", 22)):
            doc.draw_line(dict(ln, base=22), x, doc.h * 0.3 + 30 * k)
        doc.set_font("f", "", 10)
        doc.text(x, doc.h * 0.8, f"{shown_org}, Resljeva cesta 25, 1000 Ljubljana")
    else:  # publisher: the organisation after a label, at the foot of the page
        doc.set_font("f", "B", 24)
        for k, ln in enumerate(doc.wrap(d["title"], doc.full_w, "B", 24)):
            doc.draw_line(dict(ln, base=24), x, doc.h * 0.35 + 32 * k)
        doc.set_font("f", "", 10)
        doc.text(x, doc.h * 0.78, f"Izdajatelj: {shown_org}")
        doc.text(x, doc.h * 0.78 + 14, f"Leto izida: {d['year']}")
    doc.add_page()
    doc.y0 = doc.top_y


def draw_body(doc, gold: dict) -> None:
    """Headings, front matter, entries, cards and charts in the gold's order."""
    for step, *args in body_steps(gold):
        {"heading": heading, "front": front_matter, "filler": lambda d: d.flow(d.wrap(FILLER, d.col_w)),
         "entry": entry_block, "cards": cards, "chart": chart, "chapter_end": lambda d: d.fresh_page()}[step](doc, *args)
    doc.flush()


__all__ = ["CELL_FILL", "draw_body", "title_page"]
