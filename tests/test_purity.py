"""Pure domain modules never import the web framework or the ORM (style rule 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
PURE = [
    "bank", "grading", "imports", "srs.py", "export/anki.py", "export/anki_templates.py",
    "export/tsv.py", "export/gift.py", "export/csvfile.py", "instructor/itemstats.py",
    "instructor/staging.py", "atlas/geo.py", "atlas/places.py", "atlas/timeline.py",
    "quiz/answers.py", "quiz/selection.py", "quiz/chart.py", "atlas/where.py", "charts.py",
    "live/game.py",
]
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug")


def _modules() -> list[Path]:
    files: list[Path] = []
    for name in PURE:
        path = PACKAGE / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            if node.module.startswith("quizapp."):
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                if not any(_pure_target(t) for t in targets):
                    names.add(node.module)
    return names


def _pure_target(module: str) -> bool:
    relative = module.removeprefix("quizapp.").replace(".", "/")
    return any(relative == p.removesuffix(".py") or relative.startswith(p + "/")
               or relative.startswith(p.removesuffix(".py")) for p in PURE)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pure_module_imports_no_framework(path: Path) -> None:
    imported = _imports(path)
    assert not imported & set(FORBIDDEN), f"{path} imports {imported & set(FORBIDDEN)}"
    impure = {m for m in imported if m.startswith("quizapp.")}
    assert not impure, f"{path} imports non-pure quizapp modules {impure}"


def test_only_the_srs_module_imports_fsrs() -> None:
    """Scheduling has one home: every other module goes through quizapp.srs."""
    importers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                       if "fsrs" in _imports(p))
    assert importers == ["srs.py"]
