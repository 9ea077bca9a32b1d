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
    ("A", 0.9),  # one column, inline bold labels, "1." items
    pytest.param("C", 0.9, marks=pytest.mark.xfail(
        reason="measured overall 0.868: two columns with spanning headings are read column-wise over the headings, "
               "and a column of hanging-indent items is not seen as a column (layout.rows_to_blocks)", strict=False)),
])
def test_variants_overall_floor(tmp_path, variant, floor):
    _run(str(GOLD), str(tmp_path), "--only", variant)
    assert (tmp_path / f"{variant}.pdf").exists()
    scores = json.loads(_run("--score", str(tmp_path), "--json"))
    assert scores[variant]["overall"] >= floor, scores[variant]
    assert scores[variant]["PROVENANCE"] >= 0.9, scores[variant]
