"""The editor's text form of a question's Moodle details: partial credit, per-answer feedback
and numeric ranges, one per line, so an instructor sees and keeps what an import brought.

Pure (no flask): each ``parse_*`` raises :class:`ValueError` naming the line at fault, and each
``format_*`` writes what its parser reads back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from quizapp.bank.schema import NumericRange

FEEDBACK_ARROW = "->"
RANGE_DOTS = ".."


def _lines(text: str | None) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), 1)
            if line.strip()]


def _percent(text: str, number: int) -> float:
    try:
        value = float(Decimal(text.strip().rstrip("%").strip()))
    except (InvalidOperation, ValueError):
        raise ValueError(f"Line {number}: {text.strip()!r} is not a percentage.") from None
    return value


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def parse_weights(text: str | None) -> dict[str, float]:
    """``answer = percent`` lines (the last ``=`` splits) as ``{answer: percent}``."""
    weights: dict[str, float] = {}
    for number, line in _lines(text):
        answer, equals, percent = line.rpartition("=")
        if not equals or not answer.strip():
            raise ValueError(f"Line {number} is not written as: answer = percent.")
        weights[answer.strip()] = _percent(percent, number)
    return weights


def format_weights(weights: Mapping[str, float]) -> str:
    """The weights as :func:`parse_weights` reads them."""
    return "\n".join(f"{answer} = {_plain(w)}" for answer, w in weights.items())


def parse_feedback(text: str | None) -> dict[str, str]:
    """``answer -> text`` lines (the first arrow splits) as ``{answer: text}``."""
    feedback: dict[str, str] = {}
    for number, line in _lines(text):
        answer, arrow, message = line.partition(FEEDBACK_ARROW)
        if not arrow or not answer.strip() or not message.strip():
            raise ValueError(f"Line {number} is not written as: answer -> feedback.")
        feedback[answer.strip()] = message.strip()
    return feedback


def format_feedback(feedback: Mapping[str, str]) -> str:
    """The feedback as :func:`parse_feedback` reads it (line breaks inside become spaces)."""
    return "\n".join(f"{answer} {FEEDBACK_ARROW} {' '.join(message.split())}"
                     for answer, message in feedback.items())


def _decimal(text: str, number: int) -> str:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        value = Decimal("nan")
    if not value.is_finite():
        raise ValueError(f"Line {number}: {text.strip()!r} is not a number.")
    return text.strip()


def parse_numeric(text: str | None) -> tuple[NumericRange, ...]:
    """``low..high = percent`` (or ``number = percent``; ``= percent`` optional, 100) lines."""
    ranges: list[NumericRange] = []
    for number, line in _lines(text):
        span, equals, percent = line.rpartition("=")
        if not equals:
            span, percent = line, "100"
        low, dots, high = span.partition(RANGE_DOTS)
        low = _decimal(low, number)
        high = _decimal(high, number) if dots else low
        if Decimal(low) > Decimal(high):
            raise ValueError(f"Line {number}: the range must go from low to high.")
        credit = _percent(percent, number)
        if not 0 <= credit <= 100:
            raise ValueError(f"Line {number}: the credit must be from 0 to 100.")
        ranges.append(NumericRange(low, high, credit))
    return tuple(ranges)


def format_numeric(ranges: Sequence[NumericRange]) -> str:
    """The ranges as :func:`parse_numeric` reads them."""
    return "\n".join(f"{r.label} = {_plain(r.percent)}" for r in ranges)


_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def prompt_html_after_edit(previous_html: str, previous_text: str, text: str) -> str:
    """The rich prompt to keep when the editor saves ``text``: the imported one while the text
    is unchanged; once it changes, the new text with the images the old one showed (they are
    the question's own, already sanitized), so that correcting a typo loses no picture."""
    if text == previous_text:
        return previous_html
    images = _IMAGE_TAG.findall(previous_html)
    return f"<p>{html.escape(text)}</p>{''.join(images)}" if images else ""
