"""Concurrent first answers to one card: one card row, every answer applied once.

Runs on whichever database the suite uses; the race matters on PostgreSQL
(QUIZAPP_TEST_DATABASE_URL), where two transactions really do run at the same time.
"""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import func, select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Question, ReviewLog, User, utcnow
from quizapp.study import services as study

WRITERS = 6


def _answer_at_once(app: Flask, user_id: int, question_id: int, client_ids: list[str]) -> None:
    """Each client id answered from its own thread (own session and connection), all together."""
    start = threading.Barrier(len(client_ids))
    errors: list[BaseException] = []

    def answer(client_id: str) -> None:
        try:
            start.wait(timeout=10)
            with app.app_context():
                user = db.session.get_one(User, user_id)
                study.record_review(user, question_id, srs.GOOD, client_id=client_id,
                                    now=utcnow())
                db.session.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(c,)) for c in client_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


def _first_question(app: Flask, set_id: int) -> int:
    with app.app_context():
        return db.session.execute(select(Question.id).where(Question.set_id == set_id)
                                  .order_by(Question.position).limit(1)).scalar_one()


def test_simultaneous_first_answers_share_one_card(app, peru_set, make_user) -> None:
    user = make_user()
    question = _first_question(app, peru_set.id)
    _answer_at_once(app, user.id, question, [f"tab{i}" for i in range(WRITERS)])
    with app.app_context():
        card = db.session.execute(select(Card)).scalar_one()
        logs = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
        assert (card.reps, logs) == (WRITERS, WRITERS)


def test_simultaneous_duplicates_are_stored_once(app, peru_set, make_user) -> None:
    user = make_user()
    question = _first_question(app, peru_set.id)
    _answer_at_once(app, user.id, question, ["double-click"] * WRITERS)
    with app.app_context():
        card = db.session.execute(select(Card)).scalar_one()
        logs = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
        assert (card.reps, logs) == (1, 1)
