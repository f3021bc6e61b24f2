"""Tampered forms, other students' attempts and finished attempts change nothing."""

from __future__ import annotations

import pytest
from quizkit import (  # noqa: F401 (fixtures)
    answer_form,
    attempt_id_from,
    qdb_fixture,
    quiz_bank,
    quiz_set_fixture,
    start_quiz,
)
from support import PASSWORD, csrf_token

from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.models import Card, QuizAnswer, QuizAttempt, ReviewLog, User


def _nothing_stored(qdb) -> None:
    assert (qdb.count(QuizAnswer), qdb.count(ReviewLog), qdb.count(Card)) == (0, 0, 0)


def test_another_students_attempt_is_not_found(user_client, quiz_set, qdb) -> None:
    owner, intruder = user_client(), user_client()
    attempt_id = attempt_id_from(start_quiz(owner))
    question = qdb.questions(attempt_id)[0]
    base = f"/quiz/attempt/{attempt_id}"
    for path in (base, f"{base}/results", f"{base}/feedback/{question.id}"):
        assert intruder.get(path).status_code == 404, path
    assert intruder.post(f"{base}/answer", data=answer_form(question)).status_code == 404
    assert intruder.post(f"{base}/review").status_code == 404
    _nothing_stored(qdb)
    assert qdb.count(QuizAttempt) == 1
    assert f'href="{base}"' not in intruder.get("/quiz/history").get_data(as_text=True)
    # The owner is unaffected and still on question 1.
    assert "Question 1 of 6" in owner.get(base).get_data(as_text=True)


def test_missing_attempt_is_not_found(user_client, quiz_set) -> None:
    client = user_client()
    assert client.get("/quiz/attempt/999").status_code == 404
    assert client.post("/quiz/attempt/999/answer", data={"question_id": 1}).status_code == 404


def _tamper(question, **fields):
    data = answer_form(question)
    data.update(fields)
    return data


TAMPERED = {
    "multiple_choice": [{"choice": "Clan del Golfo"}],
    "true_false": [{"truth": "maybe"}],
    "ordering": [
        {"item": ["Shining Path takes up arms", "Abimael Guzmán is captured", "Something else"]},
        {"position": ["1", "2", "4"]},
        {"position": ["1", "2"]},
        {"position": ["1", "two", "3"]},
    ],
    "matching": [
        {"right": ["Florindo Eleuterio Flores", "Jorge Quispe Palomino", "Abimael Guzmán"]},
        {"left": ["Comrade Artemio", "Raúl", "Feliciano"]},
        {"left": ["Comrade Artemio", "Comrade Artemio", "José"]},
        {"right": ["Florindo Eleuterio Flores"]},
    ],
    "short_answer": [{"text": "x" * 501}],
}
CASES = [(qtype, fields) for qtype, variants in TAMPERED.items() for fields in variants]


@pytest.mark.parametrize(("qtype", "fields"), CASES, ids=[f"{t}-{i}" for i, (t, _) in
                                                         enumerate(CASES)])
def test_tampered_values_are_refused(user_client, quiz_set, qdb, qtype, fields) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=[qtype]))
    question = qdb.questions(attempt_id)[0]
    response = client.post(f"/quiz/attempt/{attempt_id}/answer", data=_tamper(question, **fields))
    assert response.status_code == 400
    _nothing_stored(qdb)
    # The question is still open and can be answered properly afterwards.
    assert client.post(f"/quiz/attempt/{attempt_id}/answer",
                       data=answer_form(question)).status_code == 302
    assert qdb.answers(attempt_id)[0].correct


def test_a_question_outside_the_attempt_is_refused(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["true_false"]))
    other = attempt_id_from(start_quiz(client, types=["multiple_choice"]))
    foreign = qdb.questions(other)[0]
    for question_id in (foreign.id, "", "abc", 10**6):
        response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                               data={"question_id": question_id, "choice": foreign.answer})
        assert response.status_code == 400, question_id
    _nothing_stored(qdb)


def test_a_finished_attempt_changes_no_more(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["true_false", "cloze"]))
    questions = qdb.questions(attempt_id)
    for question in questions:
        client.post(f"/quiz/attempt/{attempt_id}/answer", data=answer_form(question, right=False))
    before = qdb.attempt(attempt_id)
    assert before.finished_at is not None and before.score == 0.0
    for question in questions:
        response = client.post(f"/quiz/attempt/{attempt_id}/answer", data=answer_form(question))
        assert response.status_code == 302  # shows the stored feedback again
    after = qdb.attempt(attempt_id)
    assert (after.score, after.finished_at) == (0.0, before.finished_at)
    assert [a.correct for a in qdb.answers(attempt_id)] == [False, False]
    assert qdb.count(ReviewLog) == 2


def test_quiz_pages_need_a_login(client, quiz_set) -> None:
    for path in ("/quiz/history", "/quiz/mini-peru", "/quiz/attempt/1"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_answers_need_the_csrf_token(csrf_app) -> None:
    from werkzeug.security import generate_password_hash

    with csrf_app.app_context():
        save_bank(quiz_bank())
        db.session.add(User(username="ana", role="student",
                            password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
    client = csrf_app.test_client()
    client.post(
        "/login", data={"username": "ana", "password": PASSWORD,
                        "csrf_token": csrf_token(client)})
    token = csrf_token(client, "/quiz/mini-peru")
    start = {"count": 1, "topics": ["dates"], "types": ["true_false"], "feedback": "each"}
    assert client.post("/quiz/mini-peru", data=start).status_code == 400
    response = client.post("/quiz/mini-peru", data=start | {"csrf_token": token})
    attempt_id = attempt_id_from(response)
    path = f"/quiz/attempt/{attempt_id}/answer"
    with csrf_app.app_context():
        question_id = db.session.get_one(QuizAttempt, attempt_id).question_ids[0]
    answer = {"question_id": question_id, "truth": "true"}
    assert client.post(path, data=answer).status_code == 400
    assert client.post(path, data=answer | {"csrf_token": token}).status_code == 302
    # The quick quiz and discarding an unfinished one are POSTs that need the token too.
    assert client.post("/quiz/mini-peru/quick").status_code == 400
    quick = attempt_id_from(client.post("/quiz/mini-peru/quick", data={"csrf_token": token}))
    assert client.post(f"/quiz/attempt/{quick}/discard").status_code == 400
    assert client.post(f"/quiz/attempt/{quick}/discard",
                       data={"csrf_token": token}).status_code == 302
