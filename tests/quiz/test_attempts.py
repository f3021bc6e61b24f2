"""Taking a quiz: lifecycle, resume, idempotent answers, feedback and results."""

from __future__ import annotations

from quizkit import answer_form as _form
from quizkit import attempt_id_from, page_text, qdb_fixture, quiz_set_fixture, start_quiz  # noqa: F401

from quizapp.models import QuizAnswer, QuizAttempt, ReviewLog


def _take(client, qdb, attempt_id, *, wrong=()):
    """Answer every question of the attempt, wrongly for the question types in ``wrong``."""
    for question in qdb.questions(attempt_id):
        data = _form(question, right=question.type not in wrong)
        response = client.post(f"/quiz/attempt/{attempt_id}/answer", data=data)
        assert response.status_code == 302


def test_full_attempt_all_right_scores_100(user_client, quiz_set, qdb) -> None:
    client = user_client()
    response = start_quiz(client)
    assert response.status_code == 302
    attempt_id = attempt_id_from(response)
    questions = qdb.questions(attempt_id)
    assert sorted(q.type for q in questions) == sorted(
        ["multiple_choice", "true_false", "short_answer", "cloze", "ordering", "matching"])

    page = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
    assert "Question 1 of 6" in page and questions[0].prompt.split("____")[0] in page

    _take(client, qdb, attempt_id)
    attempt = qdb.attempt(attempt_id)
    assert attempt.finished_at is not None and attempt.score == 1.0
    assert client.get(f"/quiz/attempt/{attempt_id}").headers["Location"].endswith(
        f"/quiz/attempt/{attempt_id}/results")
    results = client.get(f"/quiz/attempt/{attempt_id}/results").get_data(as_text=True)
    assert "Quiz results: 100%" in results
    assert "Review my mistakes" not in results


def test_feedback_after_each_question_quotes_the_source(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["short_answer"]))
    question = qdb.questions(attempt_id)[0]
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data={"question_id": question.id, "text": "tupak amaru"})
    assert response.headers["Location"].endswith(
        f"/quiz/attempt/{attempt_id}/feedback/{question.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    text = page_text(page)
    assert "Accepted with a typo — mind the spelling." in text
    # The right answer is stated once, beside the student's.
    assert "Your answer ✓ right: tupak amaru Right answer Túpac Amaru" in text
    assert text.count("Túpac Amaru") == 1
    assert "<blockquote>Quote backing sa.</blockquote>" in page
    assert "<cite>Section for sa</cite>" in page
    assert "See results" in page  # the one-question quiz is over


def test_wrong_answer_feedback_shows_the_right_answer(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["ordering"]))
    question = qdb.questions(attempt_id)[0]
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data=_form(question, right=False))
    text = page_text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Wrong" in text
    # Both orders item by item: the student's (reversed: only the middle item in place).
    first, middle, last = question.answer
    assert (f"Your order ✗ wrong: {last} right place: 3 ✓ right: {middle} "
            f"✗ wrong: {first} right place: 1 Right order {first} {middle} {last}") in text


def test_feedback_at_the_end_moves_straight_on(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, feedback="end"))
    first, second = qdb.questions(attempt_id)[:2]
    response = client.post(f"/quiz/attempt/{attempt_id}/answer", data=_form(first))
    assert response.headers["Location"].endswith(f"/quiz/attempt/{attempt_id}")
    # No peeking at feedback before the end.
    assert client.get(f"/quiz/attempt/{attempt_id}/feedback/{first.id}").status_code == 404
    page = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
    assert "Question 2 of 6" in page and f'value="{second.id}"' in page


def test_unfinished_attempt_resumes_where_it_stopped(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client))
    questions = qdb.questions(attempt_id)
    for question in questions[:2]:
        client.post(f"/quiz/attempt/{attempt_id}/answer", data=_form(question))
    # A reload (or a new session on another day) shows question 3, not question 1 again.
    page = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
    assert "Question 3 of 6" in page and f'name="question_id" value="{questions[2].id}"' in page
    resume_link = f'href="/quiz/attempt/{attempt_id}"'
    assert resume_link in client.get("/quiz/history").get_data(as_text=True)
    assert resume_link in client.get("/quiz/mini-peru").get_data(as_text=True)
    assert client.get(f"/quiz/attempt/{attempt_id}/results").status_code == 302
    assert qdb.attempt(attempt_id).finished_at is None


def test_answering_twice_counts_once(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client))
    question = qdb.questions(attempt_id)[0]
    first = client.post(f"/quiz/attempt/{attempt_id}/answer", data=_form(question, right=False))
    second = client.post(f"/quiz/attempt/{attempt_id}/answer", data=_form(question, right=True))
    assert first.headers["Location"] == second.headers["Location"]
    answers = qdb.answers(attempt_id)
    assert len(answers) == 1 and answers[0].correct is False
    assert [log.rating for log in qdb.logs(client.user.id)] == [1]
    assert qdb.count(QuizAnswer) == 1 and qdb.count(ReviewLog) == 1


def test_empty_answers_are_wrong_not_errors(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client))
    for question in qdb.questions(attempt_id):
        response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                               data={"question_id": question.id})
        assert response.status_code == 302, question.type
    answers = qdb.answers(attempt_id)
    assert len(answers) == 6
    assert all(not a.correct and a.score == 0.0 and a.reason == "empty" for a in answers)
    assert qdb.attempt(attempt_id).score == 0.0
    assert [log.rating for log in qdb.logs(client.user.id)] == [1] * 6


def test_results_break_the_score_down_by_topic(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client))
    # Wrong: the ordering (dates) and the short answer (groups); dates and groups are half right.
    _take(client, qdb, attempt_id, wrong=("short_answer", "true_false"))
    attempt = qdb.attempt(attempt_id)
    assert round(attempt.score * 100) == 67
    page = client.get(f"/quiz/attempt/{attempt_id}/results").get_data(as_text=True)
    text = page_text(page)
    assert "Quiz results: 67%" in text and 'aria-label="Score: 67%"' in page
    assert "Mini Peru · 6 questions · 4 right" in text
    for topic, right, pct in (("Dates", 1, 50), ("Groups", 1, 50), ("Leaders", 1, 100),
                              ("Regions", 1, 100)):
        assert f"{topic} {right} of {2 if pct == 50 else 1} right · {pct}%" in text
    assert "Review my mistakes (2)" in text
    # The misses, each with the student's answer and the right one, link to their feedback.
    assert "To go over (2)" in text
    assert "✗ wrong: Lima · right: Túpac Amaru" in text
    missed = [q.id for q in qdb.questions(attempt_id) if q.type in ("short_answer", "true_false")]
    for question_id in missed:
        assert f'href="/quiz/attempt/{attempt_id}/feedback/{question_id}"' in page
    # Every question in detail, folded away.
    assert "<summary>Every question in detail</summary>" in page


def test_review_my_mistakes_starts_a_quiz_of_the_missed_questions(
        user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client))
    _take(client, qdb, attempt_id, wrong=("cloze", "matching"))
    missed = [q.id for q in qdb.questions(attempt_id) if q.type in ("cloze", "matching")]
    response = client.post(f"/quiz/attempt/{attempt_id}/review")
    review_id = attempt_id_from(response)
    assert review_id != attempt_id
    review = qdb.attempt(review_id)
    assert review.question_ids == missed and review.config["review_of"] == attempt_id
    # Pressing the button again resumes the same review instead of piling up attempts.
    assert attempt_id_from(client.post(f"/quiz/attempt/{attempt_id}/review")) == review_id
    assert qdb.count(QuizAttempt) == 2


def test_no_mistakes_to_review(user_client, quiz_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, types=["true_false"]))
    _take(client, qdb, attempt_id)
    response = client.post(f"/quiz/attempt/{attempt_id}/review", follow_redirects=True)
    assert "No mistakes to review" in response.get_data(as_text=True)
    assert qdb.count(QuizAttempt) == 1


def test_history_lists_attempts_with_scores_and_a_chart(user_client, quiz_set, qdb) -> None:
    client = user_client()
    assert "No quizzes yet" in client.get("/quiz/history").get_data(as_text=True)
    done = attempt_id_from(start_quiz(client))
    _take(client, qdb, done, wrong=("cloze", "matching", "ordering"))
    open_id = attempt_id_from(start_quiz(client, count=2))
    page = client.get("/quiz/history").get_data(as_text=True)
    text = page_text(page)
    assert "50% 6 / 6 Mini Peru Results" in text
    assert "unfinished 0 / 2 Mini Peru Resume Discard" in text
    assert f'href="/quiz/attempt/{done}/results"' in page
    assert f'href="/quiz/attempt/{open_id}"' in page
    assert page.count('class="bar"') == 1 and ": 50%" in page
    assert 'role="img"' in page
