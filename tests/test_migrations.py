"""Alembic is the only schema path: migrations build exactly the models' schema."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from quizapp import create_app
from quizapp.extensions import db
from quizapp.paths import migrations_dir


def _file_app(tmp_path: Path):
    return create_app({"SECRET_KEY": "t", "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"})


def test_upgrade_on_fresh_file_matches_models(tmp_path: Path) -> None:
    app = _file_app(tmp_path)
    with app.app_context():
        upgrade(directory=str(migrations_dir()))
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        assert "cards" in inspect(db.engine).get_table_names()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    app = _file_app(tmp_path)
    with app.app_context():
        upgrade(directory=str(migrations_dir()))
        downgrade(directory=str(migrations_dir()), revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=str(migrations_dir()))
        assert "review_logs" in inspect(db.engine).get_table_names()
        db.engine.dispose()
