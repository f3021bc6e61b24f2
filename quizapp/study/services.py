"""Spaced-repetition services: the one place where answers change a student's schedule.

Flashcard ratings and quiz answers both go through :func:`record_review`. Services flush; the
caller commits.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.expression import Executable

from quizapp import srs
from quizapp.content.services import SET_SUMMARY_COLUMNS, SetSummary
from quizapp.direct import DirectStatement
from quizapp.extensions import db
from quizapp.models import Account, Card, Question, QuestionSet, ReviewLog, User

ORIGINS = ("flashcard", "quiz")
LEARN_AHEAD = srs.LEARN_AHEAD


@dataclass(frozen=True)
class CardRow:
    """A card's columns as plain values (the review hot path works without ORM objects)."""

    id: int
    state: str
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: datetime | None


@dataclass(frozen=True)
class ReviewOutcome:
    """What one answer did: the stored log's id, the card's new state, what to tell the student."""

    log_id: int
    card: CardRow
    duplicate: bool = False
    became_leech: bool = False


def scheduler_settings(user: Account) -> srs.SchedulerSettings:
    """The student's FSRS settings."""
    return _settings(user.desired_retention, user.maximum_interval)


@functools.lru_cache(maxsize=64)
def _settings(retention: float, maximum_interval: int) -> srs.SchedulerSettings:
    # One settings object per distinct choice, so srs can reuse its cached scheduler.
    return srs.SchedulerSettings(desired_retention=retention, maximum_interval=maximum_interval)


def fuzz_key(user_id: int, question_id: int) -> int:
    """Stable per-(student, question) id for fsrs, known before the card row exists."""
    return user_id * 2**32 + question_id


_STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def card_state(card: Card | CardRow | None, now: datetime) -> srs.CardState:
    """The card's scheduling fields as an srs record (a fresh new card when there is no row)."""
    if card is None or card.state == srs.NEW:
        return srs.new_card(now)
    return srs.CardState(**{f: getattr(card, f) for f in _STATE_FIELDS})


def _snapshot(card: Card | CardRow) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(card, f) for f in _STATE_FIELDS}
    data.update(suspended=card.suspended, leech=card.leech, buried_until=card.buried_until)
    for name in ("due", "last_review", "buried_until"):
        value = data[name]
        data[name] = value.isoformat() if value is not None else None
    return data


def _restore(card: Card, snapshot: dict[str, Any]) -> None:
    for name, value in snapshot.items():
        if name in ("due", "last_review", "buried_until") and value is not None:
            value = datetime.fromisoformat(value)
        setattr(card, name, value)


def get_card(user_id: int, question_id: int, *, lock: bool = False) -> Card | None:
    """The student's card for a question, optionally locked for update (PostgreSQL)."""
    stmt = select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
    if lock:
        stmt = stmt.with_for_update()
    return db.session.execute(stmt).scalar_one_or_none()


def _insert_or_ignore(table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL: a clash is not an error."""
    dialect = db.engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise RuntimeError(f"quizapp runs on SQLite or PostgreSQL, not {dialect}")
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()


def ensure_card(user_id: int, question_id: int, now: datetime) -> Card:
    """The student's card for a question, locked, and created (as new) if it does not exist yet."""
    return db.session.get_one(Card, _locked_card(user_id, question_id, now).id)


def find_review(user_id: int, client_id: str) -> ReviewLog | None:
    """An already stored answer with this client id (double submit, retry, second tab)."""
    stmt = select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.client_id == client_id)
    return db.session.execute(stmt).scalar_one_or_none()


# The review path runs Core statements on table columns, built once (constructing a statement
# costs more than running it), straight on the SQLite driver (quizapp.direct).
_CARDS = Card.__table__
_LOGS = ReviewLog.__table__
_CARD_COLUMNS = tuple(_CARDS.c[name] for name in CardRow.__dataclass_fields__)
# FOR NO KEY UPDATE on PostgreSQL: answers never change a card's keys, and a plain FOR UPDATE
# would wait on the key-share lock a concurrent answer's log insert holds (a deadlock, once
# that answer waits for this card in turn).
_SELECT_MY_CARD = DirectStatement(select(*_CARD_COLUMNS)
                                  .where(_CARDS.c.user_id == bindparam("b_user"),
                                         _CARDS.c.question_id == bindparam("b_q"))
                                  .with_for_update(key_share=True))
_CARD_BY_ID = _CARDS.c.id == bindparam("b_card")
_SELECT_CARD_BY_ID = DirectStatement(select(*_CARD_COLUMNS).where(_CARD_BY_ID))
_UPDATE_CARD = DirectStatement(update(_CARDS).where(_CARD_BY_ID))
_DELETE_CARD = DirectStatement(delete(_CARDS).where(_CARD_BY_ID))
_DELETE_LOG = DirectStatement(delete(_LOGS).where(_LOGS.c.id == bindparam("b_log")))
# A card read before the write lock is updated only if every value is still the one read (an
# undo restores them exactly, so equal values mean the answer's schedule is still right).
_COMPARED_FIELDS = tuple(name for name in CardRow.__dataclass_fields__ if name != "id")
_UPDATE_CARD_IF_UNCHANGED = DirectStatement(update(_CARDS).where(_CARD_BY_ID, *(
    _CARDS.c[name].is_not_distinct_from(bindparam(f"was_{name}")) for name in _COMPARED_FIELDS)))
_STATEMENT_CACHE: dict[tuple[str, str], DirectStatement] = {}


def _cached(name: str, build: Callable[[], Executable]) -> DirectStatement:
    """A statement built once per database dialect (inserts differ between them)."""
    key = (db.engine.dialect.name, name)
    if key not in _STATEMENT_CACHE:
        _STATEMENT_CACHE[key] = DirectStatement(build())
    return _STATEMENT_CACHE[key]


def _execute(stmt: Any, params: dict[str, Any]) -> Any:
    """Run a Core statement on the session's connection (in its transaction)."""
    return db.session.connection().execute(stmt, params)


def _card_row(stmt: DirectStatement, **params: Any) -> CardRow | None:
    row = stmt.first(params)
    return CardRow(*row) if row is not None else None


def _my_card(user_id: int, question_id: int) -> CardRow | None:
    """The student's card as plain values, locked for this transaction (PostgreSQL)."""
    return _card_row(_SELECT_MY_CARD, b_user=user_id, b_q=question_id)


def _insert_card(user_id: int, question_id: int, values: dict[str, Any]) -> int | None:
    """Create the student's card with these values; None when it exists already (two first
    answers at once: PostgreSQL makes the second insert wait for the first transaction)."""
    stmt = _cached("insert card", lambda: _insert_or_ignore(_CARDS).returning(_CARDS.c.id))
    return stmt.scalar({"user_id": user_id, "question_id": question_id, **values})


def _locked_card(user_id: int, question_id: int, now: datetime) -> CardRow:
    """The student's card, locked for this transaction; created (new) if missing."""
    card = _my_card(user_id, question_id)
    if card is None:
        _insert_card(user_id, question_id,
                     _card_values(srs.new_card(now), suspended=False, leech=False))
        card = _my_card(user_id, question_id)
    assert card is not None
    return card


def _insert_log(values: dict[str, Any]) -> int | None:
    """Append to the review log; None when this client id is already stored."""
    stmt = _cached("insert log", lambda: _insert_or_ignore(_LOGS).returning(_LOGS.c.id))
    return stmt.scalar(values)


def record_review(user: Account, question_id: int, rating: int, *, client_id: str, now: datetime,
                  origin: str = "flashcard", duration_ms: int | None = None) -> ReviewOutcome:
    """Apply one answer to the student's card and append it to the review log, exactly once.

    A repeated ``client_id`` returns the stored outcome with ``duplicate=True`` and changes
    nothing. Reaching 8 lapses suspends the card and marks it a leech. Runs as direct Core
    statements (it is the busiest write); Card objects already loaded in the session are stale
    until the caller commits.
    """
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {ORIGINS}")
    return _locked_answer(_Answer(user, question_id, rating, client_id, now, origin, duration_ms))


@dataclass(frozen=True)
class PreparedAnswer:
    """A flashcard answer scheduled before the write transaction, against the card as it was
    read then (``card`` None: never answered)."""

    answer: _Answer
    card: CardRow | None
    after: srs.CardState


def prepare_review(user: Account, slug: str | None, question_id: int, rating: int, *,
                   client_id: str, now: datetime,
                   duration_ms: int | None = None) -> PreparedAnswer | None:
    """Everything a flashcard answer needs that can be done before taking the write lock, in
    one statement: None when the student may not answer the question in this set (any
    visible set without a slug), else the answer scheduled against the card as it is now.
    :func:`record_prepared` then holds SQLite's single write lock for the writes alone."""
    stmt = _answerable_card_statement(slug is not None, user.is_admin)
    row = stmt.first({"b_q": question_id, "b_slug": slug, "b_user": user.id})
    if row is None:
        return None
    card = CardRow(*row[1:]) if row[1] is not None else None
    answer = _Answer(user, question_id, rating, client_id, now, "flashcard", duration_ms)
    return PreparedAnswer(answer, card, answer.schedule(card_state(card, now)))


def record_prepared(prepared: PreparedAnswer) -> ReviewOutcome:
    """Apply a prepared answer as :func:`record_review` would: as scheduled when the card is
    still as it was read; when it changed meanwhile (another tab), from the card as it is."""
    answer = prepared.answer
    if prepared.card is None:
        outcome = _first_answer(answer, prepared.after)
    else:
        outcome = _next_answer(answer, prepared.card, prepared.after, if_unchanged=True)
    return outcome if outcome is not None else _locked_answer(answer)


def _locked_answer(answer: _Answer) -> ReviewOutcome:
    card = _my_card(answer.user.id, answer.question_id)
    if card is None:
        outcome = _first_answer(answer, answer.schedule(srs.new_card(answer.now)))
        if outcome is not None:
            return outcome
        # Another transaction created the card meanwhile (PostgreSQL): it is locked now.
        card = _my_card(answer.user.id, answer.question_id)
        assert card is not None
    outcome = _next_answer(answer, card, answer.schedule(card_state(card, answer.now)))
    assert outcome is not None
    return outcome


@dataclass(frozen=True)
class _Answer:
    user: Account
    question_id: int
    rating: int
    client_id: str
    now: datetime
    origin: str
    duration_ms: int | None

    def schedule(self, before: srs.CardState) -> srs.CardState:
        """The card after this answer."""
        return srs.review(fuzz_key(self.user.id, self.question_id), before, self.rating,
                          self.now, scheduler_settings(self.user), duration_ms=self.duration_ms)

    def log(self, card: CardRow) -> int | None:
        """Append this answer to the review log (``card`` as it was before); None when this
        client id is already stored (double submit, retry, a second tab, even one racing)."""
        return _insert_log({
            "user_id": self.user.id, "card_id": card.id, "question_id": self.question_id,
            "rating": self.rating, "reviewed_at": self.now, "duration_ms": self.duration_ms,
            "origin": self.origin, "client_id": self.client_id, "prev_state": card.state,
            "prev_card": _snapshot(card)})

    def stored(self) -> ReviewOutcome:
        """The outcome of the answer already stored under this client id."""
        stored = find_review(self.user.id, self.client_id)
        assert stored is not None
        stored_card = _card_row(_SELECT_CARD_BY_ID, b_card=stored.card_id)
        assert stored_card is not None
        return ReviewOutcome(stored.id, stored_card, duplicate=True)


def _card_values(after: srs.CardState, *, suspended: bool, leech: bool) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(after, name) for name in _STATE_FIELDS}
    values.update(buried_until=None, suspended=suspended, leech=leech)
    return values


def _first_answer(answer: _Answer, after: srs.CardState) -> ReviewOutcome | None:
    """The first answer to a question: the card is created already scheduled (one statement,
    not an insert then an update). None when another transaction created it meanwhile."""
    values = _card_values(after, suspended=False, leech=False)
    card_id = _insert_card(answer.user.id, answer.question_id, values)
    if card_id is None:
        return None
    before = CardRow(card_id, **_card_values(srs.new_card(answer.now), suspended=False,
                                             leech=False))
    log_id = answer.log(before)
    if log_id is None:
        # The client id was used for another question: this answer leaves no trace.
        _DELETE_CARD.rowcount({"b_card": card_id})
        return answer.stored()
    return ReviewOutcome(log_id, dataclasses.replace(before, **values))


def _next_answer(answer: _Answer, card: CardRow, after: srs.CardState, *,
                 if_unchanged: bool = False) -> ReviewOutcome | None:
    """An answer to a card that exists: the log goes in first, so that a client id already
    stored inserts nothing and leaves the card untouched. With ``if_unchanged`` the card is
    only updated if it still holds the values read (else None, and nothing is written)."""
    log_id = answer.log(card)
    if log_id is None:
        return answer.stored()
    leech = srs.became_leech(card_state(card, answer.now), after)
    values = _card_values(after, suspended=card.suspended or leech, leech=card.leech or leech)
    params = {"b_card": card.id, **values}
    if if_unchanged:
        params.update({f"was_{name}": getattr(card, name) for name in _COMPARED_FIELDS})
        if _UPDATE_CARD_IF_UNCHANGED.rowcount(params) != 1:
            _DELETE_LOG.rowcount({"b_log": log_id})
            return None
    else:
        _UPDATE_CARD.rowcount(params)
    return ReviewOutcome(log_id, dataclasses.replace(card, **values), became_leech=leech)


def reviewable_question(user: Account, slug: str | None, question_id: int) -> int | None:
    """The question's id if the student may answer it in this set (any visible set without a
    slug); one light query, as it runs on every answer."""
    stmt = _reviewable_statement(slug is not None, user.is_admin)
    return _execute(stmt, {"b_q": question_id, "b_slug": slug, "b_user": user.id}
                    ).scalar_one_or_none()


@functools.lru_cache(maxsize=4)
def _answerable_card_statement(by_slug: bool, any_status: bool) -> DirectStatement:
    mine = and_(_CARDS.c.question_id == Question.__table__.c.id,
                _CARDS.c.user_id == bindparam("b_user"))
    return DirectStatement(_reviewable_statement(by_slug, any_status)
                           .add_columns(*_CARD_COLUMNS).outerjoin(_CARDS, mine))


@functools.lru_cache(maxsize=4)
def _reviewable_statement(by_slug: bool, any_status: bool) -> Any:
    questions, sets = Question.__table__, QuestionSet.__table__
    stmt = (select(questions.c.id).join(sets, sets.c.id == questions.c.set_id)
            .where(questions.c.id == bindparam("b_q"), questions.c.retired.is_(False)))
    if by_slug:
        stmt = stmt.where(sets.c.slug == bindparam("b_slug"))
    if not any_status:
        stmt = stmt.where(or_(sets.c.status == "published", sets.c.owner_id == bindparam("b_user")))
    return stmt


LEECH_NOTICE = ("This card is a leech: you forgot it 8 times, so it was suspended. "
                "Rewrite it in your own words, or unsuspend it from your progress page.")


class UndoRefused(Exception):
    """The last answer can no longer be undone; the message says why."""


def undo_last_review(user: Account, *, origin: str = "flashcard") -> ReviewLog | None:
    """Undo the student's most recent answer: restore the card exactly, drop the log entry."""
    stmt = (select(ReviewLog).where(ReviewLog.user_id == user.id, ReviewLog.origin == origin)
            .order_by(ReviewLog.id.desc()).limit(1))
    log = db.session.execute(stmt).scalar_one_or_none()
    if log is None:
        return None
    newest = db.session.execute(select(func.max(ReviewLog.id)).where(
        ReviewLog.card_id == log.card_id)).scalar_one()
    if newest != log.id:
        raise UndoRefused("Can't undo: that card was answered again since (in a quiz), "
                          "and its schedule now counts that answer too.")
    card = db.session.get_one(Card, log.card_id)
    _restore(card, log.prev_card)
    db.session.delete(log)
    db.session.flush()
    return log


def set_suspended(user: Account, question_id: int, suspended: bool, now: datetime) -> Card:
    """Suspend a card (it leaves every queue) or unsuspend it."""
    card = ensure_card(user.id, question_id, now)
    card.suspended = suspended
    if not suspended:
        card.leech = False
    db.session.flush()
    return card


def bury(user: Account, question_id: int, now: datetime) -> Card:
    """Hide a card until the student's next study day (4 AM local time)."""
    card = ensure_card(user.id, question_id, now)
    card.buried_until = srs.next_day_start(now, user.timezone)
    db.session.flush()
    return card


# --------------------------------------------------------------------------- the study queue


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
    """Today's answers: new cards introduced and reviews done, since the day started."""

    new_done: int
    reviews_done: int


def day_stats(user: Account, now: datetime) -> DayStats:
    """New cards introduced and other answers given since the student's day began (4 AM)."""
    new_done, reviews_done = db.session.execute(
        select(_answered_today(True), _answered_today(False)),
        {"b_user": user.id, "b_day": srs.study_day_start(now, user.timezone)}).one()
    return DayStats(new_done, reviews_done)


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
    question_set: SetSummary


_STUDY_QUESTION_COLUMNS = tuple(Question.__table__.c[name]
                                for name in StudyQuestion.__dataclass_fields__
                                if name != "question_set")
_SET_START = 5 + len(_STUDY_QUESTION_COLUMNS)  # after the counts and the question
_CARD_START = _SET_START + len(SET_SUMMARY_COLUMNS)


@dataclass(frozen=True)
class _QueueTables:
    """The study queue's FROM clause: the scope's questions, each with the student's card."""

    questions: Any = Question.__table__
    cards: Any = Card.__table__
    logs: Any = ReviewLog.__table__

    def joined(self) -> Any:
        """Questions LEFT JOIN the student's cards (a question never answered has none)."""
        return self.questions.outerjoin(self.cards, and_(
            self.cards.c.question_id == self.questions.c.id,
            self.cards.c.user_id == bindparam("b_user")))

    def in_scope(self, with_topic: bool, one_set: bool) -> Any:
        """Active questions of the scope's sets (and topic), whose card is not set aside. One
        set is compared with ``=``: the statement then runs directly (quizapp.direct)."""
        q, c = self.questions.c, self.cards.c
        sets = (q.set_id == bindparam("b_set") if one_set
                else q.set_id.in_(bindparam("b_sets", expanding=True)))
        cond = and_(sets, q.retired.is_(False),
                    or_(c.id.is_(None), and_(c.suspended.is_(False), or_(
                        c.buried_until.is_(None), c.buried_until <= bindparam("b_now")))))
        return and_(cond, q.topic == bindparam("b_topic")) if with_topic else cond


_QUEUE = _QueueTables()


def _any_of(column: Any, values: tuple[Any, ...]) -> Any:
    """``column = a OR column = b``: unlike ``IN (…)`` of literals, which SQLAlchemy renders
    anew at every execution, this compiles once with the rest of the statement."""
    return or_(*(column == value for value in values))


# The queue a card is in: learning due now, review due today, new, learning due within
# LEARN_AHEAD (Anki's learn-ahead); NULL when it is not due. Study order is by queue.
_LEARNING_NOW, _REVIEW, _NEW, _LEARNING_AHEAD = range(4)


@functools.lru_cache(maxsize=4)
def _queued(with_topic: bool, one_set: bool) -> Any:
    """The scope's questions, each with its card's due time and queue (a CTE)."""
    q, c = _QUEUE.questions.c, _QUEUE.cards.c
    # Tested by state first: most cards are reviews, decided by one more comparison. What is
    # neither a review nor new is learning or relearning (srs.STATES).
    queue = case(
        (c.id.is_(None), _NEW),
        (c.state == srs.REVIEW, case((c.due < bindparam("b_day_end"), _REVIEW))),
        (c.state == srs.NEW, _NEW),
        else_=case((c.due <= bindparam("b_now"), _LEARNING_NOW),
                   (c.due <= bindparam("b_ahead"), _LEARNING_AHEAD)))
    return (select(q.id.label("question_id"), q.set_id, q.position, c.due, queue.label("queue"))
            .select_from(_QUEUE.joined()).where(_QUEUE.in_scope(with_topic, one_set))
            .cte("queued"))


def _answered_today(was_new: bool) -> Any:
    """How many of today's answers were (or were not) a new card's first, as a scalar."""
    logs = _QUEUE.logs.c
    new = logs.prev_state == srs.NEW
    return select(func.count()).where(
        logs.user_id == bindparam("b_user"), logs.reviewed_at >= bindparam("b_day"),
        new if was_new else ~new).scalar_subquery()


def _counts(queued: Any) -> list[Any]:
    """Learning, review and new cards in scope, then today's new cards and other answers."""
    queue = queued.c.queue
    return [func.count().filter(_any_of(queue, (_LEARNING_NOW, _LEARNING_AHEAD))).label("learning"),
            func.count().filter(queue == _REVIEW).label("review"),
            func.count().filter(queue == _NEW).label("new"),
            _answered_today(True).label("new_done"), _answered_today(False).label("reviews_done")]


@functools.lru_cache(maxsize=4)
def _counts_statement(with_topic: bool, one_set: bool) -> DirectStatement:
    """The queue's counts and today's answers, in one statement."""
    queued = _queued(with_topic, one_set)
    return DirectStatement(select(*_counts(queued)).select_from(queued))


@functools.lru_cache(maxsize=4)
def _study_statement(with_topic: bool, one_set: bool) -> DirectStatement:
    """The queue's counts, today's answers and the next question with its card (or NULLs when
    the day is done), in one statement: one pass over the scope serves both.

    The next card is the first by queue, then due time (new cards: set order), skipping
    reviews and new cards once today's limits are reached."""
    queued = _queued(with_topic, one_set)
    queue = queued.c.queue
    counts = select(*_counts(queued)).select_from(queued).subquery("counts")
    next_id = (select(queued.c.question_id).where(or_(
        _any_of(queue, (_LEARNING_NOW, _LEARNING_AHEAD)),
        and_(queue == _REVIEW, counts.c.reviews_done < bindparam("b_max_reviews")),
        and_(queue == _NEW, counts.c.new_done < bindparam("b_max_new"))))
        .order_by(queue, case((queue == _NEW, None), else_=queued.c.due), queued.c.set_id,
                  queued.c.position)
        .limit(1).scalar_subquery())  # correlated: today's answers come from ``counts``
    questions, sets = _QUEUE.questions, QuestionSet.__table__
    return DirectStatement(
        select(*counts.c, *_STUDY_QUESTION_COLUMNS, *SET_SUMMARY_COLUMNS, *_CARD_COLUMNS)
        .select_from(counts)
        .outerjoin(questions, questions.c.id == next_id)
        .outerjoin(sets, sets.c.id == questions.c.set_id)
        .outerjoin(_CARDS, and_(_CARDS.c.question_id == questions.c.id,
                                _CARDS.c.user_id == bindparam("b_user"))))


def _one_set(scope: Scope) -> bool:
    return len(scope.set_ids) == 1


def _shape(scope: Scope) -> tuple[bool, bool]:
    """Which variant of the queue statements a scope needs: with a topic, of one set."""
    return scope.topic is not None, _one_set(scope)


def _queue_params(user: Account, scope: Scope, now: datetime) -> dict[str, Any]:
    sets = {"b_set": scope.set_ids[0]} if _one_set(scope) else {"b_sets": list(scope.set_ids)}
    return {"b_user": user.id, **sets, "b_topic": scope.topic,
            "b_now": now, "b_ahead": now + LEARN_AHEAD,
            "b_day": srs.study_day_start(now, user.timezone),
            "b_day_end": srs.next_day_start(now, user.timezone),
            "b_max_new": user.new_per_day, "b_max_reviews": user.max_reviews_per_day}


def _within_limits(user: Account, learning: int, review: int, new: int, new_done: int,
                   reviews_done: int) -> tuple[QueueCounts, DayStats]:
    new_left = max(0, user.new_per_day - new_done)
    review_left = max(0, user.max_reviews_per_day - reviews_done)
    return (QueueCounts(min(new, new_left), learning, min(review, review_left)),
            DayStats(new_done, reviews_done))


def queue_status(user: Account, scope: Scope, now: datetime) -> tuple[QueueCounts, DayStats]:
    """Cards left today within the daily limits, and today's answers so far (one statement)."""
    row = _counts_statement(*_shape(scope)).first(_queue_params(user, scope, now))
    assert row is not None  # counts: always one row
    return _within_limits(user, *row)


def queue_counts(user: Account, scope: Scope, now: datetime) -> QueueCounts:
    """New, learning and review cards left today within the daily limits."""
    return queue_status(user, scope, now)[0]


def study_queue(user: Account, scope: Scope, now: datetime
                ) -> tuple[QueueCounts, tuple[StudyQuestion, CardRow | None] | None]:
    """Cards left today and the next question to show with the student's card for it (None
    before the first answer); no next question when the day is done. One statement."""
    row = _study_statement(*_shape(scope)).first(_queue_params(user, scope, now))
    assert row is not None  # counts: always one row
    counts, _ = _within_limits(user, *row[:5])
    if row[5] is None:
        return counts, None
    question = StudyQuestion(*row[5:_SET_START],
                             question_set=SetSummary(*row[_SET_START:_CARD_START]))
    card_values = row[_CARD_START:]
    return counts, (question, CardRow(*card_values) if card_values[0] is not None else None)


def next_card(user: Account, scope: Scope, now: datetime
              ) -> tuple[StudyQuestion, CardRow | None] | None:
    """The next question to show and the student's card for it (see :func:`study_queue`)."""
    return study_queue(user, scope, now)[1]


def next_question(user: Account, scope: Scope, now: datetime) -> StudyQuestion | None:
    """The next question to show (see :func:`study_queue`)."""
    item = next_card(user, scope, now)
    return item[0] if item is not None else None


def button_labels(user: Account, question_id: int, card: Card | CardRow | None, now: datetime
                  ) -> dict[int, str]:
    """The next interval for each rating, exactly what pressing that button will do."""
    return srs.interval_labels(fuzz_key(user.id, question_id), card_state(card, now), now,
                               scheduler_settings(user))


def update_settings(user: User, **values: Any) -> None:
    """Change study settings (already validated by the form)."""
    allowed = {"new_per_day", "max_reviews_per_day", "desired_retention", "maximum_interval",
               "timezone"}
    for name, value in values.items():
        if name not in allowed:
            raise ValueError(f"unknown setting {name}")
        setattr(user, name, value)
    srs.SchedulerSettings(desired_retention=user.desired_retention,
                          maximum_interval=user.maximum_interval)
    db.session.flush()

