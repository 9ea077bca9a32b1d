"""Reading geometry on hand-made words: where a body-style title starts, which repeated rows are furniture,
where a row splits, and which strip of a page is its column gutter."""

from __future__ import annotations

from pipeline.models.layout import Word
from pipeline.read.columns import rows_to_blocks
from pipeline.read.layout import fixed_furniture
from pipeline.read.words import row_to_segments, words_to_rows
from pipeline.structure.labels import match_label
from pipeline.structure.tokens import trailing_paragraph
from tests.words import word_line

PITCH = 12.0  # a line pitch with no paragraph gap (10 pt type)


def _texts(lines: list[list[Word]]) -> list[str]:
    return [" ".join(w.text for w in ln) for ln in lines]


def test_title_outdented_to_its_label_after_indented_values():
    # own-line labels at x=100, values indented to x=112, the next entry's two-line title back at x=100
    value_label = word_line("Partnerji:", 100)
    values = [word_line("Zavod Primer, Društvo Zgled", 112), word_line("Zavod Vzorec", 124, x0=112)]
    title = [word_line("Poletna šola", 136), word_line("sodelovanja mladih", 148)]
    label = word_line("Trajanje:", 160)
    got = trailing_paragraph(values + title, label, value_label=value_label)
    assert _texts(got) == ["Poletna šola", "sodelovanja mladih"]


def test_no_title_without_evidence_of_its_start():
    # the same lines with the values not indented: nothing tells the title from the value
    values = [word_line("Zavod Primer, Društvo Zgled", 112), word_line("Zavod Vzorec", 124)]
    title = [word_line("Poletna šola", 136)]
    label = word_line("Trajanje:", 148)
    assert trailing_paragraph(values + title, label, value_label=word_line("Partnerji:", 100)) == []


def test_title_after_a_heading_may_fill_the_lines_since_it_and_is_a_copy():
    loose = [word_line("Okrepitev vodij za podporo", 100), word_line("mladinskemu delu", 112)]
    label = word_line("Trajanje:", 124)
    got = trailing_paragraph(loose, label, whole=True)
    assert _texts(got) == ["Okrepitev vodij za podporo", "mladinskemu delu"]
    assert got is not loose  # the caller goes on filling its list of loose lines
    assert trailing_paragraph(loose, label) == []  # without the heading's evidence, no start is known


def test_title_at_the_top_of_the_next_column():
    # the previous value ends at the foot of the left column; the title opens the right one
    values = [word_line("mladinski centri - članice", 700 + PITCH * i) for i in range(2)]
    title = [word_line("Zagovorništvo mladinskega dela", 100, x0=320), word_line("in zastopanje interesov", 112, x0=320)]
    label = word_line("Opis:", 124, x0=320)
    assert _texts(trailing_paragraph(values + title, label, value_label=word_line("Partnerji:", 688))) == [
        "Zagovorništvo mladinskega dela", "in zastopanje interesov"]


def test_a_tail_ending_in_punctuation_is_no_title():
    loose = [word_line("Uvodno besedilo poglavja.", 100)]
    assert trailing_paragraph(loose, word_line("Trajanje:", 112), whole=True) == []


def test_hyphenated_wrapped_label_matches():
    assert match_label("VIRI FINANCIRA- NJA") == "funding"
    assert match_label("Pričako- vani rezultati") == "results"


def _bullet_row() -> list[Word]:
    label = word_line("vloga Mreže", 100, bold=True)
    bullet = word_line("▪ druge aktivnosti", 100, x0=label[-1].x1 + 11.0)  # a little over one em apart
    return label + bullet


def test_bullet_beside_a_label_cell_starts_a_new_segment():
    assert [[w.text for w in s] for s in row_to_segments(_bullet_row())] == [["vloga", "Mreže"], ["▪", "druge", "aktivnosti"]]


def _lines_at(page: int, texts: list[tuple[str, float, float]]) -> list[list[Word]]:
    return [word_line(t, y, page=page, x0=x) for t, x, y in texts]


def test_repeated_side_text_is_furniture_but_a_repeated_entry_block_is_not():
    pages = []
    for p in range(1, 11):
        rows = _lines_at(p, [("Program MaMa", 20, 400)])  # a side text on every page
        rows += _lines_at(p, [(f"besedilo strani {p} vrstica {i}", 100, 100 + PITCH * i) for i in range(20)])
        if p <= 4:  # the same labelled block at the same place on four pages: a regular layout, not furniture
            rows += _lines_at(p, [("TRAJANJE", 30, 500), ("OPIS", 30, 512), ("KLJUČNE", 30, 524), ("AKTIVNOSTI", 30, 536)])
        pages.append((842.0, words_to_rows([w for r in rows for w in r], 2.0)))
    marked = fixed_furniture(pages)
    texts = {w.text for _, rows in pages for r in rows for w in r if id(w) in marked}
    assert texts == {"Program", "MaMa"}


def _two_columns(top: float, n: int, left_x: float = 72.0, right_x: float = 320.0) -> list[list[Word]]:
    rows = []
    for i in range(n):
        y = top + PITCH * i
        rows.append(word_line(f"levi stolpec vrstica {i} besedila", y, x0=left_x)
                    + word_line(f"desni stolpec vrstica {i} besedila", y, x0=right_x))
    return rows


def test_columns_below_short_full_width_lines_keep_their_centred_gutter():
    # full-width lines that end short of the right edge leave a strip free at the right (a label/value gap
    # of the right column): read with the columns below, that strip would be taken for the gutter
    full = [word_line("uvodno besedilo čez celo širino strani ki sega čez sredino", 100 + PITCH * i) for i in range(4)]
    rows = full + [word_line("Predvideni", 160 + PITCH * i, x0=320) + word_line("rezultat besedila", 160 + PITCH * i, x0=430)
                   + word_line("levi stolpec besedila", 160 + PITCH * i, x0=72) for i in range(8)]
    rows = [sorted(r, key=lambda w: w.x0) for r in rows]
    blocks = rows_to_blocks([row_to_segments(r) for r in rows], 595.0)
    gutters = [g for g, _ in blocks if g]
    assert gutters and all(175 < g[0] < 320 for g in gutters), blocks


def test_short_block_under_a_heading_takes_the_page_gutter():
    # two columns, a heading across the page, then a title at the left column's foot beside the first
    # fields of the next entry at the top of the right column: three rows, too few to prove columns
    rows = _two_columns(100, 8)
    rows.append(word_line("2.1.2. PROJEKTI " + "ČEZ CELO ŠIRINO STRANI " * 4, 220, x0=72, bold=True))
    rows.append(word_line("Čas", 240, x0=320) + word_line("1. 1. 2026", 240, x0=400))
    rows.append(word_line("Dostojno delo", 246, x0=72))
    rows.append(word_line("izvajanja:", 252, x0=320) + word_line("trajanje projekta", 252, x0=400))
    rows = [sorted(r, key=lambda w: w.x0) for r in rows]
    blocks = rows_to_blocks([row_to_segments(r) for r in rows], 595.0)
    last_gutters, last_rows = blocks[-1]
    assert last_gutters is not None and any("Dostojno" in [w.text for s in r for w in s] for r in last_rows), blocks


def _three_columns(top: float, n: int, xs=(72.0, 300.0, 528.0)) -> list[list[Word]]:
    return [[w for x in xs for w in word_line(f"stolpec {int(x)} vrstica {i}", top + PITCH * i, x0=x)] for i in range(n)]


def _big(words: list[Word], size: float) -> list[Word]:
    for w in words:
        w.size, w.bold = size, True
    return words


def test_chapter_title_over_the_first_columns_does_not_hide_their_gutter():
    # a two-row chapter title (number, then a title wider than one column) above three columns
    rows = [_big(word_line("3.", 100, x0=72), 20.0),
            _big(word_line("ZAGOVORNIŠTVO MLADINSKEGA DELA IN ZASTOPANJE INTERESOV", 124, x0=72), 16.0)] + _three_columns(150, 10)
    blocks = rows_to_blocks([row_to_segments(r) for r in rows], 842.0)
    assert any(g and len(g) == 2 for g, _ in blocks), blocks


def test_heading_across_columns_whose_box_reaches_the_next_line_still_splits_them():
    # section 1 in two columns, a large heading in the left half only, section 2 in two columns that begin
    # a little above the heading's box bottom: read section 1 (left, right), the heading, then section 2
    rows = _two_columns(100, 6)
    heading = _big(word_line("2.1.2. PROJEKTI", 190, x0=72), 19.0)
    for w in heading:
        w.top, w.bottom = 190 - 15, 190 + 4  # baseline 190, the box down to 194
    rows.append(heading)
    below = _two_columns(200, 6)
    for w in below[0]:
        if w.x0 >= 320:
            w.top = 192.0  # the right column's first line starts inside the heading's box, below its baseline
    rows += below
    blocks = rows_to_blocks([row_to_segments(r) for r in rows], 595.0)
    texts = [[" ".join(w.text for s in r for w in s) for r in b] for _, b in blocks]
    assert any(t == ["2.1.2. PROJEKTI"] for t in texts), texts


def test_italic_label_cells_beside_their_values_are_not_a_text_column():
    rows = []
    for i in range(8):
        label = word_line("Predvideni", 100 + PITCH * i, x0=72)
        for w in label:
            w.italic = True
        rows.append(label + word_line("rezultat in besedilo vrednosti ki je dolgo dolgo", 100 + PITCH * i, x0=200))
    blocks = rows_to_blocks([row_to_segments(r) for r in rows], 595.0)
    assert all(g is None for g, _ in blocks), blocks
