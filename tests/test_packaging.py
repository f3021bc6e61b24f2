"""A plain (non-editable) install carries the bundled sets, templates, assets and migrations."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "quizapp").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.mark.slow
def test_wheel_contains_data_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("quizapp-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "quizapp/questions/peru.yaml",
        "quizapp/questions/sources/peru.txt",
        "quizapp/migrations/env.py",
        "quizapp/migrations/alembic.ini",
        "quizapp/migrations/versions/0001_initial_schema.py",
        "quizapp/templates/base.html",
        "quizapp/static/vendor/pico/pico.min.css",
        "quizapp/static/vendor/pico/LICENSE.md",
        "quizapp/auth/common_passwords.txt",
    ):
        assert required in names, required
