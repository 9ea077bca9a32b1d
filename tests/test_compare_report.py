"""The comparison report opened in headless Chromium: the counts are there and the page is offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.compare.run import run_compare
from tests.browser import chromium_path, dump_dom, screenshot
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
