"""Generality check: the gold records rendered into layouts drawn at random from a seed (scripts/sample_layout.py).

Every drawing choice (page, margins, columns, fonts, sizes, heading numbers and levels, entry titles, labels,
markers, furniture, charts, title page) is drawn independently per seed, so no fixed list of layouts can be
fitted to. Each seed must score at least 0.95 overall and 0.97 on provenance, and each gold's mean 0.98.
A seed that ever failed stays in ``FAILED_BEFORE`` (and in the parametrized range) for good.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.paths import GOLD_DIR

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

GOLDS = {"2026": GOLD_DIR / "ldn-2026.json", "2025": GOLD_DIR / "ldn-2025-synthetic.json"}
OVERALL_FLOOR, PROVENANCE_FLOOR, MEAN_FLOOR = 0.95, 0.97, 0.98
# seeds that scored under a floor at some point (gold, seed); they stay here and in SEEDS for good.
# Seeds past 29 failed in a fresh range scored with ``scripts/sample_layout.py`` (5000-5014, 6000-6014, 7000-7014, 8000-8014, 11500-11509, 13000-13007, 14000-14005).
FAILED_BEFORE = {
    "2026": [1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 26, 27, 5010, 5013, 7003, 7004, 7006, 7008, 13003, 14002],
    "2025": [15, 23, 26, 27, 6000, 6003, 6009, 6013, 8009, 8010, 11503, 11506, 13003, 14002],
}
SEEDS = {year: sorted(set(range(30)) | set(seeds)) for year, seeds in FAILED_BEFORE.items()}
# seeds that still score under a floor: expected to fail until fixed (strict, so a fix must remove them)
HEADS_ABOVE = "3 columns, heading numbers above their titles at 1.6x size, italic labels on their own line"
STILL_FAILING: dict[str, dict[int, str]] = {"2026": {
    14002: "fresh range 14000-14005: 0.932, 0.939 once a title wrapped under a number set above it was joined "
           "(sections 0.760 -> 0.880); " + HEADS_ABOVE,
}, "2025": {
    11503: "fresh range 11500-11509: 0.752 (0.731 before stop 21); body-style level-3 headings and titles in ragged two columns",
    14002: "fresh range 14000-14005: 0.894, 0.901 once a title wrapped under a number set above it was joined "
           "(sections 0.769 -> 0.885); " + HEADS_ABOVE,
}}

pytestmark = [pytest.mark.slow, pytest.mark.corpus,
              pytest.mark.skipif(not all(p.exists() for p in GOLDS.values()), reason="shared gold not available")]


def _results_dir(tmp_path_factory) -> Path:
    """A directory shared by the xdist workers of one run (the parent of each worker's base temp)."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = root / "sampled-results"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _scores(tmp_path_factory, year: str, seed: int) -> dict:
    """Render, extract and score one seed of one gold, once per run (cached for the mean test)."""
    from sample_layout import sample

    cache = _results_dir(tmp_path_factory) / f"{year}-{seed}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    work = tmp_path_factory.mktemp(f"sampled-{year}-{seed}")
    row = sample(GOLDS[year], seed, work, score=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(row), encoding="utf-8")
    tmp.replace(cache)
    return row


def _cases():
    for year in GOLDS:
        for seed in SEEDS[year]:
            marks = []
            if seed in STILL_FAILING[year]:
                marks.append(pytest.mark.xfail(strict=True, reason=STILL_FAILING[year][seed]))
            yield pytest.param(year, seed, marks=marks, id=f"{year}-s{seed}")


def test_sampled_failed_seeds_stay_in_range():
    for year, seeds in FAILED_BEFORE.items():
        assert set(seeds) <= set(SEEDS[year]) and set(range(30)) <= set(SEEDS[year]), year
        assert set(STILL_FAILING[year]) <= set(seeds), year


@pytest.mark.parametrize("year, seed", list(_cases()))
def test_sampled_layout_scores(tmp_path_factory, year, seed):
    row = _scores(tmp_path_factory, year, seed)
    s = row["scores"]
    assert s["overall"] >= OVERALL_FLOOR, (row["choices"], s)
    assert s["PROVENANCE"] >= PROVENANCE_FLOOR, (row["choices"], s)


MEAN_STILL_FAILING: dict[str, str] = {}


@pytest.mark.parametrize("year", [pytest.param(y, marks=[pytest.mark.xfail(strict=True, reason=MEAN_STILL_FAILING[y])]
                                               if y in MEAN_STILL_FAILING else []) for y in GOLDS])
def test_sampled_layout_mean(tmp_path_factory, year):
    overall = [_scores(tmp_path_factory, year, seed)["scores"]["overall"] for seed in SEEDS[year]]
    assert sum(overall) / len(overall) >= MEAN_FLOOR, overall
