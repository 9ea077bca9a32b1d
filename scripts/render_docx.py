"""Write a gold LDN record as a Word document (python-docx) and convert it to PDF with LibreOffice.

    render_docx.py GOLD.json OUTDIR [--stem NAME] [--style word|office]   write OUTDIR/NAME.docx, NAME.pdf and NAME.gold.json

The document is built the way an organisation writes its plan in Word: Heading 1-3 styles numbered by
the producer's multilevel list ("1." "2.1." with a tab), activities as an automatically numbered list
("1." then a tab), results and the approval timeline as bullets in the Symbol font (U+F0B7), labels as
bold runs, Gantt charts as tables (activity in the first column, twelve month columns, shaded cells), the
applications as a table of shaded cards, a running header and a "Stran N od M" footer from PAGE and
NUMPAGES fields.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from producer_blocks import FILLER, approval_lines, blocks, entry_fields  # noqa: E402

HEADING_NUM, DECIMAL_NUM, BULLET_NUM = 90, 91, 92  # abstractNum ids of the numbering definitions added
# two house styles: "word" (Calibri 11, "1." items, Symbol discs, "2.1." headings) and "office" (Cambria 10,
# "a)" items, Wingdings squares U+F0A7, heading numbers without the final dot)
STYLES = {
    "word": dict(font="Calibri", size=11, item=("decimal", "%1."), bullet=("\uf0b7", "Symbol"), head_dot="."),
    "office": dict(font="Cambria", size=10, item=("lowerLetter", "%1)"), bullet=("\uf0a7", "Wingdings"), head_dot=""),
}
SHADE = "BDD7EE"


def _lvl(ilvl: int, fmt: str, text: str, left: int, font: str | None = None, hanging: int = 360) -> str:
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:suff w:val="tab"/><w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>')


def add_numbering(doc, st: dict) -> None:
    """Add the producer's numbering definitions: multilevel headings, numbered items, symbol-font bullets."""
    numbering = doc.part.numbering_part.element
    heads = "".join(_lvl(i, "decimal", ".".join(f"%{k + 1}" for k in range(i + 1)) + st["head_dot"], 432 + 144 * i,
                         hanging=432 + 144 * i) for i in range(3))  # Word's outline list indents
    defs = [
        (HEADING_NUM, f'<w:multiLevelType w:val="multilevel"/>{heads}'),
        (DECIMAL_NUM, '<w:multiLevelType w:val="hybridMultilevel"/>' + _lvl(0, *st["item"], 720)),
        (BULLET_NUM, '<w:multiLevelType w:val="hybridMultilevel"/>' + _lvl(0, "bullet", st["bullet"][0], 720, st["bullet"][1])),
    ]
    first_num = numbering.find(qn("w:num"))
    for aid, body in defs:
        el = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{body}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{HEADING_NUM}"><w:abstractNumId w:val="{HEADING_NUM}"/></w:num>'))


class Numbers:
    """Hands out a fresh w:num per list, restarting at 1, as Word does for each new list."""

    def __init__(self, doc):
        self.numbering = doc.part.numbering_part.element
        self.next_id = 100

    def new(self, abstract: int) -> int:
        nid, self.next_id = self.next_id, self.next_id + 1
        self.numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{abstract}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return nid


def number(paragraph, num_id: int, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def field(paragraph, instr: str, cached: str = "1") -> None:
    """Append a complex field (PAGE, NUMPAGES, STYLEREF) to a paragraph, as Word writes it."""
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{cached}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def shade(cell, fill: str = SHADE) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def labelled(doc, label: str, value: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{label}:").bold = True
    p.add_run(f" {value}")


def add_list(doc, nums: Numbers, items: list[str], abstract: int) -> None:
    nid = nums.new(abstract)
    for item in items:
        p = doc.add_paragraph(item, style="List Paragraph")
        number(p, nid)


def add_chart(doc, tl: dict) -> None:
    """A Gantt chart as a table: the activity in the first column, twelve month columns, shaded months."""
    title = doc.add_paragraph()
    title.add_run(tl["title"]).bold = True
    title.paragraph_format.keep_with_next = True
    months = tl.get("months") or [[1]] * len(tl["labels"])
    table = doc.add_table(rows=1, cols=13)
    table.style = "Table Grid"
    head = table.rows[0]
    repeat_header(head)
    head.cells[0].paragraphs[0].add_run("Aktivnost").bold = True
    for m in range(12):
        head.cells[m + 1].paragraphs[0].add_run(f"{m + 1:02d}").bold = True
    for label, ms in zip(tl["labels"], months):
        row = table.add_row()
        row.cells[0].text = label
        for m in ms:
            shade(row.cells[m])
    widths = [Pt(150)] + [Pt(26)] * 12
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = w
    for row in table.rows:
        for c, w in zip(row.cells, widths):
            c.width = w
        for c in row.cells:
            for p in c.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(8)
    doc.add_paragraph()


def add_cards(doc, apps: list[dict]) -> None:
    """The planned applications as a one-row table of shaded cards: programme, then the count."""
    table = doc.add_table(rows=1, cols=len(apps))
    for cell, a in zip(table.rows[0].cells, apps):
        shade(cell)
        cell.paragraphs[0].add_run(a["programme"]).bold = True
        cell.add_paragraph(f"{a['count']}x")
    doc.add_paragraph()


def build(gold: dict, style: str = "word"):
    """Given a gold record and a house style (``STYLES``), return the python-docx Document of the plan."""
    st = STYLES[style]
    doc = Document()
    add_numbering(doc, st)
    nums = Numbers(doc)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = st["font"], Pt(st["size"])
    for level in (1, 2, 3):
        st = doc.styles[f"Heading {level}"]
        st.font.color.rgb = RGBColor(0x1F, 0x3A, 0x60)
    d = gold["document"]
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    sec.header.paragraphs[0].text = d["title"]  # (LibreOffice 7.4 leaves a STYLEREF chapter field empty)
    foot = sec.footer.paragraphs[0]
    foot.add_run("Stran ")
    field(foot, "PAGE")
    foot.add_run(" od ")
    field(foot, "NUMPAGES")
    for kind, value in blocks(gold):
        if kind == "title":
            for _ in range(8):
                doc.add_paragraph()
            doc.add_paragraph(value["title"], style="Title")
            doc.add_paragraph(value.get("organization") or "", style="Subtitle")
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "heading":
            p = doc.add_heading(value["title"], level=value["level"])
            if value["number"] is not None:
                number(p, HEADING_NUM, value["level"] - 1)
        elif kind == "front":
            doc.add_paragraph(FILLER)
            steps = approval_lines(gold)
            if steps:
                doc.add_paragraph().add_run("Postopek priprave in sprejema LDN in časovnica:").bold = True
                add_list(doc, nums, steps, BULLET_NUM)
            for mail in value.get("contact_emails", []):
                doc.add_paragraph(f"Dodatne informacije: {mail}")
            if value.get("preparers"):
                doc.add_paragraph().add_run("Priprava:").bold = True
                for name in value["preparers"]:
                    doc.add_paragraph(name)
        elif kind == "para":
            doc.add_paragraph(value)
        elif kind == "entry":
            if not value.get("parent_title"):
                p = doc.add_paragraph()
                r = p.add_run(value["title"])
                r.bold, r.font.size = True, Pt(12)
                p.paragraph_format.keep_with_next = True
            for label, v in entry_fields(value):
                if isinstance(v, list):
                    p = doc.add_paragraph()
                    p.add_run(f"{label}:").bold = True
                    p.paragraph_format.keep_with_next = True
                    add_list(doc, nums, v, DECIMAL_NUM if label != "Predvideni rezultati" else BULLET_NUM)
                else:
                    labelled(doc, label, v)
        elif kind == "cards":
            add_cards(doc, value)
        elif kind == "charts":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            for tl in value:
                add_chart(doc, tl)
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return doc


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, outdir: Path) -> Path:
    """Convert a DOCX to PDF with headless LibreOffice, in a private profile so parallel runs do not collide."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                              capture_output=True, text=True, timeout=300)
    pdf = outdir / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"soffice did not write {pdf}: {proc.stderr or proc.stdout}")
    return pdf


def render(gold: dict, outdir: Path, stem: str, style: str = "word") -> Path:
    """Given a gold record, write OUTDIR/STEM.docx, STEM.pdf and STEM.gold.json; return the PDF's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{stem}.docx"
    build(gold, style).save(str(path))
    (outdir / f"{stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return convert(path, outdir)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("outdir")
    ap.add_argument("--stem", default=None, help="output name (default: the gold's stem + '-docx')")
    ap.add_argument("--style", choices=sorted(STYLES), default="word", help="house style (fonts, numbering, bullets)")
    a = ap.parse_args(argv)
    gold_path = Path(a.gold)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    print(render(gold, Path(a.outdir), a.stem or f"{gold_path.stem}-docx", a.style))
    return 0


if __name__ == "__main__":
    sys.exit(main())
