"""SQL statements per request on the busiest pages: a small fixed number, however long the history.

Counts are deterministic, so they may be asserted (timings go in tests/bench/web.py). Transaction
control (BEGIN, SAVEPOINT, COMMIT) is left out: SQLite sends BEGIN itself, PostgreSQL does not.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select
from support import add_history, statements

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Question, User, utcnow


def _question_ids(app: Flask, set_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.execute(select(Question.id).where(Question.set_id == set_id)
                                       .order_by(Question.position)).scalars())


def _answer(client: Any, question_id: int, client_id: str) -> int:
    return client.post("/study/peru/review", data={
        "question_id": question_id, "rating": str(srs.GOOD), "client_id": client_id}).status_code


def test_review_submission_takes_five_or_six_statements(app, peru_set, user_client) -> None:
    client = user_client()
    first, second = _question_ids(app, peru_set.id)[:2]
    with statements(app) as new_card:
        assert _answer(client, first, "a") == 302
    assert _answer(client, second, "b") == 302
    with statements(app) as known_card:
        assert _answer(client, second, "c") == 302
    # user, set, the card if its question is in scope (locked on PostgreSQL), log insert, card
    # update. A first answer finds no card, so it asks whether the question is in scope, then
    # inserts the card already scheduled instead of updating it.
    assert len(known_card) == 5, known_card
    assert len(new_card) == 6, new_card
    assert any(s.lstrip().upper().startswith("UPDATE CARDS") for s in known_card), known_card


def test_an_answer_in_place_adds_one_statement_for_the_next_card(app, peru_set,
                                                                 user_client) -> None:
    client = user_client()
    question = _question_ids(app, peru_set.id)[0]
    with statements(app) as in_place:
        response = client.post("/study/peru/review", headers={"X-Study-Fragment": "1"}, data={
            "question_id": question, "rating": str(srs.GOOD), "client_id": "frag"})
    assert response.status_code == 200 and 'id="study-session"' in response.text
    # the six of a first answer, then the queue's counts with the next card
    assert len(in_place) == 7, in_place


def test_repeated_answer_is_not_applied_and_stays_cheap(app, peru_set, user_client) -> None:
    client = user_client()
    question = _question_ids(app, peru_set.id)[0]
    assert _answer(client, question, "same") == 302
    with statements(app) as repeat:
        assert _answer(client, question, "same") == 302
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in repeat), repeat
    assert len(repeat) <= 7, repeat
    with app.app_context():
        card = db.session.execute(select(Card)).scalar_one()
        assert card.reps == 1


def test_study_page_takes_three_statements(app, peru_set, user_client) -> None:
    client = user_client()
    for i, question in enumerate(_question_ids(app, peru_set.id)[:5]):
        assert _answer(client, question, f"warm{i}") == 302
    with statements(app) as study_page:
        response = client.get("/study/peru")
    assert response.status_code == 200
    # user, set, then the queue's counts, today's answers and the next question with its card
    assert len(study_page) <= 3, study_page


def test_dashboard_statements_do_not_grow_with_history(app, peru_set, user_client) -> None:
    quiet, busy = user_client(), user_client()
    add_history(app, busy.user.username, _question_ids(app, peru_set.id)[0], days=40, per_day=25)
    counts = []
    for client in (quiet, busy):
        with statements(app) as dashboard:
            assert client.get("/progress").status_code == 200
        counts.append(len(dashboard))
    # One more statement for a streak older than the 30-day chart (the busy student has 40
    # days); never one per answer.
    assert counts[0] <= 12 and counts[1] == counts[0] + 1, counts


def test_dashboard_history_counts_each_day_and_the_streak(app, peru_set, user_client) -> None:
    from quizapp.study import dashboard

    client = user_client()
    add_history(app, client.user.username, _question_ids(app, peru_set.id)[0], days=40, per_day=3)
    with app.app_context():
        user = db.session.get_one(User, client.user.id)
        data = dashboard.build(user, utcnow())
    # Nothing yet today; 3 answers on each earlier day of the 30-day chart.
    assert data.history == [3] * 29 + [0]
    assert data.streak == 40



def test_a_long_streak_is_read_in_one_statement(app, peru_set, user_client) -> None:
    from quizapp.study import dashboard

    quiet, loyal = user_client(), user_client()
    add_history(app, loyal.user.username, _question_ids(app, peru_set.id)[0], days=100, per_day=1)
    figures = []
    with app.app_context():
        for client in (quiet, loyal):
            user = db.session.get_one(User, client.user.id)
            with statements(app) as seen:
                data = dashboard.build(user, utcnow())
            figures.append((data.streak, len(seen)))
    (quiet_streak, quiet_statements), (streak, loyal_statements) = figures
    # Beyond the 30-day chart, older days are read by one statement walking back a day at a
    # time; the streak stops at the first day without an answer.
    assert (quiet_streak, streak) == (0, 100)
    assert loyal_statements == quiet_statements + 1
