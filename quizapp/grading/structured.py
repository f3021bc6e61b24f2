"""Answers picked from fixed options: multiple choice, true/false, ordering and matching."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from quizapp.grading.outcome import Grade, clean_option, describe, not_right

_TRUE_WORDS = frozenset({"true", "t", "yes", "1"})
_FALSE_WORDS = frozenset({"false", "f", "no", "0"})


def grade_choice(given: str, answer: str) -> Grade:
    """Grade a multiple-choice answer by the exact text of the chosen option."""
    if not given.strip():
        return not_right("empty", answer)
    if clean_option(given) == clean_option(answer):
        return Grade(True, 1.0, "exact", "Correct.", answer)
    return not_right("wrong", answer)


def grade_true_false(given: bool | str | None, answer: bool) -> Grade:
    """Grade a true/false answer given as a bool or as form text ("true", "false", "t", "f")."""
    if given is None or (isinstance(given, str) and not given.strip()):
        return not_right("empty", answer)
    if isinstance(given, str):
        word = given.strip().casefold()
        if word not in _TRUE_WORDS | _FALSE_WORDS:
            return not_right("invalid", answer)
        given = word in _TRUE_WORDS
    if given == answer:
        return Grade(True, 1.0, "exact", "Correct.", describe(answer))
    return Grade(False, 0.0, "wrong", f"Not right — the statement is {describe(answer)}.")


def grade_ordering(given: Sequence[str], answer: Sequence[str]) -> Grade:
    """Grade an ordering; partial credit is the share of item pairs in the right relative order.

    Args:
        given: The student's order; it must hold exactly the answer's items.
        answer: The right order.

    Returns:
        A grade that is correct only for the right order; a list that is not a rearrangement
        of the answer's items is graded ``invalid`` with no credit.

    Raises:
        ValueError: If ``answer`` is empty.
    """
    if not answer:
        raise ValueError("an ordering answer needs at least one item")
    if not given:
        return not_right("empty", list(answer))
    positions = _positions_in(given, answer)
    if positions is None:
        return not_right("invalid", list(answer))
    pairs = [(i, j) for i in range(len(positions)) for j in range(i + 1, len(positions))]
    right_pairs = sum(1 for i, j in pairs if positions[i] < positions[j])
    score = right_pairs / len(pairs) if pairs else 1.0
    detail = f"{right_pairs} of {len(pairs)} pairs in the right order"
    return _partial_grade(score, detail, list(answer))


def _positions_in(given: Sequence[str], answer: Sequence[str]) -> list[int] | None:
    """Where each answer item sits in ``given``, or None unless ``given`` rearranges ``answer``."""
    slots: dict[str, list[int]] = {}
    for index, item in enumerate(given):
        slots.setdefault(clean_option(item), []).append(index)
    positions: list[int] = []
    for item in answer:
        free = slots.get(clean_option(item))
        if not free:
            return None
        positions.append(free.pop(0))
    return positions if len(positions) == len(given) else None


def grade_matching(given: Mapping[str, str], answer: Mapping[str, str]) -> Grade:
    """Grade a matching question; partial credit is the share of left items matched rightly.

    Raises:
        ValueError: If ``answer`` is empty.
    """
    if not answer:
        raise ValueError("a matching answer needs at least one pair")
    # Left items are keys the page itself sent, so they must match exactly.
    chosen = {left: clean_option(right) for left, right in given.items()}
    if not any(chosen.values()):
        return not_right("empty", answer)
    right_pairs = sum(
        1 for left, right in answer.items() if chosen.get(left) == clean_option(right)
    )
    detail = f"{right_pairs} of {len(answer)} pairs matched"
    return _partial_grade(right_pairs / len(answer), detail, answer)


def _partial_grade(score: float, detail: str, answer: object) -> Grade:
    if score == 1.0:
        return Grade(True, 1.0, "exact", "Correct.")
    if score == 0.0:
        return not_right("wrong", answer)
    message = f"Partly right: {detail}. The answer is {describe(answer)}."
    return Grade(False, score, "partial", message)
