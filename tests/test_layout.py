"""The package layout: no import cycles between quizapp's packages and top-level modules.

Every import counts, those inside functions too (importing inside a function to dodge a cycle
only hides it: the function belongs in a lower module).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import quizapp

ROOT = Path(quizapp.__file__).parent
# The one cycle left, between two top-level modules (outside the study path's layout work):
KNOWN: set[frozenset[str]] = set()  # no cycle is known and accepted


def _unit(module: str) -> str | None:
    """``quizapp.study.views`` -> ``study``: the package or top-level module it belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "quizapp" else None


def _module_name(path: Path) -> str:
    parts = ("quizapp", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(source: str, package: str) -> Iterator[tuple[str, int]]:
    """Every module this source (of a module in ``package``) imports, anywhere, with the line."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..study import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            if base == "quizapp":  # from quizapp import srs, ...
                yield from ((f"quizapp.{alias.name}", node.lineno) for alias in node.names)


def import_graph() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) between different packages/modules -> where (file:line)."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        source = _unit(name)
        for module, line in _imported(path.read_text(), package):
            target = _unit(module)
            if source and target and target != source:
                edges.setdefault((source, target), []).append(
                    f"{path.relative_to(ROOT.parent)}:{line}")
    return edges


def cycles(edges: dict[tuple[str, str], list[str]]) -> list[set[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_packages() -> None:
    edges = import_graph()
    found = [c for c in cycles(edges) if frozenset(c) not in KNOWN]
    where = [f"{a} -> {b}: {', '.join(edges[a, b][:3])}" for c in found for a in sorted(c)
             for b in sorted(c) if (a, b) in edges]
    assert not found, "import cycles:\n" + "\n".join(where)


def test_the_check_sees_imports_inside_functions_and_relative_ones() -> None:
    source = "def f():\n    from quizapp.study import services\nfrom ..quiz import where\n"
    found = list(_imported(source, "quizapp.atlas"))
    assert sorted(found) == [("quizapp.quiz", 3), ("quizapp.study", 2)]
    edges = {("a", "b"): ["a.py:1"], ("b", "a"): ["b.py:9"], ("b", "c"): ["b.py:2"]}
    assert cycles(edges) == [{"a", "b"}]
