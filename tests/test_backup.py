"""Backups with SQLite's online backup API, taken while answers keep arriving."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from support import make_test_app, peru_bank

from quizapp.cli import main
from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.maintenance import backup_sqlite
from quizapp.models import Question, ReviewLog, User
from quizapp.study.services import record_review

START = datetime(2026, 5, 1, 15, 0, tzinfo=UTC)


def _count_reviews(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM review_logs").fetchone()[0]


@pytest.fixture
def app(tmp_path: Path):
    """Backups are SQLite's: always a SQLite file here, whatever database the suite runs on."""
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite'}")
    with app.app_context():
        save_bank(peru_bank(), bundled=True)
        db.session.add(User(username="busy", password_hash="x"))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_backup_mid_load_keeps_every_review_committed_before_it(app, tmp_path) -> None:
    with app.app_context():
        user_id = db.session.execute(select(User.id)).scalar_one()
        question_ids = list(db.session.execute(select(Question.id).limit(50)).scalars())
    committed_before_backup = threading.Event()
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            for i in range(400):
                if stop.is_set():
                    break
                record_review(user, question_ids[i % 50], 3, client_id=f"w{i}",
                              now=START + timedelta(minutes=i))
                db.session.commit()
                written.append(i)
                if i == 100:
                    committed_before_backup.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert committed_before_backup.wait(30)
    before = len(written)
    backup_path = tmp_path / "backup.sqlite"
    result = CliRunner().invoke(main, ["backup", str(backup_path)], env={
        "QUIZAPP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "QUIZAPP_SECRET_KEY": "t"})
    stop.set()
    thread.join()
    assert result.exit_code == 0, result.output
    assert _count_reviews(backup_path) >= before

    # Restore into the live database: the backup's content comes back.
    with app.app_context():
        total = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
    assert total == len(written)
    restored = CliRunner().invoke(main, ["restore", "--yes", str(backup_path)], env={
        "QUIZAPP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "QUIZAPP_SECRET_KEY": "t"})
    assert restored.exit_code == 0, restored.output
    with app.app_context():
        db.engine.dispose()
        after = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
    assert before <= after == _count_reviews(backup_path)


def test_restore_refuses_a_file_that_is_not_a_quizapp_database(app, tmp_path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(main, ["restore", "--yes", str(bogus)], env={
        "QUIZAPP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "QUIZAPP_SECRET_KEY": "t"})
    assert result.exit_code != 0 and "not a readable SQLite database" in result.output


@pytest.mark.parametrize("url", ["sqlite://"])
def test_backup_of_memory_database_is_refused(url, tmp_path) -> None:
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "x.sqlite")],
                                env={"QUIZAPP_DATABASE_URL": url, "QUIZAPP_SECRET_KEY": "t"})
    assert result.exit_code != 0 and "in memory" in result.output


def test_a_backup_is_readable_by_its_owner_only(app, tmp_path) -> None:
    previous = os.umask(0o022)  # a permissive umask: the mode must come from the app
    try:
        with app.app_context():
            backup_sqlite(db.engine, tmp_path / "copy.sqlite")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "copy.sqlite").stat().st_mode) == 0o600
    assert _count_reviews(tmp_path / "copy.sqlite") == 0
