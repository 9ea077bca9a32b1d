"""The ``ldn`` command line in-process: exit statuses, messages naming file and reason, help texts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.pdfs import bad_batch, mini_plan_pdf
from tests.records import ORG, bad_record_files, write_plan

ROOT = Path(__file__).resolve().parents[1]

runner = CliRunner()


def test_cli_run_bad_batch_exits_1_naming_each_file_and_reason(tmp_path):
    expected = bad_batch(tmp_path / "in")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    for name, (code, reason) in expected.items():
        line = next(ln for ln in lines if ln.startswith("failed:") and f"{name}:" in ln)
        assert str(tmp_path / "in" / name) in line and f"[{code}]" in line and reason in line
    assert (tmp_path / "out" / "plan-a.json").exists() and (tmp_path / "out" / "plan-b.json").exists()
    for column in ("file", "status", "pages", "entries", "seconds"):
        assert column in result.output
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert {f["status"] for f in run["files"]} == {"ok", "failed"}


def test_cli_run_good_batch_exits_0_and_rerun_reports_unchanged(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    args = ["run", str(tmp_path / "plan.pdf"), "--out", str(tmp_path / "out"), "--no-progress"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and "ok (unchanged)" in second.output
    third = runner.invoke(app, args + ["--force"])
    assert third.exit_code == 0 and "unchanged" not in third.output


@pytest.mark.parametrize("extra, message", [
    (["--executor", "cloud"], "unknown executor"),
    (["--executor", "dask"], "--scheduler"),
    (["--workers", "0"], "Usage"),
])
def test_cli_run_usage_errors_exit_2(tmp_path, extra, message):
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    result = runner.invoke(app, ["run", str(tmp_path / "plan.pdf"), "--out", str(tmp_path / "out"),
                                 "--no-progress", *extra])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_run_missing_input_exits_2(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere.pdf"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "nowhere.pdf" in result.output and "no such file" in result.output


def test_cli_run_folder_without_pdfs_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no PDF files found" in result.output


@pytest.mark.parametrize("command", ["run", "bench"])
def test_cli_commands_have_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--out" in result.output and len(result.output.splitlines()) > 5


# ------------------------------------------------------------------ doors: --out and compare inputs

LONG = "x" * 300  # longer than a file name may be


def error_line(output: str, code: str) -> str:
    """Return the one output line carrying the error code (the message is never wrapped)."""
    lines = [ln for ln in output.splitlines() if f"[{code}]" in ln]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def unusable_outs(tmp_path):
    """Output locations that cannot be created: under a file, a file itself, a name too long."""
    (tmp_path / "file").write_text("not a folder")
    return {
        "under-a-file": (tmp_path / "file" / "out", "exists and is not a folder"),
        "a-file": (tmp_path / "file", "exists and is not a folder"),
        "name-too-long": (tmp_path / "new" / LONG, "File name too long"),
    }


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"") for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("case", ["under-a-file", "a-file", "name-too-long"])
def test_cli_run_unusable_out_exits_2_and_writes_nothing(tmp_path, case):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "plan.pdf").write_bytes(mini_plan_pdf(1))
    out, reason = unusable_outs(tmp_path)[case]
    before = tree(tmp_path)
    result = runner.invoke(app, ["run", str(inputs / "plan.pdf"), "--out", str(out), "--no-progress"])
    assert result.exit_code == 2, result.output
    line = error_line(result.output, "E500")
    assert line.startswith(f"error: {out}: ") and reason in line
    assert tree(tmp_path) == before  # no record, no run.json, no folder "new"


@pytest.mark.parametrize("case", ["under-a-file", "a-file", "name-too-long"])
def test_cli_compare_unusable_out_exits_2_and_writes_nothing(tmp_path, case):
    a, b = write_plan(tmp_path / "ldn-2030.json", 2030), write_plan(tmp_path / "ldn-2031.json", 2031)
    out, reason = unusable_outs(tmp_path)[case]
    before = tree(tmp_path)
    result = runner.invoke(app, ["compare", str(a), str(b), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert reason in error_line(result.output, "E500") and str(out) in result.output
    assert tree(tmp_path) == before


@pytest.mark.parametrize("out, reason", [("folder", "it is a folder"), ("file/bench.json", "exists and is not a folder")])
def test_cli_bench_unusable_out_exits_2_before_measuring(tmp_path, out, reason):
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("not a folder")
    before = tree(tmp_path)
    result = runner.invoke(app, ["bench", str(tmp_path / "plan.pdf"), "--out", str(tmp_path / out), "--scale", "0"])
    assert result.exit_code == 2, result.output
    assert reason in error_line(result.output, "E500") and str(tmp_path / out) in result.output
    assert tree(tmp_path) == before


@pytest.mark.parametrize("name", sorted(bad_record_files()))
def test_cli_compare_bad_record_exits_2_naming_file_and_reason(tmp_path, name):
    data, code, reason = bad_record_files()[name]
    (tmp_path / name).write_bytes(data)
    good = write_plan(tmp_path / "ldn-2030.json", 2030)
    result = runner.invoke(app, ["compare", str(good), str(tmp_path / name), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    line = error_line(result.output, code)
    assert line.startswith(f"error: {tmp_path / name}: ") and reason in line
    assert not (tmp_path / "out").exists()


def _same_file(t):
    a = write_plan(t / "ldn-2030.json", 2030)
    return [a, a], "E415", "the same file is given twice"


def _same_plan(t):
    a = write_plan(t / "ldn-2030.json", 2030)
    (t / "kopija.json").write_bytes(a.read_bytes())
    return [a, t / "kopija.json"], "E415", "the same plan is given twice"


def _same_year(t):
    a = write_plan(t / "ldn-2030.json", 2030)
    b = write_plan(t / "ldn-2030-b.json", 2030, titles=("Drugi projekt",))
    return [a, b], "E416", f"are both plans of {ORG} for 2030"


def _one_file(t):
    return [write_plan(t / "ldn-2030.json", 2030)], "E417", "found 1"


def _thin_folder(t):
    write_plan(t / "records" / "ldn-2030.json", 2030)
    (t / "records" / "run.json").write_text('{"files": []}')
    return [t / "records"], "E417", "found 1 (skipped 1 JSON file that is not a record: run.json)"


def _empty_folder(t):
    (t / "records").mkdir()
    return [t / "records"], "E417", "found 0"


@pytest.mark.parametrize("case", [_same_file, _same_plan, _same_year, _one_file, _thin_folder, _empty_folder])
def test_cli_compare_records_that_are_not_two_years_exit_2(tmp_path, case):
    paths, code, reason = case(tmp_path)
    result = runner.invoke(app, ["compare", *map(str, paths), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    line = error_line(result.output, code)
    assert reason in line and str(paths[-1]) in line
    assert not (tmp_path / "out").exists()


def test_cli_compare_reads_a_later_minor_format_version(tmp_path):
    a = write_plan(tmp_path / "ldn-2030.json", 2030)
    data = json.loads(a.read_text(encoding="utf-8"))
    data.update(format_version="1.4", added_later={"x": 1})
    data["document"]["year"] = 2031
    b = tmp_path / "ldn-2031.json"
    b.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(a), str(b), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    comparison = json.loads((tmp_path / "out" / "compare-2030-2031.json").read_text(encoding="utf-8"))
    assert [p["status"] for p in comparison["pairs"]] == ["continuing"]


@pytest.mark.parametrize("args, code, reason", [
    (["compare", "{a}", "{bad}", "--out", "{out}"], "E413", "not an ldn record: document: Field required"),
    (["run", "{pdf}", "--out", "{file}/out", "--no-progress"], "E500", "exists and is not a folder"),
])
def test_cli_subprocess_python_m_pipeline_door_errors(tmp_path, args, code, reason):
    a = write_plan(tmp_path / "ldn-2030.json", 2030)
    (tmp_path / "bad.json").write_text('{"a": 1}')
    (tmp_path / "plan.pdf").write_bytes(mini_plan_pdf(1))
    (tmp_path / "file").write_text("not a folder")
    names = {"a": a, "bad": tmp_path / "bad.json", "out": tmp_path / "out", "pdf": tmp_path / "plan.pdf",
             "file": tmp_path / "file"}
    before = tree(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "pipeline", *(x.format(**names) for x in args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    (line,) = proc.stderr.splitlines()  # one line, no traceback
    assert f"[{code}]" in line and reason in line and (str(names["bad"]) in line or f"{names['file']}/out" in line)
    assert tree(tmp_path) == before


def test_cli_schema_unusable_out_exits_2(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = runner.invoke(app, ["schema", "--out", str(tmp_path / "file" / "schemas")])
    assert result.exit_code == 2, result.output
    assert "exists and is not a folder" in error_line(result.output, "E500")
    assert tree(tmp_path) == {"file": b"not a folder"}


def test_cli_compare_write_failure_is_one_line(tmp_path, monkeypatch):
    import errno

    import pipeline.compare.tables as tables

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "compare_projects.parquet"))

    monkeypatch.setattr(tables, "write_tables", full)
    a, b = write_plan(tmp_path / "ldn-2030.json", 2030), write_plan(tmp_path / "ldn-2031.json", 2031)
    result = runner.invoke(app, ["compare", str(a), str(b), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    line = error_line(result.output, "E500")
    assert "compare_projects.parquet" in line and "No space left on device" in line
