"""The package's layout rules: no import loops, stages below the ledger, linking and web, modules short."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsledger"
STAGES = ("read", "prepare", "actors", "places", "dates", "figures", "claims", "events")
ABOVE_STAGES = ("ledger", "linking", "web", "ingest", "engines", "analysis", "cli", "watch", "views", "evaluation")
MAX_LINES = 600


def module_name(path: Path, src: Path = SRC) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path], src: Path = SRC) -> set[str]:
    """Every module of the package this file imports: at the top, under TYPE_CHECKING or inside functions."""
    name = module_name(path, src)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from pkg import module` imports the module; `from module import name` the module.
            subs = {f"{target}.{alias.name}" for alias in node.names} & known.keys()
            found.update(subs or {target})
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_sees_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_read_relative_type_checking_and_function_level(tmp_path):
    package = tmp_path / "newsledger"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "y.py", "z.py", "w.py", "sub/__init__.py", "sub/v.py"):
        (package / name).write_text("")
    (package / "sub" / "v.py").write_text(
        "from typing import TYPE_CHECKING\nfrom ..y import a\nif TYPE_CHECKING:\n    from newsledger.w import b\n"
        "def f():\n    from .. import z\n"
    )
    known = {module_name(path, tmp_path): path for path in package.rglob("*.py")}
    assert imports(package / "sub" / "v.py", known, tmp_path) == {"newsledger.y", "newsledger.w", "newsledger.z"}


def test_no_import_loops():
    assert cycles(graph()) == []


@pytest.mark.parametrize("stage", STAGES)
def test_stages_never_import_the_layers_above(stage):
    edges = graph()
    wrong = {
        (name, target)
        for name, targets in edges.items()
        if name == f"newsledger.{stage}" or name.startswith(f"newsledger.{stage}.")
        for target in targets
        if any(target == f"newsledger.{up}" or target.startswith(f"newsledger.{up}.") for up in ABOVE_STAGES)
    }
    assert wrong == set()


def test_linking_imports_no_extractor():
    edges = graph()
    wrong = {
        (name, target)
        for name, targets in edges.items()
        if name.startswith("newsledger.linking")
        for target in targets
        if any(target == f"newsledger.{stage}" or target.startswith(f"newsledger.{stage}.") for stage in STAGES)
    }
    assert wrong == set()


def test_modules_are_short():
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}
