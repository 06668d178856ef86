"""marginlib's imports run one way: the graph of its modules' imports of each other has no cycle.

The graph is read from the source with :mod:`ast`, so it sees every import: at the top of a
module, inside a function (a deferred import still closes a circle) and under
``if TYPE_CHECKING:``. An edge is an explicit import; the implicit import of a parent package
that Python performs for a submodule is not an edge (every submodule would then form a circle
with ``marginlib/__init__.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from benchmarks.imports import heavy_modules

ROOT = Path(__file__).resolve().parents[2]


def module_names(package: Path) -> dict[str, Path]:
    """Every module of ``package`` by dotted name (a package's ``__init__`` by its own name)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules in ``known`` that module ``name`` (at ``path``) imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):  # walks function bodies and `if TYPE_CHECKING:` blocks too
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join(base + (node.module.split(".") if node.module else []))
            # `from . import plots` imports a module; `from .account import Account` a name.
            targets = [f"{module}.{alias.name}" for alias in node.names
                       if f"{module}.{alias.name}" in known] or [module]
        else:
            continue
        for target in targets:
            # `import marginlib.plots.pnl` names a module; keep the longest known prefix.
            parts = target.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            if parts and ".".join(parts) != name:
                found.add(".".join(parts))
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    names = module_names(package)
    return {name: imports_of(name, path, set(names)) for name, path in names.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_marginlib_imports_have_no_cycle() -> None:
    graph = import_graph(ROOT / "marginlib")
    assert len(graph) > 40 and graph["marginlib.summary"] >= {
        "marginlib.account", "marginlib.withdraw"}
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_engine_modules_do_not_import_the_summary_they_feed() -> None:
    # The circle this test was written against: account <-> withdraw, through the summary.
    graph = import_graph(ROOT / "marginlib")
    assert "marginlib.summary" not in graph["marginlib.account"]
    assert "marginlib.summary" not in graph["marginlib.withdraw"]
    assert "marginlib.withdraw" not in graph["marginlib.account"]


def test_the_check_finds_a_circle_hidden_in_a_function(tmp_path: Path) -> None:
    package = tmp_path / "fake"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from .a import A\n")
    (package / "a.py").write_text("from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from .sub.c import C\nA = 1\n")
    (package / "b.py").write_text("def f():\n    from . import a\n    return a.A\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text("from .. import b\nC = 2\n")
    graph = import_graph(package)
    assert graph == {"fake": {"fake.a"}, "fake.a": {"fake.sub.c"}, "fake.b": {"fake.a"},
                     "fake.sub": set(), "fake.sub.c": {"fake.b"}}
    assert find_cycle(graph) == ["fake.a", "fake.sub.c", "fake.b", "fake.a"]
    (package / "b.py").write_text("A = 1\n")
    assert find_cycle(import_graph(package)) is None


def test_import_marginlib_loads_neither_matplotlib_nor_ipywidgets() -> None:
    # The same probe as the import benchmark: a fresh interpreter, then sys.modules.
    assert heavy_modules() == []
