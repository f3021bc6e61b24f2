"""The progress page's day charts: bars scaled to the busiest day, every day labelled."""

from __future__ import annotations

import pytest

from quizapp.charts import HEIGHT, TOP_MARGIN, WIDTH, day_chart, days_ago_labels, days_ahead_labels


def test_the_busiest_day_fills_the_chart_and_an_empty_day_has_no_bar() -> None:
    chart = day_chart("Answers", [0, 5, 10], ["2 d ago", "1 d ago", "today"])
    heights = [bar.height for bar in chart.bars]
    assert heights == [0.0, (HEIGHT - TOP_MARGIN) / 2, HEIGHT - TOP_MARGIN]
    assert all(bar.y + bar.height == HEIGHT for bar in chart.bars)  # bars stand on the axis
    assert chart.bars[-1].x + chart.bars[-1].width < WIDTH
    assert (chart.peak, chart.total) == (10, 15)


def test_every_day_is_readable_as_text() -> None:
    chart = day_chart("Due", [3, 0], days_ahead_labels(2), unit=" cards")
    assert chart.description == "today: 3 cards; in 1 d: 0 cards"
    assert (chart.first_label, chart.last_label) == ("today", "in 1 d")


def test_labels_count_days_from_today() -> None:
    assert days_ahead_labels(3) == ["today", "in 1 d", "in 2 d"]
    assert days_ago_labels(3) == ["2 d ago", "1 d ago", "today"]


def test_no_answers_at_all_draws_flat_bars() -> None:
    chart = day_chart("Answers", [0] * 30, days_ago_labels(30))
    assert {bar.height for bar in chart.bars} == {0.0} and chart.peak == 0


def test_values_and_labels_must_pair_up() -> None:
    with pytest.raises(ValueError, match="one label per value"):
        day_chart("Answers", [1, 2], ["today"])
