"""Bad and good inputs crafted inside the tests: a tiny made-up work plan, its broken variants, and
files that are not PDFs at all. Nothing here is read from a real document but the corpus copies."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime, timezone
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FIXED_DATE = datetime(2031, 1, 1, tzinfo=timezone.utc)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# A made-up plan in the family's shape: numbered bold headings, bold field labels, items.
MINI_PLAN = [
    ("title", "Letni delovni načrt Zavoda Primer 2031"),
    ("h", "1. Mednarodni programi"),
    ("h", "1.1. Izmenjave mladih"),
    ("entry", "Poletna šola sodelovanja"),
    ("label", "Trajanje:", "od marca do junija 2031"),
    ("label", "Opis:", "Projekt povezuje mlade iz dveh držav, ki skupaj pripravijo program srečanj,"),
    ("text", "delavnic in izmenjav ter o rezultatih poročajo lokalnim skupnostim in partnerjem."),
    ("label", "Aktivnosti:", ""),
    ("item", "1. priprava programa in izbor 12 udeležencev"),
    ("item", "2. izvedba treh delavnic za mlade"),
    ("label", "Vir financiranja:", "Erasmus+"),
    ("label", "Partnerji:", "Društvo Primer (Slovenija), Verein Beispiel (Avstrija)"),
    ("h", "2. Nacionalni programi"),
    ("entry", "Mreža svetovalcev"),
    ("label", "Trajanje:", "celo leto 2031"),
    ("label", "Opis:", "Svetovalci se srečujejo vsak mesec, izmenjujejo izkušnje in pripravljajo gradiva"),
    ("text", "za delo z mladimi v lokalnih okoljih po vsej državi ter skrbijo za njihovo dostopnost."),
    ("label", "Predvideni rezultati:", ""),
    ("item", "1. 20 usposobljenih svetovalcev"),
]


def _fpdf():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)  # the same bytes on every run: seeded corruptions stay reproducible
    pdf.add_font("dv", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("dv", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    return pdf


def mini_plan_pdf(pages: int = 2, blocks: list[tuple] = MINI_PLAN) -> bytes:
    """Return the bytes of a small made-up work plan (``blocks``, repeated over ``pages`` body pages)."""
    pdf = _fpdf()
    for n in range(pages):
        pdf.add_page()
        for kind, *text in blocks:
            if kind == "title" and n:
                continue
            if kind in ("title", "h", "entry"):
                pdf.set_font("dv", "B", {"title": 14, "h": 12, "entry": 10}[kind])
                line = text[0]
                if kind == "h":  # later pages carry the next sections: 1. -> 3., 1.1. -> 3.1.
                    number, rest = line.split(" ", 1)
                    head, *tail = number.split(".")
                    line = ".".join([str(int(head) + 2 * n), *tail]) + " " + rest
                pdf.cell(0, 9 if kind != "entry" else 7, line, new_x="LMARGIN", new_y="NEXT")
            elif kind == "label":
                pdf.set_font("dv", "B", 10)
                pdf.cell(pdf.get_string_width(text[0]) + 2, 6, text[0])
                pdf.set_font("dv", "", 10)
                pdf.cell(0, 6, text[1], new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("dv", "", 10)
                pdf.cell(0, 6, "    " + text[0], new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def text_pdf(paragraph: str, repeat: int = 15) -> bytes:
    """Return the bytes of a one-page PDF of plain prose (an unrelated document)."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("dv", "", 11)
    pdf.multi_cell(0, 6, (paragraph + " ") * repeat)
    return bytes(pdf.output())


def png_bytes(width: int = 32, height: int = 32) -> bytes:
    """Return a small valid PNG image."""
    raw = b"".join(b"\x00" + bytes([180, 40, 40]) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def image_only_pdf(tmp: Path, pages: int = 2) -> bytes:
    """Return the bytes of a PDF whose pages are images only (a scan without a text layer)."""
    from fpdf import FPDF

    img = tmp / "scan-page.png"
    img.write_bytes(png_bytes(64, 90))
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)
    for _ in range(pages):
        pdf.add_page()
        pdf.image(str(img), x=10, y=10, w=190)
    return bytes(pdf.output())


def encrypted_copy(data: bytes, password: str) -> bytes:
    """Return the PDF ``data`` encrypted (AES-256) with a user password."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(password, algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def smallest_corpus_pdf() -> Path:
    """Return the smallest corpus PDF (fewest bytes)."""
    return min(CORPUS.glob("*.pdf"), key=lambda p: p.stat().st_size)


PROSE = "Recept za palačinke: zmešaj moko, mleko in jajca, nato testo peci na vroči ponvi."


def bad_batch(folder: Path) -> dict[str, tuple[str, str]]:
    """Write a batch of two good and six bad inputs; return name -> (error code, reason in the message)."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = smallest_corpus_pdf().read_bytes()
    (folder / "plan-a.pdf").write_bytes(mini_plan_pdf(1))
    (folder / "plan-b.pdf").write_bytes(mini_plan_pdf(2))
    files = {
        "truncated.pdf": (corpus[: len(corpus) // 2], "E102", "truncated"),
        "locked.pdf": (encrypted_copy(mini_plan_pdf(1), "skrivnost"), "E103", "encrypted"),
        "scan.pdf": (image_only_pdf(folder.parent), "E105", "no text layer"),
        "recipe.pdf": (text_pdf(PROSE), "E200", "not an LDN work plan (1 page(s) of text): missing section headings; labelled entries"),
        "picture.pdf": (png_bytes(), "E101", "looks like a PNG image"),
        "page.pdf": (b"<!DOCTYPE html><html><body>LDN</body></html>", "E101", "looks like an HTML page"),
        "zero.pdf": (b"", "E101", "empty file (0 bytes)"),
    }
    for name, (data, _, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: (code, reason) for name, (_, code, reason) in files.items()}


def outputs_of(out: Path) -> dict[str, bytes]:
    """Given an output folder, return the bytes of every record, table and report file (not run.json or duckdb)."""
    names = [p for p in out.rglob("*") if p.is_file() and p.name != "run.json" and p.suffix != ".duckdb"]
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(names)}
