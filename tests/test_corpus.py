"""Corpus floors of issue 3: every corpus PDF, extracted once per session (``corpus_results`` in
conftest), scored against its gold with ``../shared/eval/score.py`` and checked with
``check_provenance.py``; the reflowed layouts of the 2026 plan use its gold."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS, SHARED, corpus_pdfs, gold_for

STRUCTURE_FLOOR = 0.97
STRUCTURE_METRICS = ("sections", "entries", "titles", "activities", "results", "funders", "partners",
                     "partner_country", "partner_role", "document", "timelines", "timeline_months", "applications")
NLP_FLOORS = {"duration": 0.97, "targets": 0.95, "target_units": 0.95, "mama_share": 0.95}
PROVENANCE_FLOOR = 0.97
SCORE = SHARED / "eval" / "score.py"
CHECK_PROVENANCE = SHARED / "eval" / "check_provenance.py"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (SCORE.exists() and CHECK_PROVENANCE.exists() and (SHARED / "gold").is_dir()),
                       reason=f"the shared evaluation kit ({SHARED}) is not available"),
    pytest.mark.skipif(not corpus_pdfs(), reason=f"no corpus PDFs in {CORPUS}"),
]

STEMS = [p.stem for p in corpus_pdfs()]


def test_corpus_every_pdf_has_a_gold():
    missing = [p.name for p in corpus_pdfs() if not gold_for(p).exists()]
    assert not missing


@pytest.mark.parametrize("stem", STEMS)
def test_corpus_scores_meet_the_floors(corpus_results, stem):
    headline = corpus_results[stem]["score"]["headline"]
    floors = {**{m: STRUCTURE_FLOOR for m in STRUCTURE_METRICS}, **NLP_FLOORS}
    below = {m: headline.get(m) for m, floor in floors.items() if headline.get(m) is None or headline[m] < floor}
    assert not below, f"{stem}: below the floor: {below}"


@pytest.mark.parametrize("stem", STEMS)
def test_corpus_provenance_meets_the_floor(corpus_results, stem):
    result = corpus_results[stem]["provenance"]
    assert result["score"] >= PROVENANCE_FLOOR, f"{stem}: PROVENANCE {result['score']}: {result['problems'][:5]}"
