"""Bar charts as numbers an SVG template draws: day by day (reviews due, answers given) here.

Pure module: the geometry is computed here once, so the template only writes it out; every bar
carries its label, and the chart a text description, for screen readers and tooltips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 600, 160
TOP_MARGIN = 10


@dataclass(frozen=True)
class Bar:
    """One bar, in SVG user units, and what it reads as (to screen readers, in tooltips)."""

    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class DayChart:
    """Bars in a WIDTH × HEIGHT box (plus room for the first and last day's labels)."""

    title: str
    bars: tuple[Bar, ...]
    first_label: str
    last_label: str
    peak: int
    total: int
    unit: str = ""
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def description(self) -> str:
        """Every day's value as text: the chart's accessible description."""
        return "; ".join(bar.label for bar in self.bars)


def day_chart(title: str, values: Sequence[int], labels: Sequence[str], unit: str = ""
              ) -> DayChart:
    """A bar per value, scaled to the largest; ``labels`` name the days."""
    if len(labels) != len(values):
        raise ValueError("one label per value")
    peak = max(values, default=0)
    slot = WIDTH / max(len(values), 1)
    bars = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        height = value / max(peak, 1) * (HEIGHT - TOP_MARGIN)
        bars.append(Bar(x=round(i * slot + 1, 1), y=round(HEIGHT - height, 1),
                           width=round(slot - 2, 1), height=round(height, 1),
                           label=f"{label}: {value}{unit}"))
    return DayChart(title=title, bars=tuple(bars), first_label=labels[0] if labels else "",
                    last_label=labels[-1] if labels else "", peak=peak, total=sum(values),
                    unit=unit)


def days_ahead_labels(days: int) -> list[str]:
    """'today', 'in 1 d', 'in 2 d', …"""
    return ["today" if i == 0 else f"in {i} d" for i in range(days)]


def days_ago_labels(days: int) -> list[str]:
    """…, '2 d ago', '1 d ago', 'today' (oldest first)."""
    return [f"{days - 1 - i} d ago" if i < days - 1 else "today" for i in range(days)]
