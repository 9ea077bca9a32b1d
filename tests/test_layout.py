"""Layout: words with their style, lines in reading order for one and two columns, running furniture
removed, margin labels flagged and put before their value, small capitals read in their case."""

from __future__ import annotations

import pytest

from pipeline.models.layout import Shape, Word
from pipeline.read.layout import find_furniture
from pipeline.read.words import discs_to_words, marker_of, row_to_segments, small_caps_to_case, words_to_rows

LEFT_COLUMN = ["Levi stolpec prva vrstica", "levi stolpec druga vrstica", "levi stolpec tretja vrstica",
               "levi stolpec četrta vrstica", "levi stolpec peta vrstica"]
RIGHT_COLUMN = ["Desni stolpec prva vrstica", "desni stolpec druga vrstica", "desni stolpec tretja vrstica",
                "desni stolpec četrta vrstica", "desni stolpec peta"]
BEFORE = "Uvodna vrstica čez celo širino strani, ki jo preberemo pred obema stolpcema."
AFTER = "Zaključna vrstica čez celo širino strani, prebrana za obema stolpcema besedila."


def _word(text: str, x0: float, baseline: float = 100.0, size: float = 10.0, page: int = 1, bold: bool = False) -> Word:
    width = 0.55 * size * len(text)
    return Word(text=text, page=page, x0=x0, top=baseline - 0.8 * size, x1=x0 + width, bottom=baseline + 0.2 * size,
                baseline=baseline, size=size, fontname="Sans-Bold" if bold else "Sans", bold=bold, italic=False)


def _texts(page) -> list[str]:
    return [ln.text for ln in page.lines]


def test_layout_one_column_lines_in_reading_order(make_pdf, layout_of):
    lines = ["Prva vrstica besedila na strani.", "Druga vrstica besedila na strani.", "Tretja vrstica, zadnja."]
    doc = layout_of(make_pdf("one-column", [("h1", "1. Program"), *[("text", t) for t in lines]]))
    page = doc.pages[0]
    assert _texts(page) == ["1. Program", *lines]
    assert {ln.column for ln in page.lines} == {0}
    assert all(ln.page == 1 and ln.x1 > ln.x0 and ln.bottom > ln.top for ln in page.lines)


def test_layout_words_keep_font_size_and_weight(make_pdf, layout_of):
    doc = layout_of(make_pdf("weights", [("h1", "1. Program"), ("label", "Trajanje: celo leto"),
                                         ("text", "Navadno besedilo vrstice.")]))
    words = {w.text: w for ln in doc.pages[0].lines for w in ln.words}
    assert words["Program"].bold and words["Program"].size == pytest.approx(15.0, abs=0.1)
    assert words["Trajanje:"].bold and not words["celo"].bold
    assert words["Navadno"].size == pytest.approx(10.0, abs=0.1)
    assert doc.body_size == 10.0 and doc.body_style[:3] == (10.0, False, False)


@pytest.mark.parametrize("gutter", [20.0, 24.0, 40.0])
def test_layout_two_columns_read_left_then_right(make_pdf, layout_of, gutter):
    spec = [("h1", "1. Program"), ("text", BEFORE), ("columns", LEFT_COLUMN, RIGHT_COLUMN), ("text", AFTER)]
    page = layout_of(make_pdf(f"two-columns-{gutter:g}", spec, gutter=gutter)).pages[0]
    assert _texts(page) == ["1. Program", BEFORE, *LEFT_COLUMN, *RIGHT_COLUMN, AFTER]
    assert [ln.column for ln in page.lines] == [0, 0] + [1] * 5 + [2] * 5 + [0]
    left_edge = max(ln.x1 for ln in page.lines if ln.column == 1)
    right_edge = min(ln.x0 for ln in page.lines if ln.column == 2)
    assert right_edge - left_edge == pytest.approx(gutter, abs=1.0)


def test_layout_justified_line_is_not_split_into_columns(make_pdf, layout_of):
    # wide word spaces in the middle of one line are not a gutter: a gutter is a strip free in several rows
    spec = [("h1", "1. Program"), ("text", "Kratka vrstica"), ("text", "Ena vrstica                     z vrzeljo"),
            ("text", "Še ena navadna vrstica besedila, ki teče čez sredino strani do desnega roba.")]
    page = layout_of(make_pdf("river", spec)).pages[0]
    assert {ln.column for ln in page.lines} == {0}


def test_layout_running_header_footer_and_page_numbers_removed(make_pdf, layout_of):
    header = "Zavod Primer · Letni delovni načrt 2031"
    spec = [("h1", "1. Program")]
    for n in range(4):
        spec += [("text", f"Besedilo strani številka {n + 1} z nekaj besedami."), ("page",)]
    spec.append(("text", "Zadnja stran."))
    doc = layout_of(make_pdf("furniture", spec, header=header, page_numbers=True))
    assert len(doc.pages) == 5
    body = [ln.text for p in doc.pages for ln in p.lines]
    assert body == ["1. Program", *[f"Besedilo strani številka {n + 1} z nekaj besedami." for n in range(4)],
                    "Zadnja stran."]
    furniture = [ln.text for ln in doc.furniture]
    assert header in furniture
    assert {"2", "3", "4", "5"} <= set(furniture)


def test_layout_body_line_at_page_top_is_not_furniture(make_pdf, layout_of):
    # a line that appears once, below the header zone, is body even when it opens the page
    spec = [("text", "Prva stran."), ("page",), ("text", "Vrstica na vrhu druge strani."), ("page",), ("text", "Tretja.")]
    doc = layout_of(make_pdf("no-furniture", spec, header="Glava dokumenta"))
    assert [ln.text for p in doc.pages for ln in p.lines] == ["Prva stran.", "Vrstica na vrhu druge strani.", "Tretja."]


def test_layout_margin_label_flagged_and_read_before_its_value(make_pdf, layout_of):
    spec = [("h1", "1. Program"), ("entry", "Poletna šola sodelovanja"),
            ("margin", "Trajanje", "od marca do junija 2031"),
            ("margin", "Ključne aktivnosti", "1. priprava programa srečanj in izbor udeležencev"),
            ("text", "2. izvedba treh delavnic z lokalnimi društvi v treh krajih"),
            ("text", "Vrstica besedila v stolpcu, dovolj dolga, da je stolpec besedila jasno določen.")]
    page = layout_of(make_pdf("margin", spec)).pages[0]
    texts = _texts(page)
    i = texts.index("Trajanje")
    assert texts[i + 1] == "od marca do junija 2031"
    j = [t.casefold() for t in texts].index("ključne aktivnosti")
    assert texts[j + 1].startswith("1. priprava")
    margin = [ln for ln in page.lines if ln.margin]
    assert [ln.text.casefold() for ln in margin] == ["trajanje", "ključne aktivnosti"]
    value = page.lines[i + 1]
    assert abs(margin[0].baseline - value.baseline) < 1 and margin[0].x1 < value.x0


def test_layout_small_capitals_read_in_their_case(make_pdf, layout_of):
    spec = [("margin", "Trajanje", "od marca do junija 2031 in še nekaj besed v stolpcu"),
            ("text", "Druga vrstica besedila v stolpcu, ki določa levi rob stolpca.")]
    page = layout_of(make_pdf("small-caps", spec)).pages[0]
    word = page.lines[0].words[0]
    assert word.text == "Trajanje" and word.bold


def _chars(spec: list[tuple[str, float]]) -> list[dict]:
    return [{"text": t, "size": s} for t, s in spec]


@pytest.mark.parametrize("chars, text", [
    (_chars([("P", 11.5)] + [(c, 9.0) for c in "ROJEKTI"]), "Projekti"),
    (_chars([("K", 9.0)] + [(c, 7.0) for c in "LJUČNE"]), "Ključne"),
    (_chars([(c, 10.0) for c in "MAMA"]), "MAMA"),  # capitals in one size stay capitals
    (_chars([("E", 10.0), ("u", 8.0)]), "Eu"),  # not all capitals: printed as is
])
def test_layout_small_caps_to_case(chars, text):
    assert small_caps_to_case(chars) == text


def test_layout_words_to_rows_groups_by_baseline():
    words = [_word("b", 60, 100.8), _word("a", 10, 100.0), _word("c", 10, 113.0), _word("d", 50, 112.0)]
    rows = words_to_rows(words, tolerance=2.5)
    assert [[w.text for w in r] for r in rows] == [["a", "b"], ["c", "d"]]


def test_layout_row_to_segments_splits_at_wide_gaps():
    row = [_word("Levo", 10), _word("besedilo", 35), _word("Desno", 160), _word("x", 190)]
    assert [[w.text for w in s] for s in row_to_segments(row)] == [["Levo", "besedilo"], ["Desno", "x"]]


def test_layout_find_furniture_masks_digits_and_keeps_body():
    height = 800.0
    pages = []
    for n in range(1, 5):
        header = [_word("Poročilo", 100, 30, page=n), _word(str(2030 + n), 150, 30, page=n)]
        body = [_word("Vsebina", 100, 300, page=n)]
        number = [_word(str(n), 300, 780, page=n)]
        pages.append((height, [header, body, number]))
    marked, repeated = find_furniture(pages)
    assert "poročilo #" in repeated
    for _, rows in pages:
        header, body, number = rows
        assert all(id(w) in marked for w in header + number)
        assert not any(id(w) in marked for w in body)


@pytest.mark.parametrize("text, key", [
    ("Stran 5 od 30", "stran # od #"),
    ("— 12 —", "— # —"),
    ("5 / 29", "# / #"),
    ("1. Mednarodni programi", "1. mednarodni programi"),  # a section number is kept: headings differ
    ("2.1 NACIONALNO", "2.1 nacionalno"),
])
def test_layout_furniture_key_masks_page_numbers_not_section_numbers(text, key):
    from pipeline.read.layout import _furniture_key
    assert _furniture_key(text) == key



def test_layout_discs_before_a_line_are_bullets():
    """Browsers draw list bullets as small filled discs with no text: each becomes a bullet word."""
    words = [_word("izvedeno", 90.0, 100.0), _word("usposabljanje", 140.0, 100.0), _word("besedilo", 72.0, 114.0),
             _word("vrstica", 90.0, 128.0), _word("dalje", 130.0, 128.0)]
    disc = Shape(page=1, x0=78.0, top=94.0, x1=81.5, bottom=97.5)
    mid_line = Shape(page=1, x0=115.0, top=122.0, x1=118.5, bottom=125.5)  # text before it: not a bullet
    big = Shape(page=1, x0=70.0, top=120.0, x1=84.0, bottom=134.0)  # an icon, not a bullet
    [bullet] = discs_to_words(words, [disc, mid_line, big])
    assert marker_of(bullet.text) == ("bullet", "\u2022")
    assert words_to_rows(words + [bullet], 2.0)[0][0] is bullet


@pytest.mark.parametrize("text", ["\uf0b7", "\uf0a7", "\uf0d8", "•", "–"])
def test_layout_producer_bullets_are_markers(text):
    """Word and LibreOffice write automatic bullets as Symbol/Wingdings private-use code points."""
    assert marker_of(text)[0] == "bullet"


def test_layout_reads_by_geometry_not_content_stream_order(tmp_path, layout_of):
    """Producers write content streams in their own order (footers first, a page bottom-up): lines are
    read top to bottom whatever order the page drew them in."""
    from fpdf import FPDF

    lines = ["Prva vrstica na vrhu strani.", "Druga vrstica pod njo.", "Tretja vrstica spodaj."]
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for k in reversed(range(len(lines))):
        words = lines[k].split()
        for w, wx in reversed(list(zip(words, _word_xs(pdf, words)))):  # each line's words right to left too
            pdf.text(wx, 100.0 + 16.0 * k, w)
    path = tmp_path / "stream-order.pdf"
    pdf.output(str(path))
    assert _texts(layout_of(path).pages[0]) == lines


def _word_xs(pdf, words: list[str], x: float = 72.0) -> list[float]:
    out = []
    for w in words:
        out.append(x)
        x += pdf.get_string_width(w + " ")
    return out


def _line(words: list[Word], **kw):
    from pipeline.models.layout import Line

    return Line(words=words, page=words[0].page, **kw)


def test_layout_small_caps_label_wrapped_onto_its_own_line_reads_at_full_size():
    # "ČAS" / "IZVAJANJA" in small caps, wrapped in a narrow table cell: the second line has no decoded
    # word beside it, but it is set at exactly the size of the decoded word's small capitals, in its font
    from pipeline.models.layout import PageLayout
    from pipeline.read.layout import small_caps_words

    first = _word("Čas", 50.0, baseline=100.0, bold=True)
    first.caps_size = 8.0
    wrapped = _word("IZVAJANJA", 50.0, baseline=115.0, size=8.0, bold=True)
    acronym = _word("NPK", 200.0, baseline=130.0, size=9.0, bold=True)  # another size: real capitals
    page = PageLayout(number=1, width=595.0, height=842.0,
                      lines=[_line([first]), _line([wrapped]), _line([acronym])])
    small_caps_words([page])
    assert (wrapped.text, wrapped.size) == ("izvajanja", 10.0)
    assert (acronym.text, acronym.size) == ("NPK", 9.0)


def test_layout_small_caps_size_recorded_by_the_source(make_pdf, layout_of):
    spec = [("margin", "Trajanje", "od marca do junija 2031 in še nekaj besed v stolpcu"),
            ("text", "Druga vrstica besedila v stolpcu, ki določa levi rob stolpca.")]
    word = layout_of(make_pdf("small-caps-size", spec)).pages[0].lines[0].words[0]
    assert word.text == "Trajanje" and 0 < word.caps_size < word.size


def test_layout_side_note_in_smaller_type_is_its_own_segment():
    # a programme name in small type in the page margin, a few points left of a label in a larger size
    side, label = _word("2027", 20.0, size=6.5, bold=True), _word("REZULTATI", 54.3 - 20.0 + 20.0, size=8.0, bold=True)
    side.x1 = label.x0 - 8.0
    assert [[w.text for w in s] for s in row_to_segments([side, label])] == [["2027"], ["REZULTATI"]]


def test_layout_label_column_beside_indented_values_is_not_a_text_column():
    # small bold labels left, a list's hanging-indented lines right: a free strip, but not two columns
    from pipeline.read.columns import page_to_lines

    rows = []
    for k, label in enumerate(["KLJUČNE AKTIVNOSTI NA", "RAVNI PROJEKTA IN VLOGA", "MREŽE MAMA", "ZADNJA"]):
        base = 100.0 + 18.0 * k
        value = [_word("koordinaciji Mreže MaMa (Škofja Loka, Zagorje ob Savi)", 208.5, baseline=base, size=12.0)]
        rows.append([_word(label, 87.8, baseline=base, size=7.0, bold=True)] + value)
    lines = page_to_lines(rows, 612.0)
    assert {ln.column for ln in lines} == {0}
    # two real columns in the same geometry still split
    rows = [[_word("levi stolpec vrstica", 87.8, baseline=100.0 + 14 * k, size=10.0),
             _word("desni stolpec vrstica", 330.0, baseline=100.0 + 14 * k, size=10.0)] for k in range(5)]
    assert {ln.column for ln in page_to_lines(rows, 612.0)} == {1, 2}


def test_layout_margin_label_wrapped_across_a_page_break_stays_a_margin_line():
    from pipeline.models.layout import PageLayout
    from pipeline.read.layout import mark_margins

    def page(number, rows):
        return PageLayout(number=number, width=595.0, height=842.0, lines=[_line(r) for r in rows])

    p1 = page(1, [[_word("Besedilo vrstice, ki določa levi rob stolpca.", 139.0, baseline=600.0 + 16 * k, page=1)]
                  for k in range(3)]
              + [[_word("Čas", 54.3, baseline=700.0, page=1, bold=True)],
                 [_word("3. in 9. april 2027", 139.0, baseline=700.0, page=1)]])
    p2 = page(2, [[_word("izvajanja", 54.3, baseline=64.0, page=2, bold=True)],
                  [_word("Opis", 54.3, baseline=85.0, page=2, bold=True)],
                  [_word("V okviru dejavnosti povezujemo mlade.", 139.0, baseline=85.0, page=2)],
                  [_word("Heading across the text column", 50.0, baseline=120.0, page=2, bold=True)]])
    mark_margins([p1, p2])
    flags = {ln.text: ln.margin for p in (p1, p2) for ln in p.lines}
    assert flags["Čas"] and flags["izvajanja"] and flags["Opis"]
    assert not flags["Heading across the text column"]


def test_layout_shaded_label_cells_do_not_make_a_page_a_diagram():
    # a table whose label cells are shaded: many short boxed lines, most of the page's text outside boxes
    from pipeline.models.layout import PageLayout
    from pipeline.read.layout import diagram_shapes

    lines, shapes = [], []
    for k in range(8):
        top = 60.0 + 40 * k
        lines.append(_line([_word("Partnerji", 54.0, baseline=top + 10, bold=True)]))
        lines.append(_line([_word("Zavod Nefiks, Mladi Zmaji, Zavod Bob, Društvo CPM, Zavod Ypsilon, Socialna Akademija",
                                  139.0, baseline=top + 10)]))
        shapes.append(Shape(page=1, x0=50.0, top=top, x1=135.0, bottom=top + 36, color=(0.9,)))
    page = PageLayout(number=1, width=595.0, height=842.0, lines=lines, shapes=shapes)
    assert diagram_shapes(page) == []


def test_layout_justified_small_caps_label_stays_one_segment():
    # "KLJUČNE AKTIVNOSTI ... MREŽE" in small caps, justified: capitals 11 pt, small capitals 8.8 pt, gaps of 7 pt
    first = _word("Ključne", 50.0, size=11.0)
    first.caps_size = 8.8
    middle = _word("AKTIVNOSTI", first.x1 + 7.0, size=8.8)
    last = _word("Mreže", middle.x1 + 7.0, size=11.0)
    last.caps_size = 8.8
    assert [[w.text for w in s] for s in row_to_segments([first, middle, last])] == [["Ključne", "AKTIVNOSTI", "Mreže"]]
    # the same sizes in another font are two texts (a side note beside a label)
    other = _word("OPOMBA", first.x1 + 7.0, size=8.8)
    other.fontname = "Serif"
    assert len(row_to_segments([first, other])) == 2


def test_layout_words_read_without_colour_take_the_text_pages_ink():
    """A plan with some scanned pages: OCR words have no colour; beside text pages they take the body's, so
    their body lines are not set apart as titles by a colour they cannot show."""
    from pipeline.models.layout import Line
    from pipeline.read.layout import colour_unknown_ink
    from pipeline.structure.labels import is_emph_line

    ink = (0.12, 0.12, 0.12)
    text_page = [_word(t, 70 + 40 * i) for i, t in enumerate("besedilo na strani z besedilom".split())]
    for w in text_page:
        w.color = ink
    text_page[0].color = (0.0, 0.3, 0.8)  # one link-blue word: the body is what most text has
    scanned = [_word(t, 70 + 40 * i, page=2) for i, t in enumerate("vrstica prebrana z optičnim branjem".split())]
    body = (10.0, False, False, ink)
    assert is_emph_line(Line(words=scanned, page=2), body)  # unknown colour differs from the body's
    colour_unknown_ink([text_page, scanned])
    assert {w.color for w in scanned} == {ink}
    assert not is_emph_line(Line(words=scanned, page=2), body)
    all_scanned = [_word("samo", 70), _word("sken", 120)]
    colour_unknown_ink([all_scanned])
    assert {w.color for w in all_scanned} == {()}
