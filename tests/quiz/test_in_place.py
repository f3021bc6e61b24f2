"""A quiz taken in place (quiz.js sends X-Quiz-Fragment: 1): one request per answer returns the
next screen's fragment, screens that need a page of their own are named in X-Quiz-Next, and an
answer is still stored once."""

from __future__ import annotations

from quizkit import (  # noqa: F401
    answer_form,
    attempt_id_from,
    page_text,
    qdb_fixture,
    quiz_set_fixture,
    start_quiz,
)

from quizapp.models import QuizAnswer, ReviewLog

IN_PLACE = {"X-Quiz-Fragment": "1"}


def _answer(client, attempt_id: int, data: dict, **kwargs):
    return client.post(f"/quiz/attempt/{attempt_id}/answer", data=data, **kwargs)


def _screen(response) -> str:
    """The fragment's text, checked to be one screen and not a whole page."""
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    assert 'id="quiz-screen"' in html and "<html" not in html and "<main" not in html
    return page_text(f"<main>{html}</main>")


def test_an_answer_in_place_returns_its_feedback_then_next_question_fetches_the_next(
        user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client))
    first, second = qdb.questions(attempt_id)[:2]
    response = _answer(client, attempt_id, answer_form(first), headers=IN_PLACE)
    text = _screen(response)
    assert "Right" in text and "Quote backing" in text and "Next question" in text
    assert f'data-url="/quiz/attempt/{attempt_id}/feedback/{first.id}"' in response.get_data(
        as_text=True)
    assert len(qdb.answers(attempt_id)) == 1 and qdb.count(ReviewLog) == 1

    again = _answer(client, attempt_id, answer_form(first, right=False), headers=IN_PLACE)
    assert again.status_code == 200 and "Right" in _screen(again)  # stored once, as it was
    assert len(qdb.answers(attempt_id)) == 1 and qdb.count(ReviewLog) == 1

    following = client.get(f"/quiz/attempt/{attempt_id}", headers=IN_PLACE)
    assert "Question 2 of 6" in _screen(following)
    assert f'name="question_id" value="{second.id}"' in following.get_data(as_text=True)


def test_with_feedback_at_the_end_an_answer_returns_the_next_question_then_the_results(
        user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, feedback="end"))
    questions = qdb.questions(attempt_id)
    for number, question in enumerate(questions[:-1], start=2):
        text = _screen(_answer(client, attempt_id, answer_form(question), headers=IN_PLACE))
        assert f"Question {number} of 6" in text and "Quote backing" not in text
    last = _answer(client, attempt_id, answer_form(questions[-1]), headers=IN_PLACE)
    assert last.status_code == 204 and not last.get_data()
    assert last.headers["X-Quiz-Next"] == f"/quiz/attempt/{attempt_id}/results"
    assert qdb.attempt(attempt_id).score == 1.0


def test_the_last_feedback_links_to_the_results_as_a_page(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, count=1, types=["true_false"]))
    (question,) = qdb.questions(attempt_id)
    html = _answer(client, attempt_id, answer_form(question), headers=IN_PLACE).get_data(
        as_text=True)
    assert "See results" in html and "data-in-place" not in html
    finished = client.get(f"/quiz/attempt/{attempt_id}", headers=IN_PLACE)
    assert finished.status_code == 204
    assert finished.headers["X-Quiz-Next"] == f"/quiz/attempt/{attempt_id}/results"


def test_a_map_question_is_named_as_a_page_of_its_own(user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, "peru", count=2, topics=["regions"],
                                            types=["where_is_it"]))
    shown = client.get(f"/quiz/attempt/{attempt_id}", headers=IN_PLACE)
    assert shown.status_code == 204
    assert shown.headers["X-Quiz-Next"] == f"/quiz/attempt/{attempt_id}"
    question = qdb.questions(attempt_id)[0]
    answered = _answer(client, attempt_id, {"question_id": question.id, "place": "1"},
                       headers=IN_PLACE)
    assert answered.status_code == 204  # its feedback draws the map
    assert answered.headers["X-Quiz-Next"] == f"/quiz/attempt/{attempt_id}/feedback/{question.id}"
    assert qdb.count(QuizAnswer) == 1


def test_without_the_header_answers_redirect(user_client, quiz_set, qdb) -> None:
    """Without JavaScript: to the next question, and after the last straight to the results."""
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, feedback="end", count=2,
                                            types=["true_false", "short_answer"]))
    first, last = qdb.questions(attempt_id)
    response = _answer(client, attempt_id, answer_form(first))
    assert response.status_code == 302 and "X-Quiz-Next" not in response.headers
    assert response.headers["Location"].endswith(f"/quiz/attempt/{attempt_id}")
    response = _answer(client, attempt_id, answer_form(last))
    assert response.headers["Location"].endswith(f"/quiz/attempt/{attempt_id}/results")
