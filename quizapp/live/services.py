"""Live class quiz services: host a game, join it, answer, and what the host and players see.

Every player holds a quiz attempt made for the game, and every answer goes through
:func:`quizapp.quiz.services.submit_answer`: graded by the same grader, stored exactly once per
question, and scheduled on the student's card like any quiz answer. The game's state lives in
its ``live_sessions`` row (see :mod:`quizapp.live.game`), so any worker, on any machine, can
serve any request. Services flush; the caller commits.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.grading import normalise
from quizapp.instructor import analytics
from quizapp.live import game
from quizapp.live.game import GameState
from quizapp.models import (
    ClassMember,
    LiveAnswer,
    LivePlayer,
    LiveSession,
    Question,
    QuestionSet,
    QuizAnswer,
    QuizAttempt,
    SchoolClass,
    User,
)
from quizapp.quiz import services as quiz
from quizapp.quiz.answers import FormData
from quizapp.quiz.selection import pick_questions, quiz_rng, shuffled
from quizapp.quiz.services import TYPED

# Question types a phone answers in a few seconds: tap an option, or type a short answer.
LIVE_TYPES = ("multiple_choice", "true_false", "short_answer", "cloze")
SECONDS_CHOICES = (10, 20, 30, 60)
DEFAULT_COUNT = 10
PIN_DIGITS = 6
NAME_LENGTH = 24
NAME_KEY_LENGTH = 96


class CannotHost(Exception):
    """The set has no question a live game can ask."""


class JoinRefused(Exception):
    """No open game has this PIN, or the name is taken; ``field`` says which."""

    def __init__(self, message: str, field: str = "pin") -> None:
        super().__init__(message)
        self.field = field


class AnswerRefused(Exception):
    """The answer came late, for another question, or from a page that could not send it."""


@dataclass(frozen=True)
class HostChoices:
    """What the instructor chose on the new-game form."""

    count: int = DEFAULT_COUNT
    seconds: int = 20
    hide_names: bool = False
    most_missed: bool = False


# ----------------------------------------------------------------------------- hosting


def create_game(host: User, qset: QuestionSet, klass: SchoolClass | None, choices: HostChoices,
                *, now: datetime) -> LiveSession:
    """A game in its lobby with its questions chosen and a fresh PIN.

    A class game's set is assigned to the class if it was not (its answers then show in the
    class's item analysis, and the students can study the cards the game schedules).

    Raises:
        CannotHost: The set is a draft (students could not study the cards it schedules), or
            no question of it can be asked live.
    """
    mark_stale_games_ended(now)
    if qset.status != "published":
        raise CannotHost("publish it first: students cannot study a draft's cards")
    question_ids = _choose_questions(host, qset, klass, choices)
    if not question_ids:
        raise CannotHost("no multiple-choice, true/false or short-answer question in this set")
    if klass is not None and qset.id not in {s.id for s in classes.class_sets(klass)}:
        classes.assign_set(klass, qset)
    session = LiveSession(host_id=host.id, set_id=qset.id, class_id=klass.id if klass else None,
                          pin=_free_pin(now), question_ids=question_ids,
                          seconds=choices.seconds, hide_names=choices.hide_names,
                          created_at=now, moved_at=now)
    db.session.add(session)
    db.session.flush()
    return session


def _choose_questions(host: User, qset: QuestionSet, klass: SchoolClass | None,
                      choices: HostChoices) -> list[int]:
    rows = db.session.execute(
        select(Question.id, Question.quote)
        .where(Question.set_id == qset.id, Question.retired.is_(False),
               Question.type.in_(LIVE_TYPES))
        .order_by(Question.position, Question.id)).all()
    quotes = {row.id: row.quote for row in rows}
    if choices.most_missed and klass is not None:
        missed = [qid for qid in most_missed(klass, qset) if qid in quotes]
        if missed:
            return missed[:choices.count]
    hosted = db.session.execute(select(func.count()).select_from(LiveSession)
                                .where(LiveSession.host_id == host.id)).scalar_one()
    rng = quiz_rng(host.id, hosted)
    return pick_questions(list(quotes), choices.count, rng, quotes)


def most_missed(klass: SchoolClass, qset: QuestionSet) -> list[int]:
    """The set's questions the class answered worst (lowest facility first), among those
    answered at least once in a finished quiz."""
    rows = [row for row in analytics.item_rows(klass)
            if row.question.set_id == qset.id and row.stats.facility is not None]
    rows.sort(key=lambda row: (row.stats.facility, row.question.position))
    return [row.question.id for row in rows if (row.stats.facility or 0) < 1.0]


def _free_pin(now: datetime) -> str:
    """A random PIN no open game uses (a million of them: joins are rate-limited)."""
    while True:
        pin = f"{secrets.randbelow(10 ** PIN_DIGITS):0{PIN_DIGITS}d}"
        if open_game_by_pin(pin, now) is None:
            return pin


class _GameColumns(Protocol):
    """The columns a game's state is read from: a ``LiveSession`` or a row of them."""

    phase: str
    current_index: int
    question_ids: list[int]
    seconds: int
    question_started_at: datetime | None
    deadline: datetime | None
    remaining_ms: int | None
    version: int
    moved_at: datetime


def state_of(session: _GameColumns) -> GameState:
    """The game's state as the rules module sees it."""
    return GameState(session.phase, session.current_index, len(session.question_ids),
                     session.seconds, session.question_started_at, session.deadline,
                     session.remaining_ms, session.version, session.moved_at)


def game_for_update(session_id: int) -> LiveSession | None:
    """The game row, locked against concurrent moves and answers where the database can
    (PostgreSQL; on SQLite the request already holds the write lock)."""
    stmt = (select(LiveSession).where(LiveSession.id == session_id).with_for_update()
            .execution_options(populate_existing=True))  # what the lock holds, not a stale copy
    return db.session.execute(stmt).scalar_one_or_none()


def host_move(session: LiveSession, move: str, seen_version: int | None, *,
              now: datetime) -> GameState:
    """Apply the host's move (start, reveal, next, skip, pause, resume, end) to the game as the
    host's screen showed it (``seen_version``): a move pressed twice, or from a stale tab,
    changes nothing.

    Raises:
        game.IllegalMove: The game has moved on since, or the move does not fit the phase.
    """
    if seen_version is not None and seen_version != session.version:
        raise game.IllegalMove("the game has already moved on")
    before = state_of(session)
    state = game.apply(before, move, now)
    if move == "skip":
        session.skipped_ids = [*session.skipped_ids, session.question_ids[before.index]]
    _store_state(session, state)
    if state.phase == game.ENDED:
        _finish(session, reached=_reached(before, move, now), now=now)
    db.session.flush()
    return state


def _store_state(session: LiveSession, state: GameState) -> None:
    session.phase, session.current_index = state.phase, state.index
    session.question_started_at, session.deadline = state.started_at, state.deadline
    session.remaining_ms, session.version, session.moved_at = (
        state.remaining_ms, state.version, state.moved_at)


def _reached(before: GameState, move: str, now: datetime) -> int:
    """How many questions the game revealed or moved past before it ended: the one open when
    the host ended it counts only if its results were out."""
    if before.index < 0:
        return 0
    shown = game.effective_phase(before, now) == game.REVEAL and move != "skip"
    return before.index + 1 if shown else before.index


def _finish(session: LiveSession, *, reached: int, now: datetime) -> None:
    """End the game and close every player's attempt. Its questions become those the player
    had a fair chance at: answered, or revealed while they played (not the ones skipped, not
    the ones before they joined, not the ones never reached); a question among those left
    unanswered counts as wrong, as in a quiz."""
    session.ended_at = now
    asked = set(session.question_ids[:reached]) - set(session.skipped_ids)
    attempts = select(LivePlayer.attempt_id).where(LivePlayer.session_id == session.id)
    answers: dict[int, dict[int, float]] = {}
    for row in db.session.execute(select(QuizAnswer.attempt_id, QuizAnswer.question_id,
                                         QuizAnswer.score)
                                  .where(QuizAnswer.attempt_id.in_(attempts))):
        answers.setdefault(row.attempt_id, {})[row.question_id] = row.score
    for attempt in db.session.execute(select(QuizAttempt).where(
            QuizAttempt.id.in_(attempts), QuizAttempt.finished_at.is_(None))).scalars():
        given = answers.get(attempt.id, {})
        kept = [qid for qid in attempt.question_ids if qid in given or qid in asked]
        attempt.question_ids = kept
        attempt.finished_at = now
        attempt.score = sum(given.values()) / len(kept) if kept else 0.0


@dataclass(frozen=True)
class HostedGame:
    """One of the host's games, for the list of recent ones."""

    session: LiveSession
    set_title: str
    players: int


def recent_games(host: User, limit: int = 10) -> list[HostedGame]:
    """The host's latest games, newest first, with their set and number of players."""
    players = (select(LivePlayer.session_id, func.count().label("n"))
               .group_by(LivePlayer.session_id).subquery())
    stmt = (select(LiveSession, QuestionSet.title,
                   func.coalesce(players.c.n, 0).label("players"))
            .join(QuestionSet, QuestionSet.id == LiveSession.set_id)
            .outerjoin(players, players.c.session_id == LiveSession.id)
            .where(LiveSession.host_id == host.id)
            .order_by(LiveSession.id.desc()).limit(limit))
    return [HostedGame(row.LiveSession, row.title, row.players)
            for row in db.session.execute(stmt)]


def hosted_game_or_none(user: User, session_id: int, *, for_update: bool = False
                        ) -> LiveSession | None:
    """The game if this user hosts it (admins may host any), locked with ``for_update``
    (see :func:`game_for_update`); None otherwise."""
    session = (game_for_update(session_id) if for_update
               else db.session.get(LiveSession, session_id))
    if session is None or not (session.host_id == user.id or user.is_admin):
        return None
    return session


# ----------------------------------------------------------------------------- playing


def open_game_by_pin(pin: str, now: datetime) -> LiveSession | None:
    """The game with this PIN that has not ended (nor timed out), if any."""
    stmt = (select(LiveSession).where(LiveSession.pin == pin.strip(),
                                      LiveSession.ended_at.is_(None))
            .order_by(LiveSession.id.desc()))
    for session in db.session.execute(stmt).scalars():
        if game.effective_phase(state_of(session), now) != game.ENDED:
            return session
    return None


def clean_name(name: str) -> str:
    """A display name as shown: compatibility-normalised (NFKC), without invisible format
    characters (zero-width spaces and the like), inner spaces collapsed, at most 24
    characters."""
    visible = "".join(ch for ch in unicodedata.normalize("NFKC", name)
                      if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())[:NAME_LENGTH]


def name_key(shown: str) -> str:
    """What two names must not share in one game: "Ana" and "ana" are the same player."""
    return unicodedata.normalize("NFKC", shown.casefold())[:NAME_KEY_LENGTH]


def _still_to_come(session: LiveSession, now: datetime) -> list[int]:
    """The game's questions a player joining now can answer: the open one while it takes
    answers, and those after it."""
    index = session.current_index
    if index >= 0 and not game.accepts_answers(state_of(session), index, now):
        index += 1
    return list(session.question_ids[max(index, 0):])


def join(user: User, pin: str, name: str, *, now: datetime) -> LivePlayer:
    """Join the open game with this PIN under ``name``; a player who joined before comes back
    as themselves (their name and answers kept).

    Raises:
        JoinRefused: No open game has the PIN, the name is empty, or another player has it.
    """
    session = open_game_by_pin(pin, now)
    if session is None:
        raise JoinRefused("No game is running with this PIN. Check the number on the screen.")
    if session.host_id == user.id:
        raise JoinRefused("You host this game: join it from a student account.")
    existing = player_in(session, user)
    if existing is not None:
        return existing
    shown = clean_name(name)
    if not any(ch.isalnum() for ch in shown):
        raise JoinRefused("Choose a name for the leaderboard, with at least one letter or "
                          "digit.", "name")
    attempt = QuizAttempt(user_id=user.id, set_id=session.set_id, config={"feedback": "each"},
                          question_ids=_still_to_come(session, now), started_at=now,
                          live_session_id=session.id)
    player = LivePlayer(session_id=session.id, user_id=user.id, display_name=shown,
                        name_key=name_key(shown), joined_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
            player.attempt_id = attempt.id
            db.session.add(player)
            db.session.flush()
    except IntegrityError:
        again = player_in(session, user)  # a double tap on Join: the first one won
        if again is not None:
            return again
        raise JoinRefused(f"Someone in this game is already called “{shown}”. "
                          "Choose another name.", "name") from None
    return player


_POLL = (select(LiveSession.version, LiveSession.phase, LiveSession.current_index,
                LiveSession.question_ids, LiveSession.seconds, LiveSession.question_started_at,
                LiveSession.deadline, LiveSession.remaining_ms, LiveSession.moved_at)
         .join(LivePlayer, LivePlayer.session_id == LiveSession.id)
         .where(LiveSession.id == bindparam("session_id"),
                LivePlayer.user_id == bindparam("user_id")))


def player_poll_tag(session_id: int, user_id: int, now: datetime) -> str | None:
    """What a player's poll compares (its ETag), in one statement and without loading the
    game: the game's version and its phase as time has moved it; None when the user does not
    play this game. Most polls stop here with a 304."""
    row = db.session.execute(_POLL, {"session_id": session_id, "user_id": user_id}).first()
    if row is None:
        return None
    return f"p{user_id}-v{row.version}-{game.effective_phase(state_of(row), now)}"


def player_in(session: LiveSession, user: User) -> LivePlayer | None:
    """The user's player in this game, if they joined it."""
    return db.session.execute(select(LivePlayer).where(
        LivePlayer.session_id == session.id, LivePlayer.user_id == user.id)).scalar_one_or_none()


def games_for(user: User, now: datetime) -> list[LiveSession]:
    """Open games this student is in or may join without the PIN (their classes' games),
    newest first."""
    in_class = select(ClassMember.class_id).where(ClassMember.user_id == user.id)
    joined = select(LivePlayer.session_id).where(LivePlayer.user_id == user.id)
    stmt = (select(LiveSession)
            .where(LiveSession.ended_at.is_(None),
                   LiveSession.class_id.in_(in_class) | LiveSession.id.in_(joined))
            .order_by(LiveSession.id.desc()))
    return [s for s in db.session.execute(stmt).scalars()
            if game.effective_phase(state_of(s), now) != game.ENDED]


@dataclass(frozen=True)
class LiveOutcome:
    """A stored live answer: its grade (the quiz answer), points, and whether it had been
    stored before (a retry or a double tap)."""

    answer: QuizAnswer
    points: int
    duplicate: bool


def submit(player: LivePlayer, session: LiveSession, question_id: int | None, form: FormData,
           *, now: datetime) -> LiveOutcome:
    """Grade and store a player's answer to the open question, once. ``session`` should be
    read with :func:`game_for_update`, so that no reveal or end commits between the check
    and the answer.

    Raises:
        AnswerRefused: The question is not the open one, time is up, or the form holds a
            value the page never offered.
    """
    earlier = stored_answer(player, question_id)
    if earlier is not None:
        return earlier
    state = state_of(session)
    index = session.question_ids.index(question_id) if question_id in session.question_ids else -1
    if not game.accepts_answers(state, index, now):
        raise AnswerRefused(game.refusal(state, index, now))
    user = db.session.get_one(User, player.user_id)
    attempt = db.session.get_one(QuizAttempt, player.attempt_id)
    try:
        outcome = quiz.submit_answer(user, attempt, question_id, form, now=now, origin="live")
    except quiz.BadAnswer as exc:
        raise AnswerRefused(str(exc)) from exc
    if outcome.duplicate:
        return stored_answer(player, question_id) or LiveOutcome(outcome.answer, 0, True)
    started = session.question_started_at or now
    elapsed = int((now - started).total_seconds() * 1000)
    scored = game.points(outcome.answer.score, elapsed, session.seconds)
    db.session.add(LiveAnswer(session_id=session.id, player_id=player.id,
                              question_id=outcome.answer.question_id,
                              quiz_answer_id=outcome.answer.id, points=scored,
                              elapsed_ms=max(elapsed, 0)))
    db.session.flush()
    return LiveOutcome(outcome.answer, scored, duplicate=False)


def stored_answer(player: LivePlayer, question_id: int | None) -> LiveOutcome | None:
    """The player's stored answer to this question of the game, if any."""
    row = db.session.execute(
        select(LiveAnswer, QuizAnswer).join(QuizAnswer, QuizAnswer.id == LiveAnswer.quiz_answer_id)
        .where(LiveAnswer.player_id == player.id, LiveAnswer.question_id == question_id)
    ).one_or_none()
    return None if row is None else LiveOutcome(row.QuizAnswer, row.LiveAnswer.points, True)


# ----------------------------------------------------------------------------- what screens show


def player_count(session: LiveSession) -> int:
    """How many players joined the game."""
    return db.session.execute(select(func.count()).select_from(LivePlayer)
                              .where(LivePlayer.session_id == session.id)).scalar_one()


def players(session: LiveSession) -> list[LivePlayer]:
    """The game's players in the order they joined."""
    return list(db.session.execute(select(LivePlayer).where(LivePlayer.session_id == session.id)
                                   .order_by(LivePlayer.id)).scalars())


def answer_count(session: LiveSession, question_id: int) -> int:
    """How many players answered this question of the game."""
    return db.session.execute(select(func.count()).select_from(LiveAnswer).where(
        LiveAnswer.session_id == session.id, LiveAnswer.question_id == question_id)).scalar_one()


def standings(session: LiveSession) -> list[game.Standing]:
    """Every player's points so far, ranked."""
    totals = db.session.execute(
        select(LivePlayer.id, LivePlayer.display_name,
               func.coalesce(func.sum(LiveAnswer.points), 0).label("points"))
        .outerjoin(LiveAnswer, LiveAnswer.player_id == LivePlayer.id)
        .where(LivePlayer.session_id == session.id)
        .group_by(LivePlayer.id, LivePlayer.display_name)).all()
    return game.leaderboard((row.id, row.display_name, int(row.points)) for row in totals)


@dataclass(frozen=True)
class Given:
    """One player's answer to a question, as the distribution counts it."""

    key: str | None  # what groups it: the option, True/False, a typed answer folded; None: none
    shown: str  # as the player wrote it (the first spelling of a group is the one shown)
    right: bool  # whether the grader took it as right


def given_answers(session: LiveSession, question: Question) -> list[Given]:
    """What each player of the game answered to the question (or did not)."""
    rows = db.session.execute(
        select(LivePlayer.id, QuizAnswer.given, QuizAnswer.score)
        .outerjoin(LiveAnswer, (LiveAnswer.player_id == LivePlayer.id)
                   & (LiveAnswer.question_id == question.id))
        .outerjoin(QuizAnswer, QuizAnswer.id == LiveAnswer.quiz_answer_id)
        .where(LivePlayer.session_id == session.id)
        .order_by(LiveAnswer.id)).all()
    return [_given(question, row.given, (row.score or 0) >= 1.0) for row in rows]


def _given(question: Question, given: object, right: bool) -> Given:
    if given is None or given == "":
        return Given(None, "", right)
    if isinstance(given, bool):
        shown = "True" if given else "False"
        return Given(shown, shown, right)
    shown = " ".join(str(given).split())
    key = (normalise(shown) or None) if question.type in TYPED else shown
    return Given(key, shown, right)


def options_of(session: LiveSession, question: Question) -> Sequence[str]:
    """The options in the order every screen of this game shows them."""
    if question.type == "true_false":
        return ("True", "False")
    if question.type == "multiple_choice":
        return shuffled(list(question.choices or ()), f"live:{session.id}:{question.id}")
    return ()


def current_question(session: LiveSession) -> Question | None:
    """The question the game is on (None in the lobby)."""
    if not 0 <= session.current_index < len(session.question_ids):
        return None
    return db.session.get(Question, session.question_ids[session.current_index])


def mark_stale_games_ended(now: datetime) -> None:
    """End the games that timed out (nobody moved them for an hour), filing their answers."""
    stmt = select(LiveSession).where(LiveSession.ended_at.is_(None)).with_for_update()
    for session in db.session.execute(stmt).scalars():
        before = state_of(session)
        if game.effective_phase(before, now) == game.ENDED:
            _store_state(session, game.apply(before, "end", now))
            _finish(session, reached=_reached(before, "end", now), now=now)
    db.session.flush()
