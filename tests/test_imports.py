"""The import direction is a rule: a stage module never imports a later stage.

ingest/charts < layout < text < structure < normalize/nlp/partners/funders/approval < fields < records
< extract < worker < executors/progress < runner < cli. The analysis modules (compare, compare_*,
matching, sectionmap, export, report, schema) sit beside extract: they may use models and records-level
code, never the runner or the CLI. Imports are read with ``ast`` (also the lazy ones inside functions).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

FOUNDATION = 0  # errors, settings, vocab, models, data: importable from everywhere
TIERS = {
    "pipeline": FOUNDATION, "pipeline.errors": FOUNDATION, "pipeline.settings": FOUNDATION,
    "pipeline.vocab": FOUNDATION, "pipeline.models": FOUNDATION, "pipeline.data": FOUNDATION,
    "pipeline.ingest": 1, "pipeline.charts": 1,
    "pipeline.layout": 2,
    "pipeline.text": 3,
    "pipeline.structure": 4,
    "pipeline.normalize": 5, "pipeline.nlp": 5, "pipeline.partners": 5, "pipeline.funders": 5,
    "pipeline.approval": 5,
    "pipeline.fields": 6,
    "pipeline.records": 7,
    "pipeline.extract": 8,
    "pipeline.compare": 8, "pipeline.compare_changes": 8, "pipeline.compare_report": 8,
    "pipeline.compare_tables": 8, "pipeline.matching": 8, "pipeline.sectionmap": 8,
    "pipeline.export": 8, "pipeline.report": 8, "pipeline.schema": 8,
    "pipeline.worker": 9,
    "pipeline.executors": 10, "pipeline.progress": 10,
    "pipeline.runner": 11,
}
APP = 12  # cli, __main__ and any module not listed above (benchmarks, tools): nothing below may import them


def module_name(path: Path, root: Path = PACKAGE.parent) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def tier_of(module: str) -> int:
    """Given a dotted module name, return its tier: the longest listed prefix decides (``pipeline.nlp.dates`` -> nlp)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in TIERS and (n > 1 or module == "pipeline"):
            return TIERS[prefix]
    return APP


def imports_of(path: Path, root: Path = PACKAGE.parent) -> set[str]:
    """Given a module's path, return the ``pipeline`` modules it imports (absolute and relative)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "pipeline":
                continue
            out.add(target)
            for alias in node.names:  # "from pipeline import vocab" imports the module pipeline.vocab
                sub = f"{target}.{alias.name}"
                if (root / Path(*sub.split(".")).with_suffix(".py")).exists() or (root / Path(*sub.split("."))).is_dir():
                    out.add(sub)
    return out


def later_imports(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    """Given a module's path, return the modules it imports from a later tier than its own."""
    me = tier_of(module_name(path, root))
    return sorted(m for m in imports_of(path, root) if tier_of(m) > me)


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_imports_parser_sees_known_edges():
    edges = {module_name(p): imports_of(p) for p in MODULES}
    assert "pipeline.normalize" in edges["pipeline.fields"]
    assert "pipeline.vocab" in edges["pipeline.structure"]  # "from pipeline import vocab"
    assert "pipeline.layout" in edges["pipeline.extract"]


@pytest.mark.parametrize("module, tier", [
    ("pipeline.nlp.dates", 5), ("pipeline.models.layout", FOUNDATION), ("pipeline", FOUNDATION),
    ("pipeline.cli", APP), ("pipeline.some_new_tool", APP), ("pipeline.layout", 2),
])
def test_imports_tier_of(module, tier):
    assert tier_of(module) == tier


@pytest.mark.parametrize("source, later", [
    ("from pipeline.records import build_record\n", ["pipeline.records"]),
    ("def f():\n    from .structure import structure\n", ["pipeline.structure"]),  # lazy and relative
    ("from pipeline import cli, vocab\n", ["pipeline.cli"]),
    ("import pipeline.charts\nfrom pipeline.models.layout import Word\n", []),
])
def test_imports_later_imports_flags_a_wrong_direction(tmp_path, source, later):
    package = tmp_path / "pipeline"
    package.mkdir()
    for name in ("records", "structure", "cli", "vocab", "charts"):
        (package / f"{name}.py").write_text("")
    (package / "layout.py").write_text(source)
    assert later_imports(package / "layout.py", tmp_path) == later


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_imports_no_stage_imports_a_later_one(path):
    later = later_imports(path)
    me = module_name(path)
    assert not later, (f"{me} (tier {tier_of(me)}) imports later modules {later}; "
                       f"a new module needs its tier in tests/test_imports.py TIERS")
