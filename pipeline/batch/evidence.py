"""Plans told from other documents by general evidence, not by any list of documents.

A work plan has labelled entries (a project with "Trajanje:", "Aktivnosti:", "Partnerji:" ...) and
at least one more sign: a plan term in its title or headings, a plan year, or a section tree (a plan
whose title page is lost is still a plan). A form, minutes, a report or a table may have headings
or bold labels, but not labelled entries with one of those. A file refused here fails with
E200 saying what was found and what was missing; a record with no entries is never written as ok.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pipeline import vocab
from pipeline.errors import CorruptPdfError, NotLdnError
from pipeline.models import Record

GAP_CODES = frozenset({"page_failed", "page_no_text"})
MIN_READABLE = 0.9  # below this share of readable characters the text layer is garbage, not another document


@dataclass(frozen=True)
class Evidence:
    headings: int
    entries: int
    labelled_entries: int
    plan_terms: tuple[str, ...]
    year: Optional[int]

    @property
    def is_plan(self) -> bool:
        return self.labelled_entries > 0 and bool(self.plan_terms or self.year or self.headings)


def record_to_evidence(record: Record) -> Evidence:
    """Given a record, return what in it speaks for a work plan."""
    spec = vocab.load("plan")
    fields = set(spec["entry_fields"])
    labelled = sum(1 for e in record.entries
                   if fields & set(e.labels) or e.duration or e.activities or e.results or e.funding or e.partners)
    text = " ".join([record.document.title or ""] + [s.title for s in record.sections]).casefold()
    terms = tuple(t for t in spec["terms"] if _has_term(text, t.casefold()))
    return Evidence(len(record.sections), len(record.entries), labelled, terms, record.document.year)


def _has_term(text: str, term: str) -> bool:
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(term, start + 1)
    return False


def evidence_to_message(ev: Evidence, n_pages: int) -> str:
    """Given the evidence of a refused document, return the E200 message: what was found and what was missing."""
    found, missing = [], []
    (found if ev.headings else missing).append(f"{ev.headings} section heading(s)" if ev.headings else "section headings")
    if ev.labelled_entries:
        found.append(f"{ev.labelled_entries} labelled entr{'y' if ev.labelled_entries == 1 else 'ies'}")
    else:
        titles = f"{ev.entries} entry title(s), none" if ev.entries else "no entry title"
        missing.append(f"labelled entries ({titles} with fields such as Trajanje:, Aktivnosti:, Partnerji:)")
    if ev.plan_terms:
        found.append(f"plan vocabulary ({', '.join(ev.plan_terms)})")
    else:
        missing.append("plan vocabulary in the title or headings (such as 'letni delovni načrt', 'program dela')")
    (found if ev.year else missing).append(f"a plan year ({ev.year})" if ev.year else "a plan year")
    return (f"not an LDN work plan ({n_pages} page(s) of text): missing {'; '.join(missing)}"
            + (f"; found {', '.join(found)}" if found else "; found none of these"))


def check_is_ldn(record: Record, path: Path, n_pages: int, password: Optional[str] = None) -> None:
    """Given a record, raise an error saying what is missing when it lacks the evidence of a work plan.

    When pages were lost the cause is the damage, not the content: that is a corrupt file (E102);
    so is a text layer that does not decode.
    """
    ev = record_to_evidence(record)
    if ev.is_plan:
        return
    gaps = [i for i in record.issues if i.code in GAP_CODES and i.page is not None]
    if gaps:
        pages = sorted({i.page for i in gaps})
        raise CorruptPdfError(
            f"corrupt: {len(pages)} of {n_pages} page(s) cannot be read (page {gaps[0].page}: "
            f"{gaps[0].message[:160]}), and the rest has no work-plan structure", file=path)
    from pipeline.read.ingest import text_readability

    readable = 1.0 if record.ocr is not None else text_readability(path, password)  # OCR text has no fonts to damage
    if readable < MIN_READABLE:
        raise CorruptPdfError(
            f"corrupt: the text layer is unreadable (only {readable:.0%} of its characters decode to text; "
            "damaged fonts or fonts without a Unicode map)", file=path)
    raise NotLdnError(evidence_to_message(ev, n_pages), file=path)
