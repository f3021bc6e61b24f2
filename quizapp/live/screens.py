"""What the host's projector screen and a player's phone show at each moment of a game.

Built from the database for one request; the templates ``live/_host_panel.html`` and
``live/_player_panel.html`` render them (the same panels a poll sends to live.js).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from quizapp.bank.schema import CLOZE_GAP
from quizapp.extensions import db
from quizapp.live import game, services
from quizapp.live.game import Standing
from quizapp.models import (
    LivePlayer,
    LiveSession,
    Question,
    QuestionSet,
    QuizAttempt,
    SchoolClass,
    User,
)
from quizapp.quiz.reports import AnswerRow, QuestionView, answer_row, show_answer

LEADERS = 5  # how many players the host's leaderboard shows after a question


@dataclass(frozen=True)
class Bar:
    """One option of the answer distribution."""

    label: str
    count: int
    right: bool
    percent: int


@dataclass(frozen=True)
class HostPanel:
    """The projector screen."""

    phase: str
    number: int
    total: int
    remaining_ms: int
    player_count: int
    names: list[str]
    question: Question | None = None
    options: list[str] = field(default_factory=list)
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    expected: str = ""
    leaders: list[Standing] = field(default_factory=list)


@dataclass(frozen=True)
class PlayerPanel:
    """A player's phone."""

    phase: str
    number: int
    total: int
    remaining_ms: int
    name: str
    view: QuestionView | None = None
    answered: bool = False
    row: AnswerRow | None = None
    points: int = 0
    standing: Standing | None = None
    players: int = 0
    attempt_id: int = 0


@dataclass(frozen=True)
class HostCounts:
    """What changes the host's screen between two moves: who joined, how many answered."""

    players: int
    answered: int


def host_counts(session: LiveSession) -> HostCounts:
    """The counts the host's poll compares (its ETag), read without drawing the screen."""
    question = services.current_question(session)
    answered = services.answer_count(session, question.id) if question else 0
    return HostCounts(services.player_count(session), answered)


def phase_now(session: LiveSession, now: datetime) -> str:
    """The game's phase as time has moved it (a question whose time is up is revealed)."""
    return game.effective_phase(services.state_of(session), now)


def host_panel(session: LiveSession, now: datetime) -> HostPanel:
    """The host's screen: lobby with who joined, the open question with the count of
    answers, the distribution and leaderboard after it, the final standings."""
    state = services.state_of(session)
    phase = game.effective_phase(state, now)
    joined = services.players(session)
    names = [] if session.hide_names else [p.display_name for p in joined]
    base = HostPanel(phase, session.current_index + 1, state.total,
                     game.remaining_ms(state, now), len(joined), names)
    question = services.current_question(session)
    if phase == game.LOBBY or question is None:
        return base
    options = list(services.options_of(session, question))
    answered = services.answer_count(session, question.id)
    if phase in (game.QUESTION, game.PAUSED):
        return replace(base, question=question, options=options, answered=answered)
    leaders = _named(session, services.standings(session))
    if phase == game.ENDED:
        return replace(base, question=question, leaders=leaders, answered=answered)
    expected = show_answer(question.answer, question.type)
    bars = _bars(options, services.given_answers(session, question), expected)
    return replace(base, question=question, options=options, answered=answered, bars=bars,
                   expected=expected, leaders=leaders[:LEADERS])


def _named(session: LiveSession, standings: list[Standing]) -> list[Standing]:
    """The standings as the projector shows them: names hidden when the host chose so."""
    if not session.hide_names:
        return standings
    return [Standing(s.rank, s.player_id, f"Player {s.rank}", s.points) for s in standings]


def _bars(options: list[str], given: list[services.Given], expected: str) -> list[Bar]:
    """The answer distribution; an option or typed answer is marked right when it is the
    answer or the grader accepted it (a typed answer with a typo, an alias). Typed answers
    that fold to the same words are one bar, shown as the first player wrote them."""
    rows = game.distribution(options, [g.key for g in given])
    right = {g.key for g in given if g.right and g.key} | ({expected} if options else set())
    shown: dict[str, str] = {}
    for g in given:
        if g.key is not None:
            shown.setdefault(g.key, g.shown)
    total = max(sum(count for _, count in rows), 1)
    return [Bar(shown.get(key, key), count, key in right, round(100 * count / total))
            for key, count in rows]


def player_panel(session: LiveSession, player: LivePlayer, now: datetime) -> PlayerPanel:
    """A player's screen: waiting, the question to answer (or "answer in"), their result
    and rank after it, their final rank."""
    state = services.state_of(session)
    phase = game.effective_phase(state, now)
    base = PlayerPanel(phase, session.current_index + 1, state.total,
                       game.remaining_ms(state, now), player.display_name,
                       attempt_id=player.attempt_id)
    question = services.current_question(session)
    if phase == game.LOBBY or question is None:
        return base
    stored = services.stored_answer(player, question.id)
    if phase in (game.QUESTION, game.PAUSED):
        if stored is not None:
            return replace(base, answered=True)
        return replace(base, view=_question_view(session, question))
    standings = services.standings(session)
    mine = next((s for s in standings if s.player_id == player.id), None)
    base = replace(base, standing=mine, players=len(standings))
    attempt = db.session.get_one(QuizAttempt, player.attempt_id)
    if phase == game.ENDED or question.id not in attempt.question_ids:
        return base  # the final rank; or a question that closed before they joined
    row = answer_row(attempt, question, stored.answer if stored else None)
    return replace(base, answered=stored is not None, row=row,
                   points=stored.points if stored else 0)


def _question_view(session: LiveSession, question: Question) -> QuestionView:
    number, total = session.current_index + 1, len(session.question_ids)
    if question.type == "cloze":
        before, _, after = question.prompt.partition(CLOZE_GAP)
        return QuestionView(question, number, total, cloze_parts=(before, after))
    return QuestionView(question, number, total,
                        options=list(services.options_of(session, question)))


@dataclass(frozen=True)
class GameLink:
    """An open game the student is in, or one of their class's they may join."""

    session: LiveSession
    title: str  # the class's name, else the set's title
    joined: bool


def game_links(user: User, now: datetime) -> list[GameLink]:
    """The open games the student is in or whose class they belong to."""
    links = []
    for session in services.games_for(user, now):
        klass = db.session.get(SchoolClass, session.class_id) if session.class_id else None
        title = klass.name if klass else db.session.get_one(QuestionSet, session.set_id).title
        links.append(GameLink(session, title, services.player_in(session, user) is not None))
    return links
