"""Item statistics on a hand-computed example (pure module)."""

from __future__ import annotations

import pytest

from quizapp.instructor.itemstats import ItemSums, Response, item_statistics, pearson

# Four attempts, three items (marks 0/1):
#        q1 q2 q3 | total
#   A     1  1  1 |  3
#   B     1  1  0 |  2
#   C     0  1  0 |  1
#   D     0  0  1 |  1
MARKS = {1: (1, 1, 1), 2: (1, 1, 0), 3: (0, 1, 0), 4: (0, 0, 1)}


def _responses() -> list[Response]:
    return [Response(attempt, item + 1, float(mark))
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
    assert stats[3].flags == ("negative discrimination",)
    assert stats[1].flags == ()


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
