"""The student's answer beside the right one, item by item, for the feedback and results pages.

Pure module. The grader's message quotes the right answer; the pages show the right answer
once, next to the student's, so :func:`short_note` keeps only what the message adds to that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizapp.grading.outcome import clean_option

_RIVAL = re.compile(r"that points to (?P<rival>.+?), not to the answer")
_PARTIAL = re.compile(r"^Partly right: (?P<detail>.+?)\. The answer is")


@dataclass(frozen=True)
class OrderLine:
    """One item of the student's order: whether it is in its place, and where it belongs."""

    item: str
    right: bool
    belongs: int  # its place in the right order (1 = first); 0 if it is not in the answer


@dataclass(frozen=True)
class PairLine:
    """One left item of a matching question: what the student matched it with, and the right one."""

    left: str
    given: str
    expected: str
    right: bool


def order_lines(given: Sequence[str], answer: Sequence[str]) -> list[OrderLine]:
    """The student's order, item by item, each marked in place or not."""
    places = {clean_option(item): index + 1 for index, item in enumerate(answer)}
    return [OrderLine(item, places.get(clean_option(item)) == index + 1,
                      places.get(clean_option(item), 0))
            for index, item in enumerate(given)]


def pair_lines(given: Mapping[str, str], answer: Mapping[str, str]) -> list[PairLine]:
    """Each pair of the right answer with the student's match for its left item."""
    lines = []
    for left, expected in answer.items():
        chosen = str(given.get(left) or "")
        lines.append(PairLine(left, chosen, expected,
                              bool(chosen) and clean_option(chosen) == clean_option(expected)))
    return lines


def short_note(reason: str, message: str) -> str:
    """What the grader's message says beyond right/wrong and the right answer ("" if nothing).

    Args:
        reason: The grade's reason code (exact, alias, typo, near_miss_other_entity, partial,
            wrong, empty or invalid).
        message: The grader's message, which quotes the right answer.
    """
    if reason == "exact":
        return "Right — mind the spelling." if "the spelling is" in message else ""
    if reason == "alias":
        return "Accepted: another name for the same answer."
    if reason == "typo":
        return "Accepted with a typo — mind the spelling."
    if reason == "near_miss_other_entity":
        rival = _RIVAL.search(message)
        return (f"That points to {rival['rival']}, not to the answer." if rival
                else "That names something else, not the answer.")
    if reason == "invalid":
        return "Answer not understood."
    partial = _PARTIAL.search(message) if reason == "partial" else None
    return f"{partial['detail'][:1].upper()}{partial['detail'][1:]}." if partial else ""
