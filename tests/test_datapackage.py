"""Tests of pipeline.outputs.datapackage: DIR/datapackage.json validated by frictionless."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extra")

from pipeline.models.tables import table_specs  # noqa: E402
from pipeline.outputs.datapackage import catalogue_to_package  # noqa: E402
from pipeline.outputs.tables import COLUMNS, write_tables  # noqa: E402

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture(scope="module")
def written(gold_records, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("datapackage")
    write_tables(gold_records, out)
    return out


def _validate(descriptor: Path) -> subprocess.CompletedProcess:
    command = [str(FRICTIONLESS)] if FRICTIONLESS.exists() else [sys.executable, "-m", "frictionless"]
    return subprocess.run([*command, "validate", str(descriptor)], capture_output=True, text=True,
                          timeout=300, cwd=descriptor.parent)


def test_datapackage_validates_with_the_frictionless_cli(written):
    proc = _validate(written / "datapackage.json")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert proc.stdout.count("VALID") == len(COLUMNS)


def test_datapackage_of_a_pipeline_run_validates(two_year_run):
    report = frictionless.validate(str(two_year_run["out"] / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_datapackage_describes_every_csv_column(written):
    package = json.loads((written / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(COLUMNS)
    specs = table_specs("run")
    for res in package["resources"]:
        header = list(pd.read_csv(written / res["path"], nrows=0).columns)
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["description"] and f["type"] in {"string", "integer", "number", "boolean", "date"} for f in fields)
        assert res["schema"]["primaryKey"], res["name"]
        assert res["description"] == specs[res["name"]].description
    by_name = {r["name"]: r["schema"] for r in package["resources"]}
    assert {"fields": "item_id", "reference": {"resource": "items", "fields": "item_id"}} in by_name["targets"]["foreignKeys"]
    assert {f["name"]: f["type"] for f in by_name["durations"]["fields"]}["start_date"] == "date"


def _break(src: Path, dst: Path, table: str, edit) -> Path:
    shutil.copytree(src, dst)
    csv = dst / "tables" / f"{table}.csv"
    edit(csv)
    return dst / "datapackage.json"


@pytest.mark.parametrize("table, edit, error", [
    # an item that a target points at is gone: the foreign key fails
    ("items", lambda p: p.write_text("".join(p.read_text(encoding="utf-8").splitlines(True)[:-5]), encoding="utf-8"),
     "foreign-key"),
    # two entries with one id: the primary key fails
    ("entries", lambda p: p.write_text(p.read_text(encoding="utf-8") + p.read_text(encoding="utf-8").splitlines(True)[1],
                                        encoding="utf-8"), "primary-key"),
    # a date that is not one
    ("durations", lambda p: p.write_text(p.read_text(encoding="utf-8").replace(",2026-09-01,", ",jesen,", 1),
                                          encoding="utf-8"), "type-error"),
])
def test_datapackage_validation_catches_broken_tables(written, tmp_path, table, edit, error):
    descriptor = _break(written, tmp_path / "broken", table, edit)
    report = frictionless.validate(str(descriptor))
    assert not report.valid
    assert error in {e[0] for e in report.flatten(["type"])}


def test_datapackage_paths_are_relative_to_the_descriptor():
    package = catalogue_to_package()
    assert all(r["path"].startswith("tables/") and r["path"].endswith(".csv") for r in package["resources"])
    assert package["profile"] == "tabular-data-package"
