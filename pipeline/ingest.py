"""Given a path, return a ``SourceDoc``: an opened PDF with its hash, or a typed error saying why not.

Checks happen here, before layout, so that every bad input (not a PDF, corrupt, encrypted, empty,
scanned) fails fast with a message naming the file and the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pdfplumber

from pipeline.errors import CorruptPdfError, EmptyPdfError, NotPdfError


@dataclass
class SourceDoc:
    path: Path
    sha256: str
    pdf: "pdfplumber.PDF"
    n_pages: int
    metadata: dict = field(default_factory=dict)

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self) -> "SourceDoc":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def file_sha256(path: Path) -> str:
    """Given a path, return the hex sha256 of its bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_source(path: Path | str, password: Optional[str] = None) -> SourceDoc:
    """Given a path to a PDF, return it opened as a ``SourceDoc`` or raise an ``IngestError``."""
    path = Path(path)
    head = path.read_bytes()[:1024]
    if b"%PDF-" not in head:
        raise NotPdfError("not a PDF", file=path)
    try:
        pdf = pdfplumber.open(path, password=password or "")
        n_pages = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise CorruptPdfError(f"cannot be parsed ({type(exc).__name__}: {exc})", file=path) from exc
    if n_pages == 0:
        pdf.close()
        raise EmptyPdfError("the PDF has no pages", file=path)
    return SourceDoc(path=path, sha256=file_sha256(path), pdf=pdf, n_pages=n_pages, metadata=dict(pdf.metadata or {}))
