""""Where is it?": Peru's place questions answered by picking a marker on the map, stored and
graded like every other quiz answer."""

from __future__ import annotations

import random
import re
from html import unescape

from quizkit import (  # noqa: F401 (fixtures)
    ALL_TYPES,
    attempt_id_from,
    qdb_fixture,
    quiz_set_fixture,
    start_quiz,
)

from quizapp import srs
from quizapp.atlas.places import answer_place, load_places, names_place
from quizapp.atlas.where import WHERE_IS_IT, grade_pick, map_choices, offered_places, on_map
from quizapp.grading.outcome import Grade
from quizapp.models import Card, QuizAnswer, ReviewLog
from quizapp.quiz.answers import TamperedAnswer, parse_place

PLACES = {p.id: p for p in load_places()}
WHERE = "where_is_it"


def _start_where(client, count: int = 3, **options):
    return attempt_id_from(start_quiz(client, "peru", count=count, topics=["regions"],
                                      types=[WHERE], **options))


def _offered(qdb, attempt_id: int, question_id: int) -> tuple[str, ...]:
    return offered_places(qdb.attempt(attempt_id).config, question_id)


def _right_id(question, offered) -> str:
    answers = [question.answer, *(question.accept or ())]
    place = answer_place([PLACES[i] for i in offered], answers)
    assert place is not None, question.key
    return place.id


def _marker(qdb, attempt_id: int, question_id: int, place_id: str) -> str:
    """What the page posts for a place: the number of its marker (1 = first offered)."""
    return str(_offered(qdb, attempt_id, question_id).index(place_id) + 1)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# ----------------------------------------------------------------------------- pure pieces

def test_a_place_is_named_by_any_alias_as_a_whole_answer() -> None:
    places = list(PLACES.values())
    assert answer_place(places, ["Alto Huallaga"]).id == "huallaga"
    assert answer_place(places, ["Cuzco"]).id == "cusco"
    assert answer_place(places, ["apurimac, ene and mantaro"]).id == "vraem"
    assert answer_place(places, ["Shining Path", "Lima"]).id == "lima"
    assert answer_place(places, ["Lima Metropolitana"]) is None  # whole names only
    assert not names_place(PLACES["callao"], ["Lima"])


def test_grade_pick_is_right_only_for_the_answers_place() -> None:
    lima, callao = PLACES["lima"], PLACES["callao"]
    assert grade_pick(lima, lima, ["Lima"]) == Grade(True, 1.0, "exact",
                                                     "Correct — that is Lima.", "Lima")
    wrong = grade_pick(callao, lima, ["Lima"])
    assert (wrong.correct, wrong.score, wrong.reason) == (False, 0.0, "wrong")
    assert wrong.message == "Not right — you picked Callao; the answer is Lima."
    assert grade_pick(None, lima, ["Lima"]).reason == "empty"


def test_parse_place_refuses_places_that_were_not_offered() -> None:
    class Form(dict):
        def getlist(self, key):
            return [self[key]] if key in self else []

    assert parse_place(Form(place="2"), ["lima", "cusco"]) == "cusco"
    assert parse_place(Form(), ["lima"]) is None
    for bad in ("lima", "0", "3", "-1", "1.0"):
        try:
            parse_place(Form(place=bad), ["lima", "cusco"])
        except TamperedAnswer:
            continue
        raise AssertionError(bad)


def test_on_map_keeps_other_types_and_shares_questions_whose_type_was_chosen_too() -> None:
    drawn = [(1, "cloze"), (2, "true_false"), (3, "multiple_choice")]
    eligible = {1: ("lima", "cusco", "puno"), 3: ("lima", "cusco", "puno")}
    only_map = on_map(drawn, eligible, [WHERE_IS_IT], random.Random(0))
    assert only_map == {"1": ["lima", "cusco", "puno"], "3": ["lima", "cusco", "puno"]}
    assert on_map(drawn, eligible, ["cloze", "true_false"], random.Random(0)) == {}
    mixed = [on_map(drawn, eligible, ["cloze", WHERE_IS_IT], random.Random(seed))
             for seed in range(20)]
    assert all("3" in m for m in mixed)  # its own type was not chosen: always on the map
    assert {("1" in m) for m in mixed} == {True, False}


def test_map_choices_place_markers_inside_the_map() -> None:
    choices = map_choices(list(PLACES.values()), ["tumbes", "lima", "nowhere", "puno"])
    assert [c.place.id for c in choices] == ["tumbes", "lima", "puno"]
    assert all(0 < c.left < 100 and 0 < c.top < 100 for c in choices)
    assert choices[0].top < choices[1].top < choices[2].top  # north to south


# ----------------------------------------------------------------------------- through the app

def test_start_form_offers_where_is_it_for_peru_only(user_client, peru_set, quiz_set) -> None:
    client = user_client()
    peru = client.get("/quiz/peru").get_data(as_text=True)
    box = re.search(r'<input [^>]*name="types"[^>]*value="where_is_it"[^>]*>', peru)
    assert box and "checked" in box.group(0)
    assert "Where is it? (map)" in peru
    # The six-question bank names one mapped place only: nothing to choose from on a map.
    assert 'value="where_is_it"' not in client.get("/quiz/mini-peru").get_data(as_text=True)


def test_a_where_is_it_attempt_shows_the_prompt_and_labelled_markers(
        user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = _start_where(client)
    questions = qdb.questions(attempt_id)
    assert len(questions) == 3
    assert {q.topic for q in questions} == {"regions"}
    config = qdb.attempt(attempt_id).config
    assert config["types"] == [WHERE] and set(config[WHERE]) == {str(q.id) for q in questions}

    html = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
    question = questions[0]
    offered = _offered(qdb, attempt_id, question.id)
    assert len(offered) >= 3 and _right_id(question, offered) in offered
    assert 'data-type="where_is_it"' in html and "data-where-map" in html
    assert unescape(question.prompt) in unescape(html)
    assert "css/atlas.css" in html and 'class="land peru"' in html  # the outline map
    radios = re.findall(r'<label class="quiz-option"><input type="radio" name="place" '
                        r'value="(\d+)"[^>]*>\s*<span class="where-name"><span '
                        r'class="visually-hidden">Marker </span>(\d+)</span>', html)
    numbers = [str(n) for n in range(1, len(offered) + 1)]
    assert radios == list(zip(numbers, numbers, strict=True))  # numbered, not named
    board = html[html.index("data-where-map"):html.index("</fieldset>")]
    assert not [i for i in offered if PLACES[i].name in unescape(board)]
    lists = re.findall(r'data-left="([\d.]+)" data-top="([\d.]+)"', html)
    assert len(lists) == len(offered)
    assert 'name="text"' not in html and 'name="choice"' not in html


def test_a_right_pick_is_stored_and_reviews_the_card_from_the_quiz(
        user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = _start_where(client, count=1)
    question = qdb.questions(attempt_id)[0]
    right = _right_id(question, _offered(qdb, attempt_id, question.id))
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data={"question_id": question.id,
                                 "place": _marker(qdb, attempt_id, question.id, right)})
    assert response.status_code == 302
    feedback = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "verdict-right" in feedback
    assert f"Your answer ✓ right: {PLACES[right].name} Map:" in _text(feedback)
    assert "<blockquote>" in feedback and f"<cite>{question.section}</cite>" in unescape(feedback)

    [answer] = qdb.answers(attempt_id)
    assert (answer.given, answer.correct, answer.score, answer.reason) == (
        PLACES[right].name, True, 1.0, "exact")
    [log] = qdb.logs(client.user.id)
    assert (log.question_id, log.rating, log.origin) == (question.id, srs.GOOD, "quiz")
    with qdb.app.app_context():
        from quizapp.extensions import db

        card = db.session.execute(db.select(Card).where(Card.question_id == question.id)
                                  ).scalar_one()
        assert card.reps == 1 and card.user_id == client.user.id
    assert qdb.attempt(attempt_id).score == 1.0


def test_a_wrong_pick_is_wrong_and_names_the_right_place(user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = _start_where(client, count=1)
    question = qdb.questions(attempt_id)[0]
    offered = _offered(qdb, attempt_id, question.id)
    right = _right_id(question, offered)
    wrong = next(i for i in offered if i != right)
    response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                           data={"question_id": question.id,
                                 "place": _marker(qdb, attempt_id, question.id, wrong)})
    text = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    right_name, wrong_name = PLACES[right].name, PLACES[wrong].name
    assert f"Your answer ✗ wrong: {wrong_name} Right answer {right_name}" in text
    assert f"Map: {right_name} is marked in green, your pick, {wrong_name}, in red." in text
    [answer] = qdb.answers(attempt_id)
    assert (answer.given, answer.correct, answer.score) == (wrong_name, False, 0.0)
    [log] = qdb.logs(client.user.id)
    assert (log.rating, log.origin) == (srs.AGAIN, "quiz")


def test_a_place_that_was_not_offered_is_refused_and_nothing_stored(
        user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = _start_where(client, count=1)
    question = qdb.questions(attempt_id)[0]
    offered = _offered(qdb, attempt_id, question.id)
    not_offered = next(i for i in PLACES if i not in offered)
    url = f"/quiz/attempt/{attempt_id}/answer"
    for bad in (not_offered, offered[0], "0", str(len(offered) + 1), PLACES[offered[0]].name):
        response = client.post(url, data={"question_id": question.id, "place": bad})
        assert response.status_code == 400, bad
    assert (qdb.count(QuizAnswer), qdb.count(ReviewLog), qdb.count(Card)) == (0, 0, 0)
    assert qdb.attempt(attempt_id).finished_at is None


def test_no_pick_is_an_empty_wrong_answer(user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = _start_where(client, count=1)
    question = qdb.questions(attempt_id)[0]
    client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": question.id})
    [answer] = qdb.answers(attempt_id)
    assert (answer.given, answer.correct, answer.reason) == (None, False, "empty")


def test_where_is_it_answers_show_in_results_history_and_review(
        user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = _start_where(client, count=2, feedback="end")
    first, second = qdb.questions(attempt_id)
    picks = {}
    for question, right in ((first, True), (second, False)):
        offered = _offered(qdb, attempt_id, question.id)
        target = _right_id(question, offered)
        picks[question.id] = target if right else next(i for i in offered if i != target)
        response = client.post(f"/quiz/attempt/{attempt_id}/answer",
                               data={"question_id": question.id, "place": _marker(
                                   qdb, attempt_id, question.id, picks[question.id])})
        assert response.status_code == 302
    assert qdb.attempt(attempt_id).score == 0.5
    results = client.get(f"/quiz/attempt/{attempt_id}/results").get_data(as_text=True)
    text = _text(results)
    assert "Quiz results: 50%" in text
    for question in (first, second):
        assert PLACES[picks[question.id]].name in text
    right_of_second = _right_id(second, _offered(qdb, attempt_id, second.id))
    assert f"right: {PLACES[right_of_second].name}" in text
    assert "50%" in _text(client.get("/quiz/history").get_data(as_text=True))

    review = client.post(f"/quiz/attempt/{attempt_id}/review")
    again = attempt_id_from(review)
    assert qdb.attempt(again).question_ids == [second.id]
    assert _offered(qdb, again, second.id) == _offered(qdb, attempt_id, second.id)
    assert 'data-type="where_is_it"' in client.get(f"/quiz/attempt/{again}").get_data(
        as_text=True)


def test_eligible_questions_of_a_chosen_type_may_stay_as_they_are(
        user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, "peru", count=20, topics=["regions"],
                                            types=["cloze", WHERE]))
    questions = qdb.questions(attempt_id)
    on_the_map = {q.id for q in questions if _offered(qdb, attempt_id, q.id)}
    assert on_the_map and len(on_the_map) < len(questions)
    assert {q.type for q in questions if q.id not in on_the_map} == {"cloze"}
    plain = next(q for q in questions if q.id not in on_the_map)
    while (page := client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)) and \
            f'name="question_id" value="{plain.id}"' not in page:
        current = int(re.search(r'name="question_id" value="(\d+)"', page).group(1))
        client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": current})
    assert 'data-type="cloze"' in page and 'name="text"' in page


def test_without_where_is_it_nothing_is_asked_on_the_map(user_client, peru_set, qdb) -> None:
    client = user_client()
    attempt_id = attempt_id_from(start_quiz(client, "peru", count=10, topics=["regions"],
                                            types=ALL_TYPES))
    assert WHERE not in qdb.attempt(attempt_id).config


def test_item_analysis_counts_map_picks_but_not_as_options(
        app, user_client, make_user, peru_set, qdb) -> None:
    from quizapp.classes import services as classes
    from quizapp.extensions import db
    from quizapp.instructor import analytics
    from quizapp.models import QuestionSet, SchoolClass, User

    teacher = make_user("teacher", role="instructor")
    client = user_client()
    with app.app_context():
        klass = classes.create_class(db.session.get_one(User, teacher.id), "Peru class")
        classes.assign_set(klass, db.session.get_one(QuestionSet, peru_set.id))
        classes.join_class(db.session.get_one(User, client.user.id), klass.join_code)
        db.session.commit()
        klass_id = klass.id
    attempt_id = _start_where(client, count=5)
    questions = qdb.questions(attempt_id)
    for question in questions:
        offered = _offered(qdb, attempt_id, question.id)
        client.post(f"/quiz/attempt/{attempt_id}/answer",
                    data={"question_id": question.id, "place": _marker(
                        qdb, attempt_id, question.id, _right_id(question, offered))})
    assert qdb.attempt(attempt_id).score == 1.0
    with app.app_context():
        rows = {row.question.id: row.stats
                for row in analytics.item_rows(db.session.get_one(SchoolClass, klass_id))}
    for question in questions:
        assert (rows[question.id].attempts, rows[question.id].facility) == (1, 1.0)
        assert dict(rows[question.id].options) == {}  # a place picked on the map is no option
