"""The quiz screens: quick start, discarding unfinished quizzes, feedback and results."""

from __future__ import annotations

import pytest
from quizkit import (  # noqa: F401 (fixtures)
    ALL_TOPICS,
    ALL_TYPES,
    answer_form,
    attempt_id_from,
    page_text,
    qdb_fixture,
    quiz_set_fixture,
    start_quiz,
)

from quizapp.models import QuizAnswer, QuizAttempt, ReviewLog
from quizapp.quiz.compare import OrderLine, PairLine, order_lines, pair_lines, short_note


def _answer(client, qdb, attempt_id: int, count: int, *, right: bool = True) -> None:
    for question in qdb.questions(attempt_id)[:count]:
        response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                               data=answer_form(question, right=right))
        assert response.status_code == 302


# ----------------------------------------------------------------------------- start page

def test_the_start_page_leads_with_a_quick_quiz_and_folds_the_options(
        user_client, quiz_set) -> None:
    page = user_client().get("/quiz/mini-peru").get_data(as_text=True)
    text = page_text(page)
    assert text.index("Quick quiz") < text.index("More options") < text.index("Topics")
    assert "10 mixed questions from every topic, with feedback after each answer." in text
    assert 'action="/quiz/mini-peru/quick"' in page
    assert '<details class="quiz-options">' in page  # closed until asked for
    assert "Unfinished quiz" not in text


def test_bad_options_unfold_the_options_with_the_error(user_client, quiz_set) -> None:
    page = start_quiz(user_client(), count=0).get_data(as_text=True)
    assert '<details class="quiz-options" open>' in page
    assert "Enter a number from 1 to 50." in page


def test_quick_quiz_takes_every_topic_and_type_with_feedback_after_each(
        user_client, quiz_set, qdb) -> None:
    client = user_client()
    response = client.post("/quiz/mini-peru/quick")
    attempt = qdb.attempt(attempt_id_from(response))
    assert attempt.config["count"] == 10 and attempt.config["feedback"] == "each"
    assert sorted(attempt.config["topics"]) == ALL_TOPICS
    assert sorted(attempt.config["types"]) == sorted(ALL_TYPES)
    assert len(attempt.question_ids) == 6  # the whole (six-question) set
    question = qdb.questions(attempt.id)[0]
    answered = client.post(f"/quiz/attempt/{attempt.id}/answer", data=answer_form(question))
    assert answered.headers["Location"].endswith(f"/feedback/{question.id}")


def test_quick_quiz_on_an_unknown_set_is_not_found(user_client, quiz_set) -> None:
    assert user_client().post("/quiz/no-such-set/quick").status_code == 404


def test_the_latest_unfinished_quiz_offers_resume_and_discard_the_others_fold_away(
        user_client, quiz_set, qdb) -> None:
    client = user_client()
    older = [attempt_id_from(client.post("/quiz/mini-peru/quick")) for _ in range(2)]
    latest = attempt_id_from(start_quiz(client, count=3))
    _answer(client, qdb, latest, 1)
    page = client.get("/quiz/mini-peru").get_data(as_text=True)
    text = page_text(page)
    assert "Unfinished quiz" in text and "1 of 3 questions answered" in text
    assert text.count("Resume") == 3 and text.count("Discard") == 3
    assert "2 older unfinished quizzes" in text
    body = page[page.index("Unfinished quiz"):page.index('class="older-unfinished"')]
    assert f'href="/quiz/attempt/{latest}"' in body
    assert f'action="/quiz/attempt/{latest}/discard"' in body
    for attempt_id in older:
        assert f'action="/quiz/attempt/{attempt_id}/discard"' in page


# ----------------------------------------------------------------------------- discarding

def test_discarding_hides_the_attempt_and_keeps_its_answers_in_the_schedule(
        user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, count=4))
    _answer(client, qdb, attempt_id, 2)
    response = client.post(f"/quiz/attempt/{attempt_id}/discard", follow_redirects=True)
    assert response.request.path == "/quiz/mini-peru"
    assert "Quiz discarded. The answers you gave still count in your flashcards." in \
        response.get_data(as_text=True)
    assert "Unfinished quiz" not in page_text(response.get_data(as_text=True))
    assert "No quizzes yet" in client.get("/quiz/history").get_data(as_text=True)
    # Gone for the student: no resuming, answering or feedback.
    question = qdb.questions(attempt_id)[2]
    assert client.get(f"/quiz/attempt/{attempt_id}").status_code == 404
    assert client.post(f"/quiz/attempt/{attempt_id}/answer",
                       data=answer_form(question)).status_code == 404
    # What was answered still moved the flashcards.
    assert len(qdb.answers(attempt_id)) == 2
    assert [log.origin for log in qdb.logs(client.user.id)] == ["quiz", "quiz"]


def test_discarding_twice_keeps_the_first_time(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, count=2))
    assert client.post(f"/quiz/attempt/{attempt_id}/discard").status_code == 302
    first = qdb.attempt(attempt_id).discarded_at
    assert first is not None
    again = client.post(f"/quiz/attempt/{attempt_id}/discard")
    assert again.status_code == 302  # a double click lands on the start page, not an error
    assert qdb.attempt(attempt_id).discarded_at == first
    assert qdb.count(QuizAttempt) == 1


def test_only_the_owner_can_discard_and_only_unfinished_quizzes(
        user_client, quiz_set, qdb) -> None:
    owner, other = user_client(), user_client()
    attempt_id = attempt_id_from(start_quiz(owner, count=2))
    assert other.post(f"/quiz/attempt/{attempt_id}/discard").status_code == 404
    assert other.get(f"/quiz/attempt/{attempt_id}/discard").status_code == 405
    assert qdb.attempt(attempt_id).discarded_at is None
    done = attempt_id_from(start_quiz(owner, types=["true_false"]))
    _answer(owner, qdb, done, 1)
    assert owner.post(f"/quiz/attempt/{done}/discard").status_code == 404
    assert qdb.attempt(done).discarded_at is None
    assert owner.post("/quiz/attempt/999/discard").status_code == 404


def test_discarding_from_the_history_returns_to_the_history(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, count=2))
    response = client.post(f"/quiz/attempt/{attempt_id}/discard", data={"back": "history"})
    assert response.headers["Location"].endswith("/quiz/history")
    assert qdb.count(QuizAnswer) == 0 and qdb.count(ReviewLog) == 0


# ----------------------------------------------------------------------------- feedback, results

def test_a_right_answer_is_not_repeated_as_the_right_answer(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["multiple_choice"]))
    question = qdb.questions(attempt_id)[0]
    response = client.post(f"/quiz/attempt/{attempt_id}/answer", data=answer_form(question))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    text = page_text(page)
    assert "Your answer ✓ right: Shining Path" in text
    assert "Right answer" not in text and text.count("Shining Path") == 1
    assert "See results" in text and "data-autofocus" in page


def test_one_question_results_say_question_not_questions(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["true_false"]))
    _answer(client, qdb, attempt_id, 1)
    text = page_text(client.get(f"/quiz/attempt/{attempt_id}/results").get_data(as_text=True))
    assert "Mini Peru · 1 question · 1 right" in text
    assert "Every answer right." in text and "To go over" not in text


# ----------------------------------------------------------------------------- pure pieces

def test_order_lines_mark_each_item_in_place_or_where_it_belongs() -> None:
    assert order_lines(["b", "a", "c"], ["a", "b", "c"]) == [
        OrderLine("b", False, 2), OrderLine("a", False, 1), OrderLine("c", True, 3)]


def test_pair_lines_follow_the_right_pairs_and_show_empty_picks() -> None:
    assert pair_lines({"cat": "wouf"}, {"cat": "miaou", "dog": "wouf"}) == [
        PairLine("cat", "wouf", "miaou", False), PairLine("dog", "", "wouf", False)]


@pytest.mark.parametrize(("reason", "message", "note"), [
    ("exact", "Correct.", ""),
    ("exact", "Correct — the spelling is Túpac Amaru.", "Right — mind the spelling."),
    ("exact", "Correct — that is Lima.", ""),
    ("typo", "Accepted with a typo — the spelling is Lima.",
     "Accepted with a typo — mind the spelling."),
    ("near_miss_other_entity", "Not right — that points to MRTA, not to the answer, "
     "Shining Path.", "That points to MRTA, not to the answer."),
    ("partial", "Partly right: 1 of 3 pairs matched. The answer is a → b.",
     "1 of 3 pairs matched."),
    ("partial", "Partly right (50%). The right choices are a; b.", ""),
    ("wrong", "Not right — the answer is Lima.", ""),
    ("empty", "No answer given — the answer is Lima.", ""),
])
def test_the_note_never_repeats_the_right_answer(reason: str, message: str, note: str) -> None:
    assert short_note(reason, message) == note
