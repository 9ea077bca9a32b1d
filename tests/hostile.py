"""Hostile and unrelated inputs made inside the tests: documents that are not work plans (a form,
minutes, a report, a table), a zlib bomb, a page of tiny characters, a plan full of markup.
Nothing here is read from a real document; names and wording are made up."""

from __future__ import annotations

import zlib

from tests.pdfs import _fpdf


def _lines_pdf(lines: list[tuple[str, str]]) -> bytes:
    """Given (style, text) lines, style "b" bold or "" regular, return a PDF of them."""
    pdf = _fpdf()
    pdf.add_page()
    for style, text in lines:
        pdf.set_font("dv", "B" if style == "b" else "", 12 if style == "b" else 10)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def form_pdf() -> bytes:
    """Return an application form: bold labels with blank lines to fill in."""
    lines = [("b", "Prijavnica na delavnico")]
    for label in ("Ime in priimek:", "Naslov:", "Telefon:", "E-pošta:", "Datum rojstva:", "Podpis:"):
        lines += [("b", label), ("", "_" * 60)]
    return _lines_pdf(lines)


def minutes_pdf() -> bytes:
    """Return meeting minutes: a heading, attendees and numbered points of a discussion."""
    lines = [("b", "Zapisnik 3. seje sveta"), ("", "Prisotni: Ana Novak, Marko Kranjc, Petra Zupan.")]
    for n, point in enumerate(["Potrditev dnevnega reda", "Pregled sklepov prejšnje seje",
                               "Poročilo o delu", "Razno"], 1):
        lines += [("b", f"{n}. {point}"),
                  ("", "Člani so razpravljali o predlogu in ga soglasno sprejeli. Sklep je bil potrjen.")]
    return _lines_pdf(lines)


def report_pdf() -> bytes:
    """Return a report with numbered headings and paragraphs but no labelled entries."""
    lines = [("b", "Poročilo o raziskavi")]
    for n, head in enumerate(["Uvod", "Metode", "Rezultati", "Sklepi"], 1):
        lines += [("b", f"{n}. {head}"),
                  ("", "Raziskava je zajela vzorec gospodinjstev in opisuje njihove navade pri porabi "
                       "energije. Podatki so bili zbrani z vprašalnikom in obdelani statistično.")]
        lines += [("b", f"{n}.1. Podrobnosti"), ("", "Besedilo poglavja brez označenih polj in brez načrtov.")]
    return _lines_pdf(lines)


def table_pdf() -> bytes:
    """Return a table of figures: a header row and rows of numbers."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("dv", "B", 10)
    for head in ("Občina", "Prebivalci", "Površina", "Gostota"):
        pdf.cell(45, 7, head, border=1)
    pdf.ln()
    pdf.set_font("dv", "", 10)
    for i in range(25):
        for cell in (f"Kraj {i}", str(1000 + 37 * i), f"{12.5 + i:.1f}", f"{80 + i}"):
            pdf.cell(45, 7, cell, border=1)
        pdf.ln()
    return bytes(pdf.output())


UNRELATED = {"form": form_pdf, "minutes": minutes_pdf, "report": report_pdf, "table": table_pdf}
