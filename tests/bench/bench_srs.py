"""Benchmark quizapp.srs against bare fsrs: prints reviews per second (not part of the test suite).

Run: cd /work/main && PYTHONPATH=. /work/venv/bin/python tests/bench/bench_srs.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import fsrs

from quizapp import srs

NOW = datetime(2025, 1, 6, 12, tzinfo=UTC)
CALLS = 5_000
ROUNDS = 5


def _review_card() -> srs.CardState:
    """A REVIEW card 11 days old, so fuzz applies to its next interval."""
    settings = srs.SchedulerSettings(enable_fuzzing=False)
    card = srs.review(1, srs.new_card(NOW), srs.GOOD, NOW, settings)
    card = srs.review(1, card, srs.GOOD, card.due, settings)
    return srs.review(1, card, srs.GOOD, card.due, settings)


def _rate(action: Callable[[int], object]) -> float:
    """Median calls per second of `action(i)` over ROUNDS rounds of CALLS calls."""
    rates = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for i in range(CALLS):
            action(i)
        rates.append(CALLS / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    """Measure srs.review / preview / interval_labels next to bare fsrs.review_card."""
    card = _review_card()
    when = card.due + timedelta(hours=1)
    scheduler = fsrs.Scheduler()
    bare = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=card.stability,
                     difficulty=card.difficulty, due=card.due, last_review=card.last_review)
    settings = srs.SchedulerSettings()
    figures = {
        "fsrs.review_card (bare, fuzz on)": _rate(
            lambda i: scheduler.review_card(bare, fsrs.Rating.Good, when)),
        "srs.review (fuzz on)": _rate(
            lambda i: srs.review(i, card, srs.GOOD, when, settings)),
        "srs.preview (4 ratings)": _rate(lambda i: srs.preview(i, card, when, settings)),
        "srs.interval_labels (4 ratings)": _rate(
            lambda i: srs.interval_labels(i, card, when, settings)),
        "srs.retrievability": _rate(lambda i: srs.retrievability(card, when, settings)),
        "srs.study_day_start": _rate(lambda i: srs.study_day_start(when, "America/Lima")),
    }
    baseline = figures["fsrs.review_card (bare, fuzz on)"]
    print(f"median of {ROUNDS} rounds x {CALLS} calls")
    for name, rate in figures.items():
        print(f"{name:36s} {rate:>10,.0f} /s   {rate / baseline:5.2f} x bare fsrs")


if __name__ == "__main__":
    main()
