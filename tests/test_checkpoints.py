"""SQLite's write-ahead log goes back into the database file in the background, not in a request."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from flask import Flask
from support import TEST_DATABASE_URL, make_test_app

from quizapp.extensions import db
from quizapp.models import User

pytestmark = pytest.mark.skipif(TEST_DATABASE_URL is not None,
                                reason="SQLite's write-ahead log; PostgreSQL manages its own")


def _usernames_in_the_file_alone(app: Flask, tmp_path: Path) -> set[str]:
    """The users a copy of the database file holds without its log (what a checkpoint wrote);
    a copy torn by a checkpoint writing pages at that moment is taken again."""
    for _ in range(50):
        copy = tmp_path / "file-only.sqlite"
        shutil.copy(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), copy)
        connection = sqlite3.connect(copy)
        try:
            return {name for (name,) in connection.execute("SELECT username FROM users")}
        except sqlite3.OperationalError:  # not even the tables were checkpointed yet
            return set()
        except sqlite3.DatabaseError:  # torn copy ("malformed"): copy again
            time.sleep(0.01)
        finally:
            connection.close()
    raise AssertionError("every copy of the database file was malformed")


def _add_user(app: Flask, username: str) -> None:
    with app.app_context():
        db.session.add(User(username=username, role="student", password_hash="x"))
        db.session.commit()


def _served_app(tmp_path: Path, checkpoint_seconds: float) -> Flask:
    app = make_test_app(tmp_path, CHECKPOINT_SECONDS=checkpoint_seconds)
    assert app.test_client().get("/healthz").status_code == 200  # the first request
    return app


def test_a_serving_app_checkpoints_in_the_background(tmp_path: Path) -> None:
    app = _served_app(tmp_path, 0.05)
    _add_user(app, "ana")
    deadline = time.monotonic() + 10
    try:
        while "ana" not in _usernames_in_the_file_alone(app, tmp_path):
            assert time.monotonic() < deadline, "the new row stayed in the log"
            time.sleep(0.05)
    finally:
        app.extensions["quizapp_checkpoints"].stop()


def test_without_background_checkpoints_commits_stay_in_the_log(tmp_path: Path) -> None:
    app = _served_app(tmp_path, 0)
    _add_user(app, "ana")
    time.sleep(0.3)
    # No request paid for a checkpoint: a small log waits for the next (or the last close).
    assert "ana" not in _usernames_in_the_file_alone(app, tmp_path)
    with app.app_context():
        db.engine.dispose()
    assert "ana" in _usernames_in_the_file_alone(app, tmp_path)
