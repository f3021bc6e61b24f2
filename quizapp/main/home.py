"""The signed-in home page's figures: what to study now, each set's day and progress, the
streak and the latest quiz scores, in a fixed number of statements however many sets there are.

Today's counts are the study page's: the whole day from ``queue_status`` and each set's from
the queue's own statement grouped by set, so a set shows the figures its study page shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select

from quizapp import srs
from quizapp.classes.services import (
    DueBadge,
    due_badge,
    due_order,
    local_today,
    sets_assigned_first,
)
from quizapp.extensions import db
from quizapp.models import (
    Card,
    ClassMember,
    ClassSet,
    Question,
    QuestionSet,
    QuizAttempt,
    SchoolClass,
    User,
    UTCDateTime,
)
from quizapp.study import dashboard, queue
from quizapp.study import services as study

RECENT_QUIZZES = 5


@dataclass(frozen=True)
class SetProgress:
    """How far the student has got with one set's active questions."""

    questions: int = 0
    learned: int = 0  # cards that reached review (relearning ones included)
    unseen: int = 0  # questions never answered (or whose card is still new)
    topics: dict[str, int] = field(default_factory=dict)  # active questions per topic
    next_due: datetime | None = None  # the set's next card to fall due after now


@dataclass(frozen=True)
class SetToday:
    """One set on the home page: today's cards (as its study page counts them) and progress."""

    qset: QuestionSet
    counts: study.QueueCounts
    progress: SetProgress
    classes: tuple[str, ...]  # the student's classes that assign it, by name
    due_on: date | None = None  # the earliest day a class wants it studied by
    due_badge: DueBadge | None = None  # "Due 9 Dec", overdue once that day has passed

    @property
    def due(self) -> int:
        """Learning and review cards due today."""
        return self.counts.learning + self.counts.review


@dataclass(frozen=True)
class RecentQuiz:
    """A finished quiz attempt, for the latest scores."""

    attempt_id: int
    set_title: str
    score: float  # 0..1
    questions: int
    days_ago: int  # study days before today (0: today)


@dataclass(frozen=True)
class Home:
    """Everything the signed-in home page shows."""

    sets: list[SetToday]
    today: study.QueueCounts  # every set together, within the daily limits
    done: study.DayStats
    streak: int
    recent: list[RecentQuiz]
    next_due: datetime | None
    day_end: datetime  # when the student's next study day begins
    reviews_capped: bool = False  # today's review limit is reached
    new_tomorrow: bool = False  # cards never studied wait, and the student takes new ones

    @property
    def next_set(self) -> SetToday | None:
        """The set to continue with: the first with cards due now, else with new cards."""
        return (next((s for s in self.sets if s.due), None)
                or next((s for s in self.sets if s.counts.new), None))


_ZERO = study.QueueCounts(0, 0, 0)


_LEARNED = or_(Card.state == srs.REVIEW, Card.state == srs.RELEARNING)
_PROGRESS = (
    select(Question.set_id, Question.topic, func.count(Question.id).label("questions"),
           func.count(Card.id).filter(_LEARNED).label("learned"),
           func.count(Card.id).filter(Card.state != srs.NEW).label("studied"),
           func.min(Card.due).filter(
               Card.state != srs.NEW, Card.suspended.is_(False),
               Card.due > bindparam("now", type_=UTCDateTime())).label("next_due"))
    .outerjoin(Card, and_(Card.question_id == Question.id, Card.user_id == bindparam("user_id")))
    .where(Question.set_id.in_(bindparam("set_ids", expanding=True)),
           Question.retired.is_(False))
    .group_by(Question.set_id, Question.topic))


def set_progress(user: User, set_ids: tuple[int, ...], now: datetime) -> dict[int, SetProgress]:
    """Per set: active questions by topic, learned cards and the next card due, in one
    statement."""
    grouped: dict[int, list[Any]] = {}
    for row in db.session.execute(_PROGRESS, {"user_id": user.id, "set_ids": list(set_ids),
                                              "now": now}).mappings():
        grouped.setdefault(row["set_id"], []).append(row)
    return {set_id: SetProgress(
        questions=sum(r["questions"] for r in rows), learned=sum(r["learned"] for r in rows),
        unseen=sum(r["questions"] - r["studied"] for r in rows),
        topics={r["topic"]: r["questions"] for r in rows},
        next_due=min((r["next_due"] for r in rows if r["next_due"] is not None), default=None))
        for set_id, rows in grouped.items()}


_ASSIGNING = (select(ClassSet.set_id, SchoolClass.name, ClassSet.due_on)
              .join(SchoolClass, SchoolClass.id == ClassSet.class_id)
              .join(ClassMember, ClassMember.class_id == ClassSet.class_id)
              .where(ClassMember.user_id == bindparam("user_id"))
              .order_by(SchoolClass.name))


@dataclass(frozen=True)
class Assigned:
    """Who assigns a set to the student: the classes' names, and the earliest due date."""

    classes: tuple[str, ...]
    due_on: date | None


def assigning_classes(user: User) -> dict[int, Assigned]:
    """The names of the student's classes that assign each set and the earliest day any of
    them wants it studied by, by set id (one statement)."""
    names: dict[int, list[str]] = {}
    dues: dict[int, list[date]] = {}
    for set_id, name, due_on in db.session.execute(_ASSIGNING, {"user_id": user.id}):
        names.setdefault(set_id, []).append(name)
        if due_on is not None:
            dues.setdefault(set_id, []).append(due_on)
    return {set_id: Assigned(tuple(n), min(dues.get(set_id, ()), default=None))
            for set_id, n in names.items()}


def study_streak(user: User, now: datetime, answered_today: bool) -> int:
    """Consecutive study days with an answer, ending today (or yesterday while today has none
    yet): the progress page's walk back through the review log, day by day, from today."""
    day = srs.study_day_start(now, user.timezone)
    return dashboard.days_in_a_row_before(user, day) + answered_today


_RECENT = (select(QuizAttempt.id, QuizAttempt.score, QuizAttempt.question_ids,
                  QuizAttempt.finished_at, QuestionSet.title)
           .join(QuestionSet, QuestionSet.id == QuizAttempt.set_id)
           .where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.finished_at.is_not(None))
           .order_by(QuizAttempt.finished_at.desc(), QuizAttempt.id.desc())
           .limit(RECENT_QUIZZES))


def recent_quizzes(user: User, now: datetime) -> list[RecentQuiz]:
    """The student's latest finished quizzes, newest first."""
    today = srs.study_day_start(now, user.timezone)
    return [RecentQuiz(row["id"], row["title"], row["score"], len(row["question_ids"] or ()),
                       (today - srs.study_day_start(row["finished_at"], user.timezone)).days)
            for row in db.session.execute(_RECENT, {"user_id": user.id}).mappings()]


def build(user: User, now: datetime) -> Home:
    """The home page of a signed-in user (student, instructor or admin)."""
    mine = sets_assigned_first(user)
    set_ids = tuple(s.id for s in mine.sets)
    day_end = srs.next_day_start(now, user.timezone)
    if not set_ids:
        return Home([], _ZERO, study.day_stats(user, now), 0, recent_quizzes(user, now), None,
                    day_end)
    today, done = study.queue_status(user, study.Scope(set_ids), now)
    counts = queue.queue_counts_by_set(user, set_ids, now)
    progress = set_progress(user, set_ids, now)
    classes = assigning_classes(user) if mine.assigned else {}
    today_local = local_today(now, user.timezone)
    sets = _assigned_by_due_date([_set_today(s, counts.get(s.id, _ZERO),
                                             progress.get(s.id, SetProgress()),
                                             classes.get(s.id) if s.id in mine.assigned else None,
                                             today_local)
                                  for s in mine.sets], mine.assigned)
    next_due = min((p.next_due for p in progress.values() if p.next_due is not None),
                   default=None)
    return Home(sets, today, done,
                study_streak(user, now, bool(done.new_done + done.reviews_done)),
                recent_quizzes(user, now), next_due, day_end,
                reviews_capped=done.reviews_done >= user.max_reviews_per_day,
                new_tomorrow=user.new_per_day > 0 and any(p.unseen for p in progress.values()))


def _set_today(qset: QuestionSet, counts: study.QueueCounts, progress: SetProgress,
               assigned: Assigned | None, today: date) -> SetToday:
    if assigned is None:
        return SetToday(qset, counts, progress, ())
    return SetToday(qset, counts, progress, assigned.classes, assigned.due_on,
                    due_badge(assigned.due_on, today))


def _assigned_by_due_date(sets: list[SetToday], assigned: set[int]) -> list[SetToday]:
    """Assigned sets first, by due date (earliest first, undated after), then the others;
    the sort is stable, so each group keeps its order by title."""
    return sorted(sets, key=lambda s: (s.qset.id not in assigned, due_order(s.due_on)))


def come_back(home: Home, now: datetime) -> str:
    """Once today's cards are done: when to come back, and for what."""
    if home.reviews_capped:
        return "You reached today's review limit. Come back tomorrow for the rest."
    wait = wait_text(home.next_due, now) if home.next_due is not None else None
    if home.next_due is not None and home.next_due < home.day_end:
        return f"Come back later today: next review in {wait}."
    if home.new_tomorrow:
        return "Come back tomorrow for new cards" + (f"; next review in {wait}." if wait else ".")
    if home.next_due is not None and home.next_due < home.day_end + timedelta(days=1):
        return f"Come back tomorrow; next review in {wait}."
    if wait:
        return f"Next review in {wait}."
    return "Every card is suspended or set aside; unsuspend some on the progress page."


def wait_text(later: datetime, now: datetime) -> str:
    """How long until ``later``, as a person says it: "5 min", "5 h", "3 days"."""
    minutes = max(1, math.ceil((later - now) / timedelta(minutes=1)))
    if minutes < 60:
        return f"{minutes} min"
    hours = round(minutes / 60)
    if hours < 36:
        return f"{hours} h"
    return f"{round(hours / 24)} days"
