"""The catalogue of the tidy tables: names, column types, meanings and keys, read from
``pipeline/data/tables.yaml``.

One source for everything that describes a table: the Arrow types of ``outputs.tables``, the
generated ``docs/tables.md``, the first sheet of the Excel workbooks and the Table Schema of
``datapackage.json``. A column added in one place only cannot go unnoticed (``tests/test_export.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline import vocab
from pipeline.errors import ConfigError

ColumnType = Literal["string", "int64", "double", "bool", "date32[day]"]
Group = Literal["run", "compare"]

# What a reader of a spreadsheet calls each type.
PLAIN_TYPES: dict[str, str] = {
    "string": "text", "int64": "whole number", "double": "number", "bool": "true/false",
    "date32[day]": "date",
}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Spec):
    name: str
    type: ColumnType
    description: str


class ForeignKey(_Spec):
    """Columns of this table whose values are found in ``columns`` of ``table``."""

    fields: tuple[str, ...]
    table: str
    columns: tuple[str, ...]


class TableSpec(_Spec):
    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    more_columns: Optional[ColumnSpec] = Field(
        None, description="the type and meaning of columns named by the data (one per plan year)")

    @model_validator(mode="after")
    def _keys_are_columns(self) -> "TableSpec":
        names = {c.name for c in self.columns}
        missing = [k for k in self.primary_key + tuple(f for fk in self.foreign_keys for f in fk.fields)
                   if k not in names]
        if missing:
            raise ValueError(f"table {self.name}: key columns {missing} are not columns")
        return self

    def column(self, name: str) -> Optional[ColumnSpec]:
        """Given a column name, return its spec (``more_columns`` under that name for a data-named column)."""
        for c in self.columns:
            if c.name == name:
                return c
        if self.more_columns is not None:
            return self.more_columns.model_copy(update={"name": name})
        return None


def _table(name: str, raw: dict) -> TableSpec:
    more = raw.get("more_columns")
    return TableSpec(
        name=name, description=raw["description"],
        columns=tuple(ColumnSpec(name=c, type=t, description=d) for c, t, d in raw["columns"]),
        primary_key=tuple(raw.get("primary_key") or ()),
        foreign_keys=tuple(ForeignKey(fields=tuple(f), table=t, columns=tuple(c))
                           for f, t, c in raw.get("foreign_keys") or ()),
        more_columns=ColumnSpec(name="*", type=more[0], description=more[1]) if more else None,
    )


@lru_cache(maxsize=None)
def table_specs(group: Group = "run") -> dict[str, TableSpec]:
    """Given a group (``run``: tables of ``ldn run``; ``compare``: of ``ldn compare``), return its
    tables by name, in the catalogue's order; raise ``ConfigError`` when the catalogue is malformed."""
    data = vocab.load("tables")
    try:
        specs = {name: _table(name, raw) for name, raw in data[group].items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"table catalogue is malformed: {exc}", file="pipeline/data/tables.yaml") from exc
    for spec in specs.values():
        for fk in spec.foreign_keys:
            target = specs.get(fk.table)
            if target is None or any(target.column(c) is None for c in fk.columns):
                raise ConfigError(f"table {spec.name}: foreign key to unknown {fk.table}{list(fk.columns)}",
                                  file="pipeline/data/tables.yaml")
    return specs
