"""A small bar chart of quiz scores over time, as numbers an SVG template can draw.

Pure module: the template draws bars from these coordinates; the history table next to it is
the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.charts import Bar

WIDTH, HEIGHT, PAD = 600, 180, 24
MAX_BAR = 48.0  # one or two attempts should not paint a wall


@dataclass(frozen=True)
class ScoreChart:
    """Bars in a WIDTH × HEIGHT box, plus gridline heights for 0, 50 and 100 %."""

    bars: tuple[Bar, ...]
    gridlines: tuple[tuple[int, float], ...]
    width: int = WIDTH
    height: int = HEIGHT


def score_chart(points: Sequence[tuple[str, float]]) -> ScoreChart:
    """Bars for ``(label, score between 0 and 1)`` points, oldest first."""
    plot = HEIGHT - 2 * PAD
    slot = (WIDTH - 2 * PAD) / max(len(points), 1)
    bar = min(slot * 0.7, MAX_BAR)
    bars = tuple(
        Bar(x=PAD + i * slot + (slot - bar) / 2, y=PAD + plot * (1 - _clamp(score)),
            width=bar, height=max(plot * _clamp(score), 1.0),
            label=f"{label}: {round(_clamp(score) * 100)}%")
        for i, (label, score) in enumerate(points)
    )
    gridlines = tuple((pct, PAD + plot * (1 - pct / 100)) for pct in (0, 50, 100))
    return ScoreChart(bars=bars, gridlines=gridlines)


def _clamp(score: float) -> float:
    return min(max(score, 0.0), 1.0)
