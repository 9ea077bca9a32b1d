"""The style table of ``make_variants.py``: one dict of drawing choices per rendered LDN layout.

A one column sans, inline bold labels, "1." items; B labels UPPERCASE on their own line, dashes, coloured
headings, running chapter header, "stran N" footer; C two columns, italic labels, "a)" items; D labels in a
left margin, "1)" items, next year; E serif, justified, hyphenated, headings without final dot, "•" items;
F labels in a two-column table (shaded label cell, stroked borders), "•" items, bold 12 pt entry titles,
organisation header, "Stran N od M" footer; G regular 13 pt coloured entry titles, "(1)" items, heading numbers
in another colour, no title page; H other label names, "a." items, plan year 2028; I two columns with a rule,
bold small-caps labels, dash items, entry titles in a shaded box; J bold italic labels on their own line with the
value indented below, "1." hung in the margin, small-caps headings; K a table of contents page (numbered headings,
dot leaders, page numbers, level 1 bold) after the title page; L landscape A4 pages, one column; M level-3 headings
unnumbered (gold re-keyed "<parent>/<title>"), bold italic entry titles; N entry titles in the body font and size, not
bold, after a 12 pt gap and followed directly by the first label.
"""

from __future__ import annotations

BASE = dict(font="liberation-sans", size=10.0, cols=1, gutter=18.0, label="inline", label_style="B", marker="1.",
            head_color=(0, 0, 0), head_scale=1.0, head_dot=True, entry_style="B", header=None, footer=None,
            justify=False, hyphenate=False, margin=0.0, year_shift=0, fill=(205, 222, 240),
            # added with F-J; the defaults keep A-E as they were
            label_caps=None, label_colon=True, value_indent=0.0, marker_hang=False, entry_size=None,
            entry_color=(0, 0, 0), entry_box=None, head_num_color=None, head_caps=None, title_page=True,
            col_rule=False, label_names={}, plan_year=None, cell_w=104.0,
            # added with K-N
            toc=False, landscape=False, l3_unnumbered=False, entry_gap=None)
VARIANTS = {
    "A": dict(),
    "B": dict(font="dejavu-sans", size=9.5, label="own_line", marker="–", head_color=(0, 84, 150), head_scale=1.35,
              header="chapter", footer="stran", fill=(250, 215, 160), label_caps="upper", label_colon=False),
    "C": dict(font="dejavu-cond", size=9.0, cols=2, label_style="I", marker="a)", footer="right", fill=(200, 235, 200)),
    "D": dict(label="margin", marker="1)", entry_style="BI", footer="center", margin=92.0, year_shift=1),
    "E": dict(font="liberation-serif", size=10.5, marker="•", head_dot=False, justify=True, hyphenate=True,
              header="title", fill=(225, 225, 225)),
    "F": dict(font="dejavu-sans", size=9.0, label="table", label_colon=False, marker="•", entry_size=12.0,
              header="org", footer="stran_od", fill=(215, 230, 215)),
    "G": dict(size=10.0, entry_style="", entry_size=13.0, entry_color=(170, 40, 60), marker="(1)",
              head_color=(30, 45, 80), head_num_color=(225, 120, 0), title_page=False, footer="org",
              fill=(240, 220, 225)),
    "H": dict(font="liberation-serif", size=11.0, marker="a.", header="title", footer="center", plan_year=2028,
              label_names={"Trajanje": "Čas izvajanja", "Predvideni rezultati": "Pričakovani rezultati",
                           "Vir financiranja": "Financiranje", "Partnerji": "Partnerske organizacije",
                           "Ključne aktivnosti": "Aktivnosti"}),
    "I": dict(font="dejavu-cond", size=9.0, cols=2, gutter=22.0, col_rule=True, label_caps="smallcaps", marker="–",
              entry_box=(228, 228, 236), footer="right", fill=(230, 215, 245)),
    "J": dict(font="dejavu-sans", size=9.5, label="own_line", label_style="BI", value_indent=12.0, marker_hang=True,
              head_caps="smallcaps", footer="center", fill=(250, 235, 200)),
    "K": dict(toc=True, footer="center"),
    "L": dict(landscape=True, footer="right", fill=(215, 225, 245)),
    "M": dict(l3_unnumbered=True, entry_style="BI"),
    "N": dict(entry_style="", entry_size=10.0, entry_gap=12.0),
}
