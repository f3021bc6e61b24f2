"""Tests for quizapp.srs: exact FSRS intervals, honest button labels, counts and study days."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizapp import srs
from quizapp.srs import AGAIN, EASY, GOOD, HARD, NEW, RATINGS, RELEARNING, REVIEW, CardState

T0 = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)
NO_FUZZ = srs.SchedulerSettings(enable_fuzzing=False)
FUZZ = srs.SchedulerSettings(enable_fuzzing=True)


def graduated(card_id: int = 1, settings: srs.SchedulerSettings = NO_FUZZ) -> CardState:
    """A card taken through both learning steps with Good: now a REVIEW card."""
    card = srs.review(card_id, srs.new_card(T0), GOOD, T0, settings)
    return srs.review(card_id, card, GOOD, card.due, settings)


def mature(card_id: int, settings: srs.SchedulerSettings = NO_FUZZ) -> CardState:
    """A REVIEW card with a long enough interval (11 days) for fuzz to matter."""
    card = graduated(card_id, NO_FUZZ)
    return srs.review(card_id, card, GOOD, card.due, settings)


def lapse(card_id: int, card: CardState) -> CardState:
    """Forget a REVIEW card when due, then relearn it: one lapse, back in REVIEW."""
    forgotten = srs.review(card_id, card, AGAIN, card.due, NO_FUZZ)
    return srs.review(card_id, forgotten, GOOD, forgotten.due, NO_FUZZ)


# --- new cards and learning steps -------------------------------------------------------------


def test_new_card_is_due_now_and_never_reviewed() -> None:
    card = srs.new_card(T0)
    assert (card.state, card.due, card.last_review, card.reps, card.lapses) == (NEW, T0, None, 0, 0)


def test_new_card_intervals_are_exact() -> None:
    outcomes = srs.preview(1, srs.new_card(T0), T0, NO_FUZZ)
    assert outcomes[AGAIN].due - T0 == timedelta(minutes=1)
    assert outcomes[HARD].due - T0 == timedelta(minutes=5, seconds=30)  # mean of the two steps
    assert outcomes[GOOD].due - T0 == timedelta(minutes=10)
    assert outcomes[EASY].due - T0 == timedelta(days=8)
    assert outcomes[EASY].state == REVIEW
    assert srs.interval_labels(1, srs.new_card(T0), T0, NO_FUZZ) == {
        AGAIN: "<1m", HARD: "<6m", GOOD: "<10m", EASY: "8d"
    }


def test_learning_card_graduates_to_review_after_last_step() -> None:
    first = srs.review(1, srs.new_card(T0), GOOD, T0, NO_FUZZ)
    assert (first.state, first.step) == ("learning", 1)
    second = srs.review(1, first, GOOD, first.due, NO_FUZZ)
    assert (second.state, second.step) == (REVIEW, None)
    assert second.due - first.due == timedelta(days=2)
    assert (second.reps, second.lapses) == (2, 0)


def test_forgotten_review_card_relearns_and_counts_a_lapse() -> None:
    card = graduated()
    forgotten = srs.review(1, card, AGAIN, card.due, NO_FUZZ)
    assert (forgotten.state, forgotten.step) == (RELEARNING, 0)
    assert forgotten.due - card.due == timedelta(minutes=10)
    assert (forgotten.reps, forgotten.lapses) == (3, 1)
    assert srs.interval_labels(1, forgotten, forgotten.due, NO_FUZZ)[AGAIN] == "<10m"


def test_again_outside_review_state_is_not_a_lapse() -> None:
    learning = srs.review(1, srs.new_card(T0), AGAIN, T0, NO_FUZZ)
    relearning = srs.review(1, graduated(), AGAIN, T0 + timedelta(days=2), NO_FUZZ)
    again = srs.review(1, relearning, AGAIN, relearning.due, NO_FUZZ)
    assert learning.lapses == 0
    assert (relearning.lapses, again.lapses) == (1, 1)
    assert again.reps == relearning.reps + 1


def test_maximum_interval_caps_review_intervals() -> None:
    capped = srs.SchedulerSettings(maximum_interval=5, enable_fuzzing=False)
    assert srs.review(7, srs.new_card(T0), EASY, T0, capped).due - T0 == timedelta(days=5)
    for card_id in range(1, 50):  # fuzz spreads within the cap, never past it (as Anki)
        fuzzed = srs.SchedulerSettings(maximum_interval=5, enable_fuzzing=True)
        assert srs.review(card_id, srs.new_card(T0), EASY, T0, fuzzed).due - T0 in (
            timedelta(days=4), timedelta(days=5))


def test_higher_desired_retention_gives_shorter_intervals() -> None:
    card = graduated()
    strict = srs.SchedulerSettings(desired_retention=0.97, enable_fuzzing=False)
    relaxed = srs.SchedulerSettings(desired_retention=0.80, enable_fuzzing=False)
    assert srs.review(1, card, GOOD, card.due, strict).due < srs.review(
        1, card, GOOD, card.due, relaxed
    ).due


# --- fuzz: the label on the button is what happens ---------------------------------------------


def test_labels_and_preview_equal_review_outcome_with_fuzz() -> None:
    good_intervals = set()
    for card_id in range(1, 201):
        card = mature(card_id)
        now = card.due
        labels = srs.interval_labels(card_id, card, now, FUZZ)
        outcomes = srs.preview(card_id, card, now, FUZZ)
        for rating in RATINGS:
            actual = srs.review(card_id, card, rating, now, FUZZ)
            assert actual == outcomes[rating]
            assert srs.format_interval(actual.due - now) == labels[rating].lstrip("<")
        good_intervals.add(outcomes[GOOD].due - now)
    assert len(good_intervals) >= 3  # fuzz really spreads cards learnt together


def test_fuzz_does_not_touch_or_depend_on_global_random() -> None:
    card = mature(42)
    random.seed(1)
    first = srs.review(42, card, GOOD, card.due, FUZZ)
    state = random.getstate()
    srs.preview(42, card, card.due, FUZZ)
    assert random.getstate() == state
    random.seed(2)
    assert srs.review(42, card, GOOD, card.due, FUZZ) == first


def test_fuzz_changes_with_review_count() -> None:
    card = mature(3)
    dues = {srs.review(3, card, GOOD, card.due, srs.SchedulerSettings()).due}
    for reps in range(card.reps + 1, card.reps + 30):
        recounted = CardState(**{**card.__dict__, "reps": reps})
        dues.add(srs.review(3, recounted, GOOD, card.due, srs.SchedulerSettings()).due)
    assert len(dues) >= 3


def weak_review_card(stability: float = 0.3, difficulty: float = 9.5) -> CardState:
    """A REVIEW card so weak that fsrs alone gives Hard, Good and Easy one day each."""
    return CardState(REVIEW, None, stability, difficulty, T0, T0 - timedelta(days=1), 5, 2)


def days_by_rating(card: CardState, now: datetime, settings: srs.SchedulerSettings = NO_FUZZ,
                   card_id: int = 1) -> dict[int, float]:
    outcomes = srs.preview(card_id, card, now, settings)
    return {r: (outcomes[r].due - now) / timedelta(days=1) for r in (HARD, GOOD, EASY)}


@pytest.mark.parametrize(("stability", "difficulty", "expected"), [
    # fsrs alone: 1d / 1d / 1d, 1d / 1d / 2d, 3d / 3d / 4d; Anki orders the buttons.
    (0.3, 9.5, {HARD: 1, GOOD: 2, EASY: 3}),
    (0.5, 9.0, {HARD: 1, GOOD: 2, EASY: 3}),
    (2.0, 9.0, {HARD: 3, GOOD: 4, EASY: 5}),
])
def test_review_buttons_are_ordered_as_anki_orders_them(
    stability: float, difficulty: float, expected: dict[int, int]
) -> None:
    card = weak_review_card(stability, difficulty)
    assert days_by_rating(card, T0) == expected
    assert srs.interval_labels(1, card, T0, NO_FUZZ) == {
        AGAIN: "<10m", HARD: f"{expected[HARD]}d", GOOD: f"{expected[GOOD]}d",
        EASY: f"{expected[EASY]}d"}


def test_easy_after_a_lapse_is_a_day_past_good() -> None:
    card = CardState(REVIEW, None, 3.0, 7.0, T0, T0 - timedelta(days=3), 5, 0)
    forgotten = srs.review(1, card, AGAIN, T0, NO_FUZZ)
    # fsrs alone offers Good 1d and Easy 1d here; Anki: Easy >= Good's review interval + 1.
    assert srs.interval_labels(1, forgotten, forgotten.due, NO_FUZZ) == {
        AGAIN: "<10m", HARD: "<15m", GOOD: "1d", EASY: "2d"}
    easy = srs.review(1, forgotten, EASY, forgotten.due, NO_FUZZ)
    assert (easy.state, easy.due - forgotten.due) == (REVIEW, timedelta(days=2))


def test_learning_easy_passes_good_review_interval_even_while_good_is_a_step() -> None:
    learning = srs.review(1, srs.new_card(T0), AGAIN, T0, NO_FUZZ)
    good = srs.preview(1, learning, learning.due, NO_FUZZ)[GOOD]
    easy = srs.preview(1, learning, learning.due, NO_FUZZ)[EASY]
    assert good.state == "learning"
    good_review_days = round(srs._review_interval(srs._scheduler(NO_FUZZ), good.stability or 0))
    assert (easy.due - learning.due).days >= good_review_days + 1


def test_fuzzed_buttons_stay_ordered_and_within_anki_bounds() -> None:
    for card_id in range(1, 300):
        for card in (weak_review_card(), weak_review_card(2.0, 9.0), mature(card_id)):
            days = days_by_rating(card, card.due, FUZZ, card_id)
            assert 1 <= days[HARD] < days[GOOD] < days[EASY]


@pytest.mark.parametrize(("interval", "minimum", "maximum", "bounds"), [
    (2.0, 1, 36500, (2, 2)),       # under 2.5 days: no fuzz
    (3.0, 3, 36500, (3, 4)),       # Easy of a weak card: at least Good + 1
    (10.0, 1, 36500, (8, 12)),
    (100.0, 1, 36500, (93, 107)),
    (100.0, 1, 50, (46, 50)),      # capped by the maximum interval
    (1.0, 3, 36500, (3, 4)),       # raised to the minimum, then spread
])
def test_fuzz_bounds_are_ankis(interval: float, minimum: int, maximum: int,
                               bounds: tuple[int, int]) -> None:
    assert srs._fuzz_bounds(interval, minimum, maximum) == bounds


# --- leeches, retrievability, quiz ratings -----------------------------------------------------


def test_card_becomes_leech_at_eighth_lapse_and_again_every_four() -> None:
    card = graduated()
    flagged_at = []
    for _ in range(12):
        after = lapse(1, card)
        if srs.became_leech(card, after):
            flagged_at.append(after.lapses)
        assert srs.is_leech(after) == (after.lapses >= srs.LEECH_LAPSES)
        card = after
    assert card.lapses == 12
    assert flagged_at == [8, 12]


def test_retrievability_falls_with_time() -> None:
    card = graduated()
    assert srs.retrievability(srs.new_card(T0), T0) == 0.0
    assert card.last_review is not None
    days = (0, 1, 10, 100)
    values = [srs.retrievability(card, card.last_review + timedelta(days=d)) for d in days]
    assert values[0] == pytest.approx(1.0)
    assert values == sorted(values, reverse=True) and len(set(values)) == 4
    assert 0.0 < values[-1] < 1.0


def test_quiz_rating() -> None:
    assert (srs.quiz_rating(False), srs.quiz_rating(True)) == (AGAIN, GOOD)


# --- intervals as text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(minutes=90), "2h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=30), "30d"),
        (timedelta(days=31), "1mo"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=767), "2.1y"),
    ],
)
def test_format_interval(delta: timedelta, label: str) -> None:
    assert srs.format_interval(delta) == label


# --- study day boundaries ----------------------------------------------------------------------


def test_study_day_starts_at_4am_lima() -> None:
    before = datetime(2025, 3, 10, 8, 59, tzinfo=UTC)  # 03:59 in Lima (UTC-5)
    after = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # 04:00 in Lima
    assert srs.study_day_start(before, "America/Lima") == datetime(2025, 3, 9, 9, 0, tzinfo=UTC)
    assert srs.study_day_start(after, "America/Lima") == after
    assert srs.next_day_start(before, "America/Lima") == after
    assert srs.next_day_start(after, "America/Lima") == datetime(2025, 3, 11, 9, 0, tzinfo=UTC)
    assert srs.study_day_start(after, "America/Lima").tzinfo is UTC


@pytest.mark.parametrize(
    ("now", "day_start", "day_length"),
    [  # the Saturday noon before clocks go forward, then back
        (datetime(2025, 3, 29, 12, tzinfo=UTC), datetime(2025, 3, 29, 3, tzinfo=UTC), 23),
        (datetime(2025, 10, 25, 12, tzinfo=UTC), datetime(2025, 10, 25, 2, tzinfo=UTC), 25),
    ],
)
def test_study_days_across_madrid_dst_changes(
    now: datetime, day_start: datetime, day_length: int
) -> None:
    start = srs.study_day_start(now, "Europe/Madrid")
    end = srs.next_day_start(now, "Europe/Madrid")
    assert (start, end - start) == (day_start, timedelta(hours=day_length))


def test_custom_rollover_hour() -> None:
    now = datetime(2025, 3, 10, 5, 30, tzinfo=UTC)  # 00:30 in Lima
    assert srs.study_day_start(now, "America/Lima", rollover_hour=0) == datetime(
        2025, 3, 10, 5, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../etc/passwd", ""])
def test_unknown_zone_rejected(zone: str) -> None:
    with pytest.raises(ValueError):
        srs.study_day_start(T0, zone)


# --- input checks ------------------------------------------------------------------------------


def test_naive_datetimes_rejected() -> None:
    naive = datetime(2025, 1, 6, 12, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        srs.review(1, srs.new_card(T0), GOOD, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        srs.new_card(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CardState(NEW, step=None, stability=None, difficulty=None, due=naive, last_review=None)
    with pytest.raises(ValueError):
        srs.study_day_start(naive, "America/Lima")


def test_any_aware_datetime_is_converted_to_utc() -> None:
    card = srs.new_card(T0)
    expected = srs.review(1, card, EASY, T0, NO_FUZZ)
    for zone in ("UTC", "America/Lima"):
        outcome = srs.review(1, card, EASY, T0.astimezone(ZoneInfo(zone)), NO_FUZZ)
        assert outcome == expected
        assert outcome.due.tzinfo is UTC


@pytest.mark.parametrize("rating", [0, 5, -1, True])
def test_ratings_outside_1_to_4_rejected(rating: int) -> None:
    with pytest.raises(ValueError, match="rating"):
        srs.review(1, srs.new_card(T0), rating, T0)


@pytest.mark.parametrize("retention", [0.69, 0.98, 1.0])
def test_desired_retention_out_of_range_rejected(retention: float) -> None:
    with pytest.raises(ValueError, match="desired_retention"):
        srs.SchedulerSettings(desired_retention=retention)


def test_settings_bounds_and_list_steps_accepted() -> None:
    srs.SchedulerSettings(desired_retention=0.70)
    settings = srs.SchedulerSettings(desired_retention=0.97, learning_steps=[timedelta(minutes=2)])  # type: ignore[arg-type]
    assert srs.review(1, srs.new_card(T0), AGAIN, T0, settings).due == T0 + timedelta(minutes=2)


def test_inconsistent_card_rows_rejected() -> None:
    with pytest.raises(ValueError, match="stability"):
        CardState(state=REVIEW, step=None, stability=None, difficulty=None, due=T0, last_review=T0)
    with pytest.raises(ValueError, match="new card"):
        CardState(state=NEW, step=None, stability=None, difficulty=None, due=T0, last_review=T0)
    with pytest.raises(ValueError, match="state"):
        CardState(state="suspended", step=None, stability=None, difficulty=None, due=T0,
                  last_review=None)
