"""Study services: reviews, idempotency, undo, leeches, limits, the 4 AM day boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from support import get_card, next_question

from quizapp import srs
from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User
from quizapp.models import Question as QuestionModel
from quizapp.study import services as study
from quizapp.study.forms import RatingPost

NOON_LIMA = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 12:00 in Lima (UTC-5)


def bank(n: int = 5) -> Bank:
    questions = tuple(
        Question(f"q{i}", "leaders", "short_answer", f"Question {i}?", f"Answer {i}")
        for i in range(n)
    )
    return Bank(SetInfo("study-test", "Study test"), questions)


@pytest.fixture
def setup(db, make_user):
    user = db.session.get(User, make_user("ana").id)
    qset = save_bank(bank()).question_set
    db.session.commit()
    scope = study.Scope((qset.id,))
    return user, qset, scope


def _review(user, question_id, rating, now, client_id=None):
    outcome = study.record_review(user, question_id, rating, now=now,
                                  client_id=client_id or f"c-{question_id}-{now.timestamp()}-{rating}")
    db.session.commit()
    return outcome


def _answered(user, question_id, rating, now, client_id=None):
    """The flashcard page's way: one call that checks the question is in scope."""
    scope = study.Scope((db.session.get_one(QuestionModel, question_id).set_id,))
    posted = RatingPost(question_id, rating, client_id or f"p-{question_id}-{now.timestamp()}-"
                        f"{rating}", None)
    outcome = study.answer_card(user, scope, posted, now)
    db.session.commit()
    return outcome


@pytest.fixture(params=[_review, _answered], ids=["record_review", "answer_card"])
def review(request):
    """Both ways an answer is recorded; each must give the same schedule, once."""
    return request.param


def _logs() -> int:
    return db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()


def test_new_cards_come_in_position_order(setup) -> None:
    user, qset, scope = setup
    assert next_question(user, scope, NOON_LIMA).key == "q0"
    assert study.queue_counts(user, scope, NOON_LIMA) == study.QueueCounts(5, 0, 0)


def test_good_on_new_card_schedules_ten_minutes_and_it_returns_in_session(setup) -> None:
    user, qset, scope = setup
    q0 = qset.questions[0]
    outcome = _review(user, q0.id, srs.GOOD, NOON_LIMA)
    assert outcome.card.state == srs.LEARNING
    assert outcome.card.due == NOON_LIMA + timedelta(minutes=10)
    # Other new cards come first; once they are gone the learning card comes back early.
    assert next_question(user, scope, NOON_LIMA).key == "q1"
    assert study.queue_counts(user, scope, NOON_LIMA).learning == 1
    later = NOON_LIMA + timedelta(minutes=11)
    assert next_question(user, scope, later).key == "q0"


def test_button_labels_equal_what_happens(setup, review) -> None:
    user, qset, scope = setup
    q = qset.questions[0]
    now = NOON_LIMA
    for step in range(6):
        card = get_card(user.id, q.id)
        labels = study.button_labels(user, q.id, card, now)
        outcome = review(user, q.id, srs.GOOD, now, client_id=f"step{step}")
        assert srs.format_interval(outcome.card.due - now) == labels[srs.GOOD].lstrip("<")
        now = outcome.card.due


def test_same_client_id_is_stored_and_applied_once(setup, review) -> None:
    user, qset, _ = setup
    q = qset.questions[0]
    first = review(user, q.id, srs.GOOD, NOON_LIMA, client_id="same")
    due = first.card.due
    again = review(user, q.id, srs.AGAIN, NOON_LIMA + timedelta(minutes=1), client_id="same")
    assert again.duplicate and _logs() == 1
    card = db.session.execute(select(Card)).scalar_one()
    assert (card.reps, card.due, card.state) == (1, due, srs.LEARNING)


def test_a_client_id_reused_on_an_unanswered_question_changes_nothing(setup, review) -> None:
    user, qset, scope = setup
    q0, q1 = qset.questions[0], qset.questions[1]
    first = review(user, q0.id, srs.GOOD, NOON_LIMA, client_id="same")
    again = review(user, q1.id, srs.EASY, NOON_LIMA, client_id="same")
    assert again.duplicate and again.log_id == first.log_id and _logs() == 1
    assert get_card(user.id, q1.id) is None
    assert study.queue_counts(user, scope, NOON_LIMA).new == 4


def test_undoing_a_first_answer_makes_the_card_new_again(setup, review) -> None:
    user, qset, scope = setup
    q0 = qset.questions[0]
    review(user, q0.id, srs.EASY, NOON_LIMA, client_id="first")
    assert get_card(user.id, q0.id).state == srs.REVIEW
    assert study.undo_last_review(user, scope, NOON_LIMA) is not None
    db.session.commit()
    db.session.expire_all()
    card = get_card(user.id, q0.id)
    assert (card.state, card.reps, card.due) == (srs.NEW, 0, NOON_LIMA)
    assert next_question(user, scope, NOON_LIMA).key == "q0"


def test_undo_restores_the_exact_previous_state(setup, review) -> None:
    user, qset, scope = setup
    q = qset.questions[0]
    review(user, q.id, srs.GOOD, NOON_LIMA, client_id="a")
    before = {c: getattr(get_card(user.id, q.id), c) for c in
              ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")}
    review(user, q.id, srs.EASY, NOON_LIMA + timedelta(minutes=10), client_id="b")
    assert study.undo_last_review(user, scope, NOON_LIMA + timedelta(minutes=11)) is not None
    db.session.commit()
    db.session.expire_all()
    after = {c: getattr(get_card(user.id, q.id), c) for c in before}
    assert after == before and _logs() == 1


def test_eight_lapses_make_a_leech_that_is_suspended(setup, review) -> None:
    user, qset, scope = setup
    q = qset.questions[0]
    now = NOON_LIMA
    outcome = review(user, q.id, srs.EASY, now, client_id="start")
    leech_seen = []
    for lapse in range(8):
        now = outcome.card.due
        outcome = review(user, q.id, srs.AGAIN, now, client_id=f"lapse{lapse}")
        leech_seen.append(outcome.became_leech)
        now = outcome.card.due
        outcome = review(user, q.id, srs.EASY, now, client_id=f"relearn{lapse}")
        if outcome.card.suspended:
            break
    card = get_card(user.id, q.id)
    assert card.lapses == 8 and card.leech and card.suspended
    assert leech_seen == [False] * 7 + [True]
    far = now + timedelta(days=3650)
    assert all(question.id != q.id for question in
               filter(None, [next_question(user, scope, far)]))


def test_daily_new_limit_and_the_4am_boundary(setup) -> None:
    user, qset, scope = setup
    user.new_per_day = 2
    db.session.commit()
    late_evening = datetime(2026, 3, 11, 8, 30, tzinfo=UTC)  # 03:30 Lima: still 10 March's day
    for i, q in enumerate(qset.questions[:2]):
        _review(user, q.id, srs.EASY, NOON_LIMA, client_id=f"n{i}")
    assert study.queue_counts(user, scope, NOON_LIMA).new == 0
    assert study.queue_counts(user, scope, late_evening).new == 0
    assert next_question(user, scope, late_evening) is None  # the day is done
    new_day = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # 04:00 Lima
    assert study.queue_counts(user, scope, new_day).new == 2
    counts, item = study.study_queue(user, scope, new_day)
    question, card = item.question, item.card
    assert counts == study.queue_counts(user, scope, new_day)
    assert (question.key, card) == ("q2", None)


def test_review_limit_caps_due_reviews(setup) -> None:
    user, qset, scope = setup
    for i, q in enumerate(qset.questions):
        _review(user, q.id, srs.EASY, NOON_LIMA, client_id=f"e{i}")
    user.max_reviews_per_day = 3
    db.session.commit()
    much_later = NOON_LIMA + timedelta(days=60)
    assert study.queue_counts(user, scope, much_later).review == 3
    for i in range(3):
        question = next_question(user, scope, much_later)
        _review(user, question.id, srs.EASY, much_later, client_id=f"r{i}")
    assert study.queue_counts(user, scope, much_later).review == 0
    assert next_question(user, scope, much_later) is None  # reviews left wait for tomorrow


def test_bury_hides_until_next_study_day(setup) -> None:
    user, qset, scope = setup
    study.bury(user, qset.questions[0].id, NOON_LIMA)
    db.session.commit()
    assert next_question(user, scope, NOON_LIMA).key == "q1"
    tomorrow = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
    assert next_question(user, scope, tomorrow).key == "q0"


def test_quiz_and_flashcard_answers_share_one_schedule(setup) -> None:
    user, qset, _ = setup
    q = qset.questions[0]
    study.record_review(user, q.id, srs.quiz_rating(False), client_id="quiz-1", now=NOON_LIMA,
                        origin="quiz")
    db.session.commit()
    log = db.session.execute(select(ReviewLog)).scalar_one()
    assert (log.origin, log.rating) == ("quiz", srs.AGAIN)
    assert get_card(user.id, q.id).state == srs.LEARNING


def test_two_tabs_answering_one_card_count_both_answers(setup) -> None:
    user, qset, _ = setup
    q = qset.questions[0]
    first = _answered(user, q.id, srs.GOOD, NOON_LIMA, "tab-1")
    second = _answered(user, q.id, srs.EASY, NOON_LIMA, "tab-2")
    assert (first.card.reps, second.card.reps) == (1, 2) and _logs() == 2
    assert db.session.execute(select(func.count()).select_from(Card)).scalar_one() == 1
    log = db.session.get(ReviewLog, second.log_id)
    assert log.prev_card["reps"] == 1  # the second answer built on the first one's card


def test_only_questions_of_the_studied_scope_are_answered(setup, db) -> None:
    user, qset, scope = setup
    q = qset.questions[0]
    other = study.Scope((qset.id + 1000,))
    assert study.answer_card(user, other, RatingPost(q.id, srs.GOOD, "a", None), NOON_LIMA) is None
    assert study.answer_card(user, scope, RatingPost(10**9, srs.GOOD, "b", None),
                             NOON_LIMA) is None
    assert study.answer_card(user, scope, RatingPost(q.id, srs.GOOD, "c", None),
                             NOON_LIMA) is not None
    db.session.commit()
    # Once the card exists, its scope is checked where the card is read: still refused.
    assert study.answer_card(user, other, RatingPost(q.id, srs.GOOD, "d", None), NOON_LIMA) is None
    q.retired = True
    db.session.flush()
    assert study.answer_card(user, scope, RatingPost(q.id, srs.GOOD, "e", None), NOON_LIMA) is None
    db.session.commit()
    assert _logs() == 1


def test_undo_refuses_when_a_quiz_answered_the_card_since(setup, review) -> None:
    """Flashcard Easy, then a quiz answers the same card Again: undoing the flashcard answer
    would wipe the quiz's step from the card while its log stays, so it is refused."""
    user, qset, scope = setup
    q = qset.questions[0]
    review(user, q.id, srs.EASY, NOON_LIMA, client_id="flash")
    study.record_review(user, q.id, srs.AGAIN, client_id="quiz", now=NOON_LIMA + timedelta(
        minutes=5), origin="quiz")
    db.session.commit()
    before = {c: getattr(get_card(user.id, q.id), c) for c in ("state", "reps", "due")}
    with pytest.raises(study.UndoRefused, match="quiz"):
        study.undo_last_review(user, scope, NOON_LIMA + timedelta(minutes=6))
    db.session.rollback()
    db.session.expire_all()
    assert {c: getattr(get_card(user.id, q.id), c) for c in before} == before
    assert _logs() == 2


def test_due_reviews_come_before_new_cards_earliest_due_first(setup) -> None:
    user, qset, scope = setup
    q = {question.key: question for question in qset.questions}
    long_ago = NOON_LIMA - timedelta(days=20)
    _review(user, q["q3"].id, srs.EASY, long_ago)  # due about 8 days later
    _review(user, q["q1"].id, srs.EASY, long_ago + timedelta(hours=1))  # an hour after that
    assert next_question(user, scope, NOON_LIMA).key == "q3"  # not new q0
    _review(user, q["q3"].id, srs.GOOD, NOON_LIMA)
    assert next_question(user, scope, NOON_LIMA).key == "q1"
    _review(user, q["q1"].id, srs.GOOD, NOON_LIMA)
    assert next_question(user, scope, NOON_LIMA).key == "q0"  # then new, in order
