"""Structure: ``DocLayout`` → ``DocStructure`` (headings, entry blocks and their labelled fields).

Entry point: ``structure(doc_layout) -> DocStructure``.
"""

from pipeline.structure.document import structure

__all__ = ["structure"]
