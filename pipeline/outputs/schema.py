"""JSON Schema files of the record and comparison formats, generated from the pydantic models.

The committed files in ``schemas/`` are checked against a fresh generation by
``tests/test_schema.py``; run ``ldn schema`` after changing a model.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from pipeline.files import prepare_out_dir, write_atomic

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file stem -> (module, class). A model whose module does not exist yet is left out.
MODELS = {
    "record": ("pipeline.models.record", "Record"),
    "compare": ("pipeline.models.compare", "Comparison"),
}


def _model(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise  # a real import error inside the module must not hide
        return None


def model_to_schema(model: Any, stem: str) -> dict[str, Any]:
    """Given a pydantic model class and a file stem, return its JSON Schema with dialect and id."""
    schema = model.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": f"{stem}.schema.json", **schema}


def schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of every available boundary model, by file name."""
    out = {}
    for stem, (module, name) in MODELS.items():
        model = _model(module, name)
        if model is not None:
            out[f"{stem}.schema.json"] = model_to_schema(model, stem)
    return out


def schema_to_text(schema: dict[str, Any]) -> str:
    """Given a schema, return it as stable, readable JSON text."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Given a folder, write <name>.schema.json for each boundary model and return the paths;
    raise ``OutputError`` when the folder cannot be created or written."""
    out = prepare_out_dir(Path(out))
    paths = []
    for filename, schema in schemas().items():
        text = schema_to_text(schema)
        paths.append(write_atomic(out / filename, lambda p, t=text: p.write_text(t, encoding="utf-8")))
    return paths
