"""SQLite's single write lock: held for a unit of work's writes, never by a reader, and never
left behind by a command or by the server's start-up."""

from __future__ import annotations

import sqlite3

import pytest
from flask import Flask
from sqlalchemy import select
from support import TEST_DATABASE_URL, make_test_app

from quizapp.database import begin_write, finish_writing, write_unit
from quizapp.extensions import db
from quizapp.maintenance import prepare_database
from quizapp.models import User

pytestmark = pytest.mark.skipif(TEST_DATABASE_URL is not None,
                                reason="SQLite's write lock; PostgreSQL locks rows")


def _another_writer_can_start(app: Flask) -> bool:
    """Whether a second connection gets the write lock at once (no waiting)."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


def test_an_import_upload_parses_without_the_write_lock_then_takes_it(app, make_user) -> None:
    """The one view marked reads_before_writing: parsing a big file blocks no answer."""
    make_user("ana")
    with app.test_request_context("/instructor/import", method="POST"):
        db.session.execute(select(User)).all()
        assert _another_writer_can_start(app)
        begin_write()
        assert not _another_writer_can_start(app)
        db.session.rollback()
    assert _another_writer_can_start(app)


def test_an_answer_holds_the_write_lock_for_the_answer_alone(app, make_user) -> None:
    """The user and the set are read, and the next card built, while other workers write."""
    make_user("ana")
    with app.test_request_context("/study/peru/review", method="POST"):
        db.session.execute(select(User)).all()
        assert _another_writer_can_start(app)
        begin_write()  # the card is read, scheduled and written under the lock
        assert not _another_writer_can_start(app)
        finish_writing()
        db.session.execute(select(User)).all()  # the next card
        assert _another_writer_can_start(app)
        db.session.rollback()


def test_a_post_that_finished_writing_reads_the_page_without_the_lock(app, make_user) -> None:
    make_user("ana")
    with app.test_request_context("/study/peru/undo", method="POST"):
        db.session.execute(select(User)).all()
        assert not _another_writer_can_start(app)  # read-then-write cannot fail half way
        finish_writing()
        db.session.execute(select(User)).all()
        assert _another_writer_can_start(app)
        db.session.rollback()


def test_other_posts_take_the_write_lock_before_reading(app, make_user) -> None:
    make_user("ana")
    with app.test_request_context("/settings", method="POST"):
        db.session.execute(select(User)).all()
        assert not _another_writer_can_start(app)  # read-then-write cannot fail half way
        db.session.rollback()


def test_pages_read_without_the_write_lock(app, make_user) -> None:
    make_user("ana")
    with app.test_request_context("/study/peru"):
        db.session.execute(select(User)).all()
        assert _another_writer_can_start(app)
        db.session.rollback()


def test_a_command_reads_without_the_write_lock(app, make_user) -> None:
    make_user("ana")
    with app.app_context():
        db.session.execute(select(User)).all()
        assert _another_writer_can_start(app)


def test_a_write_unit_holds_the_lock_only_inside_it(app, make_user) -> None:
    make_user("ana")
    with app.app_context():
        with write_unit():
            db.session.execute(select(User)).all()
            assert not _another_writer_can_start(app)  # its writes queue, never fail half way
            with write_unit():  # nested: the same unit, still open
                pass
            assert not _another_writer_can_start(app)
        assert _another_writer_can_start(app)
        assert db.engine.pool.checkedout() == 0


def test_the_servers_start_up_leaves_no_transaction_open(tmp_path) -> None:
    """``quizapp serve`` prepares the database in the app context it then serves from: a
    transaction left open there held the write lock for good and nobody could register."""
    app = make_test_app(tmp_path, LOAD_BUNDLED_SETS=True)
    with app.app_context():
        changes = prepare_database()
        assert changes and changes[0].startswith("Loaded set 'peru': ")
        assert _another_writer_can_start(app)
        assert db.engine.pool.checkedout() == 0
        assert prepare_database() == []  # unchanged files: nothing to say, nothing held
        assert _another_writer_can_start(app)
        db.engine.dispose()
