"""Spaced repetition for one card: FSRS scheduling plus what fsrs leaves out.

The only module that imports `fsrs`. It works on plain values (`CardState`) so the database layer
never sees fsrs objects, keeps reps and lapses (fsrs has neither), models the "new" state (fsrs
calls it Learning with no last review), and applies interval fuzz from a seed derived from the
card id and review count, so the interval printed on a button is exactly what happens.
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"
STATES = (NEW, LEARNING, REVIEW, RELEARNING)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = (AGAIN, HARD, GOOD, EASY)
LEECH_LAPSES = 8
# Anki's default learn-ahead limit: learning cards due within it may be shown early, and a
# button whose interval is shorter reads "<10m" (the card may come back sooner).
LEARN_AHEAD = timedelta(minutes=20)

_TO_FSRS_STATE = {NEW: State.Learning, LEARNING: State.Learning,
                  REVIEW: State.Review, RELEARNING: State.Relearning}
_FROM_FSRS_STATE = {State.Learning: LEARNING, State.Review: REVIEW,
                    State.Relearning: RELEARNING}


def _as_utc(value: datetime, name: str) -> datetime:
    """Return `value` with tzinfo exactly `timezone.utc` (`UTC`), the only zone fsrs accepts."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class CardState:
    """What the database stores per (user, question), as plain values.

    Attributes:
        state: One of NEW, LEARNING, REVIEW, RELEARNING ("new" = never reviewed).
        step: Index of the current (re)learning step, None in NEW and REVIEW.
        stability: FSRS stability in days, None while NEW.
        difficulty: FSRS difficulty (1..10), None while NEW.
        due: When the card is next due (timezone-aware).
        last_review: When the card was last reviewed, None while NEW.
        reps: Number of reviews so far.
        lapses: Number of times a REVIEW card was rated AGAIN.
    """

    state: str
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"state must be one of {STATES}, got {self.state!r}")
        _as_utc(self.due, "due")
        if self.last_review is not None:
            _as_utc(self.last_review, "last_review")
        if self.reps < 0 or self.lapses < 0:
            raise ValueError("reps and lapses must not be negative")
        if self.state == NEW:
            if (self.stability, self.difficulty, self.last_review) != (None, None, None):
                raise ValueError("a new card has no stability, difficulty or last_review yet")
            return
        # fsrs asserts these for reviewed cards; fail here with a message instead.
        if self.stability is None or self.difficulty is None or self.last_review is None:
            raise ValueError(f"a {self.state} card needs stability, difficulty and last_review")
        if self.state in (LEARNING, RELEARNING) and self.step is None:
            raise ValueError(f"a {self.state} card needs a step")


@dataclass(frozen=True)
class SchedulerSettings:
    """A student's scheduling options (hashable, so schedulers can be cached per settings).

    Attributes:
        desired_retention: Target probability of recall when a card falls due (0.70..0.97).
        maximum_interval: Longest interval in days.
        learning_steps: Steps for new cards before they graduate to REVIEW.
        relearning_steps: Steps for forgotten REVIEW cards.
        enable_fuzzing: Spread review intervals slightly so cards learnt together split up.
    """

    desired_retention: float = 0.90
    maximum_interval: int = 36500
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    enable_fuzzing: bool = True

    def __post_init__(self) -> None:
        if not 0.70 <= self.desired_retention <= 0.97:
            raise ValueError(
                f"desired_retention must be between 0.70 and 0.97, got {self.desired_retention}"
            )
        if self.maximum_interval < 1:
            raise ValueError(f"maximum_interval must be >= 1 day, got {self.maximum_interval}")
        for name in ("learning_steps", "relearning_steps"):
            steps = tuple(getattr(self, name))  # a list would make the settings unhashable
            if any(step <= timedelta(0) for step in steps):
                raise ValueError(f"{name} must be positive durations")
            object.__setattr__(self, name, steps)


DEFAULT_SETTINGS = SchedulerSettings()


@functools.lru_cache(maxsize=128)
def _scheduler(settings: SchedulerSettings) -> Scheduler:
    """Build (once per settings) an fsrs scheduler; fuzz is applied by this module instead."""
    return Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


def _to_fsrs(card_id: int, card: CardState) -> Card:
    """Convert plain values to an fsrs Card (always with an id: without one fsrs sleeps 1 ms)."""
    return Card(
        card_id=card_id,
        state=_TO_FSRS_STATE[card.state],
        step=0 if card.state == NEW else card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_as_utc(card.due, "due"),
        last_review=None if card.last_review is None else _as_utc(card.last_review, "last_review"),
    )


def _round(value: float) -> int:
    """Round half away from zero, as Anki (Rust's ``f32::round``) does; round() does not."""
    return math.floor(value + 0.5)


def _fuzz_delta(interval: float) -> float:
    """How far Anki may move an interval of `interval` days either way (0 under 2.5 days)."""
    if interval < 2.5:
        return 0.0
    return 1.0 + sum(r["factor"] * max(min(interval, r["end"]) - r["start"], 0.0)
                     for r in FUZZ_RANGES)


def _fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """Anki's ``constrained_fuzz_bounds``: the fuzz range of `interval`, kept within
    [minimum, maximum] (and two days wide when it would collapse to one day above 2)."""
    minimum = min(minimum, maximum)
    interval = min(max(interval, minimum), maximum)
    delta = _fuzz_delta(interval)
    lower = min(max(_round(interval - delta), minimum), maximum)
    upper = min(max(_round(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def _constrained_days(interval: float, minimum: int, maximum: int, unit: float | None) -> int:
    """Anki's ``with_review_fuzz``: `interval` kept within [minimum, maximum], then spread
    over its fuzz range by `unit` in [0, 1) (None: no fuzz)."""
    if unit is None:
        return min(max(_round(interval), min(minimum, maximum)), maximum)
    lower, upper = _fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + unit * (1 + upper - lower))


def _fuzz_unit(card_id: int, reps: int) -> float:
    """A uniform value in [0, 1) fixed by (card id, review count); global random is untouched."""
    # A keyed hash is the same in every process and 8x cheaper than seeding a random.Random.
    digest = hashlib.blake2b(b"%d:%d" % (card_id, reps), digest_size=8, person=b"quizfuzz")
    return (int.from_bytes(digest.digest()) >> 11) / 2.0**53  # 53 bits: never rounds up to 1.0


def _check_rating(rating: int) -> None:
    """Raise ValueError unless `rating` is AGAIN, HARD, GOOD or EASY."""
    if isinstance(rating, bool) or rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, got {rating!r}")


def _review_interval(scheduler: Scheduler, stability: float) -> float:
    """FSRS's interval in days for `stability` at the desired retention, before rounding (as
    Anki's ``next_interval``; py-fsrs rounds it at once)."""
    factor, decay = scheduler._FACTOR, scheduler._DECAY
    return float((stability / factor) * (scheduler.desired_retention ** (1 / decay) - 1))


def _review_days(
    before: str, scheduled: dict[int, Card], settings: SchedulerSettings, unit: float | None
) -> dict[int, int]:
    """Days until due for each rating that leads to REVIEW, ordered as Anki orders its buttons.

    A REVIEW card: Hard >= 1 day, Good >= Hard + 1, Easy >= Good + 1. A new, learning or
    relearning card: Easy >= the Good review interval + 1 (even while Good stays in a step).
    Each interval is fuzzed within those bounds with the same `unit`, as Anki does.
    """
    scheduler, maximum = _scheduler(settings), settings.maximum_interval

    def days(rating: int, minimum: int = 1) -> int:
        interval = _review_interval(scheduler, float(scheduled[rating].stability or 0.0))
        return _constrained_days(interval, minimum, maximum, unit)

    reviewing = [rating for rating in RATINGS if scheduled[rating].state == State.Review]
    if before == REVIEW:  # Hard (and Again without relearning steps) first: they bound Good
        found = {rating: days(rating) for rating in reviewing if rating < GOOD}
        found[GOOD] = days(GOOD, found[HARD] + 1)
        found[EASY] = days(EASY, found[GOOD] + 1)
        return found
    found = {rating: days(rating) for rating in reviewing if rating != EASY}
    good = found[GOOD] if GOOD in found else days(GOOD)
    found[EASY] = days(EASY, good + 1)
    return found


def _after(
    card: CardState, rating: int, scheduled: Card, now: datetime, days: int | None
) -> CardState:
    """The card after `rating`, due in `days` when it is a REVIEW card (else at fsrs's step)."""
    lapsed = card.state == REVIEW and rating == AGAIN
    return CardState(
        state=_FROM_FSRS_STATE[scheduled.state],
        step=scheduled.step,
        stability=scheduled.stability,
        difficulty=scheduled.difficulty,
        due=scheduled.due if days is None else now + timedelta(days=days),
        last_review=scheduled.last_review,
        reps=card.reps + 1,
        lapses=card.lapses + 1 if lapsed else card.lapses,
    )


def _outcomes(
    card_id: int, card: CardState, ratings: tuple[int, ...], now: datetime,
    settings: SchedulerSettings, duration_ms: int | None = None,
) -> dict[int, CardState]:
    """Shared body of review() and preview(): every rating is scheduled, because each button's
    interval bounds the next one's; the same seed, so both give the same answer."""
    now = _as_utc(now, "now")
    fsrs_card = _to_fsrs(card_id, card)
    scheduler = _scheduler(settings)
    scheduled = {rating: scheduler.review_card(fsrs_card, Rating(rating), now, duration_ms)[0]
                 for rating in RATINGS}
    unit = _fuzz_unit(card_id, card.reps) if settings.enable_fuzzing else None
    days = _review_days(card.state, scheduled, settings, unit)
    return {rating: _after(card, rating, scheduled[rating], now, days.get(rating))
            for rating in ratings}


def new_card(now: datetime) -> CardState:
    """Return a never-reviewed card, due at `now`."""
    return CardState(state=NEW, step=None, stability=None, difficulty=None,
                     due=_as_utc(now, "now"), last_review=None)


def review(
    card_id: int, card: CardState, rating: int, now: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS, *, duration_ms: int | None = None,
) -> CardState:
    """Return the card after rating it at `now` (reps +1; lapses +1 for a forgotten REVIEW card).

    Args:
        card_id: Stable id of the card; with `card.reps` it seeds the fuzz.
        card: The card before the review.
        rating: AGAIN, HARD, GOOD or EASY.
        now: When the answer was given (timezone-aware).
        settings: The student's scheduling options.
        duration_ms: Time spent answering, if known.

    Raises:
        ValueError: On a naive datetime, a rating outside 1..4 or a negative duration.
    """
    _check_rating(rating)
    if duration_ms is not None and duration_ms < 0:
        raise ValueError(f"duration_ms must not be negative, got {duration_ms}")
    return _outcomes(card_id, card, (rating,), now, settings, duration_ms)[rating]


def preview(
    card_id: int, card: CardState, now: datetime, settings: SchedulerSettings = DEFAULT_SETTINGS
) -> dict[int, CardState]:
    """Return what each of the four ratings would do to the card, exactly as review() would."""
    return _outcomes(card_id, card, RATINGS, now, settings)


def interval_labels(
    card_id: int, card: CardState, now: datetime, settings: SchedulerSettings = DEFAULT_SETTINGS,
    *, learn_ahead: timedelta = LEARN_AHEAD,
) -> dict[int, str]:
    """Return the next-interval label for each rating button, e.g. {1: "<1m", 4: "8d"}: like
    Anki, an interval under the learn-ahead limit is shown as "<…"."""
    now = _as_utc(now, "now")
    labels = {}
    for rating, outcome in preview(card_id, card, now, settings).items():
        label = format_interval(outcome.due - now)
        labels[rating] = f"<{label}" if outcome.due - now < learn_ahead else label
    return labels


_MINUTE, _HOUR, _DAY = 60.0, 3600.0, 86400.0
_YEAR = 365.0 * _DAY
_MONTH = _YEAR / 12.0
_UNITS = ((_MINUTE, 1.0, "s"), (_HOUR, _MINUTE, "m"), (_DAY, _HOUR, "h"),
          (_MONTH, _DAY, "d"), (_YEAR, _MONTH, "mo"), (math.inf, _YEAR, "y"))


def format_interval(delta: timedelta) -> str:
    """Format an interval like Anki's button labels: "45s", "10m", "3h", "8d", "1.5mo", "2.1y".

    Raises:
        ValueError: If `delta` is negative.
    """
    seconds = delta.total_seconds()
    if seconds < 0:
        raise ValueError(f"interval must not be negative, got {delta}")
    unit_seconds, suffix = next((size, name) for upper, size, name in _UNITS if seconds < upper)
    amount = seconds / unit_seconds
    if suffix in ("mo", "y"):  # like Anki, only months and years show a fraction
        return f"{amount:.1f}".removesuffix(".0") + suffix
    return f"{math.floor(amount + 0.5)}{suffix}"  # half up, as Anki rounds


def retrievability(
    card: CardState, now: datetime, settings: SchedulerSettings = DEFAULT_SETTINGS
) -> float:
    """Return the predicted probability (0..1) of recalling the card at `now`; 0.0 when NEW."""
    now = _as_utc(now, "now")
    if card.state == NEW:
        return 0.0
    return float(_scheduler(settings).get_card_retrievability(_to_fsrs(0, card), now))


def is_leech(card: CardState) -> bool:
    """Return True once the card has lapsed LEECH_LAPSES times or more."""
    return card.lapses >= LEECH_LAPSES


def became_leech(before: CardState, after: CardState) -> bool:
    """Return True if this review should flag the card as a leech (again).

    Like Anki: at LEECH_LAPSES lapses, then every LEECH_LAPSES // 2 lapses after that, so a leech
    the student unsuspended is flagged again if it keeps failing.
    """
    if after.lapses <= before.lapses or after.lapses < LEECH_LAPSES:
        return False
    return (after.lapses - LEECH_LAPSES) % max(LEECH_LAPSES // 2, 1) == 0


def _zone(tz: str) -> ZoneInfo:
    """Return the IANA zone named `tz`, raising ValueError for unknown or malformed names."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValueError(f"unknown time zone {tz!r}") from error


def _study_date(now: datetime, zone: ZoneInfo, rollover_hour: int) -> date:
    """Return the local calendar date on which the study day containing `now` began."""
    if not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover_hour must be 0..23, got {rollover_hour}")
    local = _as_utc(now, "now").astimezone(zone)
    if local.hour < rollover_hour:
        return local.date() - timedelta(days=1)
    return local.date()


def _day_start_utc(day: date, zone: ZoneInfo, rollover_hour: int) -> datetime:
    """Return the UTC instant of `rollover_hour` local time on `day`."""
    return datetime.combine(day, time(rollover_hour), tzinfo=zone).astimezone(UTC)


def study_day_start(now: datetime, tz: str, rollover_hour: int = 4) -> datetime:
    """Return the UTC instant when the student's current study day began (rollover_hour local)."""
    zone = _zone(tz)
    return _day_start_utc(_study_date(now, zone, rollover_hour), zone, rollover_hour)


def next_day_start(now: datetime, tz: str, rollover_hour: int = 4) -> datetime:
    """Return the UTC instant when the student's next study day begins ("bury until tomorrow")."""
    zone = _zone(tz)
    tomorrow = _study_date(now, zone, rollover_hour) + timedelta(days=1)
    return _day_start_utc(tomorrow, zone, rollover_hour)


def quiz_rating(correct: bool) -> int:
    """Map a quiz answer to a rating: wrong means AGAIN, right means GOOD."""
    return GOOD if correct else AGAIN
