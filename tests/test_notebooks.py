"""The analyst notebooks run top to bottom (nbclient) on tables written from the gold records,
with and without the comparison tables, and on outputs/ when a run has left tables there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from pipeline.models import load_record  # noqa: E402
from pipeline.outputs.tables import write_tables  # noqa: E402
from tests.paths import GOLD_DIR

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GOLD = GOLD_DIR
GOLD_FILES = ["ldn-2025-synthetic.json", "ldn-2026.json"]


def kernel_manager():
    """Return a kernel manager that starts this interpreter's ipykernel, whatever kernel specs exist."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    km.kernel_spec.argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    return km


def execute(notebook: Path, outputs: Path, monkeypatch, compare: Path | None = None):
    """Given a notebook and a run folder, execute the notebook on it and return the executed notebook."""
    monkeypatch.setenv("LDN_OUTPUTS", str(outputs))
    if compare is not None:
        monkeypatch.setenv("LDN_COMPARE", str(compare))
    else:
        monkeypatch.delenv("LDN_COMPARE", raising=False)
    nb = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(nb, km=kernel_manager(), timeout=180,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return nb


def text_outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def gold_run(tmp_path_factory) -> Path:
    missing = [f for f in GOLD_FILES if not (GOLD / f).exists()]
    if missing:
        pytest.skip(f"gold files missing: {missing}")
    out = tmp_path_factory.mktemp("run")
    write_tables([load_record(GOLD / f) for f in GOLD_FILES], out)
    return out


def test_notebooks_are_committed_without_outputs():
    books = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert {p.stem for p in books} >= {"targets_by_area", "year_changes"}
    for path in books:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name


def test_notebooks_targets_by_area_runs(gold_run, monkeypatch):
    nb = execute(NOTEBOOKS / "targets_by_area.ipynb", gold_run, monkeypatch)
    text = text_outputs(nb)
    assert str(gold_run.resolve()) in text
    assert "ZAGOVORNIŠTVO MLADINSKEGA DELA" in text  # an area of both gold plans, in the pivot


def test_notebooks_year_changes_runs_without_compare_tables(gold_run, monkeypatch):
    nb = execute(NOTEBOOKS / "year_changes.ipynb", gold_run, monkeypatch)
    text = text_outputs(nb)
    assert "no compare_changes.parquet" in text
    assert "titles only in 2025" in text


def test_notebooks_year_changes_reads_compare_tables(gold_run, monkeypatch):
    compare = pytest.importorskip("pipeline.compare.run")
    out = gold_run / "compare"
    compare.run_compare([GOLD / f for f in GOLD_FILES], out)
    assert (out / "compare_changes.parquet").exists()
    nb = execute(NOTEBOOKS / "year_changes.ipynb", gold_run, monkeypatch, compare=out)
    text = text_outputs(nb)
    assert "compare_changes.parquet" in text and "no compare_changes.parquet" not in text
    assert "2025-2026" in text


@pytest.mark.parametrize("notebook", ["targets_by_area.ipynb", "year_changes.ipynb"])
def test_notebooks_run_on_outputs(notebook, monkeypatch):
    outputs = ROOT / "outputs"
    if not (outputs / "tables" / "entries.parquet").exists():
        pytest.skip("no tables in outputs/ (run `ldn run … --out outputs` first)")
    execute(NOTEBOOKS / notebook, outputs, monkeypatch)
