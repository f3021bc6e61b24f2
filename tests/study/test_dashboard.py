"""Dashboard figures: the days before today are counted once, and today's answers show at once."""

from __future__ import annotations

import pytest
from flask import Flask, current_app
from sqlalchemy import select
from support import add_history, statements

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Question, User, utcnow
from quizapp.study import dashboard
from quizapp.study import services as study


def _first_question(app: Flask, set_id: int) -> int:
    with app.app_context():  # its own session: add_history writes from another one
        return db.session.execute(select(Question.id).where(Question.set_id == set_id)
                                  .order_by(Question.position).limit(1)).scalar_one()


def _build(user: User) -> tuple[dashboard.Dashboard, int]:
    """The dashboard and the number of statements it took."""
    with statements(current_app) as seen:
        data = dashboard.build(user, utcnow())
    return data, len(seen)


def _answer_today(user: User, question: int, rating: int, client_id: str) -> None:
    study.record_review(user, question, rating, client_id=client_id, now=utcnow())
    db.session.commit()
    db.session.refresh(user)


@pytest.mark.usefixtures("db")
def test_earlier_days_are_counted_once_and_today_shows_at_once(app, peru_set, make_user) -> None:
    student = make_user()
    question = _first_question(app, peru_set.id)
    add_history(app, student.username, question, days=40, per_day=2)
    user = db.session.get_one(User, student.id)
    _answer_today(user, question, srs.GOOD, "today-1")
    first, first_statements = _build(user)
    again, again_statements = _build(user)
    assert again == first and again_statements < first_statements
    assert first.history == [2] * 29 + [1] and first.streak == 41
    # The 30 study days of the chart, today included: two Good reviews a day, then one today.
    assert (first.retention, first.retention_reviews) == (1.0, 59)

    _answer_today(user, question, srs.AGAIN, "today-2")
    now, now_statements = _build(user)
    assert now.history == [2] * 29 + [2] and now.streak == 41
    assert (now.retention, now.retention_reviews) == (59 / 60, 60)
    assert now_statements == again_statements  # today's answers needed no recount


@pytest.mark.usefixtures("db")
def test_a_new_study_day_has_nothing_to_undo_and_the_chart_keeps_yesterday(
        app, peru_set, make_user) -> None:
    """Undo reaches back only to the study day's answers: yesterday's last one stays, and so
    do the chart's earlier days (counted once, they never change)."""
    student = make_user()
    add_history(app, student.username, _first_question(app, peru_set.id), days=3, per_day=2)
    user = db.session.get_one(User, student.id)
    before, _ = _build(user)
    assert before.history[-4:] == [2, 2, 2, 0] and before.retention_reviews == 6

    assert study.undo_last_review(user, study.Scope((peru_set.id,)), utcnow()) is None
    db.session.commit()
    after, _ = _build(user)
    assert after.history[-4:] == [2, 2, 2, 0] and after.retention_reviews == 6


def test_progress_without_answers_says_how_to_start_instead_of_empty_charts(
        app, peru_set, user_client) -> None:
    html = user_client().get("/progress").get_data(as_text=True)
    assert "No answers yet — study a few cards" in html and 'href="/study">Start studying' in html
    assert 'class="chart"' not in html and "peak 0" not in html
    assert 'class="mastery"' in html  # the topics to master are still listed


def test_progress_with_answers_draws_both_charts(app, peru_set, user_client) -> None:
    client = user_client()
    add_history(app, client.user.username, _first_question(app, peru_set.id), days=3, per_day=2)
    html = client.get("/progress").get_data(as_text=True)
    assert "No answers yet" not in html
    assert html.count('<figure class="chart">') == 2 and "total 6" in html
