"""Generalization check: the 2026 gold rendered into other layouts (scripts/make_variants.py) must still score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_variants.py"
GOLD = Path("/work/shared/gold/ldn-2026.json")

pytestmark = [pytest.mark.slow, pytest.mark.corpus,
              pytest.mark.skipif(not GOLD.exists(), reason="shared gold not available")]


def _run(*args: str) -> str:
    proc = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("variant, floor", [
    ("A", 0.95),  # one column, inline bold labels, "1." items
    ("B", 0.95),  # labels in capitals on their own line without colon, dash items, running chapter header
    ("C", 0.95),  # two columns, spanning headings, italic labels, "a)" items
    ("D", 0.95),  # margin labels, "1)" items, another plan year
    ("E", 0.95),  # serif, justified and hyphenated, headings without the final dot, bullets
])
def test_variants_overall_floor(tmp_path, variant, floor):
    _run(str(GOLD), str(tmp_path), "--only", variant)
    assert (tmp_path / f"{variant}.pdf").exists()
    scores = json.loads(_run("--score", str(tmp_path), "--json"))
    assert scores[variant]["overall"] >= floor, scores[variant]
    assert scores[variant]["PROVENANCE"] >= 0.9, scores[variant]
