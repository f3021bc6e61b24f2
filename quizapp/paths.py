"""Where the bundled data lives, in a checkout and in an installed (non-editable) package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(name: str, checkout_name: str) -> Path:
    """The installed data package ``quizapp.<name>``, else the checkout's top-level folder."""
    try:
        return Path(str(resources.files(f"quizapp.{name}")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / checkout_name


def questions_dir() -> Path:
    """The bundled question banks (``questions/*.yaml``) and their sources."""
    return _package_dir("questions", "questions")


def migrations_dir() -> Path:
    """The Alembic migration scripts."""
    return _package_dir("migrations", "migrations")
