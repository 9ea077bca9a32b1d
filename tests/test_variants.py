"""Generalization check: the 2026 gold rendered into other layouts (scripts/make_variants.py) must still score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import GOLD_DIR

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_variants.py"
GOLD = GOLD_DIR / "ldn-2026.json"
GOLD_2025 = GOLD_DIR / "ldn-2025-synthetic.json"

pytestmark = [pytest.mark.slow, pytest.mark.corpus,
              pytest.mark.skipif(not GOLD.exists(), reason="shared gold not available")]


def _run(*args: str) -> str:
    proc = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("gold, variant, floor", [
    (GOLD, "A", 0.95),  # one column, inline bold labels, "1." items
    (GOLD, "B", 0.95),  # labels in capitals on their own line without colon, dash items, running chapter header
    (GOLD, "C", 0.95),  # two columns, spanning headings, italic labels, "a)" items
    (GOLD, "D", 0.95),  # margin labels, "1)" items, another plan year
    (GOLD, "E", 0.95),  # serif, justified and hyphenated, headings without the final dot, bullets
    (GOLD, "F", 0.95),  # labels in a bordered table with a shaded label cell, bullets, "Stran N od M" footer
    (GOLD, "G", 0.95),  # no title page, regular coloured 13 pt entry titles, "(1)" items, two-colour heading numbers
    (GOLD, "H", 0.95),  # other label names ("Čas izvajanja", "Financiranje" ...), "a." items, plan year 2028
    (GOLD, "I", 0.95),  # ruled two columns, small-caps labels, dash items, entry titles in shaded boxes (0.974)
    (GOLD, "J", 0.95),  # bold italic labels on their own line, values indented, hung "1." numbers, small-caps headings
    (GOLD, "K", 0.95),  # a table of contents page (dot leaders, page numbers) after the title page (1.000)
    (GOLD, "L", 0.95),  # landscape A4 pages, one column (1.000)
    (GOLD, "M", 0.95),  # every level-3 heading unnumbered, bold italic entry titles (1.000)
    (GOLD, "N", 0.95),  # entry titles set like body text, told apart only by a gap before them (0.978)
    (GOLD_2025, "F", 0.95),
    (GOLD_2025, "G", 0.95),
    (GOLD_2025, "H", 0.95),
    (GOLD_2025, "I", 0.95),
    (GOLD_2025, "J", 0.95),
])
def test_variants_overall_floor(tmp_path, gold, variant, floor):
    if not gold.exists():
        pytest.skip(f"{gold} not available")
    _run(str(gold), str(tmp_path), "--only", variant)
    assert (tmp_path / f"{variant}.pdf").exists()
    scores = json.loads(_run("--score", str(tmp_path), "--json"))
    assert scores[variant]["overall"] >= floor, scores[variant]
    assert scores[variant]["PROVENANCE"] >= 0.9, scores[variant]
