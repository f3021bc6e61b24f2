"""The live game's rules: phases and moves, the countdown, points, ranks and distribution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.live import game

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _started(total: int = 2, seconds: int = 20) -> game.GameState:
    return game.apply(game.new_game(total, seconds, T0), "start", T0)


def test_a_game_runs_lobby_question_reveal_next_and_ends_after_the_last() -> None:
    state = _started(total=2)
    assert (state.phase, state.index, state.deadline) == ("question", 0, T0 + timedelta(seconds=20))
    state = game.apply(state, "reveal", T0 + timedelta(seconds=5))
    assert state.phase == "reveal"
    state = game.apply(state, "next", T0 + timedelta(seconds=9))
    assert (state.phase, state.index, state.started_at) == ("question", 1, T0 + timedelta(seconds=9))
    state = game.apply(game.apply(state, "reveal", T0 + timedelta(seconds=12)), "next",
                       T0 + timedelta(seconds=13))
    assert state.phase == "ended"


def test_every_move_bumps_the_version_and_a_stale_move_is_refused() -> None:
    lobby = game.new_game(3, 20, T0)
    state = game.apply(lobby, "start", T0)
    assert state.version == lobby.version + 1
    with pytest.raises(game.IllegalMove):
        game.apply(state, "start", T0)  # a second host tab pressing Start again
    with pytest.raises(game.IllegalMove):
        game.apply(state, "next", T0)  # next only after the reveal (skip moves on directly)
    ended = game.apply(state, "end", T0)
    with pytest.raises(game.IllegalMove):
        game.apply(ended, "reveal", T0)


def test_skip_moves_on_without_a_reveal() -> None:
    state = game.apply(_started(total=3), "skip", T0 + timedelta(seconds=3))
    assert (state.phase, state.index) == ("question", 1)


def test_pause_keeps_the_time_left_and_resume_gives_it_back() -> None:
    state = _started(seconds=20)
    paused = game.apply(state, "pause", T0 + timedelta(seconds=8))
    assert paused.phase == "paused" and game.remaining_ms(paused, T0 + timedelta(minutes=5)) == 12_000
    assert not game.accepts_answers(paused, 0, T0 + timedelta(seconds=9))
    resumed = game.apply(paused, "resume", T0 + timedelta(seconds=68))
    assert resumed.deadline == T0 + timedelta(seconds=80)
    # The points clock stopped too: 8 s had been used when it paused.
    assert resumed.started_at == T0 + timedelta(seconds=60)


def test_answers_count_until_the_deadline_plus_a_second_of_grace() -> None:
    state = _started(seconds=10)
    assert game.accepts_answers(state, 0, T0 + timedelta(seconds=10, milliseconds=900))
    assert not game.accepts_answers(state, 0, T0 + timedelta(seconds=11, milliseconds=1))
    assert not game.accepts_answers(state, 1, T0 + timedelta(seconds=1))  # not the open question
    revealed = game.apply(state, "reveal", T0 + timedelta(seconds=2))
    assert not game.accepts_answers(revealed, 0, T0 + timedelta(seconds=3))


def test_a_game_left_alone_for_an_hour_is_over_and_can_still_be_ended() -> None:
    state = _started(seconds=20)
    later = T0 + timedelta(hours=1, seconds=21)
    assert game.effective_phase(state, later) == "ended"
    with pytest.raises(game.IllegalMove):
        game.apply(state, "reveal", later)
    # Ending it files its answers (the service closes the attempts on this move).
    assert game.apply(state, "end", later).phase == "ended"


def test_time_up_reveals_the_question_without_the_host() -> None:
    state = _started(seconds=20)
    assert game.effective_phase(state, T0 + timedelta(seconds=20, milliseconds=900)) == "question"
    after_grace = T0 + timedelta(seconds=21, milliseconds=1)
    assert game.effective_phase(state, after_grace) == "reveal"
    assert game.apply(state, "next", after_grace).index == 1
    with pytest.raises(game.IllegalMove):
        game.apply(state, "pause", after_grace)


def test_a_question_whose_time_is_up_cannot_be_paused_to_reopen_it() -> None:
    state = _started(seconds=20)
    with pytest.raises(game.IllegalMove):
        game.apply(state, "pause", T0 + timedelta(seconds=20, milliseconds=500))


def test_a_refused_answer_says_why() -> None:
    state = _started(seconds=20)
    paused = game.apply(state, "pause", T0 + timedelta(seconds=2))
    assert game.refusal(paused, 0, T0 + timedelta(seconds=3)) == "the game is paused"
    assert game.refusal(state, 1, T0) == "this is not the open question"
    assert game.refusal(state, 0, T0 + timedelta(minutes=1)) == "time is up for this question"


def test_points_reward_right_and_fast_answers() -> None:
    assert game.points(1.0, 0, 20) == 1000
    assert game.points(1.0, 10_000, 20) == 750
    assert game.points(1.0, 20_000, 20) == 500
    assert game.points(1.0, 25_000, 20) == 500  # within the grace second: still half
    assert game.points(0.5, 0, 20) == 500  # partly right typed answer
    assert game.points(0.0, 0, 20) == 0


def test_ties_share_a_rank_and_the_order_is_stable() -> None:
    board = game.leaderboard([(1, "bea", 900), (2, "Ana", 900), (3, "Carl", 1500), (4, "Dee", 10)])
    assert [(s.rank, s.name) for s in board] == [(1, "Carl"), (2, "Ana"), (2, "bea"), (4, "Dee")]


def test_distribution_counts_each_option_then_other_typed_answers_and_no_answer() -> None:
    rows = game.distribution(["Lima", "Cusco"], ["Cusco", None, "Cusco", "puno", ""])
    assert rows == [("Lima", 0), ("Cusco", 2), ("puno", 1), ("No answer", 2)]
