"""Shared fixtures: tiny made-up work plans drawn with fpdf2 from a list of blocks, and the corpus
extracted once per session.

``draw_plan(spec, path)`` lays out an LDN-like PDF (points, A4, every line placed on an explicit
baseline) from ``(kind, text, ...)`` blocks:

    ("title", text)            title page line, 24 pt bold          ("page",)        new page
    ("subtitle", text)         title page line, 12 pt               ("space", pt)    vertical gap
    ("h1" | "h2" | "h3", text) heading, 15 / 13 / 11.5 pt bold      ("entry", text)  entry title, 10.5 pt bold
    ("label", "Trajanje: v")   bold label up to the colon, regular value after it; no colon: all bold
    ("text", text)             body line, 10 pt, at the text column ("indent", text) body line indented 14 pt
    ("margin", LABEL, value)   LABEL in bold small capitals in the left margin, on the value line's baseline
    ("columns", [l...], [r...]) two text columns side by side, ``gutter`` pt apart, left lines beside right
    ("chart", title, [(label, first month, last month), ...])  timeline: 01..12 axis, filled boxes under it
    ("card", label, count)     a filled card "label" / "<count>x" (summary graphic)

Nothing here comes from a real document: names, years and wording are made up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from itertools import groupby
from pathlib import Path
from typing import Callable, Optional

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

PAGE_W, PAGE_H = 595.28, 841.89
LEFT = 150.0  # text column's left edge; the margin labels sit left of it
RIGHT = 540.0
MARGIN_X = 30.0
GUTTER = 24.0
BODY_TOP = 100.0  # first body baseline, below the running header zone
BODY_BOTTOM = 740.0  # last body baseline, above the footer zone
HEADER_Y, FOOTER_Y = 40.0, 805.0
BODY_SIZE, LEADING = 10.0, 13.0
MONTH_W = 30.0  # width of one month column of a drawn timeline chart

STYLES = {  # kind -> (bold, size, space before)
    "title": (True, 24.0, 0.0), "subtitle": (False, 12.0, 6.0),
    "h1": (True, 15.0, 14.0), "h2": (True, 13.0, 10.0), "h3": (True, 11.5, 8.0),
    "entry": (True, 10.5, 8.0), "text": (False, BODY_SIZE, 0.0), "indent": (False, BODY_SIZE, 0.0),
}

FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
]


def find_ttf() -> Optional[tuple[str, str]]:
    """Return (regular, bold) paths of a Unicode TTF sans font on this system, or None."""
    for regular, bold in FONT_CANDIDATES:
        if os.path.isfile(regular) and os.path.isfile(bold):
            return regular, bold
    return None


TTF = find_ttf()


def _plain(text: str) -> str:
    # Without a TTF, fpdf2's core Helvetica only encodes Latin-1: Slovene letters (č, š, ž) are
    # written without their caron, so vocabulary labels such as "Ključne aktivnosti" would not match.
    if TTF:
        return text
    return unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")


class PlanWriter:
    """Draws blocks onto A4 pages at explicit baselines, with an optional running header and page numbers."""

    def __init__(self, header: Optional[str] = None, page_numbers: bool = False, gutter: float = GUTTER):
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        if TTF:
            self.pdf.add_font("sans", "", TTF[0])
            self.pdf.add_font("sans", "B", TTF[1])
            self.family = "sans"
        else:
            self.family = "helvetica"
        self.header, self.page_numbers, self.gutter = header, page_numbers, gutter
        self.y = BODY_TOP
        self.title_page = False
        self.fresh = True  # nothing drawn on the current page yet

    # ------------------------------------------------------------------ primitives
    def font(self, bold: bool, size: float) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def put(self, x: float, baseline: float, text: str, bold: bool = False, size: float = BODY_SIZE) -> float:
        """Draw text with its baseline at ``baseline``; return the x where it ends."""
        self.font(bold, size)
        text = _plain(text)
        self.pdf.text(x, baseline, text)
        return x + self.pdf.get_string_width(text)

    def new_page(self, title_page: bool = False) -> None:
        self.pdf.add_page()
        self.title_page = title_page
        self.y = BODY_TOP if not title_page else 260.0
        self.fresh = True
        if title_page:
            return
        number = self.pdf.page_no()
        if self.header:
            self.put(LEFT, HEADER_Y, self.header, size=8)
        if self.page_numbers:
            self.put(PAGE_W / 2, FOOTER_Y, str(number), size=8)

    def advance(self, before: float, height: float) -> float:
        """Move to the next baseline (a new page when the body is full); return it."""
        if self.pdf.page_no() == 0:
            self.new_page()
        if not self.fresh:
            self.y += before + height
        if self.y > BODY_BOTTOM:
            self.new_page()
        self.fresh = False
        return self.y

    def small_caps(self, x: float, baseline: float, text: str, big: float = 9.0, small: float = 7.0) -> float:
        """Draw ``text`` in bold small capitals: capitals at ``big``, lower-case letters as capitals at ``small``."""
        for word in text.split():
            for upper, run in groupby(word, key=str.isupper):
                x = self.put(x, baseline, "".join(run).upper(), bold=True, size=big if upper else small)
            x += 0.5 * small
        return x

    # ------------------------------------------------------------------ blocks
    def block(self, kind: str, *args) -> None:
        if kind == "page":
            self.new_page()
        elif kind == "space":
            self.y += args[0]
        elif kind == "title":
            if self.pdf.page_no() == 0:
                self.new_page(title_page=True)
            bold, size, _ = STYLES[kind]
            self.put(LEFT, self.advance(8, size), args[0], bold=bold, size=size)
        elif kind in STYLES:
            bold, size, before = STYLES[kind]
            y = self.advance(before, LEADING if size <= 11 else size + 4)
            self.put(LEFT + (14 if kind == "indent" else 0), y, args[0], bold=bold, size=size)
        elif kind == "label":
            y = self.advance(4, LEADING)
            text = args[0]
            if ":" in text:
                head, rest = text.split(":", 1)
                x = self.put(LEFT, y, head + ":", bold=True)
                if rest.strip():
                    self.put(x + 3, y, rest.strip())
            else:
                self.put(LEFT, y, text, bold=True)
        elif kind == "margin":
            label_lines = args[0].split("\n")  # a long label wraps onto the margin lines below
            y = self.advance(4, LEADING)
            self.small_caps(MARGIN_X, y, label_lines[0])
            self.put(LEFT, y, args[1])
            for k, more in enumerate(label_lines[1:], start=1):
                self.small_caps(MARGIN_X, y + k * LEADING, more)
        elif kind == "columns":
            left, right = args
            self.font(False, BODY_SIZE)
            # the right column starts ``gutter`` pt after the widest left line: the free strip is exactly the gutter
            right_x = LEFT + max(self.pdf.get_string_width(_plain(t)) for t in left) + self.gutter
            for i in range(max(len(left), len(right))):
                y = self.advance(0, LEADING)
                if i < len(left):
                    self.put(LEFT, y, left[i])
                if i < len(right):
                    self.put(right_x, y, right[i])
        elif kind == "chart":
            self.chart(*args)
        elif kind == "card":
            self.card(*args)
        else:
            raise ValueError(f"unknown block kind {kind!r}")

    def chart(self, title: str, boxes: list[tuple[str, int, int]]) -> None:
        y = self.advance(14, LEADING)
        self.put(LEFT, y, title, bold=True)
        y += 16
        for m in range(1, 13):
            label = f"{m:02d}"
            self.font(False, 8)
            w = self.pdf.get_string_width(label)
            self.put(LEFT + (m - 0.5) * MONTH_W - w / 2, y, label, size=8)
        top = y + 6
        self.pdf.set_fill_color(200, 220, 240)
        for label, first, last in boxes:
            x0 = LEFT + (first - 1) * MONTH_W
            self.pdf.rect(x0, top, (last - first + 1) * MONTH_W, 14, style="F")
            self.put(x0 + 3, top + 10, label, size=7)
            top += 18
        self.y = top + 30  # clear of the chart's caption zone
        self.fresh = True

    def card(self, label: str, count: int) -> None:
        y = self.advance(10, LEADING)
        self.pdf.set_fill_color(230, 230, 230)
        self.pdf.rect(LEFT, y - 10, 160, 34, style="F")
        self.put(LEFT + 6, y, label, size=9)
        self.put(LEFT + 6, y + 16, f"{count}x", bold=True, size=11)
        self.y = y + 40
        self.fresh = True

    def output(self, path: Path) -> Path:
        path.write_bytes(bytes(self.pdf.output()))
        return path


def draw_plan(spec: list[tuple], path: Path, header: Optional[str] = None, page_numbers: bool = False,
              gutter: float = GUTTER) -> Path:
    """Given blocks and a path, write the made-up plan there and return the path."""
    writer = PlanWriter(header=header, page_numbers=page_numbers, gutter=gutter)
    for block in spec:
        writer.block(*block)
    return writer.output(path)


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="session")
def make_pdf(pdf_dir) -> Callable[..., Path]:
    """Return ``make(name, spec, header=None, page_numbers=False, gutter=24) -> Path`` writing into a session tmp dir."""
    def make(name: str, spec: list[tuple], **opts) -> Path:
        return draw_plan(spec, pdf_dir / f"{name}.pdf", **opts)
    return make


@pytest.fixture(scope="session")
def layout_of() -> Callable:
    """Return ``layout_of(path) -> DocLayout``."""
    from pipeline.read.ingest import open_source
    from pipeline.read.layout import layout

    def run(path: Path):
        with open_source(path) as source:
            return layout(source)
    return run


@pytest.fixture(scope="session")
def structure_of(layout_of) -> Callable:
    """Return ``structure_of(path) -> DocStructure``."""
    from pipeline.structure.document import structure

    return lambda path: structure(layout_of(path))


# ---------------------------------------------------------------------- the made-up plan used by several modules

PLAN_HEADER = "Zavod Primer · Letni delovni načrt 2031"
PLAN = [
    ("title", "Letni delovni načrt"),
    ("title", "Zavoda Primer 2031"),
    ("subtitle", "Zavod Primer"),
    ("subtitle", "Ljubljana, december 2030"),
    ("page",),
    ("h1", "1. Razvoj mladinskega dela"),
    ("text", "Poglavje opisuje načrtovane programe in projekte zavoda v letu 2031, razdeljene po"),
    ("text", "področjih dela, z aktivnostmi, pričakovanimi rezultati, viri financiranja in partnerji."),
    ("h2", "1.1. Nacionalno"),
    ("h3", "1.1.1. Redne aktivnosti"),
    ("entry", "Poletna šola sodelovanja"),
    ("label", "Trajanje: od marca do junija 2031"),
    ("label", "Opis: Mladi iz dveh krajev skupaj pripravijo program srečanj in delavnic ter o"),
    ("text", "tem poročajo lokalnim skupnostim, ki jih pri delu podpirajo in spremljajo."),
    ("label", "Ključne aktivnosti:"),
    ("text", "1. priprava programa srečanj in izbor udeležencev za nadalje-"),
    ("text", "vanje dela v lokalnih skupnostih"),
    ("text", "2. izvedba treh delavnic v so-"),
    ("text", "-avtorstvu z lokalnimi društvi"),
    ("label", "Predvideni rezultati:"),
    ("text", "1. 20 usposobljenih mladih voditeljev"),
    ("text", "2. zbornik dobrih praks"),
    ("label", "Vir financiranja: Erasmus+"),
    ("label", "Partnerji: Društvo Primer (Slovenija), Verein Beispiel (Avstrija)"),
    ("h3", "Projekti"),
    ("entry", "Mreža svetovalcev za mlade"),
    ("label", "Trajanje: celo leto 2031"),
    ("label", "Ključne aktivnosti"),
    ("text", "a) mesečna srečanja svetovalcev"),
    ("text", "b) priprava gradiv za delo z mladimi v"),
    ("page",),
    ("text", "lokalnih okoljih po vsej državi"),
    ("text", "c) obisk treh mladinskih centrov"),
    ("label", "Pričakovani rezultati:"),
    ("text", "1) 12 srečanj svetovalcev"),
    ("text", "2) spletna zbirka gradiv"),
    ("label", "Financiranje: Ministrstvo za delo"),
    ("h2", "1.2. Mednarodno"),
    ("h3", "1.2.1. Projekti"),
    ("entry", "Izmenjave mladinskih delavcev"),
    ("label", "Trajanje: od januarja do decembra 2031"),
    ("label", "Naslov: Mobilnost za mlade delavce"),
    ("label", "Ključne aktivnosti:"),
    ("text", "1. dve mobilnosti po osem udeležencev"),
    ("label", "Naslov: Seminar o vključevanju"),
    ("label", "Ključne aktivnosti:"),
    ("text", "1. petdnevni seminar za 25 udeležencev"),
    ("chart", "Časovnica projektov", [("Poletna šola", 3, 6), ("Seminar", 9, 10), ("Mreža", 1, 12)]),
    ("page",),
    ("h1", "2. Zagovorništvo"),
    ("text", "Drugo poglavje ima samo uvodno besedilo brez vnosov, ki bi jih bilo treba razbrati."),
    ("text", "Besedilo poglavja se nadaljuje v drugi vrstici in se konča s piko."),
    ("card", "Erasmus+ Mladina", 3),
    ("card", "Evropska solidarnostna enota", 2),
]


@pytest.fixture(scope="session")
def plan_pdf(make_pdf) -> Path:
    return make_pdf("plan", PLAN, header=PLAN_HEADER, page_numbers=True)


@pytest.fixture(scope="session")
def plan_layout(plan_pdf, layout_of):
    return layout_of(plan_pdf)


@pytest.fixture(scope="session")
def plan_record(plan_pdf):
    from pipeline.extract import extract_path

    return extract_path(plan_pdf)


# ---------------------------------------------------------------------- corpus, extracted and scored once per session

def corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf"))


def gold_for(pdf: Path) -> Path:
    """The gold of a corpus PDF: its own, or the 2026 plan's for the reflowed layouts of it."""
    own = SHARED / "gold" / f"{pdf.stem}.json"
    return own if own.exists() else SHARED / "gold" / f"{pdf.stem.split('-reflow')[0]}.json"


def _extract_and_check(pdf: str, out: str, source: Optional[str] = None) -> dict:
    """Extract one corpus PDF to ``out`` (with ``source``, else the default one), then score it and check its
    provenance (runs in a worker process)."""
    from pipeline.extract import extract_path

    settings = {"source": source} if source else None
    Path(out).write_text(extract_path(pdf, settings).model_dump_json(indent=1), encoding="utf-8")
    score = run_json_script(SHARED / "eval" / "score.py", str(gold_for(Path(pdf))), out)
    provenance = run_json_script(SHARED / "eval" / "check_provenance.py", pdf, out)
    return {"prediction": Path(out), "score": score, "provenance": provenance}


def _corpus_results(out: Path, source: Optional[str] = None) -> dict[str, dict]:
    pdfs = corpus_pdfs()
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {p.stem: pool.submit(_extract_and_check, str(p), str(out / f"{p.stem}.json"), source) for p in pdfs}
        return {stem: f.result() for stem, f in futures.items()}


@pytest.fixture(scope="session")
def corpus_results(tmp_path_factory) -> dict[str, dict]:
    """Extract, score and check every corpus PDF once, two at a time; return {stem: {prediction, score, provenance}}."""
    return _corpus_results(tmp_path_factory.mktemp("corpus-pred"))


@pytest.fixture(scope="session")
def reference_corpus_results(tmp_path_factory) -> dict[str, dict]:
    """The same as ``corpus_results`` with the reference source (pdfplumber) reading the pages."""
    return _corpus_results(tmp_path_factory.mktemp("corpus-pred-pdfplumber"), "pdfplumber")


def run_json_script(script: Path, *args: str) -> dict:
    """Run a shared evaluation script with ``--json`` and return its parsed output."""
    proc = subprocess.run([sys.executable, str(script), *args, "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def gold_records():
    """The two gold plans (2025 synthetic, 2026) as records: inputs for export, report and compare tests."""
    from pipeline.models import load_record
    from tests.paths import GOLD_DIR

    files = ["ldn-2025-synthetic.json", "ldn-2026.json"]
    missing = [f for f in files if not (GOLD_DIR / f).exists()]
    if missing:
        pytest.skip(f"gold files missing: {missing}")
    return [load_record(GOLD_DIR / f) for f in files]


# ---------------------------------------------------------------------- two made-up years, run and compared

# An entry of the later plan whose title carries markup and quotes: the reports must show it as text.
HOSTILE_ENTRY = [("entry", 'Delavnica "<b>krepko</b>" & <script>alert(1)</script>'),
                 ("label", "Trajanje: maj 2032"), ("label", "Ključne aktivnosti:"), ("text", "1. ena delavnica")]


@pytest.fixture(scope="session")
def two_year_run(tmp_path_factory) -> dict[str, Path]:
    """The made-up plan as 2031 and as 2032 (one target changed, one entry added; file names with a
    space and a č, in a folder of their own), extracted by ``run_batch`` into ``out`` and compared
    into ``out/compare``."""
    from pipeline.batch.runner import run_batch
    from pipeline.compare.run import run_compare

    root = tmp_path_factory.mktemp("two-years")
    later = [tuple(x.replace("2031", "2032").replace("1. 20 usposobljenih", "1. 25 usposobljenih")
                   if isinstance(x, str) else x for x in block) for block in PLAN]  # one target changes
    at = next(i for i, b in enumerate(later) if b[0] == "h2" and "Mednarodno" in b[1])
    later[at:at] = HOSTILE_ENTRY
    (root / "pdfs").mkdir()
    pdfs = [draw_plan(PLAN, root / "pdfs" / "načrt 2031.pdf", header=PLAN_HEADER, page_numbers=True),
            draw_plan(later, root / "pdfs" / "načrt 2032.pdf", header=PLAN_HEADER.replace("2031", "2032"),
                      page_numbers=True)]
    out = root / "out"
    summary = run_batch([root / "pdfs"], out, progress=False)
    assert [f.status for f in summary.files] == ["ok", "ok"], [f.message for f in summary.files]
    run_compare([out], out / "compare")
    return {"pdfs": root / "pdfs", "out": out, "compare": out / "compare"}
