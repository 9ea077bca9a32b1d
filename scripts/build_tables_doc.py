"""Regenerate the table sections of docs/tables.md from the table catalogue (pipeline/data/tables.yaml).

The prose around them (keys, pages, dates, views) is written by hand; only the text between the
two markers is generated. `tests/test_export.py` fails when the file is not what this script writes.

    python scripts/build_tables_doc.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.models.tables import TableSpec, table_specs  # noqa: E402

DOC = ROOT / "docs" / "tables.md"
BEGIN = "<!-- begin: generated from pipeline/data/tables.yaml by scripts/build_tables_doc.py -->"
END = "<!-- end: generated -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def spec_to_markdown(spec: TableSpec, level: str) -> list[str]:
    """Given a table spec and a heading level ("##"), return its section of the doc as lines."""
    lines = [f"{level} `{spec.name}`", "", spec.description, ""]
    keys = []
    if spec.primary_key:
        keys.append("Primary key: " + ", ".join(f"`{k}`" for k in spec.primary_key) + ".")
    if spec.foreign_keys:
        keys.append("Foreign keys: " + "; ".join(
            f"{', '.join(f'`{f}`' for f in fk.fields)} → `{fk.table}.{', '.join(fk.columns)}`"
            for fk in spec.foreign_keys) + ".")
    if keys:
        lines += [" ".join(keys), ""]
    lines += ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {_cell(c.description)} |" for c in spec.columns]
    if spec.more_columns is not None:
        lines.append(f"| *(per plan)* | {spec.more_columns.type} | {_cell(spec.more_columns.description)} |")
    return lines + [""]


def catalogue_to_markdown() -> str:
    """Return the generated part of docs/tables.md: the run tables, then the comparison tables."""
    lines = [BEGIN, ""]
    for spec in table_specs("run").values():
        lines += spec_to_markdown(spec, "##")
    lines += ["## Comparison tables", "",
              "`ldn compare … --out DIR` writes these as `DIR/<name>.parquet` and `.csv`, and as sheets of",
              "`DIR/compare.xlsx`.", ""]
    for spec in table_specs("compare").values():
        lines += spec_to_markdown(spec, "###")
    return "\n".join(lines + [END])


def rebuild(text: str) -> str:
    """Given the doc's text, return it with the generated part replaced."""
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + catalogue_to_markdown() + tail


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    new = rebuild(text)
    if "--check" in argv:
        if new != text:
            print(f"{DOC} is out of date: run python scripts/build_tables_doc.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
