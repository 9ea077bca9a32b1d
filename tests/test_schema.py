"""Tests of pipeline.outputs.schema: generated JSON Schema files and their freshness in schemas/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.models import load_record
from pipeline.outputs.schema import schemas, write_schemas
from tests.paths import GOLD_DIR

COMMITTED = Path(__file__).resolve().parents[1] / "schemas"
GOLD = GOLD_DIR


def test_schema_committed_files_are_fresh():
    fresh = schemas()
    assert "record.schema.json" in fresh
    committed = {p.name for p in COMMITTED.glob("*.schema.json")}
    assert committed == set(fresh), "schemas/ differs from the models: run `ldn schema`"
    for name, schema in fresh.items():
        on_disk = json.loads((COMMITTED / name).read_text(encoding="utf-8"))
        assert on_disk == schema, f"schemas/{name} is stale: run `ldn schema`"


def test_schema_write_schemas_writes_what_it_returns(tmp_path):
    paths = write_schemas(tmp_path)
    assert sorted(p.name for p in paths) == sorted(p.name for p in tmp_path.iterdir())
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["$schema"].startswith("https://json-schema.org/")
        assert data["$id"] == path.name


@pytest.mark.parametrize("definition, required", [
    ("Entry", "title"),
    ("Target", "source"),
    ("Fragment", "bbox"),
    ("Partner", "name"),
])
def test_schema_record_requires_fields(definition, required):
    record = schemas()["record.schema.json"]
    assert required in record["$defs"][definition]["required"]


def test_schema_accepts_a_dumped_gold_record():
    jsonschema = pytest.importorskip("jsonschema")
    if not (GOLD / "ldn-2026.json").exists():
        pytest.skip("gold file missing")
    record = load_record(GOLD / "ldn-2026.json")
    jsonschema.validate(json.loads(record.model_dump_json()), schemas()["record.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"document": {"id": "x"}, "entries": [{"section": "1"}]},
                            schemas()["record.schema.json"])
