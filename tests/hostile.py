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


def _one_page(content: bytes, filters=None, extra=None) -> "pikepdf.Pdf":
    """Return a pikepdf document of one page drawing ``content`` (already encoded with ``filters``) in Helvetica."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    stream = pikepdf.Stream(pdf, b"")
    stream.write(content, filter=filters)
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=stream,
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), **(extra or {})))
    pdf.pages.append(pikepdf.Page(page))
    return pdf


def pdf_bytes(pdf) -> bytes:
    """Given a pikepdf document, return its bytes as written (streams kept as they are encoded)."""
    import io

    import pikepdf

    buf = io.BytesIO()
    pdf.save(buf, stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return buf.getvalue()


def zlib_bomb_pdf(inflated_mib: int = 64) -> bytes:
    """Return a one-page PDF whose content stream is a zlib bomb: ``inflated_mib`` MiB of text operators.

    Compressed in chunks, so making it never holds the inflated stream in memory.
    """
    chunk = b"BT /F1 1 Tf 10 10 Td (a) Tj ET\n" * 32768  # about 1 MiB of operators
    z = zlib.compressobj(9)
    parts = [b"BT /F1 12 Tf 72 760 Td (Letni delovni na\\350rt 2031) Tj ET\n"]
    parts += [z.compress(chunk) for _ in range(inflated_mib)]
    body = z.compress(parts[0]) + b"".join(parts[1:]) + z.flush()
    import pikepdf

    return pdf_bytes(_one_page(body, filters=pikepdf.Name.FlateDecode))


def tiny_chars_pdf(n: int = 100_000) -> bytes:
    """Return a one-page PDF drawing ``n`` characters in a 0.5 pt font (a page of dust)."""
    import pikepdf

    per_line = 500
    lines = [f"BT /F1 0.5 Tf {10 + (i % 4) * 140} {830 - (i // 4) * 0.6:.1f} Td ({'x' * per_line}) Tj ET"
             for i in range(n // per_line)]
    return pdf_bytes(_one_page(zlib.compress("\n".join(lines).encode()), filters=pikepdf.Name.FlateDecode))


def nested_forms_pdf(depth: int = 30, fan_out: int = 2, recursive: bool = False) -> bytes:
    """Return a one-page PDF whose page draws a form that draws the next ``fan_out`` times, ``depth`` deep.

    ``fan_out`` 2 and depth 30 draw the last form a billion times from a few kilobytes; ``recursive``
    makes the last form draw the first again.
    """
    import pikepdf

    pdf = _one_page(b"q /X0 Do Q\n")
    forms = []
    for i in range(depth):
        form = pikepdf.Stream(pdf, b"")
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 595, 842]
        forms.append(pdf.make_indirect(form))
    for i, form in enumerate(forms):
        nxt = forms[i + 1] if i + 1 < depth else (forms[0] if recursive else None)
        body = b"BT /F1 9 Tf 72 700 Td (Besedilo) Tj ET\n"
        if nxt is not None:
            body += b"q /X Do Q\n" * fan_out
            form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=nxt),
                                                Font=pdf.pages[0].Resources.Font)
        form.write(zlib.compress(body), filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].Resources.XObject = pikepdf.Dictionary(X0=forms[0])
    return pdf_bytes(pdf)


def plan_with_texts(titles: list[str], items: list[str]) -> bytes:
    """Return a small made-up plan whose entry titles and list items are the given texts (two of each)."""
    from tests.pdfs import MINI_PLAN, mini_plan_pdf

    titles, items = iter(titles), iter(items)
    blocks = []
    for kind, *text in MINI_PLAN:
        if kind == "entry":
            text = [next(titles, text[0])]
        elif kind == "item":
            text = [text[0].split(" ", 1)[0] + " " + next(items, text[0].split(" ", 1)[1])]
        blocks.append((kind, *text))
    return mini_plan_pdf(1, blocks)


# Texts a spreadsheet would run as formulas (each starts with one of = + - @).
FORMULA_TITLES = ['=HYPERLINK("http://example.invalid/x","klik")', "+Tabor za mlade"]
FORMULA_ITEMS = ["-2+3 delavnice za mlade", "@Mreža svetovalcev in gradiva"]
# Markup and script a report must show as text.
MARKUP_TITLES = ['<script>document.body.setAttribute("data-pwned","1")</script> Tabor',
                 '</script><img src=x onerror="document.body.setAttribute(\'data-pwned\',\'2\')"> Mreža']
MARKUP_ITEMS = ["<b>krepko</b> & <i>poševno</i> besedilo", '"><svg onload=alert(1)> izvedba delavnic']
