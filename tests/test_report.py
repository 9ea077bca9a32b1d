"""Tests of pipeline.outputs.report: the self-contained HTML report, rendered in headless Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.models import (
    Document,
    Duration,
    Entry,
    Fragment,
    Record,
    RecordIssue,
    Section,
    Timeline,
    TimelineLabel,
)
from pipeline.outputs.report import (
    duration_bars,
    render_report,
    section_tree,
    write_report,
)
from pipeline.outputs.tables import records_to_tables
from tests.browser import chromium_path, dump_dom, screenshot
from tests.pagemarks import broken_marks, link_target, page_marks
from tests.paths import GOLD_DIR

GOLD = GOLD_DIR
GOLD_FILES = ["ldn-2025-synthetic.json", "ldn-2026.json"]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "build" / "report-screenshot.png"

# Appended to a copy of the report: after load, count the entry titles and plot SVGs that are
# laid out with a size and not hidden, and write the counts into the DOM for dump_dom to read.
VISIBILITY_PROBE = """
<script>
window.addEventListener("load", () => {
  const shown = (el) => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const titles = [...document.querySelectorAll(".entry-title")].filter(shown).map((el) => el.id || el.textContent);
  const plots = [...document.querySelectorAll(".chart")].filter((c) => {
    const svg = c.querySelector("svg.main-svg");
    return svg && shown(svg) && c.querySelectorAll(".point, .trace").length > 0;
  }).map((c) => c.id);
  const out = document.createElement("pre");
  out.id = "visibility-probe";
  out.textContent = JSON.stringify({titles: titles.length, plots});
  document.body.appendChild(out);
});
</script>
"""

needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="no Chromium binary (apt-get install chromium) to render the report")


@pytest.fixture(scope="module")
def report(gold_records, tmp_path_factory) -> Path:
    return write_report(gold_records, tmp_path_factory.mktemp("report"))


def test_report_is_self_contained(report):
    text = report.read_text(encoding="utf-8")
    assert "<script src=" not in text and "cdn.plot.ly" not in text.split("</head>")[0][-2000:]
    assert re.search(r"plotly\.js v\d", text), "plotly.js must be inlined"


@needs_chromium
def test_report_titles_and_plots_visible_in_chromium(gold_records, report, tmp_path):
    probe = tmp_path / "report-probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", VISIBILITY_PROBE + "</body>"),
                     encoding="utf-8")
    dom = dump_dom(probe)
    found = re.search(r'<pre id="visibility-probe">(.*?)</pre>', dom)
    assert found, "the report's scripts did not run to the end in Chromium"
    seen = json.loads(html.unescape(found.group(1)))
    n_entries = sum(len(r.entries) for r in gold_records)
    assert seen["titles"] == n_entries
    for rec in gold_records:
        for entry in rec.entries:
            assert html.escape(entry.title, quote=False) in dom
    assert len(seen["plots"]) >= 1
    # every chart of both plans was drawn, including the Gantt views
    for rec in gold_records:
        for name in ("targets", "countries", "funders", "durations", "timelines"):
            assert f"fig-{rec.document.id}-{name}" in seen["plots"]

    SCREENSHOT.parent.mkdir(exist_ok=True)
    shot = screenshot(report, tmp_path / "report.png", size="1280,2400")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    shutil.copyfile(shot, SCREENSHOT)


def test_report_empty_run(tmp_path):
    path = write_report([], tmp_path)
    assert path == tmp_path / "report.html"
    assert "No records in this run." in path.read_text(encoding="utf-8")


def test_report_escapes_text_from_documents():
    rec = Record(
        document=Document(id="x", year=2026),
        entries=[Entry(title="<b>Naslov</b> & co", duration=Duration(raw="maj 2026", start="2026-05", end="2026-05"))],
        timelines=[Timeline(title="Graf", labels=[TimelineLabel(text="a </script><i>b", months=[3])])],
    )
    text = render_report([rec])
    assert "&lt;b&gt;Naslov&lt;/b&gt; &amp; co" in text
    assert "</script><i>b" not in text and "<\\/script><i>b" in text


@pytest.mark.parametrize("continuous, start, group", [
    (True, None, "continuous"),
    (False, "2026-03", "duration"),
    (False, None, None),
])
def test_report_duration_bars(continuous, start, group):
    entry = Entry(title="E", duration=Duration(raw="r", start=start, end=start, continuous=continuous))
    t = records_to_tables([Record(document=Document(id="d", year=2026), entries=[entry])])
    bars = duration_bars(t, "d", 2026)
    assert bars["group"].tolist() == ([group] if group else [])


def test_report_section_tree_nests_by_parent():
    secs = [Section(number="1", title="A", level=1, key="1"),
            Section(number="1.1", title="B", level=2, parent="1", key="1.1"),
            Section(title="Projekti", level=3, parent="1.1", key="1.1/Projekti"),
            Section(number="2", title="C", level=1, key="2")]
    t = records_to_tables([Record(document=Document(id="d"), sections=secs,
                                  entries=[Entry(title="E", section="1.1/Projekti")])])
    tree = section_tree(t["sections"].to_dict("records"), t["entries"].to_dict("records"))
    assert [n["section"]["section_key"] for n in tree] == ["1", "2"]
    leaf = tree[0]["children"][0]["children"][0]
    assert leaf["section"]["section_key"] == "1.1/Projekti" and [e["title"] for e in leaf["entries"]] == ["E"]


def test_report_survives_odd_values(tmp_path):
    rec = Record(
        document=Document(id="odd"),  # no year, no title
        sections=[Section(number="1", title="A", level=1, key="1")],
        entries=[
            Entry(title="Bad dates", section="1", duration=Duration(raw="?", start="2026-13", end="20x6")),
            Entry(title="Outside the tree", section="9.9",
                  duration=Duration(raw="kontinuirano", continuous=True)),
        ],
        timelines=[Timeline(title="T", labels=[TimelineLabel(text="box", months=[2, 3])])],
        issues=[RecordIssue(stage="normalize", code="W101", message="unread duration", page=4)],
    )
    text = write_report([rec], tmp_path).read_text(encoding="utf-8")
    assert "1 extraction issues" in text and "unread duration" in text
    assert "Bad dates" in text and "Outside the tree" in text
    assert "Entries outside the section tree" in text
    # without a plan year neither the dates nor the continuous entry nor the boxes can be placed
    assert "fig-odd-durations" not in text and "fig-odd-timelines" not in text


def test_report_details_only_the_first_documents_of_a_large_batch(gold_records):
    tables = records_to_tables(gold_records)
    page = render_report(gold_records, tables, detail_limit=1)
    first, second = gold_records[0], gold_records[1]
    assert "Details of the first 1 of 2 documents" in page
    assert html.escape(first.entries[0].title) in page
    assert f'href="#doc-{first.document.id}"' in page
    assert f'href="#doc-{second.document.id}"' not in page


@pytest.fixture(scope="module")
def linked_report(two_year_run) -> Path:
    return two_year_run["out"] / "report.html"


@needs_chromium
def test_report_every_page_mark_links_to_its_pdf_page_in_chromium(linked_report, two_year_run):
    seen = page_marks(linked_report)
    marks = seen["marks"]
    assert len(marks) >= 20 and seen["visible"] == len(marks), "every visible 'p. N' must be a page mark"
    assert broken_marks(marks) == []
    linked = {link_target(m["href"])[0].name for m in marks}
    assert linked == {"načrt 2031.pdf", "načrt 2032.pdf"}
    # the hover text is the text printed on that page: an entry title's mark shows the title
    assert any(m["title"] == "Poletna šola sodelovanja" for m in marks)


def test_report_page_links_are_relative_and_escaped(linked_report):
    text = linked_report.read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="page" href="([^"]+)"', text)
    assert hrefs and all(h.startswith("../pdfs/na%C4%8Drt%20203") and "#page=" in h for h in hrefs)
    assert "<script>alert(1)</script>" not in text and "<b>krepko</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_report_without_known_pdfs_keeps_plain_marks(tmp_path):
    rec = Record(document=Document(id="bare"), entries=[
        Entry(title="Naslov", provenance=[Fragment(page=3, bbox=(1, 2, 3, 4), text='Naslov "<i>"')])])
    text = write_report([rec], tmp_path).read_text(encoding="utf-8")
    assert '<span class="page" title="Naslov &#34;&lt;i&gt;&#34;">p. 3</span>' in text
    assert '<a class="page"' not in text
@needs_chromium
def test_report_plan_full_of_markup_and_script_is_inert_in_chromium(tmp_path):
    from pipeline.batch.runner import run_batch
    from tests.hostile import MARKUP_ITEMS, MARKUP_TITLES, plan_with_texts

    (tmp_path / "markup.pdf").write_bytes(plan_with_texts(MARKUP_TITLES, MARKUP_ITEMS))
    out = tmp_path / "out"
    assert run_batch([tmp_path / "markup.pdf"], out, progress=False).ok
    dom = dump_dom(out / "report.html")
    assert "</html>" in dom  # the page rendered
    assert "data-pwned=" not in dom  # no injected script ran, no injected handler fired
    assert "<img src=\"x\"" not in dom and "<svg onload" not in dom and "<b>krepko</b>" not in dom
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    for t in MARKUP_TITLES + MARKUP_ITEMS:
        assert t in text  # shown as the text it is
