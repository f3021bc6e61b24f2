"""The shared template components render what they show."""

from __future__ import annotations

from flask import Flask, render_template_string

RING = '{% from "macros.html" import progress_ring %}{{ progress_ring(done, total, "Learned") }}'


def test_a_progress_ring_draws_its_share_and_no_dot_at_zero(app: Flask) -> None:
    with app.test_request_context():
        half = render_template_string(RING, done=1, total=2)
        none = render_template_string(RING, done=0, total=2)
        empty = render_template_string(RING, done=0, total=0)
    assert 'stroke-dasharray="50 100"' in half and 'aria-label="Learned: 50%"' in half
    assert "progress-ring-arc" not in none and ">0%<" in none  # a round cap would show a dot
    assert "progress-ring-arc" not in empty
