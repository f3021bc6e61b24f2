"""SQLite's single write lock: held for a request's writes, not for everything it reads first."""

from __future__ import annotations

import sqlite3

import pytest
from flask import Flask
from sqlalchemy import select
from support import TEST_DATABASE_URL

from quizapp.database import begin_write
from quizapp.extensions import db
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


def test_an_answer_reads_without_the_write_lock_then_takes_it(app, make_user) -> None:
    make_user("ana")
    with app.test_request_context("/study/peru/review", method="POST"):
        db.session.execute(select(User)).all()
        assert _another_writer_can_start(app)  # reading the user and the question blocks no one
        begin_write()
        assert not _another_writer_can_start(app)  # the card update and the log are serialised
        db.session.rollback()
    assert _another_writer_can_start(app)


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
