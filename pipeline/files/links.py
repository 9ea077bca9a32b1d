"""Links from a written file to a source PDF's page, and the text a page mark shows on hover.

Both reports link a value's page mark ("p. 12") to ``<pdf>#page=12``, the fragment every PDF
viewer of a browser understands, with a path relative to the report so that a folder moved with
its PDFs keeps working.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Optional
from urllib.parse import quote

MAX_HOVER_CHARS = 300


def relative_href(target: Path, base_dir: Path) -> str:
    """Given a file and the folder of the page that links to it, return the relative URL of the file."""
    rel = os.path.relpath(Path(target).resolve(), Path(base_dir).resolve())
    return quote(Path(rel).as_posix())


def page_href(pdf_href: Optional[str], page: Any) -> Optional[str]:
    """Given a PDF's URL (or None) and a 1-based page, return the URL of that page (None without either)."""
    if not pdf_href or page is None:
        return None
    try:
        return f"{pdf_href}#page={int(page)}"
    except (TypeError, ValueError):
        return None


def fragments_text(fragments: Iterable[Any], limit: int = MAX_HOVER_CHARS) -> Optional[str]:
    """Given provenance fragments, return their text joined by spaces (shortened), or None when there is none."""
    text = " ".join(str(getattr(f, "text", "") or "").strip() for f in fragments).strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"
