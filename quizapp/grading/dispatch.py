"""One entry point for the quiz views: grade any question type, never raise on bad input."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from quizapp.grading.outcome import Grade, not_right
from quizapp.grading.structured import (
    grade_choice,
    grade_matching,
    grade_ordering,
    grade_true_false,
)
from quizapp.grading.text import grade_text

_T = TypeVar("_T")
_Grader = Callable[[object, object, Sequence[str], Sequence[str]], Grade]


def grade(
    question_type: str,
    answer: object,
    given: object,
    *,
    accept: Sequence[str] = (),
    others: Sequence[str] = (),
) -> Grade:
    """Grade ``given`` for a question of any of the six types.

    Args:
        question_type: multiple_choice, true_false, short_answer, cloze, ordering or matching.
        answer: The bank's answer: str, bool (true_false), list (ordering) or dict (matching).
        given: What the student submitted; None or blank is an empty (wrong) answer, and a value
            of the wrong Python type is a wrong answer with reason ``invalid``, never an error.
        accept: Accepted aliases (typed types only).
        others: Rival entities for the near-miss guard (typed types only).

    Returns:
        The grade.

    Raises:
        ValueError: If the question type is unknown or ``answer`` does not fit it (a bank bug).
    """
    grader = _GRADERS.get(question_type)
    if grader is None:
        raise ValueError(f"unknown question type {question_type!r}")
    return grader(answer, given, accept, others)


def _grade_typed(
    answer: object, given: object, accept: Sequence[str], others: Sequence[str]
) -> Grade:
    expected = _require(answer, str)
    text = _as_text(given)
    if text is None:
        return not_right("invalid", expected)
    return grade_text(text, expected, accept, others=others)


def _grade_choice(answer: object, given: object, _a: Sequence[str], _o: Sequence[str]) -> Grade:
    expected = _require(answer, str)
    text = _as_text(given)
    return not_right("invalid", expected) if text is None else grade_choice(text, expected)


def _grade_truth(answer: object, given: object, _a: Sequence[str], _o: Sequence[str]) -> Grade:
    expected = _require(answer, bool)
    if given is not None and not isinstance(given, bool | str):
        return not_right("invalid", expected)
    return grade_true_false(given, expected)


def _grade_order(answer: object, given: object, _a: Sequence[str], _o: Sequence[str]) -> Grade:
    expected = _as_items(answer)
    if not expected:
        raise ValueError("an ordering answer must be a non-empty list of text items")
    items = _as_items(given)
    return not_right("invalid", expected) if items is None else grade_ordering(items, expected)


def _grade_match(answer: object, given: object, _a: Sequence[str], _o: Sequence[str]) -> Grade:
    expected = _as_pairs(answer)
    if not expected:
        raise ValueError("a matching answer must be a non-empty mapping of text to text")
    pairs = _as_pairs(given)
    return not_right("invalid", expected) if pairs is None else grade_matching(pairs, expected)


def _require(value: object, kind: type[_T]) -> _T:
    if not isinstance(value, kind):
        raise ValueError(f"expected a {kind.__name__} answer, got {type(value).__name__}")
    return value


def _as_text(value: object) -> str | None:
    if value is None:
        return ""
    return value if isinstance(value, str) else None


def _as_items(value: object) -> list[str] | None:
    if value is None:
        return []
    # A bare string is a Sequence[str] too, but never an ordering.
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def _as_pairs(value: object) -> dict[str, str] | None:
    if value is None:
        return {}
    if isinstance(value, Mapping) and all(
        isinstance(left, str) and isinstance(right, str) for left, right in value.items()
    ):
        return dict(value)
    return None


_GRADERS: dict[str, _Grader] = {
    "multiple_choice": _grade_choice,
    "true_false": _grade_truth,
    "short_answer": _grade_typed,
    "cloze": _grade_typed,
    "ordering": _grade_order,
    "matching": _grade_match,
}
