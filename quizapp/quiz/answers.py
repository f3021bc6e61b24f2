"""Read a submitted answer form into the value the grader expects, refusing tampered input.

Pure module. An empty or missing answer is not an error (it is graded as a wrong answer), but a
value the page could never have sent (an option that is not one of the question's choices, an
ordering with foreign items, a position out of range) raises :class:`TamperedAnswer`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from quizapp.grading.outcome import clean_option

MAX_TYPED_LENGTH = 500


class FormData(Protocol):
    """The part of a multi-valued form mapping (werkzeug's MultiDict) that is read here."""

    def get(self, key: str) -> str | None:
        """The first value of ``key``, if any."""

    def getlist(self, key: str) -> list[str]:
        """Every value of ``key``, in the order submitted."""


class TamperedAnswer(ValueError):
    """The form holds a value the question page never offered."""


def parse_given(qtype: str, answer: object, choices: Sequence[str], form: FormData) -> object:
    """The student's answer as plain data: text, bool, an ordered list or left → right pairs.

    Args:
        qtype: The question type.
        answer: The question's answer (the allowed items of ordering and matching come from it).
        choices: The question's options (multiple choice and multiple response), or the
            distractors of a matching question (right-hand items that match no left item).
        form: The submitted form.

    Returns:
        None for an empty choice, else the value to grade and to store.

    Raises:
        TamperedAnswer: If the form holds a value that was never offered.
    """
    if qtype == "multiple_choice":
        return _choice(form.get("choice"), choices)
    if qtype == "multiple_response":
        return _ticked(form.getlist("choice"), choices)
    if qtype == "true_false":
        return _truth(form.get("truth"))
    if qtype == "ordering":
        return _ordering(form.getlist("item"), form.getlist("position"), _text_items(answer))
    if qtype == "matching":
        return _matching(form.getlist("left"), form.getlist("right"), _pairs(answer), choices)
    text = form.get("text") or ""
    if len(text) > MAX_TYPED_LENGTH:
        raise TamperedAnswer("typed answer too long")
    return text


def parse_place(form: FormData, offered: Sequence[str]) -> str | None:
    """The id of the place picked on a "where is it?" map (None when none was picked).

    The page posts the marker's number (1 = the first offered place), never a place's name or
    id: the markers are unnamed until the answer is given.

    Raises:
        TamperedAnswer: If the value is not the number of one of the markers.
    """
    value = form.get("place")
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= len(offered):
        raise TamperedAnswer("not one of the markers on the map")
    return offered[int(value) - 1]


def _choice(value: str | None, choices: Sequence[str]) -> str | None:
    if not value:
        return None
    if clean_option(value) not in {clean_option(c) for c in choices}:
        raise TamperedAnswer("not one of the question's choices")
    return value


def _ticked(values: list[str], choices: Sequence[str]) -> list[str] | None:
    """The ticked boxes, in the question's own order of choices (None when none is ticked)."""
    ticked = {clean_option(v) for v in values if v}
    if not ticked:
        return None
    if not ticked <= {clean_option(c) for c in choices}:
        raise TamperedAnswer("not one of the question's choices")
    return [c for c in choices if clean_option(c) in ticked]


def _truth(value: str | None) -> bool | None:
    if not value:
        return None
    if value not in ("true", "false"):
        raise TamperedAnswer("true/false answer must be 'true' or 'false'")
    return value == "true"


def _ordering(items: list[str], positions: list[str], answer: list[str]) -> list[str] | None:
    if not items and not positions:
        return None
    if sorted(map(clean_option, items)) != sorted(map(clean_option, answer)):
        raise TamperedAnswer("ordering items differ from the question's items")
    if len(positions) != len(items):
        raise TamperedAnswer("one position per item is needed")
    numbers = [_position(p, len(items)) for p in positions]
    # Without JavaScript two items may share a number: the one listed first stays first.
    ranked = sorted(zip(numbers, range(len(items)), items, strict=True))
    return [item for _, _, item in ranked]


def _position(value: str, size: int) -> int:
    if not value.isdigit() or not 1 <= int(value) <= size:
        raise TamperedAnswer("position out of range")
    return int(value)


def _matching(lefts: list[str], rights: list[str], answer: Mapping[str, str],
              distractors: Sequence[str]) -> dict[str, str]:
    """Left → picked right item; a distractor is a pick like any other (graded wrong)."""
    if len(lefts) != len(rights) or len(set(lefts)) != len(lefts):
        raise TamperedAnswer("one choice per left item is needed")
    if not set(lefts) <= set(answer):
        raise TamperedAnswer("unknown left item")
    offered = {clean_option(r) for r in (*answer.values(), *distractors)}
    if any(r and clean_option(r) not in offered for r in rights):
        raise TamperedAnswer("not one of the offered right items")
    return {left: right for left, right in zip(lefts, rights, strict=True) if right}


def _text_items(answer: object) -> list[str]:
    return [str(item) for item in answer] if isinstance(answer, list) else []


def _pairs(answer: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in answer.items()} if isinstance(answer, Mapping) else {}
