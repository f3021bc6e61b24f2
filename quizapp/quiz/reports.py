"""What the quiz pages show: a question ready to render, feedback, results and history.

Read-only helpers over the quiz services; nothing here writes to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, or_, select

from quizapp.atlas import services as atlas
from quizapp.atlas.geo import PERU_VIEW
from quizapp.atlas.places import answer_place
from quizapp.atlas.where import WHERE_IS_IT, WhereMap, map_choices
from quizapp.bank.schema import CLOZE_GAP, details_from_dict
from quizapp.extensions import db
from quizapp.grading import grade
from quizapp.grading.outcome import describe
from quizapp.grading.weighted import answer_feedback
from quizapp.imports.richtext import sanitize_html
from quizapp.models import Question, QuestionSet, QuizAnswer, QuizAttempt, User
from quizapp.quiz.chart import ScoreChart, score_chart
from quizapp.quiz.compare import OrderLine, PairLine, order_lines, pair_lines, short_note
from quizapp.quiz.selection import shuffled
from quizapp.quiz.services import (
    answers_by_question,
    map_places,
    missed_question_ids,
    unfinished_attempts,
)

NO_ANSWER = "(no answer)"


@dataclass(frozen=True)
class QuestionView:
    """A question as the answer form shows it; option orders are fixed per attempt."""

    question: Question
    number: int
    total: int
    options: list[str] = field(default_factory=list)
    left_items: list[str] = field(default_factory=list)
    cloze_parts: tuple[str, str] = ("", "")
    where: WhereMap | None = None

    @property
    def kind(self) -> str:
        """How the question is asked: its own type, or ``where_is_it`` on the map."""
        return WHERE_IS_IT if self.where is not None else self.question.type

    @property
    def prompt(self) -> str | Markup:
        """The prompt to show: its sanitized HTML when it has some, else its text."""
        return shown_prompt(self.question)


def shown_prompt(question: Question) -> str | Markup:
    """A question's rich prompt (sanitized again on the way out), else its plain text."""
    html = str((question.details or {}).get("prompt_html") or "")
    return Markup(sanitize_html(html)) if html else question.prompt  # noqa: S704


def where_map(attempt: QuizAttempt, question: Question) -> WhereMap | None:
    """The map of a question the attempt shows as "where is it?" (None for other questions)."""
    offered = map_places(attempt, question.id)
    if not offered:
        return None
    return WhereMap(choices=map_choices(offered, [p.id for p in offered], PERU_VIEW),
                    outline=atlas.outline_markup(), view_box=PERU_VIEW.view_box,
                    right=answer_place(offered, atlas.accepted_answers(question)))


def question_view(attempt: QuizAttempt, question: Question) -> QuestionView:
    """The question with its options shuffled the same way on every reload of this attempt."""
    seed = f"{attempt.id}:{question.id}"
    number, total = attempt.question_ids.index(question.id) + 1, len(attempt.question_ids)
    where = where_map(attempt, question)
    if where is not None:
        return QuestionView(question, number, total, where=where)
    if question.type in ("multiple_choice", "multiple_response"):
        return QuestionView(question, number, total, options=shuffled(question.choices, seed))
    if question.type == "ordering":
        order = shuffled(question.answer, seed, avoid_original=True)
        return QuestionView(question, number, total, options=order)
    if question.type == "matching":
        return QuestionView(question, number, total, options=matching_options(question),
                            left_items=list(question.answer))
    if question.type == "cloze":
        before, _, after = question.prompt.partition(CLOZE_GAP)
        return QuestionView(question, number, total, cloze_parts=(before, after))
    return QuestionView(question, number, total)


def matching_options(question: Question) -> list[str]:
    """Every right-hand item a matching question offers, its distractors (``choices``) among
    them, in alphabetical order: the order tells nothing about which left item they match."""
    return sorted([*question.answer.values(), *(question.choices or ())], key=str.casefold)


def show_answer(value: object, question_type: str = "") -> str:
    """A stored or expected answer as text for the student (ticked choices joined by ``;``)."""
    if value is None or value == "" or value == [] or value == {}:
        return NO_ANSWER
    if isinstance(value, bool):  # as the question offered it: "True" or "False"
        return "True" if value else "False"
    if question_type == "multiple_response" and isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return describe(value)


def written_feedback(question: Question, answer: QuizAnswer | None) -> list[str]:
    """The instructor's feedback for the answer given (per option or matched answer)."""
    details = details_from_dict(question.details or {}, question.key)
    if answer is None or not details["feedback"]:
        return []
    matched = None
    if answer.score > 0 and question.type in ("short_answer", "cloze"):
        matched = grade(question.type, question.answer, answer.given,
                        accept=question.accept or (), weights=details["weights"],
                        numeric=details["numeric"]).matched
    return answer_feedback(question.type, details["feedback"], answer.given, matched)


@dataclass(frozen=True)
class AnswerRow:
    """One question of an attempt with what the student gave and what was right."""

    number: int
    question: Question
    answer: QuizAnswer | None
    given: str
    expected: str
    where: WhereMap | None = None
    feedback: list[str] = field(default_factory=list)

    @property
    def prompt(self) -> str | Markup:
        """The prompt as the question page showed it."""
        return shown_prompt(self.question)

    @property
    def right(self) -> bool:
        """Whether the answer got full credit."""
        return self.answer is not None and self.answer.score >= 1.0

    @property
    def note(self) -> str:
        """What the grader said beyond right/wrong and the right answer."""
        return short_note(self.answer.reason, self.answer.message) if self.answer else ""

    @property
    def shows_expected(self) -> bool:
        """Whether to state the right answer: not when the student's reads the same."""
        return not self.right or self.given != self.expected

    @property
    def order_lines(self) -> list[OrderLine]:
        """An ordering answer item by item (empty for other questions)."""
        given = self.answer.given if self.answer else None
        if self.question.type != "ordering" or self.where or not isinstance(given, list):
            return []
        return order_lines([str(item) for item in given], list(self.question.answer))

    @property
    def pair_lines(self) -> list[PairLine]:
        """A matching answer pair by pair (empty for other questions)."""
        given = self.answer.given if self.answer else None
        if self.question.type != "matching" or not isinstance(given, dict):
            return []
        return pair_lines(given, dict(self.question.answer))


def answer_row(attempt: QuizAttempt, question: Question, answer: QuizAnswer | None, *,
               with_map: bool = False) -> AnswerRow:
    """The comparison shown on the feedback and results pages; for a question asked on the
    map, the right answer is the place's name (and ``with_map`` adds the map)."""
    where = where_map(attempt, question)
    expected = show_answer(question.answer, question.type)
    if where is not None and where.right is not None:
        expected = where.right.name
    return AnswerRow(
        number=attempt.question_ids.index(question.id) + 1, question=question, answer=answer,
        given=show_answer(answer.given, question.type) if answer is not None else NO_ANSWER,
        expected=expected, where=where if with_map else None,
        feedback=written_feedback(question, answer) if where is None else [],
    )


@dataclass(frozen=True)
class TopicScore:
    """How a topic went in one attempt."""

    topic: str
    questions: int
    right: int
    percent: int


@dataclass(frozen=True)
class Results:
    """An attempt's score, per-topic breakdown and per-question comparison."""

    attempt: QuizAttempt
    percent: int
    rows: list[AnswerRow]
    topics: list[TopicScore]
    missed: int

    @property
    def right(self) -> int:
        """How many questions got full credit."""
        return sum(1 for row in self.rows if row.right)

    @property
    def misses(self) -> list[AnswerRow]:
        """The questions not answered fully right, in the attempt's order."""
        return [row for row in self.rows if not row.right]


def results(attempt: QuizAttempt) -> Results:
    """Everything the results page shows for a finished attempt."""
    answers = answers_by_question(attempt)
    questions = {q.id: q for q in db.session.execute(
        select(Question).where(Question.id.in_(attempt.question_ids))).scalars()}
    rows = [answer_row(attempt, questions[qid], answers.get(qid)) for qid in attempt.question_ids]
    return Results(attempt=attempt, percent=percent(attempt.score), rows=rows,
                   topics=_topic_scores(rows), missed=len(missed_question_ids(attempt)))


def _topic_scores(rows: list[AnswerRow]) -> list[TopicScore]:
    totals: dict[str, list[float]] = {}
    for row in rows:
        totals.setdefault(row.question.topic, []).append(row.answer.score if row.answer else 0.0)
    return [
        TopicScore(topic, len(scores), sum(1 for s in scores if s >= 1.0),
                   percent(sum(scores) / len(scores)))
        for topic, scores in sorted(totals.items())
    ]


def percent(score: float) -> int:
    """A 0–1 score as a whole percentage."""
    return round(score * 100)


@dataclass(frozen=True)
class HistoryEntry:
    """One attempt in the student's history."""

    attempt: QuizAttempt
    set_title: str
    answered: int
    total: int

    @property
    def percent(self) -> int:
        """The attempt's score as a percentage."""
        return percent(self.attempt.score)


@dataclass(frozen=True)
class History:
    """The student's attempts (newest first) and a chart of finished scores (oldest first)."""

    entries: list[HistoryEntry]
    chart: ScoreChart


def _answered_counts() -> Any:
    return (select(QuizAnswer.attempt_id, func.count().label("n"))
            .group_by(QuizAnswer.attempt_id).subquery())


def history(user: User, *, limit: int = 100) -> History:
    """The student's quiz attempts (not the discarded ones, nor a live game still being
    played) with their scores over time."""
    answered = _answered_counts()
    stmt = (select(QuizAttempt, QuestionSet.title, func.coalesce(answered.c.n, 0))
            .join(QuestionSet, QuestionSet.id == QuizAttempt.set_id)
            .outerjoin(answered, answered.c.attempt_id == QuizAttempt.id)
            .where(QuizAttempt.user_id == user.id, QuizAttempt.discarded_at.is_(None),
                   # A live game's attempt shows once the game ends (it is played there).
                   or_(QuizAttempt.live_session_id.is_(None),
                       QuizAttempt.finished_at.is_not(None)))
            .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc()).limit(limit))
    entries = [HistoryEntry(attempt, title, n, len(attempt.question_ids))
               for attempt, title, n in db.session.execute(stmt)]
    finished = [e.attempt for e in reversed(entries) if e.attempt.finished_at is not None]
    points = [(_when(a.finished_at), a.score) for a in finished[-30:] if a.finished_at]
    return History(entries=entries, chart=score_chart(points))


@dataclass(frozen=True)
class Unfinished:
    """An attempt the student can resume or discard, with how far it got."""

    attempt: QuizAttempt
    answered: int

    @property
    def total(self) -> int:
        """How many questions the attempt has."""
        return len(self.attempt.question_ids)


def unfinished(user: User, qset: QuestionSet) -> list[Unfinished]:
    """The student's unfinished (not discarded) attempts on the set, most recent first."""
    attempts = unfinished_attempts(user, qset)
    answered = _answered_counts()
    counts: dict[int, int] = dict(db.session.execute(
        select(answered.c.attempt_id, answered.c.n)
        .where(answered.c.attempt_id.in_([a.id for a in attempts]))).all())
    return [Unfinished(attempt, counts.get(attempt.id, 0)) for attempt in attempts]


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
