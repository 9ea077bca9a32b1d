"""Structure: numbered and unnumbered headings with level, parent and key; entry titles followed by
labelled fields (with or without colon, in the text or in the margin); ``Naslov:`` sub-entries."""

from __future__ import annotations

import pytest

from pipeline.models.layout import Line, Word
from pipeline.read.text import lines_to_run
from pipeline.structure.document import structure
from pipeline.structure.labels import join_margin_labels, join_wrapped_labels, match_label
from pipeline.structure.tokens import lines_to_tokens


@pytest.fixture(scope="module")
def plan_structure(plan_layout):
    return structure(plan_layout)


def _fields(entry) -> dict[str, str]:
    return {f.field: lines_to_run(f.value_lines).text for f in entry.fields}


def _entry(st, title: str):
    return next(e for e in st.entries if lines_to_run(e.title_lines).text == title)


def test_structure_title_page_is_not_body(plan_structure):
    assert [ln.text for ln in plan_structure.title_page][:2] == ["Letni delovni načrt", "Zavoda Primer 2031"]
    assert all(ln.page > 1 for ln in plan_structure.body)


def test_structure_numbered_headings_levels_and_parents(plan_structure):
    got = [(h.key, h.number, h.level, h.parent, h.title) for h in plan_structure.headings]
    assert got == [
        ("1", "1", 1, None, "Razvoj mladinskega dela"),
        ("1.1", "1.1", 2, "1", "Nacionalno"),
        ("1.1.1", "1.1.1", 3, "1.1", "Redne aktivnosti"),
        ("1.1/Projekti", None, 3, "1.1", "Projekti"),
        ("1.2", "1.2", 2, "1", "Mednarodno"),
        ("1.2.1", "1.2.1", 3, "1.2", "Projekti"),
        ("2", "2", 1, None, "Zagovorništvo"),
    ]


def test_structure_heading_without_number_groups_the_entries_after_it(plan_structure):
    entry = _entry(plan_structure, "Mreža svetovalcev za mlade")
    assert entry.section == "1.1/Projekti"
    assert _entry(plan_structure, "Poletna šola sodelovanja").section == "1.1.1"


def test_structure_entry_fields_with_colon(plan_structure):
    fields = _fields(_entry(plan_structure, "Poletna šola sodelovanja"))
    assert fields["duration"] == "od marca do junija 2031"
    assert fields["funding"] == "Erasmus+"
    assert fields["partners"] == "Društvo Primer (Slovenija), Verein Beispiel (Avstrija)"
    assert fields["description"].startswith("Mladi iz dveh krajev")
    assert fields["results"] == "1. 20 usposobljenih mladih voditeljev 2. zbornik dobrih praks"


def test_structure_label_without_colon_on_its_own_line(plan_structure):
    # bold "Ključne aktivnosti" alone on its line, in the style of the document's colon labels
    entry = _entry(plan_structure, "Mreža svetovalcev za mlade")
    labels = {f.field: f.label for f in entry.fields}
    assert labels["activities"] == "Ključne aktivnosti"
    assert _fields(entry)["activities"].startswith("a) mesečna srečanja svetovalcev b) priprava gradiv")


@pytest.mark.parametrize("shared", [[], [("label", "Vir financiranja: Erasmus+")]], ids=["bare", "shared-field"])
def test_structure_naslov_sub_entries_under_their_container(make_pdf, structure_of, shared):
    # the container may carry a field of its own before its Naslov blocks; each block is still its child
    spec = [("h1", "1. Program"), ("h2", "1.1. Mednarodno"),
            ("entry", "Diseminacijski dogodki"), *shared,
            ("label", "Naslov: Mobilnost za mlade delavce"),
            ("label", "Trajanje: marec 2031"),
            ("label", "Ključne aktivnosti:"), ("text", "1. dve mobilnosti po osem udeležencev"),
            ("label", "Naslov: Seminar o vključevanju"),
            ("label", "Trajanje: maj 2031"),
            ("label", "Ključne aktivnosti:"), ("text", "1. petdnevni seminar za 25 udeležencev"),
            ("entry", "Samostojni projekt"),
            ("label", "Trajanje: celo leto 2031")]
    st = structure_of(make_pdf(f"naslov-{len(shared)}", spec))
    got = [(lines_to_run(e.title_lines).text, e.parent_title_lines and lines_to_run(e.parent_title_lines).text)
           for e in st.entries]
    assert got == [("Diseminacijski dogodki", None),
                   ("Mobilnost za mlade delavce", "Diseminacijski dogodki"),
                   ("Seminar o vključevanju", "Diseminacijski dogodki"),
                   ("Samostojni projekt", None)]
    assert _fields(st.entries[2])["duration"] == "maj 2031"
    assert [e.section for e in st.entries] == ["1.1"] * 4


MARGIN_SPEC = [
    ("h1", "1. Program"), ("h2", "1.1. Nacionalno"),
    ("text", "Uvodno besedilo poglavja v stolpcu besedila, ki je dovolj dolgo za levi rob stolpca."),
    ("entry", "Poletna šola sodelovanja"),
    ("margin", "Trajanje", "od marca do junija 2031"),
    ("margin", "Ključne aktivnosti", "1. priprava programa srečanj"),
    ("text", "2. izvedba treh delavnic"),
    ("margin", "Pričakovani\nrezultati", "1. zbornik dobrih praks"),
    ("text", "2. spletna stran projekta"),
    ("margin", "Partnerji", "Društvo Primer (Slovenija)"),
    ("h2", "1.2. Mednarodno"),
]


def test_structure_label_in_the_margin(make_pdf, structure_of):
    st = structure_of(make_pdf("margin-labels", MARGIN_SPEC))
    [entry] = st.entries
    assert lines_to_run(entry.title_lines).text == "Poletna šola sodelovanja"
    assert [f.field for f in entry.fields] == ["duration", "activities", "results", "partners"]
    fields = _fields(entry)
    assert fields["duration"] == "od marca do junija 2031"
    assert fields["activities"] == "1. priprava programa srečanj 2. izvedba treh delavnic"
    assert fields["results"] == "1. zbornik dobrih praks 2. spletna stran projekta"
    assert fields["partners"] == "Društvo Primer (Slovenija)"
    # the label wrapped over two margin lines is one label
    assert [f.label.casefold() for f in entry.fields][2] == "pričakovani rezultati"


def test_structure_repeated_numbered_heading_is_not_a_new_section(make_pdf, structure_of):
    # a heading repeated at the top of the next page (a running chapter heading) is not a second section
    text = ("text", "Besedilo poglavja, ki je dovolj dolgo, da je navadna pisava besedila večinska.")
    spec = [("h1", "1. Program"), ("h2", "1.1. Nacionalno"), text, text,
            ("page",), ("h2", "1.1. Nacionalno"), text, text, ("h2", "1.2. Mednarodno"), text]
    st = structure_of(make_pdf("repeated-heading", spec))
    assert [h.key for h in st.headings] == ["1", "1.1", "1.2"]


@pytest.mark.parametrize("text, field", [
    ("Trajanje:", "duration"),
    ("TRAJANJE", "duration"),
    ("Ključne aktivnosti", "activities"),
    ("Ključne aktivnosti na ravni projekta in vloga Mreže MaMa:", "activities"),
    ("Ključne vsebine treninga:", "activities"),
    ("Predvideni rezultati in vloga Mreže MaMa:", "results"),
    ("Pričakovani  rezultati", "results"),
    ("Financiranje:", "funding"),
    ("Viri financiranja", "funding"),
    ("Partnerji:", "partners"),
    ("Naslov:", "title"),
    ("Opis:", "description"),
    ("Trajnost projekta", None),  # a head must end at a word boundary
    ("Poletna šola", None),
])
def test_structure_match_label(text, field):
    assert match_label(text) == field


def _margin_line(text: str, baseline: float) -> Line:
    words = [Word(text=t, page=1, x0=30 + 40 * i, top=baseline - 8, x1=65 + 40 * i, bottom=baseline + 2,
                  baseline=baseline, size=9.0, fontname="Sans-Bold", bold=True, italic=False)
             for i, t in enumerate(text.split())]
    return Line(words=words, page=1, margin=True)


def _body_line(text: str, baseline: float) -> Line:
    words = [Word(text=t, page=1, x0=150 + 40 * i, top=baseline - 8, x1=185 + 40 * i, bottom=baseline + 2,
                  baseline=baseline, size=10.0, fontname="Sans", bold=False, italic=False)
             for i, t in enumerate(text.split())]
    return Line(words=words, page=1)


def test_structure_join_margin_labels_folds_a_wrapped_label():
    lines = [_margin_line("PRIČAKOVANI", 100), _body_line("1. zbornik", 100),
             _margin_line("REZULTATI", 113), _body_line("2. spletna stran", 113)]
    out = join_margin_labels(lines)
    assert [ln.text for ln in out] == ["PRIČAKOVANI REZULTATI", "1. zbornik", "2. spletna stran"]
    assert out[0].margin


def test_structure_join_margin_labels_leaves_whole_labels_alone():
    lines = [_margin_line("TRAJANJE", 100), _body_line("marec 2031", 100),
             _margin_line("PARTNERJI", 113), _body_line("Društvo Primer", 113)]
    assert [ln.text for ln in join_margin_labels(lines)] == [ln.text for ln in lines]


def _plain_line(text: str, baseline: float, x0: float = 72.0) -> Line:
    """A body-style line (no bold, no italic), as OCR gives a label whose slant it could not read."""
    words = [Word(text=t, page=1, x0=x0 + 40 * i, top=baseline - 8, x1=x0 + 35 + 40 * i, bottom=baseline + 2,
                  baseline=baseline, size=10.0, fontname="OCR", bold=False, italic=False)
             for i, t in enumerate(text.split())]
    return Line(words=words, page=1)


def test_structure_join_wrapped_labels_joins_a_plain_label_wrapped_before_its_colon():
    lines = [_plain_line("Predvideni rezultati na ravni projekta in vloga", 100),
             _plain_line("Mreže MaMa: 1. zbornik", 112), _plain_line("2. spletna stran", 124)]
    out = join_wrapped_labels(lines)
    assert [ln.text for ln in out] == ["Predvideni rezultati na ravni projekta in vloga Mreže MaMa: 1. zbornik",
                                       "2. spletna stran"]
    assert match_label(out[0].text) == match_label("Predvideni rezultati:")


@pytest.mark.parametrize("first, second, joined", [
    ("Partnerske", "organizacije: Društvo Primer", "Partnerske organizacije: Društvo Primer"),  # wraps after its first word
    ("Vir financi-", "ranja: Občina Primer", "Vir financi- ranja: Občina Primer"),  # hyphenated inside a word
])
def test_structure_join_wrapped_labels_joins_a_label_wrapped_after_its_first_words(first, second, joined):
    out = join_wrapped_labels([_plain_line(first, 100), _plain_line(second, 112)])
    assert [ln.text for ln in out] == [joined]
    assert match_label(out[0].text) is not None


@pytest.mark.parametrize("first, second", [
    ("Partnerske", "Društvo Primer: dve delavnici"),  # what follows the colon is no label
    ("Sodelovanje", "organizacije: Društvo Primer"),  # no label starts with the first line
])
def test_structure_join_wrapped_labels_leaves_a_non_label_start_alone(first, second):
    lines = [_plain_line(first, 100), _plain_line(second, 112)]
    assert [ln.text for ln in join_wrapped_labels(lines)] == [first, second]


@pytest.mark.parametrize("second, baseline, x0", [
    ("Mreže MaMa: 1. zbornik", 140, 72.0),  # a paragraph gap below: not the same label
    ("Mreže MaMa: 1. zbornik", 112, 150.0),  # another x: not the label's wrapped line
    ("in še veliko drugih stvari, ki jih navajamo: zbornik", 112, 72.0),  # the colon comes too late
])
def test_structure_join_wrapped_labels_leaves_other_lines_alone(second, baseline, x0):
    lines = [_plain_line("Predvideni rezultati na ravni projekta in vloga", 100), _plain_line(second, baseline, x0)]
    assert [ln.text for ln in join_wrapped_labels(lines)] == [ln.text for ln in lines]


@pytest.mark.parametrize("texts, gaps, expected", [
    (["2.1.1.", "Redne", "aktivnosti", "........", "7"], None, True),  # dot leaders
    (["2.1.1.", "Redne", "aktivnosti", "7"], 80.0, True),  # a page number far to the right
    (["2.1.1.", "Redne", "aktivnosti"], None, False),
    (["3.", "Analiza", "mladinskih", "centrov", "2025"], None, False),  # a year in a title, set close
])
def test_structure_is_contents_line(texts, gaps, expected):
    from pipeline.models.layout import Line, Word
    from pipeline.structure.labels import is_contents_line
    words, x = [], 100.0
    for i, t in enumerate(texts):
        if gaps and i == len(texts) - 1:
            x += gaps
        words.append(Word(text=t, page=2, x0=x, top=100, x1=x + 6 * len(t), bottom=110, baseline=108, size=10,
                          fontname="Sans", bold=True, italic=False))
        x += 6 * len(t) + 3
    assert is_contents_line(Line(words=words, page=2)) is expected


def test_structure_entry_titles_set_like_body_text(make_pdf, structure_of):
    """Titles in the body font are found by position: a short unpunctuated paragraph right before the fields."""
    spec = [("h1", "1. Program"), ("h2", "1.1. Nacionalno"),
            ("text", "Uvodno besedilo poglavja, ki opisuje program."),
            ("space", 12), ("text", "Poletna šola sodelovanja"),
            ("label", "Trajanje: junij 2031"),
            ("label", "Ključne aktivnosti:"), ("text", "1. priprava programa srečanj"),
            ("label", "Vir financiranja: lastna sredstva"),
            ("space", 12), ("text", "Zimski tabor prostovoljcev"),
            ("label", "Trajanje: januar 2031"),
            ("label", "Vir financiranja: članarine")]
    st = structure_of(make_pdf("plain-titles", spec))
    assert [lines_to_run(e.title_lines).text for e in st.entries] == [
        "Poletna šola sodelovanja", "Zimski tabor prostovoljcev"]
    assert _fields(st.entries[0])["funding"] == "lastna sredstva"  # the next title is not part of the value
    assert _fields(st.entries[1])["duration"] == "januar 2031"


def test_structure_colon_in_a_wrapped_value_is_not_a_label_where_labels_are_set_apart(make_pdf, structure_of):
    """A value line starting "partnerji: ..." (the wrap of "Pridruženi partnerji:") is not a label when the
    plan's labels are set apart in bold; in a plan whose labels are set like the body it would be."""
    spec = [("h1", "1. Program"), ("entry", "Mednarodno partnerstvo"),
            ("label", "Trajanje: celo leto 2031"),
            ("label", "Opis: srečanja mladinskih delavcev iz petih držav"),
            ("label", "Vir financiranja: Evropska unija"),
            ("label", "Partnerji: Zavod Primer (Slovenija, vodilni partner), Društvo Zgled (Avstrija). Pridruženi"),
            ("text", "partnerji: Udruga Primjer (Hrvaška), Verein Beispiel (Nemčija)."),
            ("entry", "Naslednji projekt"), ("label", "Trajanje: junij 2031")]
    st = structure_of(make_pdf("colon-in-value", spec))
    assert [lines_to_run(e.title_lines).text for e in st.entries] == ["Mednarodno partnerstvo", "Naslednji projekt"]
    fields = _fields(st.entries[0])
    assert [f.field for f in st.entries[0].fields] == ["duration", "description", "funding", "partners"]
    assert fields["partners"].endswith("Pridruženi partnerji: Udruga Primjer (Hrvaška), Verein Beispiel (Nemčija).")


def test_structure_unnumbered_heading_over_a_title_set_like_body_text(make_pdf, structure_of):
    """A line set like the numbered level-3 headings, then a body-style title, then fields: the first is an
    unnumbered heading grouping the entry, the second the entry's title."""
    spec = [("h1", "1. Program"), ("h2", "1.1. Nacionalno"), ("h3", "1.1.1. Redne aktivnosti"),
            ("text", "Poletna šola sodelovanja"), ("label", "Trajanje: junij 2031"),
            ("label", "Vir financiranja: lastna sredstva"),
            ("h3", "Projekti"), ("space", 12), ("text", "Zimski tabor prostovoljcev"),
            ("label", "Trajanje: januar 2031"), ("label", "Vir financiranja: članarine")]
    st = structure_of(make_pdf("plain-title-under-unnumbered-heading", spec))
    assert [lines_to_run(e.title_lines).text for e in st.entries] == ["Poletna šola sodelovanja", "Zimski tabor prostovoljcev"]
    assert [h.title for h in st.headings][-1] == "Projekti"
    assert st.entries[1].section.endswith("Projekti")


def test_structure_second_naslov_stays_in_its_container(make_pdf, structure_of):
    """After a sub-entry's last value (no final full stop), the next "Naslov:" opens a sibling in the same
    container, not a container named after that value's last line."""
    spec = [("h1", "1. Program"), ("h2", "1.1. Nacionalno"), ("entry", "Diseminacijski dogodki"),
            ("label", "Naslov: Prvi dogodek"), ("label", "Trajanje: maj 2031"),
            ("label", "Partnerji: Zavod Primer, Društvo Zgled"), ("space", 12), ("text", "Zavod Vzorec"),
            ("label", "Naslov: Drugi dogodek"), ("label", "Trajanje: junij 2031")]
    st = structure_of(make_pdf("second-naslov", spec))
    subs = [e for e in st.entries if e.title_from_label]
    assert [lines_to_run(e.title_lines).text for e in subs] == ["Prvi dogodek", "Drugi dogodek"]
    assert {lines_to_run(e.parent_title_lines).text for e in subs} == {"Diseminacijski dogodki"}


def _set_line(text: str, baseline: float, size: float, bold: bool) -> Line:
    words = [Word(text=t, page=1, x0=72 + 60 * i, top=baseline - 0.8 * size, x1=72 + 60 * i + 50,
                  bottom=baseline + 0.2 * size, baseline=baseline, size=size, fontname="Serif-Bold" if bold else "Serif",
                  bold=bold, italic=False) for i, t in enumerate(text.split())]
    return Line(words=words, page=1)


def test_structure_heading_number_above_a_wrapped_title_joins_the_whole_title():
    """A section number set alone and larger above its title ("1." / "POSTOPEK ... DELOVNEGA" / "NAČRTA"):
    the title's second line is a wrap of the heading. Its pitch is measured from the title's first line,
    not from the number above it, which the number's own height would push past any leading."""
    body = (12.0, False, False, ())
    lines = [_set_line("1.", 100, 19.2, True), _set_line("POSTOPEK PRIPRAVE LETNEGA DELOVNEGA", 124, 12.0, True),
             _set_line("NAČRTA", 140, 12.0, True)]
    lines += [_set_line("Besedilo poglavja o pripravi načrta v zavodu", 170 + 16 * i, 12.0, False) for i in range(4)]
    tokens = lines_to_tokens(lines, body)
    heading = tokens[0]
    assert heading.kind == "heading" and heading.number == "1"
    assert " ".join(w.text for ln in heading.lines for w in ln) == "1. POSTOPEK PRIPRAVE LETNEGA DELOVNEGA NAČRTA"
    assert [t.kind for t in tokens[1:]] == ["body"] * 4
