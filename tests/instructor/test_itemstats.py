"""Item statistics on a hand-computed example (pure module)."""

from __future__ import annotations

import pytest

from quizapp.instructor.itemstats import (
    MIN_ATTEMPTS,
    ItemSums,
    Response,
    item_statistics,
    pearson,
)

# Four attempts, three items (marks 0/1):
#        q1 q2 q3 | total
#   A     1  1  1 |  3
#   B     1  1  0 |  2
#   C     0  1  0 |  1
#   D     0  0  1 |  1
MARKS = {1: (1, 1, 1), 2: (1, 1, 0), 3: (0, 1, 0), 4: (0, 0, 1)}


def _responses(copies: int = 1) -> list[Response]:
    """The example's responses; ``copies`` > 1 repeats every attempt (same statistics)."""
    return [Response(attempt + 10 * copy, item + 1, float(mark))
            for copy in range(copies)
            for attempt, marks in MARKS.items() for item, mark in enumerate(marks)]


def test_facility_is_the_share_correct() -> None:
    stats = item_statistics(_responses())
    assert stats[1].facility == pytest.approx(0.50)
    assert stats[2].facility == pytest.approx(0.75)
    assert stats[3].facility == pytest.approx(0.50)
    assert stats[1].attempts == 4


def test_discrimination_by_hand() -> None:
    # q1: x = 1,1,0,0; rest-of-test y = 2,1,1,1. Deviations dx = ±.5, dy = .75,-.25,-.25,-.25:
    #     Σdx·dy = .5, Σdx² = 1, Σdy² = .75 → r = .5/√.75 = 0.57735 → 57.7.
    # q2: x = 1,1,1,0; y = 2,1,0,1; dy = 1,0,-1,0 → Σdx·dy = .25 - .25 = 0 → 0.
    # q3: x = 1,0,0,1; y = 2,2,1,0; dy = .75,.75,-.25,-1.25 → Σdx·dy = -.5, Σdy² = 2.75
    #     → r = -.5/√2.75 = -0.30151 → -30.2 (negative: flagged).
    stats = item_statistics(_responses())
    assert stats[1].discrimination == pytest.approx(57.735, abs=1e-3)
    assert stats[2].discrimination == pytest.approx(0.0, abs=1e-9)
    assert stats[3].discrimination == pytest.approx(-30.151, abs=1e-3)
    assert stats[3].flags == ()  # four answers: below the minimum, no flag yet
    twice = item_statistics(_responses(copies=2))
    assert twice[3].discrimination == pytest.approx(-30.151, abs=1e-3)
    assert twice[3].flags == ("negative discrimination",)
    assert twice[1].flags == ()


def test_one_attempt_raises_no_flag() -> None:
    # One student got it wrong: facility 0 ("too hard") would be a flag past the minimum.
    stats = item_statistics([Response(1, 1, 0.0, "Artemio"), Response(1, 2, 1.0)])
    assert stats[1].attempts == 1 and stats[1].facility == 0.0
    assert stats[1].flags == () and stats[2].flags == ()


def test_flags_start_at_the_minimum_number_of_answers() -> None:
    def hard(n: int) -> tuple[str, ...]:
        return item_statistics([Response(a, 1, 0.0) for a in range(n)])[1].flags

    assert hard(MIN_ATTEMPTS - 1) == ()
    assert hard(MIN_ATTEMPTS) == ("too hard",)


def test_a_distractor_chosen_more_than_the_answer_is_flagged() -> None:
    from quizapp.instructor.itemstats import stats_from_sums

    sums = ItemSums()
    for mark in (1, 1, 0, 0, 0, 0):
        sums = sums.add(mark, 0.0)
    options = {"Guzmán": 2, "Artemio": 3, "Raúl": 1}
    pulled = stats_from_sums(7, sums, options=options, correct={"Guzmán"})
    assert "distractor pulls" in pulled.flags
    fair = stats_from_sums(7, sums, options={"Guzmán": 4, "Artemio": 2}, correct={"Guzmán"})
    assert "distractor pulls" not in fair.flags


def test_flags_for_too_easy_and_too_hard() -> None:
    easy = [Response(a, 1, 1.0) for a in range(10)] + [Response(a, 2, 0.0) for a in range(10)]
    stats = item_statistics(easy)
    assert stats[1].flags == ("too easy",)
    assert stats[2].flags == ("too hard",)
    # Nobody differs on either item: no correlation can be computed.
    assert stats[1].discrimination is None


def test_option_frequencies_count_each_choice() -> None:
    responses = [Response(1, 7, 1.0, "Guzmán"), Response(2, 7, 0.0, "Artemio"),
                 Response(3, 7, 0.0, "Artemio")]
    assert dict(item_statistics(responses)[7].options) == {"Guzmán": 1, "Artemio": 2}


def test_pearson_needs_two_attempts() -> None:
    assert pearson(ItemSums().add(1.0, 2.0)) is None
