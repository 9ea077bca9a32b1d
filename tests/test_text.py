"""Text joining: line-end dehyphenation by the FORMAT.md rule (a doubled hyphen is a real hyphen),
one space between words, and every character span mapping back to its words (provenance)."""

from __future__ import annotations

import pytest

from pipeline.models.layout import Line, Word
from pipeline.read.text import lines_to_run, words_to_fragment
from tests.words import word_line


def _line(text: str, baseline: float, page: int = 1, x0: float = 100.0) -> list[Word]:
    return word_line(text, baseline, page=page, x0=x0)


def _lines(*texts: str) -> list[list[Word]]:
    return [_line(t, 100.0 + 13 * i) for i, t in enumerate(texts)]


@pytest.mark.parametrize("lines, text", [
    (["za nadalje-", "vanje dela"], "za nadaljevanje dela"),  # a break hyphen is dropped, the halves joined
    (["delavnic v so-", "-avtorstvu z društvi"], "delavnic v so-avtorstvu z društvi"),  # doubled hyphen: one kept
    (["mladin\u00ad", "ski centri"], "mladinski centri"),  # soft hyphen
    (["e-pošta in", "spletna stran"], "e-pošta in spletna stran"),  # a hyphen inside a word stays
    (["Mladina –", "Evropa"], "Mladina – Evropa"),  # a dash standing alone is punctuation
    (["prva vrstica", "druga vrstica"], "prva vrstica druga vrstica"),
    (["konec-"], "konec-"),  # a hyphen at the end of the text has nothing to join
])
def test_text_lines_to_run_joins_lines(lines, text):
    assert lines_to_run(_lines(*lines)).text == text


def test_text_lines_to_run_accepts_line_objects():
    lines = [Line(words=ws, page=1) for ws in _lines("za nadalje-", "vanje dela")]
    assert lines_to_run(lines).text == "za nadaljevanje dela"


def test_text_spans_map_characters_to_words():
    run = lines_to_run(_lines("za nadalje-", "vanje dela"))
    for start, end, word, _ in run.spans:
        assert run.text[start:end] == word.text.rstrip("-")


def test_text_fragments_one_per_printed_line():
    lines = _lines("za nadalje-", "vanje dela")
    run = lines_to_run(lines)
    frags = run.fragments()
    assert [f.text for f in frags] == ["za nadalje-", "vanje dela"]
    assert frags[0].bbox == (lines[0][0].x0, lines[0][0].top, lines[0][-1].x1, lines[0][-1].bottom)
    start = run.text.index("dela")
    assert [f.text for f in run.fragments(start, start + 4)] == ["dela"]
    start = run.text.index("nadaljevanje")
    assert [f.text for f in run.fragments(start, start + len("nadaljevanje"))] == ["nadalje-", "vanje"]


def test_text_fragments_keep_pages_across_a_page_break():
    lines = [_line("priprava gradiv za", 700.0, page=2), _line("lokalna okolja", 100.0, page=3)]
    assert [f.page for f in lines_to_run(lines).fragments()] == [2, 3]


def test_text_slice_strips_and_shifts_spans():
    run = lines_to_run(_lines("Društvo Primer (Slovenija),", "Verein Beispiel"))
    start = run.text.index("Verein")
    sub = run.slice(start - 1, len(run.text))
    assert sub.text == "Verein Beispiel"
    assert [sub.text[s:e] for s, e, _, _ in sub.spans] == ["Verein", "Beispiel"]
    assert [f.text for f in sub.fragments()] == ["Verein Beispiel"]


def test_text_words_to_fragment_box_is_tight():
    words = _line("dve besedi", 200.0, page=4)
    frag = words_to_fragment(words)
    assert frag.page == 4 and frag.text == "dve besedi"
    assert frag.bbox == (words[0].x0, words[0].top, words[1].x1, words[1].bottom)


def test_text_dehyphenation_on_a_drawn_page(make_pdf, layout_of):
    spec = [("text", "Projekt povezuje mlade, ki pripravijo program za nadalje-"),
            ("text", "vanje dela in delavnice v so-"),
            ("text", "-avtorstvu z lokalnimi društvi.")]
    page = layout_of(make_pdf("hyphens", spec)).pages[0]
    run = lines_to_run(page.lines)
    assert run.text == ("Projekt povezuje mlade, ki pripravijo program za nadaljevanje dela in delavnice "
                        "v so-avtorstvu z lokalnimi društvi.")
    # pdfplumber keeps the printed hyphens; provenance shows the lines as printed
    assert [f.text for f in run.fragments()][1:] == ["vanje dela in delavnice v so-", "-avtorstvu z lokalnimi društvi."]


def test_text_fragments_cut_a_glued_word_to_the_span():
    run = lines_to_run(_lines("(vključenih16 udeležencev)"))
    start = run.text.index("16")
    [frag] = run.fragments(start, start + len("16 udeležencev"))
    glued = run.spans[0][2]
    last = run.spans[1][2]
    assert frag.text == "16 udeležencev"
    assert frag.bbox[0] > glued.x0 + 0.8 * (glued.x1 - glued.x0)  # the box starts at "16", not at "("
    assert frag.bbox[2] < last.x1  # and ends before the closing parenthesis
