"""Plans told from other documents by general evidence: unrelated PDFs made in the tests are refused
with E200 saying what was missing; a plan is kept; a record with no entries is never ok."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch.evidence import Evidence, evidence_to_message, record_to_evidence
from pipeline.batch.runner import run_batch
from pipeline.models import Document, Entry, Record, Section
from tests.hostile import UNRELATED
from tests.pdfs import mini_plan_pdf

# document -> what its refusal must say is missing, and what it must say was found
EXPECTED = {
    "form": (["labelled entries", "plan vocabulary", "a plan year", "section headings"], []),
    "minutes": (["labelled entries", "plan vocabulary", "a plan year"], ["4 section heading(s)"]),
    "report": (["labelled entries", "plan vocabulary", "a plan year"], ["8 section heading(s)"]),
    "table": (["labelled entries", "plan vocabulary", "a plan year", "section headings"], []),
}


def test_evidence_unrelated_pdfs_are_refused_with_what_is_missing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, make in UNRELATED.items():
        (folder / f"{name}.pdf").write_bytes(make())
    (folder / "plan.pdf").write_bytes(mini_plan_pdf(1))
    summary = run_batch([folder], tmp_path / "out", progress=False)
    by_name = {Path(f.path).stem: f for f in summary.files}
    assert by_name["plan"].status == "ok"
    for name, (missing, found) in EXPECTED.items():
        f = by_name[name]
        assert (f.status, f.code) == ("failed", "E200"), f.message
        assert f.message.startswith(f"{f.path}: [E200] not an LDN work plan")
        said_missing, _, said_found = f.message.partition("; found ")
        for what in missing:
            assert what in said_missing, (name, what, f.message)
        for what in found:
            assert what in said_found, (name, what, f.message)
        assert not (tmp_path / "out" / f"{name}.json").exists()


def _record(sections=0, entries=(), title=None, year=None) -> Record:
    return Record(document=Document(id="x", title=title, year=year),
                  sections=[Section(number=str(i + 1), title=f"Poglavje {i}", level=1, key=str(i + 1))
                            for i in range(sections)],
                  entries=list(entries))


@pytest.mark.parametrize("record, is_plan", [
    (_record(2, [Entry(title="Tabor", labels={"duration": "Trajanje"})], "Letni delovni načrt", 2031), True),
    (_record(0, [Entry(title="Tabor", labels={"activities": "Aktivnosti"})], None, 2031), True),
    (_record(0, [Entry(title="Tabor", labels={"partners": "Partnerji"})], "Program dela zavoda"), True),
    (_record(5, [], "Letni delovni načrt", 2031), False),  # no entries: never an ok plan
    (_record(1, [Entry(title="Ime", labels={"title": "Naslov"})], "Letni delovni načrt", 2031), False),
    (_record(1, [Entry(title="Tabor", labels={"duration": "Trajanje"})], "Poročilo o raziskavi"), True),  # headings
    (_record(0, [Entry(title="Tabor", labels={"duration": "Trajanje"})], "Poročilo o raziskavi"), False),
    (_record(0, [Entry(title="Tabor", labels={"duration": "Trajanje"})], "Seldnica"), False),  # "ldn" inside a word
])
def test_evidence_needs_labelled_entries_and_a_plan_term_year_or_headings(record, is_plan):
    assert record_to_evidence(record).is_plan is is_plan


def test_evidence_message_lists_found_and_missing():
    msg = evidence_to_message(Evidence(headings=3, entries=0, labelled_entries=0, plan_terms=(), year=2031), 2)
    missing, _, found = msg.partition("; found ")
    assert "labelled entries" in missing and "plan vocabulary" in missing and "section headings" not in missing
    assert "3 section heading(s)" in found and "a plan year (2031)" in found
