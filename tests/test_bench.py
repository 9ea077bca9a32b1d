"""``ldn bench`` writes a well-formed result JSON (shape only: no timed assertions)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.batch.scale import parse_scale, replicate
from pipeline.cli import app
from pipeline.errors import ConfigError
from tests.pdfs import mini_plan_pdf

STAGES = {"ingest", "ocr", "layout", "structure", "fields", "records", "export"}


@pytest.mark.slow
def test_bench_writes_well_formed_json_on_a_tiny_input(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(2))
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["bench", str(tmp_path / "plan.pdf"), "--out", str(out), "--scale", "small",
                                      "--scale-repeat", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["pages"] == 2 and len(data["documents"]) == 1
    assert set(data["stages_s"]) == STAGES and set(data["documents"][0]["stages_s"]) == STAGES
    for key in ("ratio_vs_pdfplumber", "ratio_vs_pdfium_chars", "pages_per_s", "peak_rss_mib", "nlp_load_s",
                "pdfplumber_s", "pdfium_chars_s", "workers_speedup"):
        assert isinstance(data[key], (int, float)) and data[key] > 0, key
    runs = data["scale"]["runs"]
    assert set(runs) == {"2_files_1_workers", "2_files_2_workers", "4_files_1_workers", "4_files_2_workers"}
    assert all(r["exit_status"] == 0 and r["ok"] == r["files"] for r in runs.values())
    assert all(len(r["seconds_all"]) == 2 and r["seconds"] == min(r["seconds_all"]) for r in runs.values())
    assert len(data["scale"]["workers_speedup_each"]) == 2
    assert set(data["scale"]["peak_rss_mib"]) == {"2", "4"}
    if "skipped" not in data["scale"]["dask"]:
        assert data["scale"]["dask"]["exit_status"] == 0 and data["scale"]["dask"]["files"] == 2


@pytest.mark.parametrize("value, files", [("small", 4), ("SMALL", 4), ("200", 200), ("0", 0), (50, 50)])
def test_bench_parse_scale(value, files):
    assert parse_scale(value) == files


def test_bench_parse_scale_rejects_words():
    with pytest.raises(ConfigError, match="--scale"):
        parse_scale("huge")


def test_bench_replicate_fills_the_folder_round_robin(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"A")
    b.write_bytes(b"B")
    copies = replicate([a, b], 5, tmp_path / "rep")
    assert [p.read_bytes() for p in copies] == [b"A", b"B", b"A", b"B", b"A"]
    assert len({p.name for p in copies}) == 5


def test_bench_reports_ocr_pages_per_second_on_a_scan(tmp_path, plan_pdf):
    import shutil as _shutil

    import pytest as _pytest

    from pipeline.batch.bench import measure_documents
    from tests.scans import make_scan

    if _shutil.which("tesseract") is None:
        _pytest.skip("tesseract-ocr is not installed")
    scan = make_scan(plan_pdf, tmp_path / "scan.pdf", dpi=150)
    data = measure_documents([scan], repeat=1)
    assert data["ocr_pages"] == data["pages"] == data["documents"][0]["ocr_pages"]
    assert data["ocr_pages_per_s"] > 0 and data["ocr_tesseract_cpu_s"] > 0
    text = measure_documents([plan_pdf], repeat=1)
    assert text["ocr_pages"] == 0 and text["ocr_pages_per_s"] is None
