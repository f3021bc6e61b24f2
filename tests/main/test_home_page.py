"""The signed-in home page: what to study now, each set's day and progress as the study page
counts them, the streak, recent quizzes, and what to do when there is nothing to do."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from support import add_history

from quizapp import srs
from quizapp.bank.schema import Bank, Question, SetInfo, SetSource
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.main import home
from quizapp.models import Card, QuizAttempt, User, utcnow
from quizapp.models import Question as QuestionRow
from quizapp.study import dashboard
from quizapp.study import services as study


def _bank(slug: str, title: str, n: int) -> Bank:
    return Bank(SetInfo(slug=slug, title=title, source=SetSource(title="T", publisher="P")),
                tuple(Question(key=f"{slug}-{i}", topic=("dates", "groups")[i % 2],
                               type="true_false", prompt=f"{title} statement {i}.", answer=True)
                      for i in range(n)))


def _question_ids(set_id: int) -> list[int]:
    return list(db.session.execute(select(QuestionRow.id).where(QuestionRow.set_id == set_id)
                                   .order_by(QuestionRow.position)).scalars())


def _review_card(user: User, question_id: int, due: datetime) -> None:
    """A card already learned (in review), falling due at ``due``."""
    db.session.add(Card(user_id=user.id, question_id=question_id, state=srs.REVIEW,
                        stability=10.0, difficulty=5.0, due=due, last_review=due - timedelta(days=10),
                        reps=3))
    db.session.commit()


def _answer(user: User, question_id: int, now: datetime, client_id: str) -> None:
    study.record_review(user, question_id, srs.GOOD, client_id=client_id, now=now)
    db.session.commit()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.usefixtures("db")
def test_each_set_shows_what_its_study_page_counts(app, peru_set, save_set, make_user) -> None:
    """The daily new limit is the student's over every set: two new cards learned today leave
    three for each set; a set's own reviews and learning cards are its own."""
    small = save_set(_bank("small", "Small set", 3))
    save_set(_bank("one", "One card", 1))
    user = db.session.get_one(User, make_user(new_per_day=5).id)
    now = utcnow()
    for i, qid in enumerate(_question_ids(peru_set.id)[:2]):
        _answer(user, qid, now - timedelta(minutes=30), f"new-{i}")
    _review_card(user, _question_ids(small.id)[0], now - timedelta(days=1))
    day = home.build(user, now)
    for s in day.sets:
        assert s.counts == study.queue_counts(user, study.Scope((s.qset.id,)), now), s.qset.slug
    every = tuple(s.qset.id for s in day.sets)
    assert day.today == study.queue_counts(user, study.Scope(every), now)
    by_slug = {s.qset.slug: s for s in day.sets}
    assert (by_slug["small"].due, by_slug["small"].counts.new) == (1, 2)
    assert (by_slug["one"].due, by_slug["one"].counts.new) == (0, 1)
    assert by_slug["peru"].counts.new == 3 and by_slug["peru"].due == 2
    assert (by_slug["small"].progress.learned, by_slug["small"].progress.questions) == (1, 3)
    assert by_slug["peru"].progress.learned == 0  # learning, not yet learned


def test_continue_opens_the_set_with_cards_due_before_one_with_new_cards(
        app, save_set, make_user, client) -> None:
    save_set(_bank("alpha", "Alpha", 2))
    beta = save_set(_bank("beta", "Beta", 2))
    student = make_user()
    client.post("/login", data={"username": student.username,
                                "password": "correct horse battery staple"})
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'class="home-continue" role="button" href="/study/alpha"', html)
    with app.app_context():
        _review_card(db.session.get_one(User, student.id), _question_ids(beta.id)[0],
                     utcnow() - timedelta(hours=1))
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'class="home-continue" role="button" href="/study/beta"', html)
    assert "1 card due and 3 new to learn." in _text(html)


def test_assigned_sets_come_first_with_their_class(app, save_set, user_client) -> None:
    teacher, student = user_client("instructor"), user_client()
    save_set(_bank("alpha", "Alpha", 1))
    zeta = save_set(_bank("zeta", "Zeta", 1))
    with app.app_context():
        klass = classes.create_class(db.session.get_one(User, teacher.user.id), "Crime 101")
        classes.assign_set(klass, db.session.merge(zeta))
        classes.join_class(db.session.get_one(User, student.user.id), klass.join_code)
        db.session.commit()
    text = _text(student.get("/").get_data(as_text=True))
    assert text.index("Zeta") < text.index("Alpha")
    assert "Zeta assigned to your class Crime 101" in text


@pytest.mark.usefixtures("db")
def test_when_today_is_done_the_page_says_when_to_come_back(app, save_set, make_user) -> None:
    """3 PM in Lima: the study day ends at 4 AM, 13 hours on; a review due in 15 hours is
    tomorrow's, and the day's one new card is learned."""
    qset = save_set(_bank("done", "Done set", 2))
    user = db.session.get_one(User, make_user(new_per_day=1, timezone="America/Lima").id)
    now = datetime(2026, 3, 1, 20, 0, tzinfo=srs.UTC)
    first, second = _question_ids(qset.id)
    _review_card(user, first, now + timedelta(hours=15))
    _answer(user, second, now - timedelta(hours=1), "the-new-one")
    db.session.execute(Card.__table__.update().where(Card.question_id == second)
                       .values(state=srs.REVIEW, due=now + timedelta(days=3)))
    db.session.commit()
    day = home.build(user, now)
    assert day.today.total == 0 and day.next_set is None
    assert home.come_back(day, now) == "Come back tomorrow; next review in 15 h."


def test_done_page_shows_the_message_and_no_continue(app, save_set, user_client) -> None:
    client = user_client()
    qset = save_set(_bank("done", "Done set", 1))
    with app.app_context():
        user = db.session.get_one(User, client.user.id)
        _review_card(user, _question_ids(qset.id)[0], utcnow() + timedelta(days=3))
    text = _text(client.get("/").get_data(as_text=True))
    assert "All done for today" in text and "Next review in 3 days." in text
    assert "home-continue" not in text and "Take a quiz on Done set" in text


def test_come_back_wording() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=srs.UTC)
    tomorrow = now + timedelta(hours=16)  # the next study day begins at 4 AM

    def day(next_due: datetime | None, unseen: int = 0, capped: bool = False) -> home.Home:
        return home.Home([], study.QueueCounts(0, 0, 0), study.DayStats(0, 0), 0, [], next_due,
                         tomorrow, reviews_capped=capped, new_tomorrow=bool(unseen))

    assert home.come_back(day(now + timedelta(minutes=40)), now) == (
        "Come back later today: next review in 40 min.")
    assert home.come_back(day(now + timedelta(hours=21)), now) == (
        "Come back tomorrow; next review in 21 h.")
    assert home.come_back(day(now + timedelta(hours=21), unseen=4), now) == (
        "Come back tomorrow for new cards; next review in 21 h.")
    assert home.come_back(day(None, unseen=4), now) == "Come back tomorrow for new cards."
    assert home.come_back(day(now + timedelta(days=6)), now) == "Next review in 6 days."
    assert home.come_back(day(now, capped=True), now).startswith("You reached today's review limit")


@pytest.mark.usefixtures("db")
def test_streak_counts_study_days_as_the_progress_page_does(app, peru_set, make_user) -> None:
    student = make_user()
    question = _question_ids(peru_set.id)[0]
    db.session.rollback()  # add_history writes from a session of its own
    add_history(app, student.username, question, days=4, per_day=2)
    user = db.session.get_one(User, student.id)
    now = utcnow()
    assert home.build(user, now).streak == 4 == dashboard.build(user, now).streak
    _answer(user, _question_ids(peru_set.id)[1], now, "today")
    assert home.build(user, now).streak == 5 == dashboard.build(user, now).streak


def test_recent_quizzes_show_the_last_five_scores_with_their_results(
        app, peru_set, user_client) -> None:
    client = user_client()
    now = utcnow()
    with app.app_context():
        qids = _question_ids(peru_set.id)[:4]
        for i in range(7):
            db.session.add(QuizAttempt(user_id=client.user.id, set_id=peru_set.id,
                                       question_ids=qids, started_at=now - timedelta(days=i),
                                       finished_at=now - timedelta(days=i), score=i / 10))
        db.session.add(QuizAttempt(user_id=client.user.id, set_id=peru_set.id, question_ids=qids,
                                   started_at=now))  # unfinished: not a score
        db.session.commit()
        ids = list(db.session.execute(select(QuizAttempt.id).order_by(QuizAttempt.id)).scalars())
    html = client.get("/").get_data(as_text=True)
    links = re.findall(r'href="/quiz/attempt/(\d+)/results"', html)
    assert [int(x) for x in links] == ids[:5]
    text = _text(html)
    assert "0% Organized Crime in Peru 4 questions · today" in text
    assert "10% Organized Crime in Peru 4 questions · yesterday" in text
    assert "40% Organized Crime in Peru 4 questions · 4 days ago" in text


def test_no_sets_yet_says_what_to_do(app, user_client) -> None:
    student = _text(user_client().get("/").get_data(as_text=True))
    assert "No question sets yet" in student and "Join a class" in student
    teacher = _text(user_client("instructor").get("/").get_data(as_text=True))
    assert "Create or import a set" in teacher
    assert "due today" not in student and "No quizzes yet." not in student  # no zeros to show


def test_instructors_see_the_dashboard_and_a_link_to_their_sets(app, peru_set,
                                                                user_client) -> None:
    html = user_client("instructor").get("/").get_data(as_text=True)
    assert 'href="/instructor/"' in html and "Your sets in Teach" in html
    assert 'class="home-continue"' in html
    assert "Your sets in Teach" not in user_client().get("/").get_data(as_text=True)


def test_visitors_get_the_welcome_with_its_credits(client) -> None:
    text = _text(client.get("/").get_data(as_text=True))
    assert "Create a free account" in text and "InSight Crime" in text
    assert "home-continue" not in text


def test_wait_text_reads_like_a_person() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=srs.UTC)
    assert home.wait_text(now + timedelta(seconds=20), now) == "1 min"
    assert home.wait_text(now + timedelta(minutes=59), now) == "59 min"
    assert home.wait_text(now + timedelta(hours=5, minutes=10), now) == "5 h"
    assert home.wait_text(now + timedelta(hours=30), now) == "30 h"
    assert home.wait_text(now + timedelta(days=3, hours=2), now) == "3 days"


def test_the_page_links_its_stylesheet(app, peru_set, user_client) -> None:
    assert 'href="/static/css/home.css"' in user_client().get("/").get_data(as_text=True)

