"""Statements sent straight to the SQLite driver read and write exactly what SQLAlchemy would."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError, StatementError

from quizapp.direct import DirectStatement, plan
from quizapp.models import Card, Question, ReviewLog

CARDS, LOGS = Card.__table__, ReviewLog.__table__
WHEN = datetime(2026, 3, 1, 14, 30, 15, 123456, tzinfo=UTC)


def _card(db, user_id: int, question_id: int) -> Card:
    card = Card(user_id=user_id, question_id=question_id, state="review", step=None,
                stability=12.5, difficulty=5.25, due=WHEN, last_review=None, reps=3, lapses=1,
                suspended=True, leech=False, buried_until=None)
    db.session.add(card)
    db.session.flush()
    return card


def _first_question_id(db, set_id: int) -> int:
    return db.session.execute(select(Question.id).where(Question.set_id == set_id)
                              .order_by(Question.id)).scalars().first()


def test_a_card_reads_the_same_as_through_sqlalchemy(db, make_user, peru_set) -> None:
    card = _card(db, make_user().id, _first_question_id(db, peru_set.id))
    read = select(CARDS).where(CARDS.c.id == bindparam("b_card"))
    direct = DirectStatement(read).first({"b_card": card.id})
    expected = tuple(db.session.connection().execute(read, {"b_card": card.id}).one())
    assert direct == expected
    due = direct[list(CARDS.c.keys()).index("due")]
    assert due == WHEN and due.tzinfo is not None  # an aware UTC datetime, as the ORM gives
    assert direct[list(CARDS.c.keys()).index("suspended")] is True


def test_an_insert_stores_what_sqlalchemy_would(db, make_user, peru_set) -> None:
    user = make_user()
    card = _card(db, user.id, _first_question_id(db, peru_set.id))
    snapshot = {"state": "review", "due": WHEN.isoformat(), "reps": 3}
    log_id = DirectStatement(insert(LOGS).returning(LOGS.c.id)).scalar({
        "user_id": user.id, "card_id": card.id, "question_id": card.question_id, "rating": 3,
        "reviewed_at": WHEN, "duration_ms": None, "origin": "flashcard", "client_id": "c1",
        "prev_state": "review", "prev_card": snapshot})
    db.session.expire_all()
    stored = db.session.get_one(ReviewLog, log_id)
    assert (stored.reviewed_at, stored.prev_card, stored.duration_ms) == (WHEN, snapshot, None)


def test_an_update_reports_the_rows_it_changed(db, make_user, peru_set) -> None:
    card = _card(db, make_user().id, _first_question_id(db, peru_set.id))
    bury = DirectStatement(update(CARDS).where(CARDS.c.id == bindparam("b_card")))
    assert bury.rowcount({"b_card": card.id, "buried_until": WHEN}) == 1
    assert bury.rowcount({"b_card": card.id + 1000, "buried_until": WHEN}) == 0
    db.session.expire_all()
    assert db.session.get_one(Card, card.id).buried_until == WHEN


def test_statements_that_need_sqlalchemy_are_refused() -> None:
    dialect = sqlite.dialect()
    with pytest.raises(ValueError, match="defaults"):  # due, state, reps… left to Python
        plan(insert(CARDS), dialect, frozenset({"user_id", "question_id"}))
    many = select(CARDS.c.id).where(CARDS.c.id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(ValueError, match="IN"):
        plan(many, dialect, frozenset({"ids"}))


def test_a_missing_parameter_is_an_error_not_null(db) -> None:
    read = DirectStatement(select(CARDS.c.id).where(CARDS.c.user_id == bindparam("b_user")))
    with pytest.raises((KeyError, StatementError), match="b_user"):  # StatementError: PostgreSQL
        read.first({})


def test_what_the_driver_cannot_run_still_runs_through_sqlalchemy(db, make_user, peru_set) -> None:
    user = make_user()
    question_id = _first_question_id(db, peru_set.id)
    create = DirectStatement(insert(CARDS).returning(CARDS.c.id))  # due, state… from defaults
    card_id = create.scalar({"user_id": user.id, "question_id": question_id})
    many = DirectStatement(select(CARDS.c.state).where(
        CARDS.c.id.in_(bindparam("ids", expanding=True))))
    assert many.first({"ids": [card_id, card_id + 1]}) == ("new",)


def test_a_driver_error_is_raised_as_sqlalchemys(db, make_user) -> None:
    orphan = DirectStatement(insert(CARDS).returning(CARDS.c.id))
    values = {"user_id": make_user().id, "question_id": 999_999, "state": "new", "step": None,
              "stability": None, "difficulty": None, "due": WHEN, "last_review": None,
              "reps": 0, "lapses": 0, "suspended": False, "leech": False, "buried_until": None}
    with pytest.raises(IntegrityError):  # no such question: the same error on every database
        orphan.scalar(values)
