"""Per-file limits: a hostile file is stopped with E106 naming the limit, the batch goes on, the
worker is replaced, and the run's whole process tree stays small."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.batch.limits import Limits, check_page_chars
from pipeline.batch.runner import run_batch
from pipeline.errors import LimitError
from pipeline.models.run import RunFile
from pipeline.read.inflate import page_over_content_limit
from tests.hostile import nested_forms_pdf, tiny_chars_pdf, zlib_bomb_pdf
from tests.pdfs import mini_plan_pdf, smallest_corpus_pdf

ROOT = Path(__file__).resolve().parents[1]
MIB = 1 << 20


def _tree_memory(proc: psutil.Process) -> tuple[float, float]:
    """Return (sum of PSS, sum of RSS) in MiB over a process and its children."""
    pss = rss = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
            pss, rss = pss + info.pss, rss + info.rss
        except psutil.Error:
            pass
    return pss / MIB, rss / MIB


def test_limits_zlib_bomb_beside_a_corpus_plan_fails_alone_and_the_tree_stays_small(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    corpus = smallest_corpus_pdf()
    (folder / corpus.name).write_bytes(corpus.read_bytes())
    (folder / "bomb.pdf").write_bytes(zlib_bomb_pdf(inflated_mib=256))  # 256 MiB of operators in ~0.6 MB
    assert (folder / "bomb.pdf").stat().st_size < 2 * MIB
    out = tmp_path / "out"
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--no-progress"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak_pss = peak_rss = 0.0
    while proc.poll() is None:
        pss, rss = _tree_memory(ps)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.05)
    seconds = time.monotonic() - t0
    stderr = proc.stderr.read().decode()
    print(f"bomb run: {seconds:.1f} s, peak tree PSS {peak_pss:.0f} MiB, RSS {peak_rss:.0f} MiB")
    assert proc.returncode == 1, stderr
    assert 0 < peak_pss < 1024
    run = RunFile.model_validate_json((out / "run.json").read_text())
    by_name = {Path(f.path).name: f for f in run.files}
    bomb, good = by_name["bomb.pdf"], by_name[corpus.name]
    assert (bomb.status, bomb.code) == ("failed", "E106")
    assert "page-content limit" in bomb.message and "--max-page-content-mib" in bomb.message
    assert bomb.seconds < Limits.from_settings({}).seconds_for(bomb.pages)  # stopped by the check, not the clock
    assert good.status == "ok" and (out / good.output).is_file() and good.counts["entries"] > 0
    assert "E106" in stderr


def test_limits_inflate_bounds_nested_and_recursive_forms(tmp_path):
    cases = {"laughs.pdf": nested_forms_pdf(depth=30, fan_out=2), "loop.pdf": nested_forms_pdf(3, 1, recursive=True),
             "fine.pdf": nested_forms_pdf(3, 1), "bomb.pdf": zlib_bomb_pdf(20)}
    found = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        found[name] = page_over_content_limit(tmp_path / name, 16 * MIB)
    assert found == {"laughs.pdf": (1, 1), "loop.pdf": (1, 1), "fine.pdf": (1, None), "bomb.pdf": (1, 1)}
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(2))
    assert page_over_content_limit(tmp_path / "plan.pdf", 64 * 1024) == (2, None)
    assert page_over_content_limit(tmp_path / "plan.pdf", 100) == (2, 1)
    (tmp_path / "not.pdf").write_bytes(b"plain text")
    assert page_over_content_limit(tmp_path / "not.pdf", 100) == (None, None)  # ingest says what it is


def test_limits_page_characters_are_bounded_before_the_layout(tmp_path):
    limits = Limits.from_settings({"max_page_chars": 1000})
    check_page_chars("x.pdf", [10, 1000, 3], limits)
    with pytest.raises(LimitError) as exc:
        check_page_chars("x.pdf", [10, 1001], limits)
    assert (exc.value.code, exc.value.page, exc.value.figure) == ("E106", 2, 1001)
    (tmp_path / "dust.pdf").write_bytes(tiny_chars_pdf(100_000))
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    summary = run_batch([tmp_path], tmp_path / "out", progress=False)
    dust, plan = summary.files
    assert (dust.code, plan.status) == ("E106", "ok")
    assert "page 1 draws 100000 characters" in dust.message and "--max-page-chars" in dust.message


def test_limits_a_file_past_its_time_is_killed_and_the_worker_replaced(tmp_path, monkeypatch):
    import pipeline.batch.executors as executors_mod

    real = executors_mod.extract_file

    def stuck(path, settings, on_page=None):
        if path.endswith("stuck.pdf"):
            from pipeline.batch import worker

            worker._tell_pages(1)  # as the real extraction does once it has opened the file
            time.sleep(600)
        return real(path, settings, on_page=on_page)

    monkeypatch.setattr(executors_mod, "extract_file", stuck)  # the forked child runs it
    for name in ("a.pdf", "stuck.pdf", "z.pdf"):
        (tmp_path / name).write_bytes(mini_plan_pdf(1))
    summary = run_batch([tmp_path], tmp_path / "out", progress=False,
                        limits={"max_seconds_per_page": 1.0, "max_seconds_base": 2.0})
    a, stuck_f, z = summary.files
    assert (a.status, z.status) == ("ok", "ok")  # the file after the kill ran in a new worker
    assert (stuck_f.status, stuck_f.code) == ("failed", "E106")
    assert "over the time limit" in stuck_f.message and "--max-seconds-per-page" in stuck_f.message
    assert "limit 3 s = 2 s + 1 s a page x 1 pages" in stuck_f.message


def test_limits_a_worker_past_its_memory_is_killed(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    summary = run_batch([tmp_path], tmp_path / "out", progress=False, limits={"max_memory_mib": 1})
    f = summary.files[0]
    assert (f.status, f.code) == ("failed", "E106")
    assert "over the memory limit" in f.message and "limit 1 MiB" in f.message and "--max-memory-mib" in f.message


def test_limits_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LDN_MAX_SECONDS_PER_PAGE", "3")
    monkeypatch.setenv("LDN_MAX_MEMORY_MIB", "512")
    limits = Limits.from_settings({})
    assert (limits.seconds_per_page, limits.memory_mib) == (3.0, 512)
    assert limits.seconds_for(10) == limits.seconds_base + 30
    assert Limits.from_settings({"max_seconds_per_page": 0}).seconds_for(10) is None


def test_limits_pages_read_through_ocr_get_their_own_allowance():
    from pipeline.batch.limits import time_error

    limits = Limits.from_settings({"max_seconds_per_page": 2, "max_seconds_per_ocr_page": 30})
    assert limits.seconds_for(10, 4) == limits.seconds_base + 20 + 120
    assert limits.seconds_for(10) == limits.seconds_base + 20
    assert "30 s an OCR page x 4" in time_error("scan.pdf", 500.0, limits, 10, 4).message


def test_limits_tree_memory_counts_grandchildren_and_a_gone_process_is_zero():
    """The parent's watch reads /proc for the tree alone: it must see a grandchild (tesseract under a worker)."""
    from pipeline.batch.limits import tree_rss_mib

    code = ("import subprocess, sys, time; "
            "g = subprocess.Popen([sys.executable, '-c', 'import time; b = bytearray(80 << 20); time.sleep(30)']); "
            "print(g.pid, flush=True); time.sleep(30)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        grandchild = psutil.Process(int(child.stdout.readline()))
        deadline = time.monotonic() + 20
        while grandchild.memory_info().rss < 80 * MIB and time.monotonic() < deadline:
            time.sleep(0.05)
        expected = sum(p.memory_info().rss for p in (psutil.Process(child.pid), grandchild)) / MIB
        measured = tree_rss_mib(child.pid)
        assert measured >= 80 + psutil.Process(child.pid).memory_info().rss / MIB - 1
        assert abs(measured - expected) < 5
    finally:
        for p in psutil.Process(child.pid).children(recursive=True):
            p.kill()
        child.kill()
        child.wait()
    assert tree_rss_mib(child.pid) == 0.0
