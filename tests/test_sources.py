"""Both reading sources give the layout the same words and shapes, and the records score the same.

pdfplumber is the reference (the scorers read with it); pypdfium2 is the fast default. Small PDFs
made here exercise what the corpus does not: a scaled text matrix, a rotated page, an italic
overhang, line-end hyphens, links, images and stroked rules.
"""

from __future__ import annotations

import io

import pytest

from pipeline.read.ingest import open_source
from tests.conftest import corpus_pdfs
from tests.paths import SHARED
from tests.pdfs import FONT_DIR, _fpdf, mini_plan_pdf

BOX_TOLERANCE = 0.6  # pt; pdfium and pdfminer accumulate glyph advances a little differently


def _pages(path, source: str):
    with open_source(path, source=source) as doc:
        return list(doc.pages())


def _assert_same_words(path) -> None:
    ref, fast = _pages(path, "pdfplumber"), _pages(path, "pdfium")
    assert [(p.width, p.height) for p in ref] == [(p.width, p.height) for p in fast]
    for rp, fp in zip(ref, fast):
        key = lambda w: (w.text, w.bold, w.italic, w.fontname, round(w.size, 2))  # noqa: E731
        assert [key(w) for w in rp.words] == [key(w) for w in fp.words], f"page {rp.number}"
        for a, b in zip(rp.words, fp.words):
            assert max(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs(a.top - b.top), abs(a.bottom - b.bottom),
                       abs(a.baseline - b.baseline)) < BOX_TOLERANCE, (a, b)


def _raw_pdf(content: bytes, page_extra: bytes = b"") -> bytes:
    """A one-page PDF with a Helvetica font and the given content stream (xref offsets computed)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists() or not (SHARED / "gold").is_dir(),
                    reason="shared scorers or gold records missing")
@pytest.mark.parametrize("stem", [p.stem for p in corpus_pdfs()])
def test_sources_score_the_same_on_the_corpus(corpus_results, reference_corpus_results, stem):
    fast, ref = corpus_results[stem], reference_corpus_results[stem]
    rounded = lambda h: {k: round(v, 3) for k, v in h.items()}  # noqa: E731
    assert rounded(fast["score"]["headline"]) == rounded(ref["score"]["headline"])
    assert fast["provenance"]["score"] >= 0.99


def test_sources_same_words_on_a_generated_plan(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(mini_plan_pdf(2))
    _assert_same_words(path)


def test_sources_pdfium_keeps_line_end_hyphens_as_printed(tmp_path):
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("dv", "", 11)
    for y, text in ((30, "Delo z mladimi in so-"), (36, "-avtorstvu pri pripravi razi-"), (42, "skave o mladih.")):
        pdf.text(20, y, text)
    path = tmp_path / "hyphens.pdf"
    pdf.output(str(path))
    words = [w.text for w in _pages(path, "pdfium")[0].words]
    assert {"so-", "-avtorstvu", "razi-", "skave"} <= set(words)
    _assert_same_words(path)


def test_sources_grey_and_rgb_black_are_one_colour(tmp_path):
    path = tmp_path / "colours.pdf"
    path.write_bytes(_raw_pdf(b"BT /F1 12 Tf 72 700 Td 0 g (Grey body text of the plan) Tj 0 -20 Td 0 0 0 rg (Rgb) Tj "
                              b"0 -20 Td 0 0 0 1 k (Cmyk) Tj 0 -20 Td 0.5 g (Half) Tj ET"))
    for source in ("pdfplumber", "pdfium"):
        colours = {w.text: w.color for w in _pages(path, source)[0].words}
        assert colours["Grey"] == colours["Rgb"] == (0.0, 0.0, 0.0) and colours["Half"] == (0.5, 0.5, 0.5), source
        assert len(colours["Cmyk"]) == 3, source


def test_sources_scaled_text_matrix_gives_the_printed_size(tmp_path):
    path = tmp_path / "scaled.pdf"
    path.write_bytes(_raw_pdf(b"BT /F1 1 Tf 12 0 0 12 72 700 Tm (Matrix twelve) Tj ET "
                              b"q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 300 Td (Transform twelve) Tj ET Q"))
    words = _pages(path, "pdfium")[0].words
    assert [round(w.size, 2) for w in words] == [12.0] * 4
    _assert_same_words(path)


def test_sources_rotated_page_in_reference_coordinates(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(mini_plan_pdf(1))).pages:
        page.rotate(90)
        writer.add_page(page)
    path = tmp_path / "rotated.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    ref, fast = _pages(path, "pdfplumber")[0], _pages(path, "pdfium")[0]
    assert (fast.width, fast.height) == (ref.width, ref.height) and fast.width > fast.height
    assert len(ref.words) > 50 and sorted(w.text for w in fast.words) == sorted(w.text for w in ref.words)
    ref_boxes = sorted((w.text, round(w.x0), round(w.top)) for w in ref.words)
    fast_boxes = sorted((w.text, round(w.x0), round(w.top)) for w in fast.words)
    assert all(a[0] == b[0] and abs(a[1] - b[1]) <= 1 and abs(a[2] - b[2]) <= 1 for a, b in zip(ref_boxes, fast_boxes))


def test_sources_text_at_an_angle_to_the_page_is_dropped(tmp_path):
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("dv", "", 11)
    for i, line in enumerate(("Letni delovni načrt 2026", "Cilji programa in kazalniki", "Partnerji: Zavod Mladi")):
        pdf.text(30, 40 + 8 * i, line)
    pdf.set_font("dv", "", 14)
    with pdf.rotation(90, 12, 200):
        pdf.text(12, 200, "Program Erasmus+ Mladi")
    with pdf.rotation(45, 100, 200):
        pdf.text(100, 200, "OSNUTEK")
    path = tmp_path / "angled.pdf"
    pdf.output(str(path))
    for source in ("pdfplumber", "pdfium"):
        words = [w.text for w in _pages(path, source)[0].words]
        assert words[:4] == ["Letni", "delovni", "načrt", "2026"] and "Partnerji:" in words, source
        assert not {"Erasmus+", "OSNUTEK"} & set(words), source
    _assert_same_words(path)


def test_sources_oblique_text_is_kept(tmp_path):
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("dv", "", 12)
    with pdf.skew(ax=15, x=30, y=40):
        pdf.text(30, 40, "Synthetic oblique body")
    pdf.text(30, 50, "Upright body")
    path = tmp_path / "oblique.pdf"
    pdf.output(str(path))
    for source in ("pdfplumber", "pdfium"):
        assert [w.text for w in _pages(path, source)[0].words] == ["Synthetic", "oblique", "body", "Upright", "body"]
    _assert_same_words(path)


def test_sources_italic_overhang_keeps_the_advance_box(tmp_path):
    pdf = _fpdf()
    pdf.add_page()
    italic = next((p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
                               "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf")
                   if __import__("os").path.isfile(p)), None)
    if italic is None:
        pytest.skip("no italic TTF on this system")
    pdf.add_font("it", "", italic)
    pdf.set_font("it", "", 14)
    pdf.text(20, 30, "Jeff of staff: fjordi in afiše")
    pdf.text(20, 40, "Javni poziv za mlade 2026 (JP)")
    path = tmp_path / "italic.pdf"
    pdf.output(str(path))
    _assert_same_words(path)


def test_sources_links_images_and_rules(tmp_path):
    from tests.pdfs import png_bytes

    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("dv", "", 11)
    pdf.text(20, 30, "Spletna stran")
    pdf.text(20, 40, "Načrt dela za mladinski center")
    pdf.link(20, 25, 30, 6, "https://example.org/ldn")
    pdf.image(io.BytesIO(png_bytes()), x=20, y=50, w=20, h=20)
    pdf.set_draw_color(200, 0, 0)
    pdf.line(20, 80, 120, 80)
    pdf.set_fill_color(0, 0, 200)
    pdf.rect(20, 90, 50, 10, style="F")
    path = tmp_path / "objects.pdf"
    pdf.output(str(path))
    ref, fast = _pages(path, "pdfplumber")[0], _pages(path, "pdfium")[0]
    assert [lk.uri for lk in fast.links] == [lk.uri for lk in ref.links] == ["https://example.org/ldn"]
    assert len(fast.images) == len(ref.images) == 1
    assert abs(fast.images[0].x0 - ref.images[0].x0) < 0.1 and abs(fast.images[0].top - ref.images[0].top) < 0.1
    rules = [s for s in fast.shapes if s.stroke and not s.fill]
    boxes = [s for s in fast.shapes if s.fill]
    assert len(rules) == 1 and rules[0].stroke_color == (0.78, 0.0, 0.0)
    assert len(boxes) == 1 and boxes[0].color == (0.0, 0.0, 0.78)
    for mine in fast.shapes:
        assert any(abs(mine.x0 - o.x0) < 0.1 and abs(mine.top - o.top) < 0.1 and (mine.fill, mine.stroke) == (o.fill, o.stroke)
                   for o in ref.shapes)


def test_sources_unknown_source_is_a_usage_error(tmp_path):
    from pipeline.batch.runner import run_batch
    from pipeline.errors import ConfigError

    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    with pytest.raises(ConfigError, match="unknown source"):
        run_batch([tmp_path / "plan.pdf"], tmp_path / "out", source="tesseract", progress=False)
