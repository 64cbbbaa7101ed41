"""Linking's imports: no stage, and no loop among the modules of linking, views and the web app.

Every import is read with `ast`, including those under `TYPE_CHECKING` and inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newsledger

ROOT = Path(newsledger.__file__).parent
STAGES = ("read", "prepare", "actors", "places", "dates", "figures", "claims", "events")


def imports(path: Path) -> set[str]:
    """The newsledger modules a file imports (as dotted names below `newsledger`)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]  # the package a relative import starts from
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            parts = [*base, *(node.module.split(".") if node.module else [])]
            found |= {".".join([*parts, a.name]) if not node.module else ".".join(parts) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsledger."):
            found.add(node.module.removeprefix("newsledger."))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("newsledger.") for a in node.names if a.name.startswith("newsledger.")}
    return found


def module_of(name: str) -> str | None:
    """The module file a dotted name is or lies in, as a dotted module name; None outside the package."""
    parts = name.split(".")
    while parts:
        path = ROOT.joinpath(*parts)
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return ".".join(parts)
        parts = parts[:-1]
    return None


def graph(paths: list[Path]) -> dict[str, set[str]]:
    out = {}
    for path in paths:
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        out[name] = {m for m in map(module_of, imports(path)) if m and m != name}
    return out


def area() -> list[Path]:
    return [*sorted((ROOT / "linking").glob("*.py")), ROOT / "views.py", *sorted((ROOT / "web").glob("*.py"))]


def test_linking_imports_no_stage():
    for path in sorted((ROOT / "linking").glob("*.py")):
        stages = {m for m in imports(path) if m.split(".")[0] in STAGES}
        assert not stages, f"{path.name} imports {stages}"


def test_no_import_loop_in_linking_views_and_web():
    edges = graph(area())
    seen: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if seen.get(node) == 1:
            raise AssertionError(f"import loop: {' -> '.join(trail[trail.index(node):] + [node])}")
        if seen.get(node) == 2:
            return
        seen[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if nxt in edges:
                visit(nxt, [*trail, node])
        seen[node] = 2

    for node in sorted(edges):
        visit(node, [])
