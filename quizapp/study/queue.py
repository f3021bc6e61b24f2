"""The study queue: what is left today within the daily limits, and the next card to show.

Counts and the next card come from one statement over the scope's questions, read by name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Boolean, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.engine import RowMapping

from quizapp import srs
from quizapp.content.services import SET_SUMMARY_COLUMNS, SetSummary
from quizapp.extensions import db
from quizapp.models import Card, Question, QuestionSet, ReviewLog, User
from quizapp.study.cards import CARD_COLUMNS, CardRow, card_from

LEARN_AHEAD = srs.LEARN_AHEAD
UndoState = Literal["ready", "nothing", "answered_since"]


@dataclass(frozen=True)
class Scope:
    """Which questions a study session draws from."""

    set_ids: tuple[int, ...]
    topic: str | None = None


@dataclass(frozen=True)
class QueueCounts:
    """What is left to study today: new, learning (due now or soon) and review cards."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        """Cards left today."""
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class DayStats:
    """Today's answers: new cards introduced and reviews done, since the day started, and the
    new cards first met in a quiz that did not count toward the new-card limit."""

    new_done: int
    reviews_done: int
    quiz_new_uncounted: int = 0


@dataclass(frozen=True)
class StudyQuestion:
    """A question as the study page shows it, read with the queue as plain values (loading
    ORM objects there cost more than the query), with its set for the source's credit."""

    id: int
    set_id: int
    key: str
    topic: str
    type: str
    prompt: str
    answer: Any
    accept: list[str]
    choices: list[str]
    explanation: str
    section: str
    quote: str
    details: dict[str, Any]
    question_set: SetSummary


@dataclass(frozen=True)
class StudyItem:
    """The next card to show: its question, and the student's card (None before the first
    answer)."""

    question: StudyQuestion
    card: CardRow | None


@dataclass(frozen=True)
class StudySession:
    """What the study page shows: cards left today, today's answers, the next card (None when
    the day is done) and what Undo would do (see :func:`undo_candidate`): ``ready`` to undo
    an answer, ``nothing`` before any answer this study day, ``answered_since`` when a quiz
    answered that card again since."""

    counts: QueueCounts
    today: DayStats
    item: StudyItem | None
    undo: UndoState


_QUESTIONS, _CARDS, _LOGS = Question.__table__, Card.__table__, ReviewLog.__table__
_SETS = QuestionSet.__table__
_QUESTION_FIELDS = tuple(f.name for f in fields(StudyQuestion) if f.name != "question_set")
_SET_FIELDS = tuple(f.name for f in fields(SetSummary))

# The queue a card is in: learning due now, review due today, new, learning due within
# LEARN_AHEAD (Anki's learn-ahead); NULL when it is not due. Study order is by queue.
_LEARNING_NOW, _REVIEW, _NEW, _LEARNING_AHEAD = range(4)


def _any_of(column: Any, values: tuple[Any, ...]) -> Any:
    """``column = a OR column = b``: unlike ``IN (…)`` of literals, which SQLAlchemy expands
    at every execution, this compiles once with the rest of the statement."""
    return or_(*(column == value for value in values))


def _in_scope(with_topic: bool) -> Any:
    """Active questions of the scope's sets (and topic), whose card is not set aside."""
    q, c = _QUESTIONS.c, _CARDS.c
    cond = and_(q.set_id.in_(bindparam("b_sets", expanding=True)), q.retired.is_(False),
                or_(c.id.is_(None), and_(c.suspended.is_(False), or_(
                    c.buried_until.is_(None), c.buried_until <= bindparam("b_now")))))
    return and_(cond, q.topic == bindparam("b_topic")) if with_topic else cond


def _mine() -> Any:
    """Questions LEFT JOIN the student's cards (a question never answered has none)."""
    return _QUESTIONS.outerjoin(_CARDS, and_(_CARDS.c.question_id == _QUESTIONS.c.id,
                                             _CARDS.c.user_id == bindparam("b_user")))


@functools.lru_cache(maxsize=2)
def _queued(with_topic: bool) -> Any:
    """The scope's questions, each with its card's due time and queue (a CTE)."""
    q, c = _QUESTIONS.c, _CARDS.c
    # Tested by state first: most cards are reviews, decided by one more comparison. What is
    # neither a review nor new is learning or relearning (srs.STATES).
    queue = case(
        (c.id.is_(None), _NEW),
        (c.state == srs.REVIEW, case((c.due < bindparam("b_day_end"), _REVIEW))),
        (c.state == srs.NEW, _NEW),
        else_=case((c.due <= bindparam("b_now"), _LEARNING_NOW),
                   (c.due <= bindparam("b_ahead"), _LEARNING_AHEAD)))
    return (select(q.id.label("question_id"), q.set_id, q.position, c.due, queue.label("queue"))
            .select_from(_mine()).where(_in_scope(with_topic)).cte("queued"))


def _answered_today(was_new: bool) -> Any:
    """How many of today's answers were (or were not) a new card's first, as a scalar. A quiz
    answer's first counts as new only when the student lets quizzes use the new-card limit."""
    logs = _LOGS.c
    new = logs.prev_state == srs.NEW
    counted = and_(new, or_(logs.origin == "flashcard",
                            bindparam("b_quiz_new", type_=Boolean)))
    return _today(counted if was_new else ~new)


def _quiz_new_uncounted() -> Any:
    """Today's quiz answers on new cards that did not count toward the limit, as a scalar."""
    logs = _LOGS.c
    return _today(and_(logs.prev_state == srs.NEW, logs.origin != "flashcard",
                       ~bindparam("b_quiz_new", type_=Boolean)))


def _today(condition: Any) -> Any:
    logs = _LOGS.c
    return select(func.count()).where(
        logs.user_id == bindparam("b_user"), logs.reviewed_at >= bindparam("b_day"),
        condition).scalar_subquery()


def _counts(queued: Any) -> list[Any]:
    """Learning, review and new cards in scope, then today's new cards and other answers."""
    queue = queued.c.queue
    return [func.count().filter(_any_of(queue, (_LEARNING_NOW, _LEARNING_AHEAD))).label("learning"),
            func.count().filter(queue == _REVIEW).label("review"),
            func.count().filter(queue == _NEW).label("new"),
            _answered_today(True).label("new_done"), _answered_today(False).label("reviews_done"),
            _quiz_new_uncounted().label("quiz_new_uncounted")]


@functools.lru_cache(maxsize=2)
def _counts_statement(with_topic: bool) -> Any:
    """The queue's counts and today's answers, in one statement."""
    queued = _queued(with_topic)
    return select(*_counts(queued)).select_from(queued)


_NEWER_LOGS = _LOGS.alias("newer")


@functools.lru_cache(maxsize=2)
def undo_candidate(with_topic: bool) -> Any:
    """The answer Undo removes: the student's latest flashcard answer of this study day (since
    4 AM) to a question of the scope, with ``blocked`` when its card was answered again since
    (in a quiz: undoing would drop that answer's effect). No row when there is none, so a
    study session starts with nothing to undo. Takes the queue's parameters."""
    logs, q = _LOGS.c, _QUESTIONS.c
    where = [logs.user_id == bindparam("b_user"), logs.origin == "flashcard",
             logs.reviewed_at >= bindparam("b_day"),
             q.set_id.in_(bindparam("b_sets", expanding=True))]
    if with_topic:
        where.append(q.topic == bindparam("b_topic"))
    latest = (select(logs.id, logs.card_id).join(_QUESTIONS, q.id == logs.question_id)
              .where(*where).order_by(logs.id.desc()).limit(1).subquery("latest"))
    blocked = exists().where(_NEWER_LOGS.c.card_id == latest.c.card_id,
                             _NEWER_LOGS.c.id > latest.c.id)
    return select(latest.c.id.label("log_id"), blocked.label("blocked"))


def _undo_blocked(with_topic: bool) -> Any:
    """The undo candidate's ``blocked`` as a scalar: NULL when there is none."""
    candidate = undo_candidate(with_topic).subquery("undo_candidate")
    return select(candidate.c.blocked).scalar_subquery().label("undo_blocked")


def _undo_state(blocked: bool | None) -> UndoState:
    if blocked is None:
        return "nothing"
    return "answered_since" if blocked else "ready"


@functools.lru_cache(maxsize=2)
def _study_statement(with_topic: bool) -> Any:
    """The queue's counts, today's answers and the next question with its card (or NULLs when
    the day is done), in one statement: one pass over the scope serves both.

    The next card is the first by queue, then due time (new cards: set order), skipping
    reviews and new cards once today's limits are reached."""
    queued = _queued(with_topic)
    queue = queued.c.queue
    counts = select(*_counts(queued)).select_from(queued).subquery("counts")
    next_id = (select(queued.c.question_id).where(or_(
        _any_of(queue, (_LEARNING_NOW, _LEARNING_AHEAD)),
        and_(queue == _REVIEW, counts.c.reviews_done < bindparam("b_max_reviews")),
        and_(queue == _NEW, counts.c.new_done < bindparam("b_max_new"))))
        .order_by(queue, case((queue == _NEW, None), else_=queued.c.due), queued.c.set_id,
                  queued.c.position)
        .limit(1).scalar_subquery())  # correlated: today's answers come from ``counts``
    return (
        select(*counts.c, _undo_blocked(with_topic),
               *(_QUESTIONS.c[n].label(f"q_{n}") for n in _QUESTION_FIELDS),
               *(c.label(f"s_{c.name}") for c in SET_SUMMARY_COLUMNS), *CARD_COLUMNS)
        .select_from(counts)
        .outerjoin(_QUESTIONS, _QUESTIONS.c.id == next_id)
        .outerjoin(_SETS, _SETS.c.id == _QUESTIONS.c.set_id)
        .outerjoin(_CARDS, and_(_CARDS.c.question_id == _QUESTIONS.c.id,
                                _CARDS.c.user_id == bindparam("b_user"))))


def _params(user: User, scope: Scope, now: datetime) -> dict[str, Any]:
    return {"b_user": user.id, "b_sets": list(scope.set_ids), "b_topic": scope.topic,
            "b_now": now, "b_ahead": now + LEARN_AHEAD,
            "b_day": srs.study_day_start(now, user.timezone),
            "b_day_end": srs.next_day_start(now, user.timezone),
            "b_max_new": user.new_per_day, "b_max_reviews": user.max_reviews_per_day,
            "b_quiz_new": bool(user.quiz_uses_new_limit)}


def _within_limits(user: User, row: RowMapping) -> tuple[QueueCounts, DayStats]:
    new_left = max(0, user.new_per_day - row["new_done"])
    review_left = max(0, user.max_reviews_per_day - row["reviews_done"])
    return (QueueCounts(min(row["new"], new_left), row["learning"],
                        min(row["review"], review_left)),
            DayStats(row["new_done"], row["reviews_done"], row["quiz_new_uncounted"]))


def day_stats(user: User, now: datetime) -> DayStats:
    """New cards introduced and other answers given since the student's day began (4 AM)."""
    row = db.session.execute(
        select(_answered_today(True).label("new_done"),
               _answered_today(False).label("reviews_done"),
               _quiz_new_uncounted().label("quiz_new_uncounted")),
        {"b_user": user.id, "b_day": srs.study_day_start(now, user.timezone),
         "b_quiz_new": bool(user.quiz_uses_new_limit)}).mappings().one()
    return DayStats(row["new_done"], row["reviews_done"], row["quiz_new_uncounted"])


def queue_status(user: User, scope: Scope, now: datetime) -> tuple[QueueCounts, DayStats]:
    """Cards left today within the daily limits, and today's answers so far (one statement)."""
    row = db.session.execute(_counts_statement(scope.topic is not None),
                             _params(user, scope, now)).mappings().one()
    return _within_limits(user, row)


def queue_counts(user: User, scope: Scope, now: datetime) -> QueueCounts:
    """New, learning and review cards left today within the daily limits."""
    return queue_status(user, scope, now)[0]


_CORE_TOPICS = ("groups", "leaders", "regions", "dates")
_TOPICS = (select(_QUESTIONS.c.topic).distinct()
           .where(_QUESTIONS.c.set_id.in_(bindparam("b_sets", expanding=True)),
                  _QUESTIONS.c.retired.is_(False)))


def topics_in(set_ids: tuple[int, ...]) -> list[str]:
    """Every topic of the sets' active questions: the core four first, then the others
    (figures, security ...) alphabetically."""
    found = set(db.session.execute(_TOPICS, {"b_sets": list(set_ids)}).scalars())
    core = [t for t in _CORE_TOPICS if t in found]
    return core + sorted(found - set(core))


@functools.lru_cache(maxsize=1)
def _counts_by_set_statement() -> Any:
    """The queue's counts statement, one row per set instead of one in all."""
    queued = _queued(False)
    return (select(queued.c.set_id, *_counts(queued)).select_from(queued)
            .group_by(queued.c.set_id))


def queue_counts_by_set(user: User, set_ids: tuple[int, ...], now: datetime
                        ) -> dict[int, QueueCounts]:
    """Each set's cards left today within the daily limits, as ``queue_counts`` gives them for
    that set alone (the limits are the student's, over every set), in one statement."""
    rows = db.session.execute(_counts_by_set_statement(),
                              _params(user, Scope(set_ids), now)).mappings()
    return {row["set_id"]: _within_limits(user, row)[0] for row in rows}


def study_queue(user: User, scope: Scope, now: datetime
                ) -> tuple[QueueCounts, StudyItem | None]:
    """Cards left today and the next card to show; None when the day is done. One
    statement."""
    session = study_session(user, scope, now)
    return session.counts, session.item


def study_session(user: User, scope: Scope, now: datetime) -> StudySession:
    """Cards left today, today's answers, the next card to show (None when the day is done)
    and whether Undo would undo something. One statement."""
    row = db.session.execute(_study_statement(scope.topic is not None),
                             _params(user, scope, now)).mappings().one()
    counts, today = _within_limits(user, row)
    undo = _undo_state(row["undo_blocked"])
    if row["q_id"] is None:
        return StudySession(counts, today, None, undo)
    summary = SetSummary(**{n: row[f"s_{n}"] for n in _SET_FIELDS})
    question = StudyQuestion(**{n: row[f"q_{n}"] for n in _QUESTION_FIELDS},
                             question_set=summary)
    return StudySession(counts, today, StudyItem(question, card_from(row)), undo)
