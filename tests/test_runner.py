"""Batch runs: bad files fail alone, good files are written, outputs are atomic, reruns reuse."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch.runner import output_names, remove_temporaries, run_batch
from pipeline.files import write_text_atomic
from pipeline.models import load_record
from pipeline.models.run import RunFile
from tests.pdfs import (
    bad_batch,
    encrypted_copy,
    image_only_pdf,
    mini_plan_pdf,
    outputs_of,
    smallest_corpus_pdf,
)

ROOT = Path(__file__).resolve().parents[1]
def test_runner_bad_inputs_fail_alone_and_good_files_are_written(tmp_path):
    expected = bad_batch(tmp_path / "in")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", progress=False)
    by_name = {Path(f.path).name: f for f in summary.files}
    assert not summary.ok
    for name, (code, reason) in expected.items():
        f = by_name[name]
        assert (f.status, f.code) == ("failed", code), f.message
        assert str(tmp_path / "in" / name) in f.message and reason in f.message
        assert not (tmp_path / "out" / f"{Path(name).stem}.json").exists()
    for name in ("plan-a.pdf", "plan-b.pdf"):
        assert by_name[name].status == "ok"
        record = load_record(tmp_path / "out" / by_name[name].output)
        assert record.entries and record.sections
    run = RunFile.model_validate_json((tmp_path / "out" / "run.json").read_text())
    assert [Path(f.path).name for f in run.files] == sorted(expected | {"plan-a.pdf": 0, "plan-b.pdf": 0})
    assert run.totals["failed"] == len(expected) and run.totals["ok"] == 2
    assert all(f.sha256 and len(f.sha256) == 64 for f in run.files if f.path.endswith("truncated.pdf"))
    docs = (tmp_path / "out" / "tables" / "documents.csv").read_text()
    assert "plan-a" in docs and "plan-b" in docs and "recipe" not in docs
    assert (tmp_path / "out" / "report.html").stat().st_size > 0


def test_runner_encrypted_file_opens_with_password(tmp_path):
    (tmp_path / "locked.pdf").write_bytes(encrypted_copy(mini_plan_pdf(1), "skrivnost"))
    summary = run_batch([tmp_path / "locked.pdf"], tmp_path / "out", password="skrivnost", progress=False)
    assert summary.ok and summary.files[0].counts["entries"] == 2


@pytest.mark.parametrize("source, module, function", [
    ("pdfplumber", "pipeline.read.sources.pdfplumber", "page_to_words"),
    ("pdfium", "pipeline.read.sources.pdfium", "group_chars"),
])
def test_runner_failed_page_is_a_gap_in_a_partial_record(tmp_path, monkeypatch, source, module, function):
    import importlib

    source_mod = importlib.import_module(module)
    real = getattr(source_mod, function)

    def flaky(first, number, *rest):
        if number == 2:
            raise ValueError("damaged content stream")
        return real(first, number, *rest)

    monkeypatch.setattr(source_mod, function, flaky)
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(3))
    summary = run_batch([tmp_path / "plan.pdf"], tmp_path / "out", progress=False, source=source)
    f = summary.files[0]
    assert (f.status, f.failed_pages, summary.ok) == ("partial", [2], False)
    assert "pages 2 not read" in f.message
    record = load_record(tmp_path / "out" / "plan.json")
    gaps = [i for i in record.issues if i.code == "page_failed"]
    assert [i.page for i in gaps] == [2] and "damaged content stream" in gaps[0].message
    assert record.entries  # the other pages' entries are kept


def test_runner_rerun_reuses_unchanged_inputs_and_force_redoes_them(tmp_path):
    for n in (1, 2):
        (tmp_path / f"plan-{n}.pdf").write_bytes(mini_plan_pdf(n))
    out = tmp_path / "out"
    first = run_batch([tmp_path], out, progress=False)
    assert [f.reused for f in first.files] == [False, False]
    before = outputs_of(out)
    (tmp_path / "plan-2.pdf").write_bytes(mini_plan_pdf(3))  # changed content: redone
    second = run_batch([tmp_path], out, progress=False)
    assert [f.reused for f in second.files] == [True, False]
    assert second.files[1].pages == 3 and second.files[0].sha256 == first.files[0].sha256
    assert outputs_of(out)["plan-1.json"] == before["plan-1.json"]
    assert "plan-1" in (out / "tables" / "documents.csv").read_text()  # reused records still in the tables
    third = run_batch([tmp_path], out, force=True, progress=False)
    assert [f.reused for f in third.files] == [False, False]


def test_runner_file_that_turns_bad_loses_its_old_record(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(mini_plan_pdf(1))
    run_batch([path], tmp_path / "out", progress=False)
    assert (tmp_path / "out" / "plan.json").exists()
    path.write_bytes(b"")
    summary = run_batch([path], tmp_path / "out", progress=False)
    assert summary.files[0].status == "failed"
    assert not (tmp_path / "out" / "plan.json").exists()


@pytest.mark.parametrize("stems, names", [
    (["a", "b"], ["a.json", "b.json"]),
    (["a", "A", "a"], ["a.json", "A~2.json", "a~3.json"]),
])
def test_runner_output_names_are_unique(stems, names):
    assert output_names([Path(f"d{i}") / f"{s}.pdf" for i, s in enumerate(stems)]) == names


def test_runner_write_atomic_failing_halfway_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "rec.json"
    target.write_text('{"old": true}')

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_text_atomic(target, json.dumps({"new": "x" * 100000}))
    assert target.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["rec.json"]


KILLED_RUN = """
import os, sys, time
from pathlib import Path
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    Path(sys.argv[3]).touch()   # the record is half-way: in its temporary file, not renamed
    time.sleep(60)
os.fsync = slow_fsync
from pipeline.batch.runner import run_batch
run_batch([Path(sys.argv[1])], Path(sys.argv[2]), progress=False)
"""


def test_runner_killed_mid_write_leaves_no_partial_output(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.pdf").write_bytes(mini_plan_pdf(2))
    out, marker = tmp_path / "out", tmp_path / "writing"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(tmp_path / "in"), str(out), str(marker)], cwd=ROOT)
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the run never reached the write"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    visible = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    assert visible == []  # no record, no run.json, no tables: nothing half-written under a real name
    assert [p.name for p in out.iterdir()][0].endswith(".tmp")
    summary = run_batch([tmp_path / "in"], out, progress=False)  # the next run cleans up and completes
    assert summary.ok and not list(out.glob(".*.tmp"))
    assert load_record(out / "plan.json").entries


def test_runner_remove_temporaries_only_touches_temporaries(tmp_path):
    (tmp_path / "tables").mkdir()
    keep = [tmp_path / "a.json", tmp_path / "tables" / "x.csv"]
    drop = [tmp_path / ".a.json.k3j.tmp", tmp_path / "tables" / ".x.csv.9a.tmp"]
    for p in keep + drop:
        p.write_text("x")
    assert sorted(remove_temporaries(tmp_path)) == sorted(drop)
    assert all(p.exists() for p in keep) and not any(p.exists() for p in drop)


@pytest.mark.slow
def test_runner_two_workers_write_the_same_outputs_as_one(tmp_path):
    bad_batch(tmp_path / "in")
    corpus = smallest_corpus_pdf()
    (tmp_path / "in" / corpus.name).write_bytes(corpus.read_bytes())
    one = run_batch([tmp_path / "in"], tmp_path / "w1", workers=1, progress=False)
    two = run_batch([tmp_path / "in"], tmp_path / "w2", workers=2, progress=False)
    assert [(f.path, f.status, f.code, f.message, f.counts) for f in one.files] == \
           [(f.path, f.status, f.code, f.message, f.counts) for f in two.files]
    a, b = outputs_of(tmp_path / "w1"), outputs_of(tmp_path / "w2")
    assert sorted(a) == sorted(b) and f"{corpus.stem}.json" in a
    assert [k for k in a if a[k] != b[k]] == []


def test_runner_image_only_page_of_a_text_plan_is_a_gap(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (mini_plan_pdf(1), image_only_pdf(tmp_path, pages=1)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    with open(tmp_path / "mixed.pdf", "wb") as fh:
        writer.write(fh)
    summary = run_batch([tmp_path / "mixed.pdf"], tmp_path / "out", progress=False)
    f = summary.files[0]
    assert (f.status, f.failed_pages, f.pages) == ("partial", [2], 2)
    issues = load_record(tmp_path / "out" / "mixed.json").issues
    assert [(i.code, i.page) for i in issues if i.stage == "ingest"] == [("page_no_text", 2)]


def test_runner_ctrl_c_keeps_finished_files_for_the_next_run(tmp_path, monkeypatch):
    import pipeline.batch.executors as executors_mod

    for n in (1, 2, 3):
        (tmp_path / f"plan-{n}.pdf").write_bytes(mini_plan_pdf(n))
    real = executors_mod.extract_file

    def interrupted(path, settings, on_page=None):
        if path.endswith("plan-2.pdf"):
            raise KeyboardInterrupt
        return real(path, settings, on_page=on_page)

    monkeypatch.setattr(executors_mod, "extract_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch([tmp_path], tmp_path / "out", progress=False)
    run = RunFile.model_validate_json((tmp_path / "out" / "run.json").read_text())
    assert [Path(f.path).name for f in run.files] == ["plan-1.pdf"]
    monkeypatch.setattr(executors_mod, "extract_file", real)
    summary = run_batch([tmp_path], tmp_path / "out", progress=False)
    assert [f.reused for f in summary.files] == [True, False, False] and summary.ok


PARENT_MODULES = """
import sys
from pathlib import Path
from pipeline.batch import executors
from pipeline.batch.runner import run_batch

heavy = ("spacy", "pdfplumber", "pypdfium2", "pikepdf", "pandas", "pyarrow", "duckdb")
seen = []
real = executors._drive
def watched(*args):  # what this process holds while its child reads the files
    for item in real(*args):
        seen.append(sorted(m for m in heavy if m in sys.modules))
        yield item
executors._drive = watched
summary = run_batch([Path(sys.argv[1])], Path(sys.argv[2]), progress=False)
print(summary.ok, seen, "spacy" in sys.modules)
"""


def test_runner_parent_holds_no_reader_nlp_or_table_library_while_its_child_reads(tmp_path):
    # a forked child counts again what its parent holds; the tables are written once the child has ended
    (tmp_path / "in").mkdir()
    for n in (1, 2):
        (tmp_path / "in" / f"plan-{n}.pdf").write_bytes(mini_plan_pdf(n))
    done = subprocess.run([sys.executable, "-c", PARENT_MODULES, str(tmp_path / "in"), str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.stdout.split("\n")[-2] == "True [[], []] False", done.stderr[-2000:]


def test_runner_report_built_while_reading_equals_the_one_built_at_the_end(tmp_path):
    """A pool builds the report's context once the documents it details are in; it must be the same report."""
    from pipeline.batch.runner import BatchOutputs
    from pipeline.outputs.report import DEFAULT_DETAIL_DOCUMENTS
    from pipeline.outputs.tables import CHUNK_DOCUMENTS

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.pdf").write_bytes(mini_plan_pdf())
    run_batch([tmp_path / "in"], tmp_path / "one", progress=False)
    text = (tmp_path / "one" / "plan.json").read_text(encoding="utf-8")
    n = DEFAULT_DETAIL_DOCUMENTS + 2 * CHUNK_DOCUMENTS
    ready = -(-DEFAULT_DETAIL_DOCUMENTS // CHUNK_DOCUMENTS) * CHUNK_DOCUMENTS - 1  # the chunk holding the 25th is written
    reports = {}
    for stream in (True, False):
        out = tmp_path / f"stream-{stream}"
        out.mkdir()
        outputs = BatchOutputs(out, stream=stream)
        for i in range(n):
            path = out / f"plan-{i:02d}.json"
            path.write_text(text, encoding="utf-8")
            outputs.offer(i, path, text, tmp_path / "in" / f"plan-{i:02d}.pdf")
            assert (outputs.report is not None) == (stream and i >= ready)  # while later files are still read
        assert outputs.finish() is None
        reports[stream] = (out / "report.html").read_text(encoding="utf-8")
    assert reports[True] == reports[False]
    assert f"Details of the first {DEFAULT_DETAIL_DOCUMENTS} of {n} documents" in reports[True]
    assert reports[True].count('href="../in/plan-') > DEFAULT_DETAIL_DOCUMENTS - 1
