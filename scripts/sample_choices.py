"""The choice space of ``sample_layout.py``: every drawing choice drawn independently from one seed.

No fixed list of layouts: a seed draws page size and orientation, margins, columns, fonts, body size,
leading, justification, hyphenation, heading numbering and level styles, entry-title style, label
placement and style, list markers, running furniture, chart axes and bar labels, and the title page,
each on its own. ``describe`` prints what a seed drew, so a failing seed can be read and redrawn.
"""

from __future__ import annotations

import random

FONT_DIR = "/usr/share/fonts/truetype"
FONTS = {  # family -> (regular, bold, italic, bold italic) files
    "liberation-sans": [f"{FONT_DIR}/liberation/LiberationSans-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
    "liberation-serif": [f"{FONT_DIR}/liberation/LiberationSerif-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
    "liberation-narrow": [f"{FONT_DIR}/liberation/LiberationSansNarrow-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
    "dejavu-sans": [f"{FONT_DIR}/dejavu/DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")],
    "dejavu-cond": [f"{FONT_DIR}/dejavu/DejaVuSansCondensed{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")],
    "dejavu-serif": [f"{FONT_DIR}/dejavu/DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic", "-BoldItalic")],
    "noto-sans": [f"{FONT_DIR}/noto/NotoSans-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
    "noto-serif": [f"{FONT_DIR}/noto/NotoSerif-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
    "carlito": [f"{FONT_DIR}/crosextra/Carlito-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
    "caladea": [f"{FONT_DIR}/crosextra/Caladea-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")],
}
MARKER_FONT = f"{FONT_DIR}/dejavu/DejaVuSans.ttf"  # has every marker glyph, as a producer's symbol font would
PAGES = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "B5": (498.9, 708.66)}
MARKERS = ["1.", "1)", "(1)", "a)", "a.", "i.", "-", "–", "•", "▪", "►", "disc"]
COLOURS = [(0, 84, 150), (150, 30, 50), (30, 110, 60), (90, 60, 140), (200, 90, 0), (60, 60, 60)]
FILLS = [(205, 222, 240), (250, 215, 160), (200, 235, 200), (225, 225, 225), (240, 220, 225), (230, 215, 245)]
LABEL_NAMES = {  # other names for the same fields, as plans use them (all in pipeline/data/labels.yaml)
    "Trajanje": ["Trajanje", "Čas izvajanja", "Obdobje izvajanja", "Termin izvedbe"],
    "Vir financiranja": ["Vir financiranja", "Financiranje", "Viri financiranja", "Vir sredstev"],
    "Partnerji": ["Partnerji", "Partnerske organizacije", "Projektni partnerji", "Sodelujoče organizacije"],
}


def _pick(rng: random.Random, options, weights=None):
    return rng.choices(list(options), weights=weights)[0]


def sample_style(seed: int) -> dict:
    """Given a seed, return a layout: one independent draw per choice."""
    rng = random.Random(seed)
    st: dict = {"seed": seed}
    st["page"] = _pick(rng, PAGES, [5, 2, 2])
    st["landscape"] = rng.random() < 0.2
    w, h = PAGES[st["page"]]
    if st["landscape"]:
        w, h = h, w
    st["pw"], st["ph"] = w, h
    st["left"], st["right"] = rng.uniform(40, 90), rng.uniform(38, 80)
    st["top"], st["bottom_margin"] = rng.uniform(58, 92), rng.uniform(52, 80)
    full = w - st["left"] - st["right"]
    st["gutter"] = rng.uniform(14, 28)
    st["cols"] = _pick(rng, (1, 2, 3), [5, 4, 1.5])
    while st["cols"] > 1 and (full - (st["cols"] - 1) * st["gutter"]) / st["cols"] < 150:
        st["cols"] -= 1
    st["col_rule"] = rng.random() < 0.4
    st["balanced"] = rng.random() < 0.7
    st["font"] = _pick(rng, FONTS)
    st["size"] = rng.choice([8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0])
    st["leading"] = rng.uniform(1.18, 1.6)
    st["justify"] = rng.random() < 0.4
    st["hyphenate"] = rng.random() < 0.35
    # headings: numbers, and how the levels differ
    st["head_num"] = _pick(rng, ("inline", "nodot", "hung", "above", "beside"), [4, 3, 2, 2, 2])
    st["head_num_scale"] = rng.choice([1.0, 1.0, 1.3, 1.6])
    st["head_num_color"] = rng.choice([None, None] + COLOURS)
    st["l3_unnumbered"] = rng.random() < 0.2
    base = rng.uniform(1.35, 1.9)
    st["head_sizes"] = [base, rng.uniform(1.12, max(1.15, base - 0.1)), rng.uniform(1.0, 1.2)]
    st["head_styles"] = ["B", _pick(rng, ("B", "B", "BI")), _pick(rng, ("B", "BI", "I", ""), [4, 2, 1, 1])]
    st["head_colors"] = [rng.choice([(0, 0, 0)] * 2 + COLOURS) for _ in range(3)]
    st["head_caps"] = [rng.choice([None, None, "upper", "smallcaps"]) for _ in range(3)]
    st["head_rule"] = [rng.random() < 0.3, rng.random() < 0.2, False]
    st["head_band"] = [rng.random() < 0.2, rng.random() < 0.1, False]
    # entry titles
    st["entry_style"] = _pick(rng, ("B", "I", "BI", "", "B"), [4, 1, 2, 2, 0])
    st["entry_size"] = st["size"] + rng.choice([0.0, 0.0, 1.0, 2.0, 3.0])
    st["entry_color"] = rng.choice([(0, 0, 0)] * 3 + COLOURS)
    st["entry_deco"] = _pick(rng, (None, "box", "rule", "number"), [5, 2, 2, 1])
    if st["entry_style"] == "" and st["entry_size"] == st["size"] and st["entry_color"] == (0, 0, 0) and st["entry_deco"] is None:
        st["entry_gap_extra"] = rng.uniform(6, 14)  # a title in the body style, told apart by the gap before it
    # labels
    st["label"] = _pick(rng, ("inline", "own_line", "margin", "table"), [5, 3, 2, 2])
    if st["label"] in ("margin", "table") and full / st["cols"] < 260:
        st["label"] = "inline"
    st["label_style"] = _pick(rng, ("B", "I", "BI", ""), [5, 2, 2, 1])
    st["label_caps"] = rng.choice([None, None, None, "upper", "smallcaps"])
    st["label_color"] = rng.choice([(0, 0, 0)] * 3 + COLOURS)
    if st["label_style"] == "" and st["label_color"] == (0, 0, 0):
        st["label_color"] = rng.choice(COLOURS)
    st["label_colon"] = rng.random() < 0.75
    st["label_names"] = {k: rng.choice(v) for k, v in LABEL_NAMES.items()}
    st["value_indent"] = rng.choice([0.0, 0.0, 12.0])
    st["margin_w"] = rng.uniform(80, 110)
    # list markers
    st["marker"] = rng.choice(MARKERS)
    st["marker_style"] = rng.choice(["", "", "B"])
    st["marker_color"] = rng.choice([(0, 0, 0)] * 3 + COLOURS)
    st["marker_hang"] = rng.random() < 0.4
    # running furniture
    st["header"] = _pick(rng, (None, "chapter", "title", "org", "logo"), [2, 2, 2, 2, 1])
    st["footer"] = _pick(rng, (None, "n", "stran", "stran_od", "dash", "org"), [1, 2, 2, 2, 1, 1])
    st["side"] = _pick(rng, (None, "rotated", "small"), [5, 2, 2])
    st["side_right"] = rng.random() < 0.5
    st["watermark"] = rng.random() < 0.15
    # charts
    st["months"] = _pick(rng, ("01", "jan", "roman", "full"), [3, 2, 2, 1])
    st["bar_label"] = _pick(rng, ("inside", "beside", "column"), [4, 2, 2])
    st["fill"] = rng.choice(FILLS)
    # title page
    st["title_page"] = _pick(rng, (None, "classic", "org_top", "org_address", "publisher"), [2, 3, 2, 2, 1])
    st["org_caps"] = rng.random() < 0.3
    st["year_shift"] = rng.choice([0, 0, 0, -2, 1, 3])
    return st


def describe(st: dict) -> str:
    """Given a sampled layout, return its choices on one line (colours and sizes rounded)."""
    keys = ["page", "landscape", "cols", "col_rule", "balanced", "font", "size", "justify", "hyphenate", "head_num",
            "head_num_scale", "l3_unnumbered", "head_styles", "head_caps", "entry_style", "entry_deco", "label",
            "label_style", "label_caps", "label_colon", "marker", "marker_hang", "header", "footer", "side",
            "watermark", "months", "bar_label", "title_page", "org_caps", "year_shift"]
    out = []
    for k in keys:
        v = st.get(k)
        out.append(f"{k}={round(v, 1) if isinstance(v, float) else v}")
    out.append(f"leading={st['leading']:.2f}")
    return " ".join(out)
