"""Class analytics: per-student study and quiz figures, per-question item statistics.

Figures come from SQL aggregates (one grouped query each); the item statistics' arithmetic is
finished by the pure :mod:`quizapp.instructor.itemstats`. Only finished quiz attempts by the
class's students on the class's sets count, as in Moodle's report.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, select

from quizapp.atlas.where import offered_places
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.instructor.itemstats import ItemStats, ItemSums, stats_from_sums
from quizapp.models import (
    Card,
    ClassMember,
    Question,
    QuizAnswer,
    QuizAttempt,
    ReviewLog,
    SchoolClass,
    User,
)

AGAIN = 1


@dataclass(frozen=True)
class StudentRow:
    """One student's figures on the class's sets."""

    user: User
    cards_studied: int
    reviews: int
    retention: float | None
    attempts: int
    mean_score: float | None


@dataclass(frozen=True)
class ItemRow:
    """One question with its statistics."""

    question: Question
    stats: ItemStats


def _member_ids(klass: SchoolClass) -> Select[tuple[int]]:
    return select(ClassMember.user_id).where(ClassMember.class_id == klass.id)


def _set_ids(klass: SchoolClass) -> list[int]:
    return [s.id for s in classes.class_sets(klass)]


def _question_ids(set_ids: list[int]) -> Select[tuple[int]]:
    return select(Question.id).where(Question.set_id.in_(set_ids))


def _by_user(stmt: Select[Any]) -> dict[int, tuple[Any, ...]]:
    return {row[0]: tuple(row[1:]) for row in db.session.execute(stmt)}


def student_rows(klass: SchoolClass) -> list[StudentRow]:
    """Cards studied, reviews, retention and quiz results of every student in the class."""
    set_ids, members = _set_ids(klass), _member_ids(klass)
    questions = _question_ids(set_ids)
    cards = _by_user(select(Card.user_id, func.count())
                     .where(Card.user_id.in_(members), Card.question_id.in_(questions),
                            Card.reps > 0)
                     .group_by(Card.user_id))
    in_review = ReviewLog.prev_state == "review"
    reviews = _by_user(
        select(ReviewLog.user_id, func.count(),
               func.sum(case((in_review, 1), else_=0)),
               func.sum(case((and_(in_review, ReviewLog.rating != AGAIN), 1), else_=0)))
        .where(ReviewLog.user_id.in_(members), ReviewLog.question_id.in_(questions))
        .group_by(ReviewLog.user_id))
    quizzes = _by_user(
        select(QuizAttempt.user_id, func.count(), func.avg(QuizAttempt.score))
        .where(QuizAttempt.user_id.in_(members), QuizAttempt.set_id.in_(set_ids),
               QuizAttempt.finished_at.is_not(None))
        .group_by(QuizAttempt.user_id))
    rows = []
    for user in classes.members(klass):
        total, in_rev, kept = reviews.get(user.id, (0, 0, 0))
        attempts, mean = quizzes.get(user.id, (0, None))
        rows.append(StudentRow(user, cards.get(user.id, (0,))[0], total,
                               kept / in_rev if in_rev else None, attempts,
                               None if mean is None else float(mean)))
    return rows


def _answers_in_scope(klass: SchoolClass, set_ids: list[int]) -> Select[tuple[int]]:
    return select(QuizAttempt.id).where(
        QuizAttempt.user_id.in_(_member_ids(klass)), QuizAttempt.set_id.in_(set_ids),
        QuizAttempt.finished_at.is_not(None))


def _item_sums(attempt_ids: Select[tuple[int]]) -> dict[int, ItemSums]:
    totals = (select(QuizAnswer.attempt_id, func.sum(QuizAnswer.score).label("total"))
              .where(QuizAnswer.attempt_id.in_(attempt_ids))
              .group_by(QuizAnswer.attempt_id).subquery())
    x = QuizAnswer.score
    y = totals.c.total - QuizAnswer.score
    stmt = (select(QuizAnswer.question_id, func.count(), func.sum(x), func.sum(x * x),
                   func.sum(y), func.sum(y * y), func.sum(x * y))
            .join(totals, totals.c.attempt_id == QuizAnswer.attempt_id)
            .group_by(QuizAnswer.question_id))
    return {qid: ItemSums(n, *(float(v or 0) for v in rest))
            for qid, n, *rest in db.session.execute(stmt)}


def _option_counts(attempt_ids: Select[tuple[int]]) -> dict[int, Counter[str]]:
    # JSON values cannot be grouped portably (PostgreSQL's json has no equality): count here,
    # over multiple-choice answers only (not places picked when asked "where is it?").
    stmt = (select(QuizAnswer.question_id, QuizAnswer.given, QuizAttempt.config)
            .join(Question, Question.id == QuizAnswer.question_id)
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
            .where(QuizAnswer.attempt_id.in_(attempt_ids),
                   Question.type.in_(("multiple_choice", "multiple_response"))))
    counts: dict[int, Counter[str]] = {}
    for qid, given, config in db.session.execute(stmt):
        if offered_places(config or {}, qid):
            continue
        # A multiple-response answer counts once for every choice ticked.
        picked = given if isinstance(given, list) else [given]
        for choice in picked:
            label = choice if isinstance(choice, str) else json.dumps(choice, ensure_ascii=False)
            counts.setdefault(qid, Counter())[label] += 1
    return counts


def correct_options(question: Question) -> frozenset[str]:
    """The options of a choice question that are right (empty for other types)."""
    if question.type == "multiple_choice":
        return frozenset([question.answer])
    if question.type == "multiple_response":
        return frozenset(question.answer)
    return frozenset()


def _stats(questions: Iterable[Question], attempt_ids: Select[Any]) -> list[ItemRow]:
    sums, options = _item_sums(attempt_ids), _option_counts(attempt_ids)
    return [ItemRow(q, stats_from_sums(q.id, sums.get(q.id, ItemSums()),
                                       options=options.get(q.id), correct=correct_options(q)))
            for q in questions]


def item_rows(klass: SchoolClass) -> list[ItemRow]:
    """Every active question of the class's sets with its statistics, in set order."""
    set_ids = _set_ids(klass)
    questions = db.session.execute(
        select(Question).where(Question.set_id.in_(set_ids), Question.retired.is_(False))
        .order_by(Question.set_id, Question.position)).scalars()
    return _stats(questions, _answers_in_scope(klass, set_ids))


def set_item_stats(questions: Sequence[Question], set_id: int) -> dict[int, ItemStats]:
    """Statistics of ``questions`` (of one set) over every finished quiz on that set."""
    attempt_ids = select(QuizAttempt.id).where(QuizAttempt.set_id == set_id,
                                               QuizAttempt.finished_at.is_not(None))
    return {row.question.id: row.stats for row in _stats(questions, attempt_ids)}
