"""A small streaming writer of SpreadsheetML (``.xlsx``): typed cells, a bold frozen header, filters.

Why not a library: openpyxl and xlsxwriter spend 10-25 µs of Python per cell (a cell object, type
checks, an XML element), which made the workbook the slowest output of a batch (a 200-plan batch has
over a million cells). The sheets here hold only what ``ldn`` writes (inline strings, numbers,
booleans and dates, three cell styles), so each row is one formatted string, written to a spooled
temporary file as it comes (memory stays flat) and copied into the zip when the workbook closes.
The package parts are the ones openpyxl writes (inline strings included), so any reader opens it;
zip entries and document dates are fixed, so a workbook's bytes depend only on its cells.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any, Optional

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_FORMAT = "yyyy-mm-dd"
STYLE_BOLD, STYLE_DATE = 1, 2
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Excel reads "_x0041_" in a string as an escaped character; a literal one is escaped in turn.
_ESCAPED_CHAR = re.compile(r"_(x[0-9A-Fa-f]{4})_")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def column_letter(index: int) -> str:
    """Given a column number (1 = A), return its letters (27 = AA)."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def xml_text(text: str) -> str:
    """Given a text (already free of characters XML cannot hold), return it escaped for an element."""
    text = text.translate(_XML_ESCAPES)
    return _ESCAPED_CHAR.sub(r"_x005F_\1_", text) if "_x" in text else text


def text_cell(ref: str, text: str, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'


def number_cell(ref: str, value: Any) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}"><v>{int(value)}</v></c>'


def bool_cell(ref: str, value: bool) -> str:
    return f'<c r="{ref}" t="b"><v>{1 if value else 0}</v></c>'


def date_cell(ref: str, value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return f'<c r="{ref}" s="{STYLE_DATE}"><v>{(value - EXCEL_EPOCH).days}</v></c>'


class Sheet:
    """One sheet being written: rows appended as cell markup, spooled to a temporary file."""

    def __init__(self, name: str):
        self.name = name[:31]
        self.rows = 0
        self.n_columns = 0
        self.widths: list[float] = []
        self.data: IO[str] = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")

    def append(self, cells: list[str]) -> None:
        """Given the markup of one row's cells (from the ``*_cell`` functions), append the row."""
        self.rows += 1
        self.data.write(f'<row r="{self.rows}">{"".join(cells)}</row>')

    def _head(self, filter_rows: int) -> str:
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                       for i, w in enumerate(self.widths, start=1))
        return (f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
                '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")

    def filter_ref(self) -> Optional[str]:
        if not self.n_columns:
            return None
        return f"A1:{column_letter(self.n_columns)}{max(1, self.rows)}"

    def write_to(self, zf: zipfile.ZipFile, part: str) -> None:
        """Write the sheet as one zip entry: head, the spooled rows, the filter."""
        info = zipfile.ZipInfo(part, date_time=FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        ref = self.filter_ref()
        with zf.open(info, "w") as fh:
            fh.write(self._head(self.rows).encode("utf-8"))
            self.data.seek(0)
            while True:
                block = self.data.read(1 << 16)
                if not block:
                    break
                fh.write(block.encode("utf-8"))
            tail = "</sheetData>" + (f'<autoFilter ref="{ref}"/>' if ref else "") + "</worksheet>"
            fh.write(tail.encode("utf-8"))
        self.data.close()


def _escape_attr(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


def _parts(sheets: list[Sheet], creator: str, created: dt.datetime) -> dict[str, str]:
    n = len(sheets)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                    for i in range(1, n + 1))
    workbook_sheets = "".join(f'<sheet xmlns:r="{_REL}" name="{_escape_attr(s.name)}" sheetId="{i}" '
                              f'state="visible" r:id="rId{i}"/>' for i, s in enumerate(sheets, start=1))
    names = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                    f"'{_escape_attr(s.name)}'!$A$1:${column_letter(s.n_columns)}${max(1, s.rows)}</definedName>"
                    for i, s in enumerate(sheets) if s.n_columns)
    rels = "".join(f'<Relationship Type="{_REL}/worksheet" Target="/xl/worksheets/sheet{i}.xml" Id="rId{i}"/>'
                   for i in range(1, n + 1))
    return {
        "docProps/app.xml": ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                             'extended-properties"><Application>ldn</Application></Properties>'),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
            f'<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">{xml_text(creator)}</dc:creator>'
            '<dcterms:created xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
            f'XMLSchema-instance" xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            '<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
            f'XMLSchema-instance" xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
        "xl/workbook.xml": (f'<workbook xmlns="{_MAIN}"><bookViews><workbookView activeTab="0"/></bookViews>'
                            f"<sheets>{workbook_sheets}</sheets>"
                            + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_REL}">{rels}<Relationship Type="{_REL}/styles" '
            f'Target="/xl/styles.xml" Id="rId{n + 1}"/></Relationships>'),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
            '</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            f"{types}</Types>"),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Type="{_REL}/officeDocument" Target="/xl/workbook.xml" Id="rId1"/>'
            '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="/docProps/core.xml" Id="rId2"/>'
            f'<Relationship Type="{_REL}/extended-properties" Target="/docProps/app.xml" Id="rId3"/>'
            "</Relationships>"),
    }


def save(path: Path, sheets: list[Sheet], creator: str, created: dt.datetime) -> None:
    """Given a path and the finished sheets (in order), write the workbook package."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, text in _parts(sheets, creator, created).items():
            info = zipfile.ZipInfo(part, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
        for i, sheet in enumerate(sheets, start=1):
            sheet.write_to(zf, f"xl/worksheets/sheet{i}.xml")
