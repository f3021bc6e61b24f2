"""The bundled Peru bank through the quiz: every type renders with labels and grades right."""

from __future__ import annotations

import re

from quizkit import ALL_TYPES, answer_form, attempt_id_from, qdb_fixture, start_quiz  # noqa: F401


def _controls_have_labels(html: str) -> None:
    form = html[html.index('class="quiz-answer"'):html.index("Submit answer")]
    ids = set(re.findall(r'<label[^>]* for="([^"]+)"', form))
    for tag in re.findall(r"<(?:select|input)(?![^>]*type=\"(?:hidden|radio)\")[^>]*>", form):
        assert re.search(r'id="([^"]+)"', tag).group(1) in ids, tag
    # Radios sit inside their <label>.
    assert form.count('type="radio"') == len(re.findall(r'<label class="quiz-option"><input '
                                                        r'type="radio"', form))


def test_peru_questions_of_every_type_render_and_right_answers_score_100(
        user_client, peru_set, qdb) -> None:
    client = user_client()
    for qtype in ALL_TYPES:
        attempt_id = attempt_id_from(start_quiz(client, peru_set.slug, count=8, types=[qtype],
                                                topics=["dates", "groups", "leaders", "regions"]))
        questions = qdb.questions(attempt_id)
        assert questions and {q.type for q in questions} == {qtype}
        for question in questions:
            html = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
            assert f'name="question_id" value="{question.id}"' in html
            _controls_have_labels(html)
            response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                                   data=answer_form(question))
            assert response.status_code == 302, question.key
            feedback = client.get(response.headers["Location"]).get_data(as_text=True)
            assert "<blockquote>" in feedback and "<cite>" in feedback, question.key
        wrong = [(a.question_id, a.message) for a in qdb.answers(attempt_id) if not a.correct]
        assert wrong == []
        assert qdb.attempt(attempt_id).score == 1.0
