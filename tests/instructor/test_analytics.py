"""Class analytics from the database: per-student figures and per-question statistics."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.classes import services as classes
from quizapp.content.services import save_bank
from quizapp.extensions import db as _db
from quizapp.instructor import analytics
from quizapp.models import Card, QuizAnswer, QuizAttempt, ReviewLog, SchoolClass, User

NOW = datetime(2025, 3, 1, tzinfo=UTC)
# The hand-computed example of test_itemstats: four students' finished quizzes, three items.
MARKS = {"a": (1, 1, 1), "b": (1, 1, 0), "c": (0, 1, 0), "d": (0, 0, 1)}
PICKS = {"a": "Guzmán", "b": "Guzmán", "c": "Artemio", "d": "Raúl"}


def _bank() -> Bank:
    mc = Question(key="mc", topic="leaders", type="multiple_choice", prompt="Who led it?",
                  answer="Guzmán", choices=("Guzmán", "Artemio", "Raúl"))
    tf = Question(key="tf", topic="dates", type="true_false", prompt="1992?", answer=True)
    sa = Question(key="sa", topic="regions", type="short_answer", prompt="Where?", answer="Ayacucho")
    return Bank(SetInfo(slug="stats", title="Stats"), (mc, tf, sa))


@pytest.fixture
def klass_id(app, make_user) -> int:
    """A class of four students who each finished a quiz twice (plus an outsider's)."""
    ana = make_user("ana", role="instructor")
    users = {name: make_user(name) for name in [*MARKS, "outsider"]}
    with app.app_context():
        owner = _db.session.get(User, ana.id)
        qset = save_bank(_bank(), owner=owner).question_set
        klass = classes.create_class(owner, "Stats class")
        classes.assign_set(klass, qset)
        qids = [q.id for q in qset.questions]
        for name, marks in [*MARKS.items(), ("outsider", (0, 1, 1))]:
            user = _db.session.get(User, users[name].id)
            if name != "outsider":
                classes.join_class(user, klass.join_code)
            # Each student finishes the same quiz twice: the example's statistics over eight
            # answers, past the minimum a flag needs.
            for _ in range(2):
                _attempt(user.id, qset.id, qids, marks, PICKS.get(name, "Raúl"))
        _reviews(users["a"].id, qids[0])
        _db.session.commit()
        return klass.id


def _attempt(user_id: int, set_id: int, qids: list[int], marks: tuple[int, ...],
             pick: str) -> None:
    attempt = QuizAttempt(user_id=user_id, set_id=set_id, question_ids=qids, started_at=NOW,
                          finished_at=NOW, score=sum(marks) / len(marks))
    _db.session.add(attempt)
    _db.session.flush()
    givens = [pick, bool(marks[1]), "Ayacucho" if marks[2] else "Lima"]
    for position, (qid, mark, given) in enumerate(zip(qids, marks, givens, strict=True)):
        _db.session.add(QuizAnswer(attempt_id=attempt.id, question_id=qid, position=position,
                                   given=given, correct=bool(mark), score=float(mark),
                                   reason="exact", answered_at=NOW))


def _reviews(user_id: int, question_id: int) -> None:
    card = Card(user_id=user_id, question_id=question_id, reps=4, state="review", due=NOW)
    _db.session.add(card)
    _db.session.flush()
    # new → Good, then three reviews of a learned card: Good, Again, Good → retention 2/3.
    for i, (rating, prev) in enumerate([(3, "new"), (3, "review"), (1, "review"), (3, "review")]):
        _db.session.add(ReviewLog(user_id=user_id, card_id=card.id, question_id=question_id,
                                  rating=rating, reviewed_at=NOW, client_id=f"c{i}",
                                  prev_state=prev, prev_card={}))


def test_item_statistics_match_the_hand_computed_example(app, klass_id) -> None:
    with app.app_context():
        rows = analytics.item_rows(_db.session.get(SchoolClass, klass_id))
    by_key = {row.question.key: row.stats for row in rows}
    assert [by_key[k].attempts for k in ("mc", "tf", "sa")] == [8, 8, 8]  # outsider excluded
    assert by_key["mc"].facility == pytest.approx(0.5)
    assert by_key["tf"].facility == pytest.approx(0.75)
    assert by_key["mc"].discrimination == pytest.approx(57.735, abs=1e-3)
    assert by_key["tf"].discrimination == pytest.approx(0.0, abs=1e-9)
    assert by_key["sa"].discrimination == pytest.approx(-30.151, abs=1e-3)
    assert by_key["sa"].flags == ("negative discrimination",)
    assert dict(by_key["mc"].options) == {"Guzmán": 4, "Artemio": 2, "Raúl": 2}


def test_student_figures(app, klass_id) -> None:
    with app.app_context():
        rows = {r.user.username: r for r in
                analytics.student_rows(_db.session.get(SchoolClass, klass_id))}
    assert set(rows) == {"a", "b", "c", "d"}
    a = rows["a"]
    assert (a.cards_studied, a.reviews, a.attempts) == (1, 4, 2)
    assert a.retention == pytest.approx(2 / 3)
    assert a.mean_score == pytest.approx(1.0)
    assert rows["d"].retention is None and rows["d"].mean_score == pytest.approx(1 / 3)


def test_analytics_page_flags_and_links_to_the_editor(app, klass_id) -> None:
    from support import login

    client = app.test_client()
    login(client, "ana")
    html = client.get(f"/instructor/classes/{klass_id}/analytics").get_data(as_text=True)
    assert "negative discrimination" in html and "-30.2" in html and "57.7" in html
    assert "/instructor/sets/stats/questions/" in html and "/edit" in html
    assert "67%" in html  # a's retention


def test_class_without_finished_quizzes_says_when_statistics_appear(app, make_user) -> None:
    from support import login

    ana = make_user("ana", role="instructor")
    pupil = make_user("pupil")
    with app.app_context():
        owner = _db.session.get(User, ana.id)
        klass = classes.create_class(owner, "Quiet class")
        classes.assign_set(klass, save_bank(_bank(), owner=owner).question_set)
        classes.join_class(_db.session.get(User, pupil.id), klass.join_code)
        _db.session.commit()
        class_id = klass.id
    client = app.test_client()
    login(client, "ana")
    html = client.get(f"/instructor/classes/{class_id}/analytics").get_data(as_text=True)
    assert "Statistics appear once students finish quizzes on these sets." in html
    assert "item-stats" not in html and "questions flagged" not in html
    assert ">pupil</td>" in html  # the students' table still lists the class


def test_statistics_message_goes_once_quizzes_are_finished(app, klass_id) -> None:
    from support import login

    client = app.test_client()
    login(client, "ana")
    html = client.get(f"/instructor/classes/{klass_id}/analytics").get_data(as_text=True)
    assert "Statistics appear once" not in html and "item-stats" in html
