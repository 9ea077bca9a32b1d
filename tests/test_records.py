"""Records: the document header from the title page and front matter, the section tree with scope and
programme area, timelines and planned applications, and provenance on what the record holds."""

from __future__ import annotations

import pytest

from pipeline.models import Record

FRONT = [
    ("title", "Letni delovni načrt"),
    ("title", "Društva Zgled 2032"),
    ("subtitle", "Društvo Zgled"),
    ("page",),
    ("h1", "1. Postopek priprave načrta"),
    ("text", "Načrt so pripravili sodelavci društva in ga predložili v obravnavo organom društva."),
    ("text", "• Obravnava osnutka načrta Svet društva, oktober 2031"),
    ("text", "• Sprejetje načrta Zbor članov, december 2031"),
    ("label", "Priprava:"),
    ("text", "Ana Novak"),
    ("text", "Boris Kranjc"),
    ("text", "Dodatne informacije: ana.novak@zgled.si"),
    ("page",),
    ("h1", "2. Programi"),
    ("h2", "2.1. Nacionalno"),
    ("entry", "Srečanja prostovoljcev"),
    ("label", "Trajanje: celo leto 2032"),
    ("label", "Ključne aktivnosti:"),
    ("text", "1. štiri srečanja prostovoljcev"),
    ("page",),
    ("text", "Zadnja stran z nekaj besedila, da ima načrt več kot dve strani besedila."),
]


@pytest.fixture(scope="module")
def front_record(make_pdf) -> Record:
    from pipeline.extract import extract_path

    return extract_path(make_pdf("front-matter", FRONT, header="Društvo Zgled · LDN 2032"))


def test_records_document_title_from_the_title_page(plan_record):
    doc = plan_record.document
    assert doc.title == "Letni delovni načrt Zavoda Primer 2031"
    assert doc.year == 2031
    assert doc.organization == "Zavod Primer"
    assert doc.id == "plan"
    assert [f.page for f in doc.provenance] == [1, 1]


def test_records_document_header_from_the_front_matter(front_record):
    doc = front_record.document
    assert doc.title == "Letni delovni načrt Društva Zgled 2032" and doc.year == 2032
    assert doc.organization == "Društvo Zgled"
    assert doc.preparers == ["Ana Novak", "Boris Kranjc"]
    assert doc.contact_emails == ["ana.novak@zgled.si"]
    assert [(s.date, s.provenance[0].page) for s in doc.approval_steps] == [("2031-10", 2), ("2031-12", 2)]


def test_records_running_header_is_not_content(front_record):
    texts = [e.title for e in front_record.entries] + [s.title for s in front_record.sections]
    texts += [i.text for e in front_record.entries for i in e.activities]
    assert not any("LDN 2032" in t for t in texts)


def test_records_sections_with_scope_and_area(plan_record):
    got = [(s.key, s.number, s.level, s.parent, s.scope, s.area) for s in plan_record.sections]
    area = "Razvoj mladinskega dela"
    assert got == [
        ("1", "1", 1, None, None, area),
        ("1.1", "1.1", 2, "1", "national", area),
        ("1.1.1", "1.1.1", 3, "1.1", "national", area),
        ("1.1/Projekti", None, 3, "1.1", "national", area),
        ("1.2", "1.2", 2, "1", "international", area),
        ("1.2.1", "1.2.1", 3, "1.2", "international", area),
        ("2", "2", 1, None, None, "Zagovorništvo"),
    ]


def test_records_entries_keep_section_and_container(plan_record):
    got = [(e.section, e.title, e.parent_title) for e in plan_record.entries]
    assert got == [
        ("1.1.1", "Poletna šola sodelovanja", None),
        ("1.1/Projekti", "Mreža svetovalcev za mlade", None),
        ("1.2.1", "Izmenjave mladinskih delavcev", None),
        ("1.2.1", "Mobilnost za mlade delavce", "Izmenjave mladinskih delavcev"),
        ("1.2.1", "Seminar o vključevanju", "Izmenjave mladinskih delavcev"),
    ]


def test_records_funding_and_partners(plan_record):
    entry = plan_record.entries[0]
    assert entry.funding.raw == "Erasmus+" and entry.funding.funders
    assert [(p.name, p.country, p.role) for p in entry.partners] == [
        ("Društvo Primer", "SI", "partner"), ("Verein Beispiel", "AT", "partner")]


def test_records_applications_from_count_cards(plan_record):
    got = [(a.programme, a.count) for a in plan_record.applications_planned]
    assert got == [("Erasmus+ Mladina", 3), ("Evropska solidarnostna enota", 2)]
    assert all(a.provenance and a.provenance[0].page == 4 for a in plan_record.applications_planned)


def test_records_every_value_has_provenance(plan_record):
    values = list(plan_record.sections) + list(plan_record.entries)
    for e in plan_record.entries:
        values += e.activities + e.results + e.partners + e.targets
        values += [v for v in (e.duration, e.funding) if v is not None]
    for t in plan_record.timelines:
        values += t.labels
    assert values
    for v in values:
        assert v.provenance, v
        for f in v.provenance:
            x0, top, x1, bottom = f.bbox
            assert 1 <= f.page <= 4 and 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 841.9 and f.text


def test_records_record_round_trips_through_json(plan_record):
    again = Record.model_validate_json(plan_record.model_dump_json())
    assert again == plan_record


@pytest.mark.parametrize("printed, name", [
    ("Zavod Primer za mlade", "Zavod Primer za mlade"),
    ("ZAVOD PRIMER ZA MLADE, Glavna cesta 5, 1000 Ljubljana", "ZAVOD PRIMER ZA MLADE"),
    ("Izdajatelj: Društvo Primer", "Društvo Primer"),
    ("Letni delovni načrt 2031", None),
])
def test_records_organization_after_a_label_or_before_an_address(printed, name):
    from pipeline.models.layout import Line
    from pipeline.records.build import organization_of
    from tests.words import word_line

    assert organization_of([Line(words=word_line(printed, 100.0), page=1)]) == name


def test_records_title_without_a_title_page_is_the_head_above_the_first_heading(make_pdf):
    # no title page, and the numbered headings are set larger than the plan's title line above them
    from pipeline.extract import extract_path

    spec = [("h2", "Letni delovni načrt Društva Zgled 2033"), ("subtitle", "Društvo Zgled"),
            ("h1", "1. Postopek priprave načrta"),
            ("text", "Načrt so pripravili sodelavci društva in ga predložili v obravnavo organom društva."),
            ("h1", "2. Programi"), ("text", "Programi društva v letu 2033 nadaljujejo delo preteklih let.")]
    doc = extract_path(make_pdf("no-title-page", spec)).document
    assert doc.title == "Letni delovni načrt Društva Zgled 2033" and doc.year == 2033


@pytest.mark.parametrize("text", ["Zavod Mladinska mreža MaMa 2", "Zavod Mladinska mreža MaMa – 12 –",
                                  "Zavod Mladinska mreža MaMa, Ljubljana"])
def test_records_organization_without_the_footer_page_number(text):
    from pipeline.models.layout import Line, Word
    from pipeline.records.build import organization_of

    words = [Word(text=t, page=3, x0=50.0 + 40 * i, top=800.0, x1=85.0 + 40 * i, bottom=808.0, baseline=807.0,
                  size=8.0, fontname="Sans", bold=False, italic=False) for i, t in enumerate(text.split())]
    assert organization_of([Line(words=words, page=3)]) == "Zavod Mladinska mreža MaMa"
