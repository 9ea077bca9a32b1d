"""Read a report's page marks the way a reader meets them: in headless Chromium, after load.

The probe appended to a copy of the report (written beside it, so relative links resolve the
same) lists every ``.page`` element with its tag, resolved link and hover text, and counts the
"p. N" marks in the page's visible text, so a mark drawn without the class is caught too.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from tests.browser import dump_dom

PROBE = """
<script>
window.addEventListener("load", () => {
  const marks = [...document.querySelectorAll(".page")].map((el) => ({
    tag: el.tagName.toLowerCase(), href: el.href || null, title: el.title, text: el.textContent.trim()}));
  const visible = (document.body.innerText.match(/\\bp\\. \\d+/g) || []).length;
  const out = document.createElement("pre");
  out.id = "page-mark-probe";
  out.textContent = JSON.stringify({marks, visible});
  document.body.appendChild(out);
});
</script>
"""


def page_marks(report: Path) -> dict:
    """Given a report, return {"marks": [{tag, href, title, text}], "visible": count of "p. N" in its text}."""
    probe = report.with_name(f"{report.stem}-probe.html")
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        dom = dump_dom(probe)
    finally:
        probe.unlink()
    found = re.search(r'<pre id="page-mark-probe">(.*?)</pre>', dom, re.S)
    assert found, "the page-mark probe did not run in Chromium"
    return json.loads(html.unescape(found.group(1)))


def link_target(href: str) -> tuple[Path, int]:
    """Given a resolved ``file://…pdf#page=N`` link, return the file and the page number."""
    url = urlparse(href)
    assert url.scheme == "file", href
    fragment = dict(part.split("=", 1) for part in url.fragment.split("&") if "=" in part)
    return Path(unquote(url.path)), int(fragment["page"])


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def broken_marks(marks: list[dict]) -> list[str]:
    """Given the probe's marks, return what is wrong with each: not a link, no PDF, page out of range, no hover text."""
    counts: dict[Path, int] = {}
    problems = []
    for m in marks:
        if m["tag"] != "a" or not m["href"]:
            problems.append(f"{m['text']}: not a link")
            continue
        pdf, page = link_target(m["href"])
        if not pdf.is_file():
            problems.append(f"{m['text']}: {pdf} does not exist")
            continue
        n = counts.setdefault(pdf, page_count(pdf))
        if not 1 <= page <= n or m["text"] != f"p. {page}":
            problems.append(f"{m['text']}: page {page} of {n} in {pdf.name}")
        if not m["title"].strip():
            problems.append(f"{m['text']}: no source text on hover")
    return problems
