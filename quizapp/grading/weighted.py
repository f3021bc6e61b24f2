"""Moodle-style credit: multiple response by weights, partly right options and typed answers,
numbers within tolerances or ranges, and the feedback written for the answer given."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from quizapp.bank.schema import OTHER_ANSWER, NumericRange
from quizapp.grading.outcome import Grade, clean_option, describe, not_right

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?$")


def response_weights(choices: Sequence[str], right: Sequence[str],
                     weights: Mapping[str, float]) -> dict[str, float]:
    """Each choice's percent: the given weights, else right choices share 100 and each wrong
    one takes back as much as one right choice gives (so ticking everything earns nothing)."""
    if weights:
        return {c: float(weights.get(c, 0.0)) for c in choices}
    share = 100.0 / len(right) if right else 0.0
    return {c: share if c in right else -share for c in choices}


def grade_response(given: Sequence[str], choices: Sequence[str], right: Sequence[str],
                   weights: Mapping[str, float]) -> Grade:
    """Grade a multiple-response answer as Moodle does: the sum of the chosen choices'
    weights, clamped to 0–100%."""
    if not given:
        return not_right("empty", list(right))
    table = {clean_option(c): w for c, w in response_weights(choices, right, weights).items()}
    total = sum(table.get(clean_option(g), 0.0) for g in set(given))
    score = min(max(total, 0.0), 100.0) / 100.0
    if score >= 1.0 - 1e-9:
        return Grade(True, 1.0, "exact", "Correct.")
    if score <= 0.0:
        return not_right("wrong", list(right))
    message = f"Partly right ({round(score * 100)}%). The right choices are {describe(right)}."
    return Grade(False, score, "partial", message)


def with_weight(result: Grade, weights: Mapping[str, float], answer: object) -> Grade:
    """A grade that matched a partly right option or answer, given that option's credit."""
    if result.matched is None or result.matched not in weights:
        return result
    score = min(max(weights[result.matched], 0.0), 100.0) / 100.0
    if score >= 1.0:
        return result
    if score <= 0.0:
        return not_right("wrong", answer)
    message = f"Partly right ({round(score * 100)}%) — the best answer is {describe(answer)}."
    return Grade(False, score, "partial", message, result.matched)


def grade_number(given: str, ranges: Sequence[NumericRange], answer: str) -> Grade:
    """Grade a typed number: the first range holding it gives its credit (as Moodle does)."""
    if not given.strip():
        return not_right("empty", answer)
    value = parse_number(given)
    if value is None:
        return Grade(False, 0.0, "invalid", f"Not a number — the answer is {answer}.")
    for numbers in ranges:
        if Decimal(numbers.low) <= value <= Decimal(numbers.high):
            graded = Grade(True, 1.0, "exact", "Correct.", numbers.label)
            return with_weight(graded, {numbers.label: numbers.percent}, answer)
    return not_right("wrong", answer)


def parse_number(text: str) -> Decimal | None:
    """A typed number (``3.14``, ``3,14``, ``70,000``, ``70 000``), or None."""
    plain = text.strip()
    if _GROUPED.match(plain):
        plain = plain.replace(",", "").replace(" ", "")
    elif plain.count(",") == 1 and "." not in plain:
        plain = plain.replace(",", ".")
    if not _NUMBER.match(plain) or len(plain) > 60:
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def answer_feedback(question_type: str, feedback: Mapping[str, str], given: object,
                    matched: str | None) -> list[str]:
    """The feedback the instructor wrote for this answer (per chosen option, or for the typed
    answer that matched, or for any other answer), in the order of the options chosen."""
    if not feedback or given is None:
        return []
    if question_type == "true_false" and isinstance(given, bool):
        keys = ["true" if given else "false"]
    elif question_type == "multiple_response" and isinstance(given, list):
        keys = [str(g) for g in given]
    elif question_type == "multiple_choice":
        keys = [str(given)]
    elif question_type in ("short_answer", "cloze") and str(given).strip():
        keys = [matched if matched and matched in feedback else OTHER_ANSWER]
    else:
        keys = []
    return [feedback[k] for k in keys if k in feedback and feedback[k]]
