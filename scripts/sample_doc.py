"""The page machinery of ``sample_layout.py``: any page size and margins, one to three columns, furniture.

Extends ``make_variants.Doc`` (its wrapping, justification, hyphenation and line drawing) with the sampled
geometry, line spacing, column count and balance, running headers and footers in several forms, text
turned by 90° in the side margin, a diagonal watermark and a logo image.
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_variants import Doc  # noqa: E402
from sample_choices import FONTS, MARKER_FONT  # noqa: E402


def logo_png(color: tuple) -> bytes:
    """A small logo image (a filled disc and bar), made here so nothing is read from disk."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (120, 60), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.ellipse((4, 4, 56, 56), fill=color)
    d.rectangle((64, 20, 116, 40), fill=(120, 120, 120))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


class SampleDoc(Doc):
    """A ``Doc`` whose geometry, columns and furniture come from a sampled layout."""

    def __init__(self, st: dict, title: str, org: str = "", total_pages: int = 0, year: int | None = None):
        FPDF.__init__(self, orientation="P", unit="pt", format=(st["pw"], st["ph"]))
        self.st, self.doc_title, self.chapter, self.org, self.total_pages = st, title, "", org, total_pages
        self.year = year
        self.pw, self.bottom = self.w, self.h - st["bottom_margin"]
        self.left, self.top_y = st["left"], st["top"]
        self.heads: list = []
        self.set_auto_page_break(False)
        self.set_creation_date(datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc))
        for code, path in zip(("", "B", "I", "BI"), FONTS[st["font"]]):
            self.add_font("f", code, path)
        self.add_font("m", "", MARKER_FONT)
        self.band: list = []
        self.y0 = self.top_y
        self.logo = logo_png(st["head_colors"][0] if st["head_colors"][0] != (0, 0, 0) else (0, 84, 150))

    # ------------------------------------------------------------------ fonts: "m" is the marker font
    def _font(self, style: str, size: float) -> None:
        if style.startswith("m"):
            self.set_font("m", "", size)
        else:
            self.set_font("f", style, size)

    def width_of(self, text: str, style: str, size: float) -> float:
        self._font(style, size)
        return self.get_string_width(text)

    def wrap(self, text, width, style="", size=None, x_first=0.0, x_rest=0.0, color=(0, 0, 0)):
        lines = super().wrap(text, width, style, size, x_first, x_rest, color)
        for ln in lines:
            ln["h"] = ln["h"] / 1.35 * self.st["leading"]
        return lines

    def draw_line(self, line: dict, x: float, y: float) -> None:
        for kind, dx, dy, w, h, color in line.get("decor", []):
            if kind == "fill":
                self.set_fill_color(*color)
                self.rect(x + dx, y + dy, w, h, style="F")
            if kind == "disc":
                self.set_fill_color(*color)
                self.ellipse(x + dx, y + dy, w, h, style="F")
        for dx, text, style, size, color in line["runs"]:
            self._font(style, size)
            self.set_text_color(*color)
            self.text(x + dx, y + line.get("base", size), text)
        self.set_text_color(0, 0, 0)
        for kind, dx, dy, w, h, color in line.get("decor", []):
            if kind == "rule":
                self.set_draw_color(*color)
                self.set_line_width(0.5)
                self.line(x + dx, y + dy, x + dx + w, y + dy + h)

    # ------------------------------------------------------------------ furniture
    def _first(self) -> int:
        return 1 if self.st["title_page"] else 0

    def header(self):
        st = self.st
        if st["watermark"]:
            self.set_font("f", "B", 70)
            self.set_text_color(225, 225, 225)
            with self.rotation(40, self.pw / 2, self.h / 2):
                self.text(self.pw / 2 - 160, self.h / 2 + 20, "OSNUTEK")
            self.set_text_color(0, 0, 0)
        if self.page_no() <= self._first():
            return
        if st["side"]:
            self.side_text()
        kind = st["header"]
        if not kind:
            return
        y = self.top_y * 0.55
        if kind == "logo":
            self.image(io.BytesIO(self.logo), x=self.left, y=y - 16, w=40, h=20)
            return
        text = {"chapter": self.chapter, "title": self.doc_title, "org": self.org}[kind]
        self.set_font("f", "I", 8)
        self.set_text_color(110, 110, 110)
        self.text(self.left, y, text)
        self.line(self.left, y + 6, self.pw - self.st["right"], y + 6)
        self.set_text_color(0, 0, 0)

    def side_text(self) -> None:
        """The programme's name in the side margin of every page: turned by 90°, or small and upright."""
        st = self.st
        name = self.org.split()[-2:] if self.org else ["LDN"]
        self.set_text_color(120, 120, 120)
        if st["side"] == "rotated":
            text = f"{self.doc_title}"
            self.set_font("f", "", 7.5)
            x = self.pw - st["right"] / 2 if st["side_right"] else st["left"] / 2
            with self.rotation(90, x, self.h / 2):
                self.text(x - self.get_string_width(text) / 2, self.h / 2, text)
        else:
            words = [" ".join(name), f"LDN {self.year}" if self.year else "LDN"]
            room = (st["right"] if st["side_right"] else st["left"]) - 10  # a designer keeps it off the text
            for k, t in enumerate(words):
                self.set_font("f", "B", 6.5)
                w = self.get_string_width(t)
                if w > room:  # set smaller to fit the margin, or left out where it cannot
                    if 6.5 * room / w < 4.0:
                        continue
                    self.set_font("f", "B", 6.5 * room / w)
                    w = self.get_string_width(t)
                x = self.pw - st["right"] + 6 if st["side_right"] else max(4.0, st["left"] - w - 6)
                self.text(x, self.h * 0.45 + 9 * k, t)
        self.set_text_color(0, 0, 0)

    def footer(self):
        kind = self.st["footer"]
        first = self._first()
        if self.page_no() <= first or not kind:
            return
        self.set_font("f", "", 8)
        n = str(self.page_no() - first)
        text = {"n": n, "stran": f"stran {n}", "dash": f"— {n} —", "org": n,
                "stran_od": f"Stran {n} od {max(0, self.total_pages - first)}"}[kind]
        w = self.get_string_width(text)
        x = (self.pw - w) / 2 if kind in ("dash", "stran_od") else self.pw - self.st["right"] - w
        y = self.h - self.st["bottom_margin"] * 0.45
        self.text(x, y, text)
        if kind == "org":
            self.text(self.left, y, self.org)

    # ------------------------------------------------------------------ columns
    @property
    def full_w(self) -> float:
        return self.pw - self.left - self.st["right"]

    @property
    def col_w(self) -> float:
        cols = self.st["cols"]
        return (self.full_w - (cols - 1) * self.st["gutter"]) / cols

    def flush(self) -> None:
        """Place queued lines into the page's columns, balanced (or filled in turn) when they end mid-page."""
        lines, self.band = self.band, []
        cols = self.st["cols"]
        while lines:
            avail = self.bottom - self.y0
            total = sum(l["h"] for l in lines)
            if total <= cols * avail and self.st["balanced"]:
                target = min(avail, total / cols + 14)
            else:
                target = avail
            bottoms = []
            for c in range(cols):
                x, y = self.left + c * (self.col_w + self.st["gutter"]), self.y0
                limit = target if c < cols - 1 else avail
                lines, y = self.fill_column(lines, x, y, limit)
                bottoms.append(y)
            if cols > 1 and self.st["col_rule"] and max(bottoms) > self.y0 + 1:
                self.set_draw_color(150, 150, 150)
                self.set_line_width(0.4)
                for c in range(1, cols):
                    mid = self.left + c * (self.col_w + self.st["gutter"]) - self.st["gutter"] / 2
                    self.line(mid, self.y0, mid, max(bottoms))
            self.y0 = max(bottoms)
            if lines:
                self.add_page()
                self.y0 = self.top_y

    def span(self, lines: list[dict], before: float = 6.0) -> None:
        """Place full-width lines (headings) after flushing the columns; keep them with what follows."""
        self.flush()
        need = sum(l["h"] for l in lines) + before + 40
        if self.y0 + need > self.bottom:
            self.add_page()
            self.y0 = self.top_y
        else:
            self.y0 += before
        for line in lines:
            self.draw_line(line, self.left, self.y0)
            self.y0 += line["h"]
        self.y0 += 3

    def fresh_page(self) -> None:
        self.flush()
        self.add_page()
        self.y0 = self.top_y
