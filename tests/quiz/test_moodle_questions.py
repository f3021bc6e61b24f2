"""Questions imported from Moodle GIFT, taken as a student takes them: ticked choices graded
by their weights, numbers within a range, partial credit, per-answer feedback, rich prompts."""

from __future__ import annotations

from quizkit import attempt_id_from, qdb_fixture, start_quiz  # noqa: F401

from quizapp.bank.schema import Bank, SetInfo
from quizapp.imports import parse_gift

GIFT = """\
// [id:tomb]
What two people are entombed in Grant's tomb? {
  ~%-100%No one#Someone is.
  ~%50%Grant#Yes, Grant.
  ~%50%Grant's wife#Yes, Julia.
  ~%-100%Grant's father#No, not him.
}

// [id:pi]
[html]<p>What is <b>pi</b> to 3 places?</p><script>alert(1)</script> {#3.141..3.142#Well done~#Count again}

// [id:born]
Where was Jesus born? {=Bethlehem =%25%Nazareth#He grew up there}
"""


def _set(save_set):
    parsed = parse_gift(GIFT, slug_hint="moodle")
    return save_set(Bank(SetInfo(slug="moodle", title="Moodle"), parsed.questions))


def _answer(client, qdb, types, data):
    attempt_id = attempt_id_from(start_quiz(client, slug="moodle", topics=["imported"],
                                            types=types))
    (question,) = qdb.questions(attempt_id)
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data={"question_id": question.id, **data})
    assert response.status_code == 302
    return attempt_id, client.get(response.headers["Location"]).get_data(as_text=True)


def test_multiple_response_shows_checkboxes_and_grades_by_weight(user_client, save_set,
                                                                  qdb) -> None:
    _set(save_set)
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, slug="moodle", topics=["imported"],
                                            types=["multiple_response"]))
    page = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
    assert page.count('type="checkbox" name="choice"') == 4
    (question,) = qdb.questions(attempt_id)
    client.post(f"/quiz/attempt/{attempt_id}/answer",
                data={"question_id": question.id, "choice": ["Grant", "Grant's father"]})
    (answer,) = qdb.answers(attempt_id)
    assert (answer.score, answer.given) == (0.0, ["Grant", "Grant's father"])
    feedback = client.get(f"/quiz/attempt/{attempt_id}/feedback/{question.id}")
    text = feedback.get_data(as_text=True)
    assert "Yes, Grant." in text and "No, not him." in text and "Yes, Julia." not in text
    assert "Grant; Grant&#39;s wife" in text  # the right choices, as a list


def test_half_the_right_choices_earn_half(user_client, save_set, qdb) -> None:
    _set(save_set)
    attempt_id, page = _answer(user_client(), qdb, ["multiple_response"], {"choice": "Grant"})
    assert qdb.answers(attempt_id)[0].score == 0.5
    assert "Partly right (50%)" in page


def test_a_tampered_choice_is_refused(user_client, save_set, qdb) -> None:
    _set(save_set)
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, slug="moodle", topics=["imported"],
                                            types=["multiple_response"]))
    (question,) = qdb.questions(attempt_id)
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data={"question_id": question.id, "choice": ["Grant", "Lincoln"]})
    assert response.status_code == 400


def test_a_number_in_the_range_is_right_and_feedback_follows(user_client, save_set,
                                                              qdb) -> None:
    _set(save_set)
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, slug="moodle", topics=["imported"],
                                            types=["short_answer"]))
    questions = {q.key: q for q in qdb.questions(attempt_id)}
    pi, born = questions["pi"], questions["born"]
    client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": pi.id,
                                                            "text": "3,1416"})
    client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": born.id,
                                                            "text": "nazareth"})
    scores = {a.question_id: a.score for a in qdb.answers(attempt_id)}
    assert (scores[pi.id], scores[born.id]) == (1.0, 0.25)
    pi_page = client.get(f"/quiz/attempt/{attempt_id}/feedback/{pi.id}").get_data(as_text=True)
    assert "Well done" in pi_page and "Count again" not in pi_page
    assert "<b>pi</b>" in pi_page and "<script>alert" not in pi_page
    results = client.get(f"/quiz/attempt/{attempt_id}/results").get_data(as_text=True)
    assert "He grew up there" in results and "Partly right (25%)" in results
