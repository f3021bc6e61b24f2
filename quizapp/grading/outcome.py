"""The result of grading one answer, and the message helpers every grader shares."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one answer.

    Attributes:
        correct: Whether the answer counts as right (partial types: only a full score).
        score: Credit between 0.0 and 1.0 (partial credit for ordering and matching).
        reason: Machine code: exact, alias, typo, near_miss_other_entity, partial, wrong,
            empty or invalid.
        message: Plain-English explanation for the student, quoting the right answer.
        matched: The answer or accepted alias that matched, if any.
    """

    correct: bool
    score: float
    reason: str
    message: str
    matched: str | None = None


def not_right(reason: str, answer: object) -> Grade:
    """A no-credit grade (wrong, empty or invalid) that tells the student the right answer."""
    lead = {"empty": "No answer given", "invalid": "Answer not understood"}.get(reason, "Not right")
    return Grade(False, 0.0, reason, f"{lead} — the answer is {describe(answer)}.")


def describe(answer: object) -> str:
    """Render any type of answer for a student: text, true/false, an order or pairs."""
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, Mapping):
        return "; ".join(f"{left} → {right}" for left, right in answer.items())
    if isinstance(answer, list | tuple):
        return " → ".join(str(item) for item in answer)
    return str(answer).strip()


def clean_option(text: str) -> str:
    """Option text as a form submits it, compared exactly: NFC, trimmed, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())
