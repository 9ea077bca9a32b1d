"""Ingest: every bad input fails fast with a typed error naming the file and the reason."""

from __future__ import annotations

import pytest

from pipeline.errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    NotPdfError,
    ScannedPdfError,
)
from pipeline.read.ingest import (
    bytes_to_kind,
    open_source,
    page_count,
    tail_is_complete,
)
from tests.pdfs import (
    encrypted_copy,
    image_only_pdf,
    mini_plan_pdf,
    png_bytes,
    smallest_corpus_pdf,
)


@pytest.mark.parametrize("head, kind", [
    (b"", "empty file"),
    (png_bytes(), "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"GIF89a\x01\x00", "GIF image"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "Microsoft Office"),
    (b"  <!DOCTYPE html><html><body>x</body></html>", "HTML page"),
    (b"<html lang='sl'><head>", "HTML page"),
    (b"<?xml version='1.0'?><svg xmlns='x'/>", "SVG image"),
    (b"<?xml version='1.0'?><root/>", "XML document"),
    ("Letni delovni načrt 2031\n".encode(), "plain-text file"),
    (b"\x00\x01\x02\x03\xfe\xff\x00\x00", "unrecognised binary data (first bytes 00 01 02 03"),
])
def test_ingest_bytes_to_kind_names_what_the_file_looks_like(head, kind):
    assert kind in bytes_to_kind(head)


@pytest.mark.parametrize("head", [b"%PDF-1.7\n%\xe2\xe3", b"\r\n\r\n%PDF-1.4\n"])
def test_ingest_bytes_to_kind_accepts_a_pdf_header(head):
    assert bytes_to_kind(head) is None


def test_ingest_tail_is_complete_spots_a_cut_file():
    data = mini_plan_pdf(1)
    assert tail_is_complete(data)
    assert not tail_is_complete(data[: len(data) // 2])


def _bad_inputs(tmp_path):
    plan = mini_plan_pdf(1)
    corpus = smallest_corpus_pdf().read_bytes()
    return {
        "truncated.pdf": (corpus[: len(corpus) * 2 // 3], CorruptPdfError, "truncated"),
        "locked.pdf": (encrypted_copy(plan, "skrivnost"), EncryptedPdfError, "--password"),
        "scan.pdf": (image_only_pdf(tmp_path), ScannedPdfError, "no text layer"),
        "picture.pdf": (png_bytes(), NotPdfError, "not a PDF: it looks like a PNG image"),
        "page.pdf": (b"<!doctype html><html><p>LDN</p></html>", NotPdfError, "not a PDF: it looks like an HTML page"),
        "zero.pdf": (b"", NotPdfError, "empty file (0 bytes)"),
    }


@pytest.mark.parametrize("name", ["truncated.pdf", "locked.pdf", "scan.pdf", "picture.pdf", "page.pdf", "zero.pdf"])
def test_ingest_open_source_names_file_and_reason(tmp_path, name):
    data, error, reason = _bad_inputs(tmp_path)[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        open_source(path)
    message = str(info.value)
    assert str(path) in message and reason in message
    assert info.value.code == error.code


def test_ingest_open_source_blank_pdf_is_empty(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    path = tmp_path / "blank.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(EmptyPdfError, match="no text on any of its 1 pages"):
        open_source(path)


def test_ingest_open_source_with_password(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_copy(mini_plan_pdf(2), "skrivnost"))
    with pytest.raises(EncryptedPdfError, match="password given does not open it"):
        open_source(path, password="napačno")
    with open_source(path, password="skrivnost") as src:
        assert src.n_pages == 2
        assert "Mednarodni" in [w.text for w in next(src.pages()).words]


def test_ingest_open_source_good_pdf(tmp_path):
    path = tmp_path / "plan.pdf"
    data = mini_plan_pdf(3)
    path.write_bytes(data)
    with open_source(path) as src:
        assert (src.n_pages, src.image_pages, src.blank_pages) == (3, [], [])
        assert len(src.sha256) == 64
    assert page_count(path) == 3
    assert page_count(tmp_path / "missing.pdf") == 0


def test_ingest_open_source_reports_image_pages_of_a_mixed_document(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (mini_plan_pdf(1), image_only_pdf(tmp_path, pages=1)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    path = tmp_path / "mixed.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with open_source(path) as src:
        assert src.n_pages == 2
        assert src.image_pages == [2]


def test_ingest_page_hook_reports_walked_pages(tmp_path):
    from pipeline.read.ingest import set_page_hook

    path = tmp_path / "plan.pdf"
    path.write_bytes(mini_plan_pdf(3))
    seen: list[int] = []
    set_page_hook(seen.append)
    try:
        with open_source(path) as src:
            for _ in src.pages():
                pass
    finally:
        set_page_hook(None)
    assert seen == [1, 2, 3]
