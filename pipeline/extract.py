"""Given one PDF, return its ``Record``: the stages chained in one visible list.

read (ingest → layout) → structure → fields (with the nlp normalizers) → records. Each stage is a function of the
previous one's output; ``STAGES`` names them for the benchmark's per-stage timings.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.models import Record
from pipeline.read.ingest import open_source
from pipeline.read.layout import layout
from pipeline.read.ocr import engine_name, ocr_source
from pipeline.records import build_record
from pipeline.records.ocr import mark_ocr
from pipeline.settings import Settings
from pipeline.structure import structure

STAGES = ("ingest", "ocr", "layout", "structure", "records")


def extract_source(source, settings: Settings | None = None) -> Record:
    """Given an opened ``SourceDoc``, return its ``Record``; scanned pages are read through OCR first."""
    settings = Settings.from_any(settings)
    ocr = ocr_source(source, settings)
    doc_layout = layout(source, settings)
    doc_structure = structure(doc_layout)
    record = build_record(source.path.stem, doc_layout, doc_structure)
    if ocr:
        mark_ocr(record, ocr, settings.ocr_low_confidence, engine_name(settings), settings.ocr_lang, settings.ocr_dpi)
    return record


def extract_path(path: Path | str, settings: Settings | dict | None = None) -> Record:
    """Given a path to a PDF, return its ``Record`` (raises an ``LdnError`` for unreadable input)."""
    settings = Settings.from_any(settings)
    with open_source(path, password=settings.password, min_text_chars=settings.min_text_chars,
                     source=settings.source, allow_scans=settings.ocr != "never") as source:
        return extract_source(source, settings)
