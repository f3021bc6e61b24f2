"""Quiz answers move the flashcard schedule through the same service as flashcards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from quizkit import answer_form, attempt_id_from, qdb_fixture, quiz_set_fixture, start_quiz  # noqa: F401
from support import get_card

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, User
from quizapp.study.services import record_review


def _card(app, user_id: int, question_id: int) -> Card:
    with app.app_context():
        card = get_card(user_id, question_id)
        assert card is not None
        db.session.expunge(card)
        return card


def test_quiz_answers_log_reviews_with_origin_quiz(app, user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["multiple_choice", "cloze"]))
    wrong, right = qdb.questions(attempt_id)
    client.post(f"/quiz/attempt/{attempt_id}/answer", data=answer_form(wrong, right=False))
    client.post(f"/quiz/attempt/{attempt_id}/answer", data=answer_form(right))
    logs = qdb.logs(client.user.id)
    assert [(log.question_id, log.rating, log.origin) for log in logs] == [
        (wrong.id, srs.AGAIN, "quiz"), (right.id, srs.GOOD, "quiz")]
    assert {log.client_id for log in logs} == {
        f"quiz-{attempt_id}-{wrong.id}", f"quiz-{attempt_id}-{right.id}"}
    missed, known = _card(app, client.user.id, wrong.id), _card(app, client.user.id, right.id)
    assert missed.state == srs.LEARNING and missed.reps == 1
    assert known.state in (srs.LEARNING, srs.REVIEW) and known.due > missed.due


def test_a_wrong_quiz_answer_sends_a_review_card_to_relearning(
        app, user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["true_false"]))
    question = qdb.questions(attempt_id)[0]
    # Study the card with flashcards until it graduates to review, a month ago.
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    with app.app_context():
        user = db.session.get_one(User, client.user.id)
        for step, minutes in enumerate((0, 10, 30)):
            record_review(user, question.id, srs.GOOD, client_id=f"fc-{step}",
                          now=start + timedelta(minutes=minutes))
        db.session.commit()
    before = _card(app, client.user.id, question.id)
    assert before.state == srs.REVIEW and before.lapses == 0
    client.post(f"/quiz/attempt/{attempt_id}/answer", data=answer_form(question, right=False))
    after = _card(app, client.user.id, question.id)
    assert after.state == srs.RELEARNING and after.lapses == 1
    assert qdb.logs(client.user.id)[-1].origin == "quiz"


def test_only_due_or_missed_cards(app, user_client, quiz_set, qdb) -> None:
    client = user_client()
    response = start_quiz(client, due_only="y")
    assert response.status_code == 200 and "No question matches these options" in \
        response.get_data(as_text=True)
    first = attempt_id_from(start_quiz(client, types=["cloze", "matching"], feedback="end"))
    cloze, matching = sorted(qdb.questions(first), key=lambda q: q.type)
    client.post(f"/quiz/attempt/{first}/answer", data=answer_form(cloze, right=False))
    client.post(f"/quiz/attempt/{first}/answer", data=answer_form(matching))
    # The missed cloze qualifies; the matching question answered right is not due yet.
    again = attempt_id_from(start_quiz(client, due_only="y"))
    assert qdb.attempt(again).question_ids == [cloze.id]


@pytest.mark.parametrize("in_place", [False, True], ids=["page", "in-place"])
def test_a_quiz_answer_that_makes_a_leech_tells_the_student(app, user_client, quiz_set,
                                                           qdb, in_place) -> None:
    """The eighth lapse comes from a quiz: the card is suspended and the student is told, as
    after a flashcard answer, on the feedback page or on the screen swapped in."""
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["true_false"]))
    question = qdb.questions(attempt_id)[0]
    with app.app_context():
        user = db.session.get_one(User, client.user.id)
        at = datetime(2024, 1, 1, 12, tzinfo=UTC)
        for step in range(100):  # graduate, then forget and relearn it seven times
            card = get_card(user.id, question.id)
            if card is not None and (card.lapses, card.state) == (7, srs.REVIEW):
                break
            forgot = card is not None and card.state == srs.REVIEW
            record_review(user, question.id, srs.AGAIN if forgot else srs.GOOD,
                          client_id=f"fc-{step}", now=at)
            db.session.expire_all()  # the answer was written by direct statements
            at = get_card(user.id, question.id).due
        db.session.commit()
    card = _card(app, client.user.id, question.id)
    assert card.lapses == 7 and card.state == srs.REVIEW and not card.suspended
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data=answer_form(question, right=False), follow_redirects=True,
                           headers={"X-Quiz-Fragment": "1"} if in_place else {})
    html = response.get_data(as_text=True)
    assert "This card is a leech" in html and ("<html" not in html) == in_place
    card = _card(app, client.user.id, question.id)
    assert card.suspended and card.leech
