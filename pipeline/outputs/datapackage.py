"""The CSV tables described as a Frictionless data package (``DIR/datapackage.json``).

A data package is the open standard (https://datapackage.org) by which tools (frictionless,
pandas readers, R's frictionless, CKAN, Excel's Power Query via plugins) load CSV files typed and
check them: per table a Table Schema with each column's type and meaning, the primary key and
the foreign keys that join the tables. All of it comes from the table catalogue, like the doc.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.files import write_text_atomic
from pipeline.models.tables import TableSpec, table_specs
from pipeline.settings import PIPELINE_VERSION

PACKAGE_NAME = "ldn-tables"
TABLE_SCHEMA_TYPES = {"string": "string", "int64": "integer", "double": "number", "bool": "boolean",
                      "date32[day]": "date"}
# How pandas writes a boolean and a null into CSV (DataFrame.to_csv).
TRUE_VALUES, FALSE_VALUES, MISSING_VALUES = ["True"], ["False"], [""]


def _key(columns: tuple[str, ...]) -> Any:
    return columns[0] if len(columns) == 1 else list(columns)


def spec_to_schema(spec: TableSpec) -> dict:
    """Given a table spec, return its Table Schema (fields, missing values, primary and foreign keys)."""
    fields = []
    for c in spec.columns:
        field = {"name": c.name, "type": TABLE_SCHEMA_TYPES[c.type], "description": c.description}
        if c.type == "bool":
            field.update(trueValues=TRUE_VALUES, falseValues=FALSE_VALUES)
        if c.name in spec.primary_key:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": MISSING_VALUES}
    if spec.primary_key:
        schema["primaryKey"] = _key(spec.primary_key)
    if spec.foreign_keys:
        schema["foreignKeys"] = [{"fields": _key(fk.fields),
                                  "reference": {"resource": fk.table, "fields": _key(fk.columns)}}
                                 for fk in spec.foreign_keys]
    return schema


def catalogue_to_package(folder: str = "tables") -> dict:
    """Given the folder of the CSV files (relative to the package file), return the descriptor."""
    resources = [{
        "name": name, "path": f"{folder}/{name}.csv", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "description": spec.description, "schema": spec_to_schema(spec),
    } for name, spec in table_specs("run").items()]
    return {
        "profile": "tabular-data-package", "name": PACKAGE_NAME,
        "title": "Yearly work plans (LDN) as tidy tables",
        "description": "Tables extracted from LDN PDFs by ldn; docs/tables.md of the ldn project explains them.",
        "version": PIPELINE_VERSION, "resources": resources,
    }


def write_datapackage(out: Path) -> Path:
    """Given the output folder of a run (with tables/<name>.csv), write OUT/datapackage.json."""
    text = json.dumps(catalogue_to_package(), ensure_ascii=False, indent=1) + "\n"
    return write_text_atomic(Path(out) / "datapackage.json", text)
