"""Given a PDF, measure what each page's content inflates to, before any parser draws the page.

A zlib bomb is a small stream that inflates to gigabytes, and a form drawn twice by a form drawn
twice by ... draws millions of operators from a few bytes. A parser that draws the page (pdfium's
text pass, pdfplumber) holds all of it in memory, so the bound has to be checked before: each
content stream is inflated with a bounded ``zlib.decompressobj`` that stops as soon as the page's
budget is spent, and a form XObject counts as often as the page invokes it (``/Name Do``).

Only what can be measured is reported: a file this module cannot open (not a PDF, encrypted, a
broken cross-reference table) yields nothing here and gets its own error from ingest.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections import Counter
from pathlib import Path
from typing import Optional

MAX_FORM_DEPTH = 32  # deeper nesting counts as over the limit: no real page nests forms like that
# What drawing a form costs a parser beyond its bytes (a graphics state, its resources), in bytes of the
# budget: 16 MiB allow about 16 000 form draws on a page. Measured: pdfium spends 50 s and 1.2 GiB on a
# page of 15 MiB that draws a small form 262 144 times.
FORM_DRAW_BYTES = 1024
DO_RE = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


class _Over(Exception):
    """The page has spent its budget; raised to stop measuring at once."""


def _inflate(data: bytes, budget: int) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, budget + 1)
    except zlib.error:
        return b""  # a damaged stream: the parsers cannot draw it either
    if len(out) > budget:
        raise _Over
    return out


def stream_to_bytes(stream, budget: int) -> bytes:
    """Given a pikepdf stream, return its decoded bytes, raising ``_Over`` past ``budget`` bytes."""
    import pikepdf

    filters = stream.get("/Filter")
    names = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters])] if filters else []
    data = bytes(stream.read_raw_bytes())
    for name in names:
        if name in ("/FlateDecode", "/Fl"):
            data = _inflate(data, budget)
        elif name in ("/ASCIIHexDecode", "/AHx"):
            text = re.sub(rb"\s", b"", data.split(b">", 1)[0])
            data = binascii.unhexlify(text + b"0" * (len(text) % 2))
        elif name in ("/ASCII85Decode", "/A85"):
            data = base64.a85decode(data.strip().removesuffix(b"~>").removeprefix(b"<~"), adobe=False)
        else:  # LZW, RunLength (bounded ratios) or unknown: let qpdf decode; the memory cap bounds it
            try:
                data = bytes(stream.read_bytes())
            except Exception:  # noqa: BLE001 - a filter nobody can decode draws nothing
                return b""
        if len(data) > budget:
            raise _Over
    return data


def _forms(resources) -> dict[str, object]:
    import pikepdf

    out = {}
    try:
        xobjects = resources.get("/XObject") if resources is not None else None
        for key in (xobjects.keys() if xobjects is not None else ()):
            obj = xobjects[key]
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
                out[key.lstrip("/")] = obj
    except Exception:  # noqa: BLE001 - a damaged resource dictionary draws nothing
        pass
    return out


class _Meter:
    """Bytes a page draws: its content streams, each form as often as it is invoked."""

    def __init__(self, budget: int):
        self.budget, self.spent = budget, 0
        self.cost: dict[tuple[int, int], int] = {}

    def charge(self, n: int) -> None:
        self.spent += n
        if self.spent > self.budget:
            raise _Over

    def draw(self, data: bytes, resources, stack: tuple, times: int = 1) -> None:
        self.charge((len(data) + (FORM_DRAW_BYTES if stack else 0)) * times)
        if len(stack) > MAX_FORM_DEPTH:
            raise _Over
        forms = _forms(resources)
        for name, n in Counter(m.group(1).decode("latin-1") for m in DO_RE.finditer(data)).items():
            form = forms.get(name)
            if form is None:
                continue
            key = form.objgen
            if key in stack and key != (0, 0):  # a form that draws itself never ends
                raise _Over
            if key in self.cost:
                self.charge(self.cost[key] * n * times)
                continue
            before = self.spent
            body = stream_to_bytes(form, self.budget - self.spent)
            self.draw(body, form.get("/Resources") or resources, stack + (key,), n * times)
            if key != (0, 0):
                self.cost[key] = (self.spent - before) // max(1, n * times)


def page_over_content_limit(path: Path | str, max_bytes: int,
                            password: Optional[str] = None) -> tuple[Optional[int], Optional[int]]:
    """Given a PDF, return (pages, first page whose content inflates past ``max_bytes``, or None).

    Pages is None when the file cannot be opened here (ingest then says why).
    """
    import pikepdf

    try:
        pdf = pikepdf.open(str(path), password=password or "")
    except Exception:  # noqa: BLE001 - not a PDF, encrypted, unreadable: ingest names the reason
        return None, None
    try:
        try:
            pages = list(pdf.pages)
        except Exception:  # noqa: BLE001 - a page tree qpdf cannot walk
            return None, None
        if max_bytes <= 0:
            return len(pages), None
        for number, page in enumerate(pages, 1):
            meter = _Meter(max_bytes)
            try:
                contents = page.obj.get("/Contents")
                streams = contents if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
                resources = page.obj.get("/Resources")
                for stream in streams:
                    if isinstance(stream, pikepdf.Stream):
                        meter.draw(stream_to_bytes(stream, max_bytes - meter.spent), resources, ())
            except _Over:
                return len(pages), number
            except Exception:  # noqa: BLE001 - a damaged page: the parsers report it as such
                continue
        return len(pages), None
    finally:
        pdf.close()
