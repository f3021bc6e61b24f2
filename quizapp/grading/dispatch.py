"""One entry point for the quiz views: grade any question type, never raise on bad input."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from quizapp.bank.schema import NumericRange
from quizapp.grading.outcome import Grade, clean_option, not_right
from quizapp.grading.structured import (
    grade_choice,
    grade_matching,
    grade_ordering,
    grade_true_false,
)
from quizapp.grading.text import grade_text
from quizapp.grading.weighted import grade_number, grade_response, with_weight

_T = TypeVar("_T")


@dataclass(frozen=True)
class Rules:
    """What a question adds to its answer for grading (all optional)."""

    accept: Sequence[str] = ()
    others: Sequence[str] = ()
    choices: Sequence[str] = ()
    weights: Mapping[str, float] = field(default_factory=dict)
    numeric: Sequence[NumericRange] = ()


_Grader = Callable[[object, object, Rules], Grade]


def grade(
    question_type: str,
    answer: object,
    given: object,
    *,
    accept: Sequence[str] = (),
    others: Sequence[str] = (),
    choices: Sequence[str] = (),
    weights: Mapping[str, float] | None = None,
    numeric: Sequence[NumericRange] = (),
) -> Grade:
    """Grade ``given`` for a question of any type.

    Args:
        question_type: multiple_choice, multiple_response, true_false, short_answer, cloze,
            ordering or matching.
        answer: The bank's answer: str, bool (true_false), list (ordering, the right choices
            of multiple_response) or dict (matching).
        given: What the student submitted; None or blank is an empty (wrong) answer, and a value
            of the wrong Python type is a wrong answer with reason ``invalid``, never an error.
        accept: Accepted aliases (typed types only).
        others: Rival entities for the near-miss guard (typed types only).
        choices: The options (multiple_response).
        weights: Percent credit per option or accepted answer (Moodle's ``%50%``).
        numeric: Number ranges that earn credit (a typed answer is then graded as a number).

    Returns:
        The grade.

    Raises:
        ValueError: If the question type is unknown or ``answer`` does not fit it (a bank bug).
    """
    grader = _GRADERS.get(question_type)
    if grader is None:
        raise ValueError(f"unknown question type {question_type!r}")
    return grader(answer, given, Rules(accept, others, choices, weights or {}, numeric))


def _grade_typed(answer: object, given: object, rules: Rules) -> Grade:
    expected = _require(answer, str)
    text = _as_text(given)
    if text is None:
        return not_right("invalid", expected)
    if rules.numeric:
        return grade_number(text, rules.numeric, expected)
    result = grade_text(text, expected, rules.accept, others=rules.others)
    return with_weight(result, rules.weights, expected)


def _grade_choice(answer: object, given: object, rules: Rules) -> Grade:
    expected = _require(answer, str)
    text = _as_text(given)
    if text is None:
        return not_right("invalid", expected)
    weighted = {clean_option(option): option for option in rules.weights}
    option = weighted.get(clean_option(text))
    if option is not None and clean_option(option) != clean_option(expected):
        picked = Grade(True, 1.0, "exact", "Correct.", option)
        return with_weight(picked, rules.weights, expected)
    return grade_choice(text, expected)


def _grade_response(answer: object, given: object, rules: Rules) -> Grade:
    right = _as_items(answer)
    if not right:
        raise ValueError("a multiple_response answer must be a non-empty list of choices")
    picked = _as_items(given)
    if picked is None:
        return not_right("invalid", right)
    return grade_response(picked, rules.choices or right, right, rules.weights)


def _grade_truth(answer: object, given: object, _rules: Rules) -> Grade:
    expected = _require(answer, bool)
    if given is not None and not isinstance(given, bool | str):
        return not_right("invalid", expected)
    return grade_true_false(given, expected)


def _grade_order(answer: object, given: object, _rules: Rules) -> Grade:
    expected = _as_items(answer)
    if not expected:
        raise ValueError("an ordering answer must be a non-empty list of text items")
    items = _as_items(given)
    return not_right("invalid", expected) if items is None else grade_ordering(items, expected)


def _grade_match(answer: object, given: object, _rules: Rules) -> Grade:
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
    "multiple_response": _grade_response,
    "true_false": _grade_truth,
    "short_answer": _grade_typed,
    "cloze": _grade_typed,
    "ordering": _grade_order,
    "matching": _grade_match,
}
