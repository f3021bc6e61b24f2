"""Quiz services: start an attempt, take answers (exactly once), finish, review mistakes.

Every answer also goes through :func:`quizapp.study.services.record_review`, so quizzes move
the same flashcard schedule. Services flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from quizapp import srs
from quizapp.atlas import services as atlas
from quizapp.atlas.places import Place, answer_place, load_places
from quizapp.atlas.where import (
    CONFIG_KEY,
    ELIGIBLE_TYPES,
    WHERE_IS_IT,
    grade_pick,
    offered_places,
    on_map,
)
from quizapp.bank.schema import ALL_QUESTION_TYPES, details_from_dict
from quizapp.extensions import db
from quizapp.grading import Grade, grade, normalise
from quizapp.models import (
    Card,
    LiveSession,
    Question,
    QuestionSet,
    QuizAnswer,
    QuizAttempt,
    ReviewLog,
    User,
)
from quizapp.quiz.answers import FormData, TamperedAnswer, parse_given, parse_place
from quizapp.quiz.selection import pick_questions, quiz_rng
from quizapp.study.services import record_review

FEEDBACK_MODES = ("each", "end")
TYPED = ("short_answer", "cloze")


class NoQuestions(Exception):
    """No question of the set fits the chosen options."""


class BadAnswer(Exception):
    """A submitted answer the page could not have sent (tampered or stale); nothing was stored."""


class CannotDiscard(Exception):
    """The attempt is not one of the student's unfinished ones."""


@dataclass(frozen=True)
class QuizConfig:
    """What the student chose on the start form."""

    count: int = 10
    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    due_only: bool = False
    feedback: str = "each"

    def as_json(self) -> dict[str, Any]:
        """The config as stored on the attempt."""
        data = asdict(self)
        data.update(topics=list(self.topics), types=list(self.types))
        return data


@dataclass(frozen=True)
class SubmitOutcome:
    """The stored answer, whether it was stored by an earlier submit, and whether this answer
    made its card a leech (suspended: the student is told, as in flashcards)."""

    answer: QuizAnswer
    duplicate: bool
    became_leech: bool = False


def set_options(qset: QuestionSet) -> tuple[list[str], list[str]]:
    """The topics (sorted) and question types (in the bank's order) of the set's questions,
    then ``where_is_it`` when some of them can be asked on the set's map."""
    stmt = (select(Question.topic, Question.type).distinct()
            .where(Question.set_id == qset.id, Question.retired.is_(False)))
    rows = db.session.execute(stmt).all()
    topics = sorted({topic for topic, _ in rows})
    types = [t for t in ALL_QUESTION_TYPES if t in {qtype for _, qtype in rows}]
    if set(types) & set(ELIGIBLE_TYPES) and atlas.where_is_it_choices(qset, ELIGIBLE_TYPES):
        types.append(WHERE_IS_IT)
    return topics, types


QUICK_COUNT = 10


def quick_config(qset: QuestionSet) -> QuizConfig:
    """The one-click quiz: 10 questions of every topic and type, feedback after each."""
    topics, types = set_options(qset)
    return QuizConfig(count=QUICK_COUNT, topics=tuple(topics), types=tuple(types))


def start_attempt(user: User, qset: QuestionSet, config: QuizConfig, *, now: datetime
                  ) -> QuizAttempt:
    """Create an attempt with questions drawn from the set; raise NoQuestions if none fit.

    With ``where_is_it`` chosen, questions whose answer is a place on the set's map may be
    drawn too; the attempt's config records which are shown on the map (see atlas.where).
    """
    eligible = (atlas.where_is_it_choices(qset, ELIGIBLE_TYPES)
                if WHERE_IS_IT in config.types else {})
    candidates = _candidates(user, qset, config, now, eligible)
    if not candidates:
        raise NoQuestions("no question fits these options")
    taken = db.session.execute(
        select(func.count()).select_from(QuizAttempt).where(QuizAttempt.user_id == user.id)
    ).scalar_one()
    rng = quiz_rng(user.id, taken)
    chosen = pick_questions(list(candidates), config.count, rng,
                            {qid: c.quote for qid, c in candidates.items()})
    data = config.as_json()
    shown = on_map([(qid, candidates[qid].type) for qid in chosen], eligible, config.types, rng)
    if shown:
        data[CONFIG_KEY] = shown
    return _new_attempt(user.id, qset.id, data, chosen, now)


def _new_attempt(user_id: int, set_id: int, config: dict[str, Any], question_ids: list[int],
                 now: datetime) -> QuizAttempt:
    attempt = QuizAttempt(user_id=user_id, set_id=set_id, config=config,
                          question_ids=question_ids, started_at=now)
    db.session.add(attempt)
    db.session.flush()
    return attempt


@dataclass(frozen=True)
class _Candidate:
    """A question that fits the quiz's options: its type and the sentence it quotes."""

    type: str
    quote: str


def _candidates(user: User, qset: QuestionSet, config: QuizConfig, now: datetime,
                eligible: dict[int, tuple[str, ...]]) -> dict[int, _Candidate]:
    """The questions that fit the options, in bank order, with their types and quotes."""
    types = sorted({*config.types, *(ELIGIBLE_TYPES if eligible else ())})
    stmt = (select(Question.id, Question.type, Question.quote)
            .where(Question.set_id == qset.id, Question.retired.is_(False),
                   Question.topic.in_(config.topics), Question.type.in_(types))
            .order_by(Question.position, Question.id))
    if config.due_only:
        stmt = stmt.where(or_(Question.id.in_(_due_ids(user, now)),
                              Question.id.in_(_missed_ids(user))))
    return {row.id: _Candidate(row.type, row.quote) for row in db.session.execute(stmt)
            if row.type in config.types or row.id in eligible}


def _due_ids(user: User, now: datetime) -> Any:
    return select(Card.question_id).where(
        Card.user_id == user.id, Card.state != srs.NEW, Card.suspended.is_(False),
        Card.due <= now)


def _missed_ids(user: User) -> Any:
    """Questions whose latest answer (flashcard or quiz) was Again."""
    latest = (select(func.max(ReviewLog.id)).where(ReviewLog.user_id == user.id)
              .group_by(ReviewLog.question_id))
    return select(ReviewLog.question_id).where(ReviewLog.id.in_(latest),
                                               ReviewLog.rating == srs.AGAIN)


def own_attempt(user: User, attempt_id: int) -> QuizAttempt | None:
    """The attempt if it belongs to this student and was not discarded; None otherwise
    (never someone else's). A live game's attempt is answered in the game only: the quiz
    pages show it once the game has ended."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user.id or attempt.discarded_at is not None:
        return None
    if attempt.live_session_id is not None and not _game_over(attempt.live_session_id):
        return None  # its results would show the answers while classmates still play
    return attempt


def _game_over(session_id: int) -> bool:
    ended = db.session.execute(select(LiveSession.ended_at).where(LiveSession.id == session_id))
    return ended.scalar_one_or_none() is not None


def discard_attempt(user: User, attempt_id: int, *, now: datetime) -> QuizAttempt:
    """Discard one of the student's unfinished attempts, once: discarding it again keeps the
    first time.

    Its answers and their review logs stay: what the student answered still moves the
    flashcard schedule. A discarded attempt leaves the history and cannot be resumed.

    Raises:
        CannotDiscard: The attempt is missing, someone else's, or finished.
    """
    attempt = db.session.get(QuizAttempt, attempt_id)
    if (attempt is None or attempt.user_id != user.id or attempt.finished_at is not None
            or attempt.live_session_id is not None):
        raise CannotDiscard("not an unfinished quiz of this student")
    # One conditional UPDATE: of two concurrent discards only one sets the time.
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.discarded_at.is_(None),
               QuizAttempt.finished_at.is_(None))
        .values(discarded_at=now)
        .execution_options(synchronize_session="fetch"))
    return attempt


def answers_by_question(attempt: QuizAttempt) -> dict[int, QuizAnswer]:
    """The attempt's stored answers keyed by question id."""
    stmt = select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id)
    return {a.question_id: a for a in db.session.execute(stmt).scalars()}


def current_question(attempt: QuizAttempt) -> Question | None:
    """The first unanswered question of the attempt (None when all are answered)."""
    answered = answers_by_question(attempt)
    for question_id in attempt.question_ids:
        if question_id not in answered:
            return db.session.get(Question, question_id)
    return None


def submit_answer(user: User, attempt: QuizAttempt, question_id: int | None, form: FormData,
                  *, now: datetime, origin: str = "quiz") -> SubmitOutcome:
    """Grade and store one answer, update the card (its review log says where the answer
    came from: ``quiz``, or ``live`` for a live class quiz); a repeat changes nothing.

    Raises:
        BadAnswer: The question is not in the attempt, the attempt is finished, or the form
            holds a value the page never offered.
    """
    if question_id is None or question_id not in attempt.question_ids:
        raise BadAnswer("question not in this attempt")
    stored = answers_by_question(attempt).get(question_id)
    if stored is not None:
        return SubmitOutcome(stored, duplicate=True)
    if attempt.finished_at is not None:
        raise BadAnswer("attempt already finished")
    question = db.session.get_one(Question, question_id)
    try:
        given, result = _read_and_grade(attempt, question, form)
    except TamperedAnswer as exc:
        raise BadAnswer(str(exc)) from exc
    row = _store_answer(attempt, question, given, result, now)
    if row is None:  # a concurrent submit of the same question won the race
        return SubmitOutcome(answers_by_question(attempt)[question_id], duplicate=True)
    reviewed = record_review(user, question.id, srs.quiz_rating(row.correct), now=now,
                             origin=origin, client_id=f"quiz-{attempt.id}-{question.id}")
    _finish_if_complete(attempt, now)
    return SubmitOutcome(row, duplicate=False, became_leech=reviewed.became_leech)


def _read_and_grade(attempt: QuizAttempt, question: Question, form: FormData
                    ) -> tuple[object, Grade]:
    """The answer to store and its grade; a question shown on the map takes a picked place.

    Raises:
        TamperedAnswer: If the form holds a value the page never offered.
    """
    offered = map_places(attempt, question.id)
    if not offered:
        given = parse_given(question.type, question.answer, question.choices, form)
        rules = details_from_dict(question.details or {}, question.key)
        return given, grade(question.type, question.answer, given, accept=question.accept or (),
                            others=rivals(question) if question.type in TYPED else (),
                            choices=question.choices or (), weights=rules["weights"],
                            numeric=rules["numeric"])
    by_id = {place.id: place for place in offered}
    picked_id = parse_place(form, list(by_id))
    picked = by_id[picked_id] if picked_id else None
    answers = atlas.accepted_answers(question)
    result = grade_pick(picked, answer_place(offered, answers), answers)
    return (picked.name if picked else None), result


def map_places(attempt: QuizAttempt, question_id: int) -> list[Place]:
    """The places offered when the attempt shows the question on the map (else empty)."""
    offered = offered_places(attempt.config, question_id)
    if not offered:
        return []
    by_id = {place.id: place for place in load_places()}
    return [by_id[place_id] for place_id in offered if place_id in by_id]


def _store_answer(attempt: QuizAttempt, question: Question, given: object, result: Grade,
                  now: datetime) -> QuizAnswer | None:
    row = QuizAnswer(attempt_id=attempt.id, question_id=question.id,
                     position=attempt.question_ids.index(question.id), given=given,
                     correct=result.correct, score=result.score, reason=result.reason,
                     message=result.message, answered_at=now)
    try:
        # Added inside the savepoint: opening it flushes what is pending, and a concurrent
        # duplicate must fail inside it (PostgreSQL would otherwise abort the transaction).
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return None
    return row


def rivals(question: Question) -> list[str]:
    """Other entities of the same kind, for the near-miss guard: the question's own options
    and the answers of other typed or multiple-choice questions on the same topic."""
    stmt = select(Question.answer).where(
        Question.set_id == question.set_id, Question.topic == question.topic,
        Question.id != question.id, Question.type.in_((*TYPED, "multiple_choice")))
    accepted = {normalise(str(a)) for a in [question.answer, *(question.accept or ())]}
    names = [*(question.choices or ()), *db.session.execute(stmt).scalars()]
    return sorted({n for n in names if isinstance(n, str) and normalise(n) not in accepted})


def _finish_if_complete(attempt: QuizAttempt, now: datetime) -> None:
    answers = answers_by_question(attempt)
    if all(qid in answers for qid in attempt.question_ids):
        attempt.finished_at = now
        attempt.score = sum(a.score for a in answers.values()) / len(attempt.question_ids)
        db.session.flush()


def missed_question_ids(attempt: QuizAttempt) -> list[int]:
    """Questions of the attempt not answered fully right, in the attempt's order."""
    answers = answers_by_question(attempt)
    return [qid for qid in attempt.question_ids
            if qid not in answers or answers[qid].score < 1.0]


def review_mistakes(user: User, attempt: QuizAttempt, *, now: datetime) -> QuizAttempt:
    """A quiz of the questions missed in ``attempt`` (the unfinished one, if already started)."""
    missed = missed_question_ids(attempt)
    if not missed:
        raise NoQuestions("no mistakes to review")
    for earlier in unfinished_attempts(user):
        if earlier.config.get("review_of") == attempt.id:
            return earlier
    config = {**attempt.config, "count": len(missed), "review_of": attempt.id}
    shown = {str(qid): offered for qid in missed
             if (offered := list(offered_places(attempt.config, qid)))}
    config.pop(CONFIG_KEY, None)
    if shown:
        config[CONFIG_KEY] = shown
    return _new_attempt(user.id, attempt.set_id, config, missed, now)


def unfinished_attempts(user: User, qset: QuestionSet | None = None) -> list[QuizAttempt]:
    """The student's attempts not finished (nor discarded) yet, most recent first, optionally
    for one set."""
    stmt = (select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id, QuizAttempt.finished_at.is_(None),
                   QuizAttempt.discarded_at.is_(None), QuizAttempt.live_session_id.is_(None))
            .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc()))
    if qset is not None:
        stmt = stmt.where(QuizAttempt.set_id == qset.id)
    return list(db.session.execute(stmt).scalars())
