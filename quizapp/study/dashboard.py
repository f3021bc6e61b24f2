"""The progress dashboard's figures, each computed by SQL aggregates over indexed columns; the
chart's days before today are counted once per study day, as they no longer change."""

from __future__ import annotations

import functools
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Float, Integer, and_, bindparam, cast, exists, func, select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Question, QuestionSet, ReviewLog, User, UTCDateTime
from quizapp.sqltime import epoch_seconds, from_epoch
from quizapp.study import services as study

MATURE_DAYS = 21  # Anki calls a card mature from a 21-day interval on
FORECAST_DAYS = 30
HISTORY_DAYS = 30
CORE_TOPICS = ("groups", "leaders", "regions", "dates")


@dataclass(frozen=True)
class TopicMastery:
    """How far a student has got with one topic."""

    topic: str
    total: int
    studied: int
    mature: int

    @property
    def mastery(self) -> float:
        """Share of the topic's questions that are mature (0..1)."""
        return self.mature / self.total if self.total else 0.0


@dataclass(frozen=True)
class Dashboard:
    """Everything the progress page shows."""

    today: study.DayStats
    counts: study.QueueCounts
    states: dict[str, int]
    topics: list[TopicMastery]
    forecast: list[int]
    history: list[int]
    retention: float | None
    retention_reviews: int
    streak: int
    suspended: list[tuple[Question, bool]] = field(default_factory=list)


# The statements are built once, with bind parameters: building one costs about as much as
# running it on a year of answers.
_USER = bindparam("user_id")


def _day_index(column: Any) -> Any:
    """Whole study days between the ``day_start`` parameter (epoch seconds) and a datetime
    column (negative before it)."""
    seconds = epoch_seconds(column) - bindparam("day_start", type_=Float)
    return cast(func.floor(seconds / 86400.0), Integer)


@functools.lru_cache(maxsize=2)
def _visible_sets_statement(any_status: bool) -> Any:
    stmt = select(QuestionSet.id)
    if any_status:
        return stmt
    return stmt.where((QuestionSet.status == "published") | (QuestionSet.owner_id == _USER))


def _visible_set_ids(user: User) -> list[int]:
    return list(db.session.execute(_visible_sets_statement(user.is_admin),
                                   {"user_id": user.id}).scalars())


_STATE_COUNTS = (select(Card.state, Card.suspended, func.count()).where(Card.user_id == _USER)
                 .group_by(Card.state, Card.suspended))


def state_counts(user: User) -> dict[str, int]:
    """Cards by state, plus suspended ones."""
    counts = {state: 0 for state in [*srs.STATES, "suspended"]}
    for state, suspended, n in db.session.execute(_STATE_COUNTS, {"user_id": user.id}):
        counts["suspended" if suspended else state] += n
    return counts


_TOPIC_MASTERY = (
    select(Question.topic, func.count(Question.id),
           func.count(Card.id).filter(Card.state != srs.NEW),
           func.count(Card.id).filter(Card.state == srs.REVIEW, Card.stability >= MATURE_DAYS))
    .outerjoin(Card, and_(Card.question_id == Question.id, Card.user_id == _USER))
    .where(Question.set_id.in_(bindparam("set_ids", expanding=True)),
           Question.retired.is_(False))
    .group_by(Question.topic))


def topic_mastery(user: User, set_ids: list[int]) -> list[TopicMastery]:
    """Per topic: questions, studied cards and mature cards (interval of 21 days or more)."""
    rows = {t: TopicMastery(t, total, studied, m) for t, total, studied, m in
            db.session.execute(_TOPIC_MASTERY, {"user_id": user.id, "set_ids": set_ids})}
    ordered = [rows[t] for t in CORE_TOPICS if t in rows]
    return ordered + sorted((v for k, v in rows.items() if k not in CORE_TOPICS),
                            key=lambda m: m.topic)


_DUE_DAY = _day_index(Card.due)
_DUE_FORECAST = (select(_DUE_DAY, func.count())
                 .where(Card.user_id == _USER, Card.state != srs.NEW, Card.suspended.is_(False),
                        Card.due < bindparam("horizon", type_=UTCDateTime()))
                 .group_by(_DUE_DAY))


def due_forecast(user: User, now: datetime) -> list[int]:
    """Reviews falling due on each of the next 30 study days (day 0 = today, overdue included)."""
    start = srs.study_day_start(now, user.timezone)
    buckets = [0] * FORECAST_DAYS
    for index, n in db.session.execute(_DUE_FORECAST, {
            "user_id": user.id, "day_start": start.timestamp(),
            "horizon": start + timedelta(days=FORECAST_DAYS)}):
        buckets[max(0, index)] += n
    return buckets


@functools.lru_cache(maxsize=4)
def _daily_answer_counts(days: int) -> Any:
    """One row of ``days`` answer counts, each an index range count between two bounds.

    Grouping a year of answers by a computed day number sorted every answer: about 40 ms for
    50,000 of them on SQLite. Built once per ``days``, so it is compiled once too.
    """
    def between(i: int) -> Any:
        return (select(func.count()).where(
            ReviewLog.user_id == bindparam("user_id"),
            ReviewLog.reviewed_at >= bindparam(f"day{i}", type_=UTCDateTime()),
            ReviewLog.reviewed_at < bindparam(f"day{i + 1}", type_=UTCDateTime()))
            .scalar_subquery())

    return select(*(between(i) for i in range(days)))


def _review_answers(since: Any, until: Any | None = None) -> tuple[Any, Any]:
    """Review-state answers in a time range, and those not rated Again, as two scalars."""
    where = [ReviewLog.user_id == _USER, ReviewLog.prev_state == srs.REVIEW,
             ReviewLog.reviewed_at >= since]
    if until is not None:
        where.append(ReviewLog.reviewed_at < until)
    return (select(func.count()).where(*where).scalar_subquery(),
            select(func.count()).where(*where, ReviewLog.rating != srs.AGAIN).scalar_subquery())


_DAY = bindparam("day", type_=UTCDateTime())
# Today's review-state answers, and the latest answer before today: the earlier days' counts
# hold as long as it is unchanged (answers are only ever added now, and undo removes only the
# latest one).
_TODAY = select(
    *_review_answers(_DAY),
    select(func.max(ReviewLog.reviewed_at))
    .where(ReviewLog.user_id == _USER, ReviewLog.reviewed_at < _DAY).scalar_subquery())
_PAST_RETENTION = select(*_review_answers(bindparam("since", type_=UTCDateTime()), _DAY))

PAST_ENTRIES = 1024
PAST_SECONDS = 600  # and they are counted again after this long, whatever happened


@dataclass
class _Past:
    """The chart's days before today, as counted once: they no longer change (an answer is
    stamped with the time it is given, and undo removes only the latest one)."""

    latest: datetime | None  # the latest answer before today, when they were counted
    expires: float
    history: list[int]  # answers per day, oldest first
    reviewed: int  # review-state answers over those days
    passed: int  # of which not rated Again
    earlier: dict[int, int] = field(default_factory=dict)  # streak before the chart, by run


def _past(user: User, day: datetime, latest: datetime | None) -> _Past:
    """The earlier days' figures, counted again only when the latest answer before today is
    no longer ``latest`` (kept per app and process, for the last :data:`PAST_ENTRIES` students)."""
    cache: OrderedDict[tuple[int, datetime], _Past] = current_app.extensions.setdefault(
        "quizapp_dashboard_past", OrderedDict())
    key = (user.id, day)  # the day's start instant fixes every window, whatever the zone
    past = cache.get(key)
    if past is None or past.latest != latest or past.expires < time.monotonic():
        past = cache[key] = _count_past(user, day, latest)
        while len(cache) > PAST_ENTRIES:
            cache.popitem(last=False)
    cache.move_to_end(key)
    return past


def _count_past(user: User, day: datetime, latest: datetime | None) -> _Past:
    days = HISTORY_DAYS - 1
    start = day - timedelta(days=days)
    params: dict[str, Any] = {f"day{i}": start + timedelta(days=i) for i in range(days + 1)}
    history = list(db.session.execute(_daily_answer_counts(days),
                                      {**params, "user_id": user.id}).one())
    reviewed, passed = db.session.execute(_PAST_RETENTION, {
        "user_id": user.id, "since": start, "day": day}).one()
    return _Past(latest, time.monotonic() + PAST_SECONDS, history, reviewed, passed)


def streak(history: list[int]) -> int:
    """Consecutive study days ending today (or yesterday, if today has no answers yet)."""
    days = list(reversed(history))
    if days and days[0] == 0:
        days = days[1:]
    run = 0
    for n in days:
        if n == 0:
            break
        run += 1
    return run


MAX_STREAK_DAYS = 3650


def study_streak(user: User, day: datetime, history: list[int], past: _Past) -> int:
    """The streak: ``history`` (answers per day, oldest first, today last), then, only when the
    streak runs through all of it, the unbroken run of earlier days with an answer."""
    run = streak(history)
    if run < len(history) - (history[-1] == 0):
        return run
    if run not in past.earlier:
        oldest = 1 - len(history)  # the chart's first day, counted from today (day 0)
        past.earlier[run] = db.session.execute(_earlier_days_answered(), {
            "user_id": user.id, "oldest": oldest, "floor": oldest - (MAX_STREAK_DAYS - run),
            "today": day.timestamp()}).scalar_one()
    return run + past.earlier[run]


def days_in_a_row_before(user: User, day: datetime) -> int:
    """Consecutive study days with an answer right before ``day`` (the start of a study day),
    up to MAX_STREAK_DAYS: the streak without today."""
    return int(db.session.execute(_earlier_days_answered(), {
        "user_id": user.id, "oldest": 0, "floor": -MAX_STREAK_DAYS,
        "today": day.timestamp()}).scalar_one())


@functools.lru_cache(maxsize=1)
def _earlier_days_answered() -> Any:
    """Days with an answer just before day ``oldest``, walking back one day at a time (a
    recursive query, one index probe per day) and stopping at the first day without one."""
    walk = select(bindparam("oldest", type_=Integer).label("day")).cte("walk", recursive=True)

    def day_start(day: Any) -> Any:
        return from_epoch(bindparam("today", type_=Float) + day * 86400)

    before = walk.c.day - 1
    answered = exists().where(ReviewLog.user_id == bindparam("user_id"),
                              ReviewLog.reviewed_at >= day_start(before),
                              ReviewLog.reviewed_at < day_start(walk.c.day))
    walk = walk.union_all(select(before).where(walk.c.day > bindparam("floor"), answered))
    return select(func.count() - 1).select_from(walk)


_SUSPENDED = (select(Question, Card.leech).join(Card, Card.question_id == Question.id)
              .where(Card.user_id == _USER, Card.suspended.is_(True)).order_by(Question.id))


def suspended_cards(user: User) -> list[tuple[Question, bool]]:
    """Suspended questions with their leech flag, for unsuspending."""
    return [(q, bool(leech)) for q, leech in
            db.session.execute(_SUSPENDED, {"user_id": user.id})]


def build(user: User, now: datetime) -> Dashboard:
    """All the dashboard's figures for one student."""
    set_ids = _visible_set_ids(user)
    counts, today = study.queue_status(user, study.Scope(tuple(set_ids)), now)
    day = srs.study_day_start(now, user.timezone)
    reviewed, passed, latest_before = db.session.execute(
        _TODAY, {"user_id": user.id, "day": day}).one()
    past = _past(user, day, latest_before)
    history = [*past.history, today.new_done + today.reviews_done]
    reviewed, passed = reviewed + past.reviewed, passed + past.passed
    states = state_counts(user)
    return Dashboard(
        today=today,
        counts=counts,
        states=states,
        topics=topic_mastery(user, set_ids),
        forecast=due_forecast(user, now),
        history=history,
        retention=passed / reviewed if reviewed else None,
        retention_reviews=reviewed,
        streak=study_streak(user, day, history, past),
        suspended=suspended_cards(user) if states["suspended"] else [],
    )
