"""The import direction is a rule: a stage package never imports a later one, and no module imports itself back.

Stage packages in pipeline order: read < structure < nlp < fields < records < extract < compare <
outputs < batch < cli. ``nlp`` sits before ``fields`` because the field parsers call its
normalizers; ``compare`` and ``outputs`` read records only. The foundation (errors, settings, vocab,
files, models, data) is importable from everywhere. Imports are read with ``ast`` (also the lazy
ones inside functions).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

APP_FACADE = 10  # pipeline/__init__: the public API, whose imports are lazy; nothing inside imports it
FOUNDATION = 0  # errors, settings, vocab, files, models, data: importable from everywhere
TIERS = {
    "pipeline": APP_FACADE, "pipeline.errors": FOUNDATION, "pipeline.settings": FOUNDATION,
    "pipeline.vocab": FOUNDATION, "pipeline.files": FOUNDATION, "pipeline.models": FOUNDATION,
    "pipeline.data": FOUNDATION,
    "pipeline.read": 1,
    "pipeline.structure": 2,
    "pipeline.nlp": 3,
    "pipeline.fields": 4,
    "pipeline.records": 5,
    "pipeline.extract": 6,
    "pipeline.compare": 7,
    "pipeline.outputs": 8,
    "pipeline.batch": 9,
}
APP = 10  # cli, __main__ and any module not listed above (benchmarks, tools): nothing below may import them


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
            subs = [f"{target}.{a.name}" for a in node.names]
            if not all(module_path(m, root) for m in subs):  # "from pipeline import vocab" imports only pipeline.vocab
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


def module_path(module: str, root: Path = PACKAGE.parent) -> Path | None:
    """Given a dotted module name, return its file (a package's ``__init__.py``), or None for a name inside a module."""
    base = root / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def import_graph(root: Path = PACKAGE.parent) -> dict[str, set[str]]:
    """Given the source root, return each ``pipeline`` module's explicit imports of other modules."""
    graph: dict[str, set[str]] = {}
    for path in sorted((root / "pipeline").rglob("*.py")):
        me = module_name(path, root)
        graph[me] = {m for m in imports_of(path, root) if m != me and module_path(m, root) is not None}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Given a module graph, return one import cycle as a list of modules (empty when there is none)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_imports_parser_sees_known_edges():
    edges = {module_name(p): imports_of(p) for p in MODULES}
    assert "pipeline.nlp.normalize" in edges["pipeline.fields.entry"]
    assert "pipeline.vocab" in edges["pipeline.structure.labels"]  # "from pipeline import vocab"
    assert "pipeline.read.layout" in edges["pipeline.extract"]


@pytest.mark.parametrize("module, tier", [
    ("pipeline.nlp.dates", TIERS["pipeline.nlp"]), ("pipeline.models.layout", FOUNDATION),
    ("pipeline", APP_FACADE), ("pipeline.files", FOUNDATION), ("pipeline.cli", APP),
    ("pipeline.some_new_tool", APP), ("pipeline.read.layout", TIERS["pipeline.read"]),
    ("pipeline.batch.runner", TIERS["pipeline.batch"]),
])
def test_imports_tier_of(module, tier):
    assert tier_of(module) == tier


@pytest.mark.parametrize("source, later", [
    ("from pipeline.records import build_record\n", ["pipeline.records"]),
    ("def f():\n    from ..structure import structure\n", ["pipeline.structure"]),  # lazy and relative
    ("from pipeline import cli, vocab\n", ["pipeline.cli"]),
    ("import pipeline.read.charts\nfrom pipeline.models.layout import Word\n", []),
])
def test_imports_later_imports_flags_a_wrong_direction(tmp_path, source, later):
    package = tmp_path / "pipeline"
    for sub in ("read", "records", "structure"):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
    for name in ("cli", "vocab"):
        (package / f"{name}.py").write_text("")
    (package / "read" / "charts.py").write_text("")
    (package / "read" / "layout.py").write_text(source)
    assert later_imports(package / "read" / "layout.py", tmp_path) == later


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_imports_no_stage_imports_a_later_one(path):
    later = later_imports(path)
    me = module_name(path)
    assert not later, (f"{me} (tier {tier_of(me)}) imports later modules {later}; "
                       f"a new package needs its tier in tests/test_imports.py TIERS")


def test_imports_find_cycle_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_imports_no_cycle_anywhere():
    cycle = find_cycle(import_graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_imports_top_level_has_at_most_eight_modules():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 8, modules


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_imports_no_module_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
