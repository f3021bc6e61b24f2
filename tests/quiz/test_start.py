"""The start form: options offered, validation, and deterministic question choice."""

from __future__ import annotations

import re

import pytest
from quizkit import (  # noqa: F401 (fixtures)
    ALL_TOPICS,
    ALL_TYPES,
    attempt_id_from,
    qdb_fixture,
    quiz_bank,
    quiz_set_fixture,
    start_quiz,
)

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.models import QuizAttempt


def test_form_offers_the_sets_topics_and_types_all_ticked(user_client, quiz_set) -> None:
    page = user_client().get("/quiz/mini-peru").get_data(as_text=True)
    boxes = re.findall(r'<input [^>]*name="(topics|types)"[^>]*>', page)
    ticked = re.findall(r'<input checked [^>]*name="(?:topics|types)"[^>]*value="([^"]+)"', page)
    assert len(boxes) == len(ALL_TOPICS) + len(ALL_TYPES)
    assert sorted(ticked) == sorted(ALL_TOPICS + ALL_TYPES)
    assert re.search(r'<input [^>]*name="count"[^>]*value="10"', page)
    assert "After each question" in page and "At the end" in page
    assert 'name="due_only"' in page


def test_the_set_page_links_to_the_quiz(user_client, quiz_set) -> None:
    page = user_client().get("/sets/mini-peru").get_data(as_text=True)
    assert 'href="/quiz/mini-peru"' in page and "Take a quiz" in page
    assert 'href="/quiz/history"' in page  # "Quizzes" in the main navigation


def test_options_choose_the_questions(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, topics=["dates"], count=5))
    questions = qdb.questions(attempt_id)
    assert sorted(q.type for q in questions) == ["ordering", "true_false"]
    attempt = qdb.attempt(attempt_id)
    assert attempt.config == {"count": 5, "topics": ["dates"], "types": ALL_TYPES,
                              "due_only": False, "feedback": "each"}
    assert len(qdb.questions(attempt_id_from(start_quiz(client, count=2)))) == 2


@pytest.mark.parametrize(("options", "message"), [
    ({"count": 0}, "Enter a number from 1 to 50."),
    ({"count": 51}, "Enter a number from 1 to 50."),
    ({"count": "many"}, "Enter a number from 1 to 50."),
    ({"topics": []}, "Choose at least one topic."),
    ({"types": []}, "Choose at least one question type."),
    ({"topics": ["weather"]}, "is not a valid choice"),
    ({"topics": ["leaders"], "types": ["true_false"]}, "No question matches these options"),
])
def test_bad_options_show_an_error_and_start_nothing(user_client, quiz_set, qdb, options,
                                                     message) -> None:
    response = start_quiz(user_client(), **options)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert qdb.count(QuizAttempt) == 0


def test_question_choice_is_deterministic_per_student_and_attempt(
        user_client, quiz_set, qdb, tmp_path) -> None:
    client = user_client()
    picks = [qdb.attempt(attempt_id_from(start_quiz(client, count=3))).question_ids
             for _ in range(3)]
    assert len({tuple(p) for p in picks}) > 1  # successive quizzes differ
    from quizapp.quiz.selection import pick_questions, quiz_rng

    with qdb.app.app_context():
        from quizapp.extensions import db
        from quizapp.models import Question

        rows = db.session.execute(db.select(Question.id, Question.quote)
                                  .order_by(Question.position)).all()
    quotes = {row.id: row.quote for row in rows}
    expected = [pick_questions(list(quotes), 3, quiz_rng(client.user.id, n), quotes)
                for n in range(3)]
    assert picks == expected


def test_a_quiz_never_asks_two_questions_on_one_sentence_when_it_can_avoid_it(
        user_client, save_set, qdb) -> None:
    """Two gaps on one sentence show each other's answer: a quiz of three from a set of three
    sentences (two questions each) asks each sentence once."""
    questions = tuple(
        Question(key=f"q{n}", topic="groups", type="short_answer", prompt=f"Gap {n}: ____?",
                 answer=f"Answer {n}", source=SourceRef(section="S", quote=f"Sentence {n // 2}."))
        for n in range(6))
    save_set(Bank(info=SetInfo(slug="siblings", title="Siblings", source=SetSource(title="P")),
                  questions=questions))
    client = user_client()
    for _ in range(5):
        attempt = qdb.attempt(attempt_id_from(start_quiz(
            client, slug="siblings", count=3, topics=["groups"], types=["short_answer"])))
        with qdb.app.app_context():
            from quizapp.extensions import db
            from quizapp.models import Question as Row

            quotes = [db.session.get(Row, qid).quote for qid in attempt.question_ids]
        assert len(quotes) == 3 and len(set(quotes)) == 3


def test_draft_sets_of_others_are_not_found(user_client, save_set, make_user) -> None:
    owner = make_user("teacher", role="instructor")
    save_set(quiz_bank("secret-draft"), owner_id=owner.id, status="draft")
    assert user_client().get("/quiz/secret-draft").status_code == 404
    assert user_client().get("/quiz/no-such-set").status_code == 404
