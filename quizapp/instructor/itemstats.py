"""Item statistics as in Moodle's quiz statistics report (pure: no flask, no sqlalchemy).

* Facility index: mean mark ÷ maximum mark (the share of the item answered correctly).
* Discrimination index: 100 × the Pearson correlation between the item's mark and the
  rest-of-test mark (the attempt's total minus this item) over attempts.
* Option frequencies: how often each option was chosen (which distractor attracts answers).

The statistics are computed from running sums, so a database can aggregate them (one row per
item) and this module finishes the arithmetic; :func:`item_statistics` builds the sums from raw
responses for callers that have them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

TOO_EASY = 0.9
TOO_HARD = 0.2
#: Below this many answers a question raises no flag: one student's slip is not a broken item.
MIN_ATTEMPTS = 5


@dataclass(frozen=True)
class Response:
    """One item's mark in one attempt (``option`` is the choice picked, when there are choices)."""

    attempt_id: int
    question_id: int
    mark: float
    option: str | None = None


@dataclass(frozen=True)
class ItemSums:
    """Running sums over attempts of x = item mark and y = rest-of-test mark."""

    n: int = 0
    sum_x: float = 0.0
    sum_xx: float = 0.0
    sum_y: float = 0.0
    sum_yy: float = 0.0
    sum_xy: float = 0.0

    def add(self, x: float, y: float) -> ItemSums:
        """These sums with one more attempt."""
        return ItemSums(self.n + 1, self.sum_x + x, self.sum_xx + x * x, self.sum_y + y,
                        self.sum_yy + y * y, self.sum_xy + x * y)


@dataclass(frozen=True)
class ItemStats:
    """Statistics of one item.

    Attributes:
        question_id: The item.
        attempts: How many attempts answered it.
        facility: Share of the maximum mark obtained (0–1), None without attempts.
        discrimination: 100 × Pearson(item, rest of test); None when either side has no spread.
        options: How many times each option was chosen.
        correct: The options that are right (empty when the item has no options).
    """

    question_id: int
    attempts: int
    facility: float | None
    discrimination: float | None
    options: Mapping[str, int] = field(default_factory=dict)
    correct: frozenset[str] = frozenset()

    @property
    def flags(self) -> tuple[str, ...]:
        """``too easy`` (> 0.9), ``too hard`` (< 0.2), ``negative discrimination``, ``distractor
        pulls`` (a wrong option chosen more often than the right one); none below
        :data:`MIN_ATTEMPTS` answers."""
        if self.attempts < MIN_ATTEMPTS:
            return ()
        found: list[str] = []
        if self.facility is not None and self.facility > TOO_EASY:
            found.append("too easy")
        if self.facility is not None and self.facility < TOO_HARD:
            found.append("too hard")
        if self.discrimination is not None and self.discrimination < 0:
            found.append("negative discrimination")
        if self.distractor_pulls:
            found.append("distractor pulls")
        return tuple(found)

    @property
    def distractor_pulls(self) -> bool:
        """True when a wrong option was chosen more often than every right one."""
        if not self.correct or not self.options:
            return False
        right = max(self.options.get(choice, 0) for choice in self.correct)
        return any(n > right for choice, n in self.options.items() if choice not in self.correct)


def pearson(sums: ItemSums) -> float | None:
    """The Pearson correlation of x and y, or None when there are < 2 attempts or no spread."""
    if sums.n < 2:
        return None
    covariance = sums.n * sums.sum_xy - sums.sum_x * sums.sum_y
    var_x = sums.n * sums.sum_xx - sums.sum_x**2
    var_y = sums.n * sums.sum_yy - sums.sum_y**2
    # Tiny negative variances are float noise around zero: no spread.
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return covariance / math.sqrt(var_x * var_y)


def stats_from_sums(question_id: int, sums: ItemSums, *, max_mark: float = 1.0,
                    options: Mapping[str, int] | None = None,
                    correct: Iterable[str] = ()) -> ItemStats:
    """Facility and discrimination of an item from its sums (``correct``: its right options)."""
    if max_mark <= 0:
        raise ValueError("max_mark must be positive")
    facility = sums.sum_x / sums.n / max_mark if sums.n else None
    r = pearson(sums)
    return ItemStats(question_id, sums.n, facility, None if r is None else 100 * r,
                     dict(options or {}), frozenset(correct))


def item_statistics(responses: Iterable[Response], *,
                    max_mark: float = 1.0) -> dict[int, ItemStats]:
    """Statistics of every item in a list of responses, keyed by question id."""
    responses = list(responses)
    totals: dict[int, float] = {}
    for r in responses:
        totals[r.attempt_id] = totals.get(r.attempt_id, 0.0) + r.mark
    sums: dict[int, ItemSums] = {}
    options: dict[int, Counter[str]] = {}
    for r in responses:
        sums[r.question_id] = sums.get(r.question_id, ItemSums()).add(
            r.mark, totals[r.attempt_id] - r.mark)
        if r.option is not None:
            options.setdefault(r.question_id, Counter())[r.option] += 1
    return {
        qid: stats_from_sums(qid, s, max_mark=max_mark, options=options.get(qid))
        for qid, s in sums.items()
    }
