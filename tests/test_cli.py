"""The ``ldn`` command line in-process: exit statuses, messages naming file and reason, help texts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.pdfs import bad_batch, mini_plan_pdf

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
