"""Answers: the one place where a rating changes a student's schedule, exactly once.

Flashcard ratings (:func:`answer_card`) and quiz answers (:func:`record_review`) read the card,
schedule it and write the log and the card in the caller's transaction, which the transaction
policy (quizapp.database) begins as a write: on SQLite it holds the write lock from the start,
so nothing read can change before the writes; on PostgreSQL the card row is locked. Services
flush; the caller commits.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Question, ReviewLog, User
from quizapp.study.cards import (
    CARD_COLUMNS,
    CardRow,
    card_from,
    card_state,
    fuzz_key,
    restore,
    snapshot,
)
from quizapp.study.forms import RatingPost
from quizapp.study.queue import Scope, undo_candidate
from quizapp.study.settings import scheduler_settings

ORIGINS = ("flashcard", "quiz", "live")  # a live class quiz answers like a quiz
LEECH_NOTICE = ("This card is a leech: you forgot it 8 times, so it was suspended. "
                "Rewrite it in your own words, or unsuspend it from your progress page.")


@dataclass(frozen=True)
class ReviewOutcome:
    """What one answer did: the stored log's id, the card's new state, what to tell the student."""

    log_id: int
    card: CardRow
    duplicate: bool = False
    became_leech: bool = False


class UndoRefused(Exception):
    """The last answer can no longer be undone; the message says why."""


# Core statements on the tables, built once (SQLAlchemy caches their compiled form).
_CARDS: Table = Card.__table__  # type: ignore[assignment]
_LOGS: Table = ReviewLog.__table__  # type: ignore[assignment]
_QUESTIONS: Table = Question.__table__  # type: ignore[assignment]
# FOR NO KEY UPDATE on PostgreSQL: answers never change a card's keys, and a plain FOR UPDATE
# would wait on the key-share lock a concurrent answer's log insert holds (a deadlock, once
# that answer waits for this card in turn). SQLite ignores it: the transaction holds the lock.
_MY_CARD = (select(*CARD_COLUMNS).where(_CARDS.c.user_id == bindparam("b_user"),
                                        _CARDS.c.question_id == bindparam("b_q"))
            .with_for_update(key_share=True))
_ACTIVE_IN_SCOPE = (_QUESTIONS.c.retired.is_(False),
                    _QUESTIONS.c.set_id.in_(bindparam("b_sets", expanding=True)))
# The same card, only if its question is an active one of the scope: a flashcard answer to a
# known card checks its scope in the statement that reads it. OF cards: the question row is
# not locked (other students answer it too).
_MY_CARD_IN_SCOPE = (
    select(*CARD_COLUMNS).join(_QUESTIONS, _QUESTIONS.c.id == _CARDS.c.question_id)
    .where(_CARDS.c.user_id == bindparam("b_user"), _CARDS.c.question_id == bindparam("b_q"),
           *_ACTIVE_IN_SCOPE)
    .with_for_update(key_share=True, of=_CARDS))
_CARD_BY_ID = _CARDS.c.id == bindparam("b_card")
_SELECT_CARD_BY_ID = select(*CARD_COLUMNS).where(_CARD_BY_ID)
_UPDATE_CARD = update(_CARDS).where(_CARD_BY_ID)
_DELETE_CARD = delete(_CARDS).where(_CARD_BY_ID)
_IN_SCOPE = select(_QUESTIONS.c.id).where(_QUESTIONS.c.id == bindparam("b_q"), *_ACTIVE_IN_SCOPE)
_INSERTS: dict[tuple[str, str], Any] = {}


def _insert_or_ignore(table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id`` for this database, built once."""
    dialect = db.engine.dialect.name
    key = (dialect, table.name)
    if key not in _INSERTS:
        if dialect not in ("sqlite", "postgresql"):
            raise RuntimeError(f"quizapp runs on SQLite or PostgreSQL, not {dialect}")
        module = postgresql if dialect == "postgresql" else sqlite
        _INSERTS[key] = module.insert(table).on_conflict_do_nothing().returning(table.c.id)
    return _INSERTS[key]


def _run(statement: Any, **params: Any) -> Any:
    return db.session.execute(statement, params)


def _my_card(user_id: int, question_id: int, scope: Scope | None = None) -> CardRow | None:
    """The student's card as plain values, locked for this transaction (PostgreSQL); with a
    scope, None also when the question is not an active one of the scope's sets."""
    if scope is None:
        return card_from(_run(_MY_CARD, b_user=user_id, b_q=question_id).mappings().first())
    return card_from(_run(_MY_CARD_IN_SCOPE, b_user=user_id, b_q=question_id,
                          b_sets=list(scope.set_ids)).mappings().first())


def _card_values(after: srs.CardState, *, suspended: bool, leech: bool) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(after, name) for name in
                              ("state", "step", "stability", "difficulty", "due",
                               "last_review", "reps", "lapses")}
    values.update(buried_until=None, suspended=suspended, leech=leech)
    return values


def _insert_card(user_id: int, question_id: int, values: dict[str, Any]) -> int | None:
    """Create the student's card; None when it exists already (two first answers at once:
    PostgreSQL makes the second insert wait for the first transaction)."""
    card_id: int | None = _run(_insert_or_ignore(_CARDS), user_id=user_id,
                               question_id=question_id, **values).scalar_one_or_none()
    return card_id


def ensure_card(user_id: int, question_id: int, now: datetime) -> Card:
    """The student's card for a question, locked, and created (as new) if it does not exist."""
    card = _my_card(user_id, question_id)
    if card is None:
        _insert_card(user_id, question_id,
                     _card_values(srs.new_card(now), suspended=False, leech=False))
        card = _my_card(user_id, question_id)
    assert card is not None
    return db.session.get_one(Card, card.id)


def find_review(user_id: int, client_id: str) -> ReviewLog | None:
    """An already stored answer with this client id (double submit, retry, second tab)."""
    stmt = select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.client_id == client_id)
    return db.session.execute(stmt).scalar_one_or_none()


@dataclass(frozen=True)
class _Answer:
    user: User
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
        log_id: int | None = _run(
            _insert_or_ignore(_LOGS), user_id=self.user.id, card_id=card.id,
                    question_id=self.question_id, rating=self.rating, reviewed_at=self.now,
                    duration_ms=self.duration_ms, origin=self.origin, client_id=self.client_id,
            prev_state=card.state, prev_card=snapshot(card)).scalar_one_or_none()
        return log_id

    def stored(self) -> ReviewOutcome:
        """The outcome of the answer already stored under this client id."""
        stored = find_review(self.user.id, self.client_id)
        assert stored is not None
        card = card_from(_run(_SELECT_CARD_BY_ID, b_card=stored.card_id).mappings().first())
        assert card is not None
        return ReviewOutcome(stored.id, card, duplicate=True)


def _first_answer(answer: _Answer) -> ReviewOutcome | None:
    """The first answer to a question: the card is created already scheduled (one statement,
    not an insert then an update). None when another transaction created it meanwhile."""
    before = _card_values(srs.new_card(answer.now), suspended=False, leech=False)
    values = _card_values(answer.schedule(srs.new_card(answer.now)), suspended=False,
                          leech=False)
    card_id = _insert_card(answer.user.id, answer.question_id, values)
    if card_id is None:
        return None
    log_id = answer.log(CardRow(card_id, **before))
    if log_id is None:
        # The client id was used for another question: this answer leaves no trace.
        _run(_DELETE_CARD, b_card=card_id)
        return answer.stored()
    return ReviewOutcome(log_id, CardRow(card_id, **values))


def _next_answer(answer: _Answer, card: CardRow) -> ReviewOutcome:
    """An answer to a card that exists: the log goes in first, so that a client id already
    stored inserts nothing and leaves the card untouched."""
    log_id = answer.log(card)
    if log_id is None:
        return answer.stored()
    before = card_state(card, answer.now)
    after = answer.schedule(before)
    leech = srs.became_leech(before, after)
    values = _card_values(after, suspended=card.suspended or leech, leech=card.leech or leech)
    _run(_UPDATE_CARD, b_card=card.id, **values)
    return ReviewOutcome(log_id, dataclasses.replace(card, **values), became_leech=leech)


def record_review(user: User, question_id: int, rating: int, *, client_id: str, now: datetime,
                  origin: str = "flashcard", duration_ms: int | None = None) -> ReviewOutcome:
    """Apply one answer to the student's card and append it to the review log, exactly once.

    A repeated ``client_id`` returns the stored outcome with ``duplicate=True`` and changes
    nothing. Reaching 8 lapses suspends the card and marks it a leech. Written with Core
    statements: Card objects already loaded in the session are stale until the caller commits.
    """
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {ORIGINS}")
    answer = _Answer(user, question_id, rating, client_id, now, origin, duration_ms)
    return _apply(answer, _my_card(user.id, question_id))


def _apply(answer: _Answer, card: CardRow | None) -> ReviewOutcome:
    """The answer applied to the student's card as read (locked), or to a new card."""
    if card is None:
        outcome = _first_answer(answer)
        if outcome is not None:
            return outcome
        card = _my_card(answer.user.id, answer.question_id)  # created meanwhile (PostgreSQL)
        assert card is not None
    return _next_answer(answer, card)


def in_scope(scope: Scope, question_id: int) -> bool:
    """Whether the question is an active one of the scope's sets (the views check that the
    student may see those sets)."""
    found = _run(_IN_SCOPE, b_q=question_id, b_sets=list(scope.set_ids)).first()
    return found is not None


def answer_card(user: User, scope: Scope, posted: RatingPost, now: datetime
                ) -> ReviewOutcome | None:
    """A flashcard rating: recorded exactly once (see :func:`record_review`); None when the
    question is not one the student studies in this scope. A known card's scope is checked
    by the statement that reads it; only a first answer asks the questions separately."""
    card = _my_card(user.id, posted.question_id, scope)
    if card is None and not in_scope(scope, posted.question_id):
        return None
    return _apply(_Answer(user, posted.question_id, posted.rating, posted.client_id, now,
                          "flashcard", posted.duration_ms), card)


def undo_last_review(user: User, scope: Scope, now: datetime) -> ReviewLog | None:
    """Undo the student's latest flashcard answer of this study day to a question of the scope
    (what the study page's Undo offers: :func:`~quizapp.study.queue.undo_candidate`): restore
    the card exactly, drop the log entry. None when there is nothing to undo."""
    params: dict[str, Any] = {"b_user": user.id, "b_sets": list(scope.set_ids),
                              "b_day": srs.study_day_start(now, user.timezone)}
    if scope.topic is not None:
        params["b_topic"] = scope.topic
    found = _run(undo_candidate(scope.topic is not None), **params).mappings().first()
    if found is None:
        return None
    if found["blocked"]:
        raise UndoRefused("Can't undo: that card was answered again since (in a quiz), "
                          "and its schedule now counts that answer too.")
    log = db.session.get_one(ReviewLog, found["log_id"])
    card = db.session.get_one(Card, log.card_id)
    restore(card, log.prev_card)
    db.session.delete(log)
    db.session.flush()
    return log


def set_suspended(user: User, question_id: int, suspended: bool, now: datetime) -> Card:
    """Suspend a card (it leaves every queue) or unsuspend it."""
    card = ensure_card(user.id, question_id, now)
    card.suspended = suspended
    if not suspended:
        card.leech = False
    db.session.flush()
    return card


def bury(user: User, question_id: int, now: datetime) -> Card:
    """Hide a card until the student's next study day (4 AM local time)."""
    card = ensure_card(user.id, question_id, now)
    card.buried_until = srs.next_day_start(now, user.timezone)
    db.session.flush()
    return card


def button_labels(user: User, question_id: int, card: Card | CardRow | None, now: datetime
                  ) -> dict[int, str]:
    """The next interval for each rating, exactly what pressing that button will do."""
    return srs.interval_labels(fuzz_key(user.id, question_id), card_state(card, now), now,
                               scheduler_settings(user))
