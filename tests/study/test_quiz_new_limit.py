"""Whether quiz answers on new cards use up the day's new flashcards (users.quiz_uses_new_limit)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.models import User
from quizapp.study import services as study

NOON_LIMA = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


@pytest.fixture
def setup(db, make_user):
    user = db.session.get(User, make_user("ana").id)
    user.new_per_day = 3
    questions = tuple(Question(f"q{i}", "leaders", "short_answer", f"Q {i}?", f"A {i}")
                      for i in range(5))
    qset = save_bank(Bank(SetInfo("quiz-limit", "Quiz limit"), questions)).question_set
    db.session.commit()
    return user, qset, study.Scope((qset.id,))


def _quiz_answer(user, qset):
    study.record_review(user, qset.questions[0].id, 3, client_id="quiz-1", now=NOON_LIMA,
                        origin="quiz")
    db.session.commit()


def test_quiz_answer_does_not_use_up_new_cards_when_off(setup):
    user, qset, scope = setup
    _quiz_answer(user, qset)
    session = study.study_session(user, scope, NOON_LIMA)
    counts, today = session.counts, session.today
    assert counts.new == 3
    assert today.new_done == 0 and today.quiz_new_uncounted == 1
    assert study.day_stats(user, NOON_LIMA).quiz_new_uncounted == 1


def test_quiz_answer_uses_up_new_cards_when_on(setup):
    user, qset, scope = setup
    user.quiz_uses_new_limit = True
    db.session.commit()
    _quiz_answer(user, qset)
    session = study.study_session(user, scope, NOON_LIMA)
    counts, today = session.counts, session.today
    assert counts.new == 2
    assert today.new_done == 1 and today.quiz_new_uncounted == 0


def test_study_page_says_quiz_cards_did_not_count(db, user_client):
    client = user_client()
    user = db.session.get(User, client.user.id)
    questions = (Question("q0", "leaders", "short_answer", "Q?", "A"),)
    qset = save_bank(Bank(SetInfo("quiz-page", "Quiz page"), questions)).question_set
    db.session.commit()
    study.record_review(user, qset.questions[0].id, 3, client_id="quiz-1",
                        now=datetime.now(UTC), origin="quiz")
    db.session.commit()
    page = html.unescape(client.get(f"/study/{qset.slug}").get_data(as_text=True))
    assert ("1 card you met in quizzes today is now in your schedule; it doesn't count toward"
            in page)
    assert "your 20 new cards" in page


def test_settings_form_saves_quiz_setting(db, user_client):
    client = user_client()
    data = {"new_per_day": "20", "max_reviews_per_day": "200", "desired_retention": "0.90",
            "maximum_interval": "36500", "timezone": "America/Lima",
            "quiz_uses_new_limit": "y"}
    client.post("/settings", data=data)
    assert db.session.get(User, client.user.id).quiz_uses_new_limit is True
    del data["quiz_uses_new_limit"]
    client.post("/settings", data=data)
    db.session.expire_all()
    assert db.session.get(User, client.user.id).quiz_uses_new_limit is False
