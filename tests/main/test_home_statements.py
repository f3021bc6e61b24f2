"""SQL statements per home request: a small fixed number, however many sets, answers and
quizzes the student has (the study page's counts come grouped by set, not one query a set)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from support import add_history, statements

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.models import Question as QuestionRow
from quizapp.models import QuizAttempt, User, utcnow

# user; assigned set ids, visible sets; today over every set (queue_status), the same counts by
# set; questions, learned cards and next due by set and topic; the assigning classes' names;
# the streak's walk back through the review log; the latest finished quizzes.
HOME_STATEMENTS = 9


def _bank(slug: str) -> Bank:
    return Bank(SetInfo(slug=slug, title=slug.title()), tuple(
        Question(key=f"{slug}-{i}", topic="dates", type="true_false",
                 prompt=f"{slug} {i}.", answer=True) for i in range(3)))


def _home_statements(app, client) -> list[str]:
    client.get("/")  # the first request after login may refresh the session
    with statements(app) as seen:
        response = client.get("/")
    assert response.status_code == 200 and 'class="home-continue"' in response.text
    return seen


def _seed_quizzes(app, user_id: int, set_id: int, n: int) -> None:
    now = utcnow()
    with app.app_context():
        qids = list(db.session.execute(
            select(QuestionRow.id).where(QuestionRow.set_id == set_id).limit(3)).scalars())
        db.session.add_all(QuizAttempt(user_id=user_id, set_id=set_id, question_ids=qids,
                                       started_at=now - timedelta(days=i),
                                       finished_at=now - timedelta(days=i), score=0.5)
                           for i in range(n))
        db.session.commit()


def test_home_takes_a_fixed_number_of_statements(app, peru_set, save_set, user_client) -> None:
    teacher, client = user_client("instructor"), user_client()
    few = save_set(_bank("few"))
    with app.app_context():
        klass = classes.create_class(db.session.get_one(User, teacher.user.id), "Crime 101")
        classes.assign_set(klass, db.session.merge(few))
        classes.join_class(db.session.get_one(User, client.user.id), klass.join_code)
        db.session.commit()
        first = db.session.execute(select(QuestionRow.id).where(
            QuestionRow.set_id == peru_set.id).limit(1)).scalar_one()
    _seed_quizzes(app, client.user.id, peru_set.id, 1)
    small = _home_statements(app, client)
    assert len(small) == HOME_STATEMENTS, small

    for slug in ("more", "many", "most", "yet-more"):
        save_set(_bank(slug))
    _seed_quizzes(app, client.user.id, peru_set.id, 8)
    add_history(app, client.user.username, first, days=30, per_day=3)  # a 30-day streak
    large = _home_statements(app, client)
    assert len(large) == HOME_STATEMENTS, large


def test_a_student_in_no_class_skips_the_class_names(app, peru_set, user_client) -> None:
    assert len(_home_statements(app, user_client())) == HOME_STATEMENTS - 1


def test_a_student_with_no_set_takes_fewer(app, user_client) -> None:
    client = user_client()
    client.get("/")
    with statements(app) as seen:
        assert client.get("/").status_code == 200
    # user, assigned set ids, visible sets, today's answers, the latest finished quizzes
    assert len(seen) == 5, seen
