"""A plain (non-editable) install carries the bundled sets, templates, assets and migrations."""

from __future__ import annotations

import os
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
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
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
    shipped = subprocess.run(["git", "ls-files", "quizapp"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    missing = [f for f in shipped if not f.endswith(".py") and f not in names]
    assert not missing, f"data files left out of the wheel (pyproject package-data): {missing}"
    _run_installed_wheel(wheel, tmp_path)


# Pages that read packaged data files, fetched from the installed copy by a registered student.
_BROWSE_INSTALLED = """
app = quizapp.create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
client = app.test_client()
client.post("/register", data={"username": "wheel", "password": "a long passphrase",
                               "confirm": "a long passphrase"})
for path in ("/", "/sets/peru/map", "/sets/peru/map/quiz", "/sets/peru/timeline", "/study/peru"):
    status = client.get(path).status_code
    assert status == 200, (path, status)
print("browsed the installed app")
"""


def _run_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    """Install the wheel (not editable) and set up a database from an unrelated folder."""
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target), "QUIZAPP_INSTANCE_PATH": str(elsewhere / "i"),
           "QUIZAPP_SECRET_KEY": "wheel-test"}
    env.pop("QUIZAPP_DATABASE_URL", None)
    script = ("import quizapp, sys; from quizapp.cli import main; "
              "assert quizapp.__file__.startswith(sys.argv[1]), quizapp.__file__; "
              "main(['setup'], standalone_mode=False); " + _BROWSE_INSTALLED)
    result = subprocess.run([sys.executable, "-c", script, str(target)], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Loaded set 'peru'" in result.stdout
    assert "browsed the installed app" in result.stdout
