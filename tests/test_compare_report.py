"""The comparison report opened in headless Chromium: the counts are there and the page is offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.compare.run import run_compare
from tests.browser import chromium_path, dump_dom, screenshot
from tests.pagemarks import broken_marks, link_target, page_marks
from tests.test_compare import entry, record, target

needs_chromium = pytest.mark.skipif(chromium_path() is None, reason="chromium binary not installed (/usr/bin/chromium)")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("compare_report")
    a = record(2025, [
        entry("2.1.1", "Mladim", 2025, targets=[target(0, 20, "mladinski delavec")]),
        entry("2.1.2", "Analiza <centrov>", 2025),
        entry("3.1.1", "Glas mladih!", 2025, ["Zavod Bob"], funders=["NA_MOVIT"]),
    ])
    b = record(2026, [
        entry("2.1.1", "Mladim", 2026, targets=[target(0, 15, "mladinski delavec")]),
        entry("3.1.1", "Glas mladih!", 2026, ["Zavod Bob", "Zavod Ypsilon"], funders=["NA_MOVIT", "URSM"]),
        entry("2.1.2", "Back to the Village", 2026),
        entry("3.1.2", "NVO 360", 2026),
    ])
    paths = []
    for rec in (a, b):
        path = tmp / f"{rec.document.id}.json"
        path.write_text(rec.model_dump_json(), encoding="utf-8")
        paths.append(path)
    run_compare(paths, tmp / "out")
    return tmp / "out" / "report.html"


def test_compare_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)  # plotly.js is inline, nothing is fetched
    assert "Analiza &lt;centrov&gt;" in html  # titles are escaped


@needs_chromium
def test_compare_report_counts_visible_in_chromium(report, tmp_path):
    dom = dump_dom(report)
    counts = dict(re.findall(r'id="count-(\w+)-2025-2026">(\d+)<', dom))
    assert counts == {"continuing": "2", "new": "2", "ended": "1"}
    for text in ("Back to the Village", "Zavod Ypsilon", "URSM", "mladinski delavec", "Projects by year"):
        assert text in dom
    assert "plotly-graph-div" in dom and "main-svg" in dom  # plotly rendered its SVG in the browser
    png = screenshot(report, tmp_path / "report.png")
    assert png.exists() and png.stat().st_size > 10_000


@needs_chromium
def test_compare_report_every_page_mark_links_to_its_pdf_page_in_chromium(two_year_run):
    report = two_year_run["compare"] / "report.html"
    seen = page_marks(report)
    marks = seen["marks"]
    assert marks and seen["visible"] == len(marks), "every visible 'p. N' must be a page mark"
    assert broken_marks(marks) == []
    # new entries link to the later plan, changed ones to both
    assert {link_target(m["href"])[0].name for m in marks} == {"načrt 2031.pdf", "načrt 2032.pdf"}
    text = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_compare_report_marks_are_plain_without_run_json(report):
    text = report.read_text(encoding="utf-8")
    assert '<a class="page"' not in text  # records written by hand: no run.json names their PDFs


def test_compare_sources_resolve_paths_of_run_json(two_year_run, tmp_path, monkeypatch):
    from pipeline.compare.sources import records_to_pdfs

    found = records_to_pdfs([two_year_run["out"]])
    assert {p.name for p in found.values()} == {"načrt 2031.pdf", "načrt 2032.pdf"}
    monkeypatch.chdir(tmp_path)  # absolute paths in run.json do not depend on the folder
    assert records_to_pdfs([two_year_run["out"]]) == found
