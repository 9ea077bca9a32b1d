"""Real producers: both golds written as DOCX and converted by LibreOffice, and as HTML + CSS printed by
headless Chromium (``scripts/render_docx.py``, ``scripts/render_html.py``), rendered inside the test and
scored with the shared scorers.

These PDFs encode text the way real plans do: automatic numbering ("1." then a tab), Symbol-font bullets
at U+F0B7, bullets drawn as vector discs, Gantt charts as tables or grids with the activity in the first
column and shaded cells, cards as tables, footers from PAGE/NUMPAGES fields, CSS columns.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import run_json_script
from tests.paths import EVAL_DIR, GOLD_DIR, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import render_docx  # noqa: E402
import render_html  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

GOLDS = {"2026": GOLD_DIR / "ldn-2026.json", "2025": GOLD_DIR / "ldn-2025-synthetic.json"}
# (producer, gold, options): each gold in another house style (DOCX: fonts, "1."/"a)" numbering, Symbol
# discs or Wingdings squares; HTML: charts as a CSS grid or a table, "1." and discs or "a." and squares)
CASES = [("docx", "2026", {"style": "word"}), ("docx", "2025", {"style": "office"}),
         ("html", "2026", {"chart": "grid", "lists": "decimal"}), ("html", "2025", {"chart": "table", "lists": "alpha"})]
FLOORS = {"overall": 0.97, "timelines": 0.95, "timeline_months": 0.95}
PROVENANCE_FLOOR = 0.97


def _render(producer: str, gold: dict, out, options: dict):
    if producer == "docx":
        if render_docx.soffice_path() is None:
            pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
        return render_docx.render(gold, out, "plan", **options)
    if render_html.chromium_path() is None:
        pytest.skip("chromium is not installed: apt-get install chromium")
    return render_html.render(gold, out, "plan", **options)


@pytest.mark.parametrize("producer, year, options", CASES, ids=[f"{p}-{y}" for p, y, _ in CASES])
def test_producers_rendering_scores_above_floors(tmp_path, producer, year, options):
    if not GOLDS[year].exists():
        pytest.skip(f"{GOLDS[year]} not available")
    from pipeline.extract import extract_path

    gold = json.loads(GOLDS[year].read_text(encoding="utf-8"))
    pdf = _render(producer, gold, tmp_path, options)
    pred = tmp_path / "plan.pred.json"
    pred.write_text(extract_path(pdf).model_dump_json(indent=1), encoding="utf-8")
    score = run_json_script(EVAL_DIR / "score.py", str(tmp_path / "plan.gold.json"), str(pred))
    provenance = run_json_script(EVAL_DIR / "check_provenance.py", str(pdf), str(pred))
    got = {"overall": score["overall"], **score["headline"]}
    assert {k: got[k] for k in FLOORS if got[k] < FLOORS[k]} == {}, got
    assert provenance["score"] >= PROVENANCE_FLOOR, provenance


def test_producers_sources_score_the_same_on_a_docx_rendering(tmp_path):
    """LibreOffice sets Carlito's "ti" and "fi" as one glyph, which pdfium splits into letters at one origin;
    both sources must still give records that score alike (every headline metric to three decimals)."""
    if not GOLDS["2026"].exists():
        pytest.skip(f"{GOLDS['2026']} not available")
    from pipeline.extract import extract_path

    gold = json.loads(GOLDS["2026"].read_text(encoding="utf-8"))
    pdf = _render("docx", gold, tmp_path, {"style": "word"})
    headlines = {}
    for source in ("pdfplumber", "pdfium"):
        pred = tmp_path / f"plan.{source}.json"
        pred.write_text(extract_path(pdf, {"source": source}).model_dump_json(indent=1), encoding="utf-8")
        score = run_json_script(EVAL_DIR / "score.py", str(tmp_path / "plan.gold.json"), str(pred))
        headlines[source] = {k: round(v, 3) for k, v in score["headline"].items()}
    assert headlines["pdfium"] == headlines["pdfplumber"]
    assert headlines["pdfplumber"]["titles"] >= FLOORS["overall"]
    provenance = run_json_script(EVAL_DIR / "check_provenance.py", str(pdf), str(tmp_path / "plan.pdfium.json"))
    assert provenance["score"] >= 0.99, provenance
