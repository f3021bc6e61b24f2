"""Concurrent answers to one card: one card row, every answer applied once, none lost.

Runs on whichever database the suite uses; the race matters on PostgreSQL
(QUIZAPP_TEST_DATABASE_URL), where two transactions really do run at the same time. The
flashcard page's answers run as its requests do (the user and the set read, then the write lock
taken for the answer), the quiz's through record_review.
"""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from quizapp import srs
from quizapp.database import begin_write, write_unit
from quizapp.extensions import db
from quizapp.models import Card, Question, QuestionSet, QuizAnswer, ReviewLog, User, utcnow
from quizapp.quiz import services as quiz
from quizapp.study import services as study
from quizapp.study.forms import RatingPost

WRITERS = 6


def _answer_at_once(app: Flask, user_id: int, question_id: int, client_ids: list[str],
                    prepared: bool = False) -> None:
    """Each client id answered from its own thread (own session and connection), all together."""
    start = threading.Barrier(len(client_ids))
    errors: list[BaseException] = []

    def record(client_id: str) -> None:
        start.wait(timeout=10)
        with write_unit():  # as a command (or a quiz answer's POST) writes
            user = db.session.get_one(User, user_id)
            study.record_review(user, question_id, srs.GOOD, client_id=client_id, now=utcnow())
            db.session.commit()

    def record_prepared(client_id: str) -> None:
        with app.test_request_context("/study/all/review", method="POST"):
            start.wait(timeout=10)
            user = db.session.get_one(User, user_id)
            scope = study.Scope((db.session.get_one(Question, question_id).set_id,))
            begin_write()  # as the view does, once the user and the set are read
            posted = RatingPost(question_id, srs.GOOD, client_id, None)
            assert study.answer_card(user, scope, posted, utcnow()) is not None
            db.session.commit()

    def answer(client_id: str) -> None:
        try:
            with app.app_context():
                (record_prepared if prepared else record)(client_id)
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


@pytest.mark.parametrize("prepared", [False, True], ids=["record_review", "flashcard_request"])
def test_simultaneous_first_answers_share_one_card(app, peru_set, make_user, prepared) -> None:
    user = make_user()
    question = _first_question(app, peru_set.id)
    _answer_at_once(app, user.id, question, [f"tab{i}" for i in range(WRITERS)], prepared)
    with app.app_context():
        card = db.session.execute(select(Card)).scalar_one()
        logs = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
        assert (card.reps, logs) == (WRITERS, WRITERS)


@pytest.mark.parametrize("prepared", [False, True], ids=["record_review", "flashcard_request"])
def test_simultaneous_duplicates_are_stored_once(app, peru_set, make_user, prepared) -> None:
    user = make_user()
    question = _first_question(app, peru_set.id)
    _answer_at_once(app, user.id, question, ["double-click"] * WRITERS, prepared)
    with app.app_context():
        card = db.session.execute(select(Card)).scalar_one()
        logs = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
        assert (card.reps, logs) == (1, 1)


def test_answers_to_the_same_card_at_once_are_all_applied(app, peru_set, make_user) -> None:
    user = make_user()
    question = _first_question(app, peru_set.id)
    _answer_at_once(app, user.id, question, ["first"])
    _answer_at_once(app, user.id, question, [f"tab{i}" for i in range(WRITERS)], prepared=True)
    with app.app_context():
        card = db.session.execute(select(Card)).scalar_one()
        logs = db.session.execute(select(ReviewLog.prev_card)).scalars().all()
        assert (card.reps, len(logs)) == (WRITERS + 1, WRITERS + 1)
        # Each answer was applied to the card the previous one left: no update was lost.
        assert sorted(log["reps"] for log in logs) == list(range(WRITERS + 1))


def test_a_quiz_answer_sent_twice_at_once_is_stored_once(app, peru_set, make_user) -> None:
    """A double tap on a quiz (or live) answer: both requests succeed, one answer is kept."""
    user = make_user()
    with app.app_context():
        qset = db.session.get_one(QuestionSet, peru_set.id)
        attempt = quiz.start_attempt(db.session.get_one(User, user.id), qset,
                                     quiz.QuizConfig(count=1, topics=("leaders",),
                                                     types=("true_false",)), now=utcnow())
        db.session.commit()
        attempt_id, question_id = attempt.id, attempt.question_ids[0]
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            with app.app_context(), write_unit():
                start.wait(timeout=10)
                mine = db.session.get_one(quiz.QuizAttempt, attempt_id)
                quiz.submit_answer(db.session.get_one(User, user.id), mine, question_id,
                                   MultiDict({"truth": "true"}), now=utcnow())
                db.session.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with app.app_context():
        answers = db.session.execute(select(func.count()).select_from(QuizAnswer)).scalar_one()
        logs = db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
        assert (answers, logs) == (1, 1)
