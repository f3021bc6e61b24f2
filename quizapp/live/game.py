"""The rules of a live class quiz: its phases, the host's moves, points and the leaderboard.

Pure module (no flask, no sqlalchemy): the service keeps a :class:`GameState` in the
``live_sessions`` row and asks :func:`apply` what a host's move makes of it.

A game goes lobby → question 1 → reveal 1 → question 2 → … → ended. During a question the
host may pause (the time left is kept) and resume, reveal early, or skip to the next question
without a reveal; ``end`` stops the game from any phase. Every move bumps ``version``: the
players' polls compare it (their ETag) and fetch nothing while it stands still.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

LOBBY, QUESTION, PAUSED, REVEAL, ENDED = "lobby", "question", "paused", "reveal", "ended"
PHASES = (LOBBY, QUESTION, PAUSED, REVEAL, ENDED)
MOVES = ("start", "reveal", "next", "skip", "pause", "resume", "end")

# An answer sent in the last moment before the deadline reaches the server a little later.
LATE_GRACE = timedelta(seconds=1)
# A game nobody moves for this long ends by itself (a host who closed the laptop).
IDLE_TIMEOUT = timedelta(hours=1)
MAX_POINTS = 1000


class IllegalMove(ValueError):
    """The move does not apply to the game's phase (a stale button, a second host tab)."""


@dataclass(frozen=True)
class GameState:
    """Where a game stands.

    Attributes:
        phase: One of :data:`PHASES`.
        index: The current question's position (0-based); -1 in the lobby.
        total: How many questions the game has.
        seconds: The time allowed per question.
        started_at: When the current question opened (its points count from here).
        deadline: When the current question closes (None unless a question is open).
        remaining_ms: The time left when the host paused (None unless paused).
        version: Bumped by every move.
        moved_at: When the host last moved (for the idle timeout).
    """

    phase: str
    index: int
    total: int
    seconds: int
    started_at: datetime | None
    deadline: datetime | None
    remaining_ms: int | None
    version: int
    moved_at: datetime


def new_game(total: int, seconds: int, now: datetime) -> GameState:
    """A game in its lobby, waiting for players."""
    return GameState(LOBBY, -1, total, seconds, None, None, None, 0, now)


def apply(state: GameState, move: str, now: datetime) -> GameState:
    """The game after the host's ``move``.

    A question whose time (and grace) is up is already revealed (see :func:`effective_phase`):
    ``next`` moves on from it. A game that timed out can still be ended, so that its answers
    are filed; nothing else moves it.

    Raises:
        IllegalMove: The move does not fit the phase (or the game is over).
    """
    phase = effective_phase(state, now)
    if move == "end" and state.phase != ENDED:
        return _ended(state, now)
    if phase == ENDED:
        raise IllegalMove("the game is over")
    if move == "start" and phase == LOBBY:
        return _open_question(state, 0, now)
    if move == "reveal" and phase in (QUESTION, PAUSED):
        return _moved(state, now, phase=REVEAL, deadline=None, remaining_ms=None)
    if (move == "next" and phase == REVEAL) or (move == "skip" and phase in (QUESTION, PAUSED)):
        if state.index + 1 >= state.total:
            return _ended(state, now)
        return _open_question(state, state.index + 1, now)
    if move == "pause" and phase == QUESTION and remaining_ms(state, now) > 0:
        return _moved(state, now, phase=PAUSED, deadline=None,
                      remaining_ms=remaining_ms(state, now))
    if move == "resume" and phase == PAUSED:
        time_left = timedelta(milliseconds=state.remaining_ms or 0)
        # The points clock pauses too: shift the question's start by the time spent paused.
        paused_for = now - state.moved_at
        started = state.started_at + paused_for if state.started_at else now
        return _moved(state, now, phase=QUESTION, deadline=now + time_left, remaining_ms=None,
                      started_at=started)
    raise IllegalMove(f"cannot {move} while the game is at {phase}")


def _open_question(state: GameState, index: int, now: datetime) -> GameState:
    return _moved(state, now, phase=QUESTION, index=index, started_at=now,
                  deadline=now + timedelta(seconds=state.seconds), remaining_ms=None)


def _ended(state: GameState, now: datetime) -> GameState:
    return _moved(state, now, phase=ENDED, deadline=None, remaining_ms=None)


def _moved(state: GameState, now: datetime, **changes: object) -> GameState:
    return replace(state, version=state.version + 1, moved_at=now, **changes)  # type: ignore[arg-type]


def effective_phase(state: GameState, now: datetime) -> str:
    """The phase as everyone should see it, which time alone can move on: a question whose
    deadline and grace have passed is revealed (even if the host's screen is closed), and a
    game left alone past the idle timeout is over."""
    last = max(state.moved_at, state.deadline or state.moved_at)
    if state.phase != ENDED and now - last > IDLE_TIMEOUT:
        return ENDED
    if state.phase == QUESTION and state.deadline is not None and now > state.deadline + LATE_GRACE:
        return REVEAL
    return state.phase


def accepts_answers(state: GameState, index: int, now: datetime) -> bool:
    """Whether an answer to question ``index`` arriving ``now`` still counts."""
    return effective_phase(state, now) == QUESTION and state.index == index


def refusal(state: GameState, index: int, now: datetime) -> str:
    """Why an answer to question ``index`` arriving ``now`` does not count."""
    phase = effective_phase(state, now)
    if phase == PAUSED and state.index == index:
        return "the game is paused"
    if phase == QUESTION and state.index != index:
        return "this is not the open question"
    if phase == ENDED:
        return "the game is over"
    return "time is up for this question"


def remaining_ms(state: GameState, now: datetime) -> int:
    """Milliseconds left on the current question (the paused amount while paused)."""
    if state.phase == PAUSED:
        return state.remaining_ms or 0
    if state.phase != QUESTION or state.deadline is None:
        return 0
    return max(int((state.deadline - now).total_seconds() * 1000), 0)


def points(score: float, elapsed_ms: int, seconds: int) -> int:
    """Points for an answer, as Kahoot counts them: up to 1,000 for a right answer given at
    once, falling linearly to half that at the deadline; a partly right typed answer earns
    its share; a wrong one earns nothing."""
    if score <= 0:
        return 0
    limit_ms = max(seconds * 1000, 1)
    used = min(max(elapsed_ms, 0), limit_ms) / limit_ms
    return round(MAX_POINTS * min(score, 1.0) * (1 - used / 2))


@dataclass(frozen=True)
class Standing:
    """One player's place on the leaderboard (ties share a rank)."""

    rank: int
    player_id: int
    name: str
    points: int


def leaderboard(totals: Iterable[tuple[int, str, int]]) -> list[Standing]:
    """Players ``(id, name, points)`` ranked by points, ties sharing a rank (1, 2, 2, 4),
    then by name so the order is stable."""
    ordered = sorted(totals, key=lambda row: (-row[2], row[1].casefold(), row[0]))
    standings: list[Standing] = []
    for position, (player_id, name, total) in enumerate(ordered, start=1):
        tied = standings and standings[-1].points == total
        rank = standings[-1].rank if tied else position
        standings.append(Standing(rank, player_id, name, total))
    return standings


def distribution(options: Sequence[str], given: Iterable[str | None]) -> list[tuple[str, int]]:
    """How many players chose each option, in the options' order, then "No answer" when
    some players did not answer (``None``); values outside the options are grouped last."""
    counts = dict.fromkeys(options, 0)
    missing = 0
    others: dict[str, int] = {}
    for value in given:
        if value is None or value == "":
            missing += 1
        elif value in counts:
            counts[value] += 1
        else:
            others[value] = others.get(value, 0) + 1
    rows = list(counts.items())
    rows += sorted(others.items(), key=lambda item: (-item[1], item[0]))
    if missing:
        rows.append(("No answer", missing))
    return rows
