"""Records: layout and structure → a validated ``Record`` (header, sections with scope, entries, timelines).

Entry point: ``build_record(doc_id, doc_layout, doc_structure) -> Record``.
"""

from pipeline.records.build import build_record

__all__ = ["build_record"]
