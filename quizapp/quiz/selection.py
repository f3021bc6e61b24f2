"""Deterministic choices for quizzes: which questions, and in what order options are shown.

Pure module: every random choice comes from a ``random.Random`` seeded with plain values, so
the same student starting their n-th quiz always gets the same questions (tests rely on it).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

from quizapp.atlas.timeline import sentences

_T = TypeVar("_T")


def quiz_rng(user_id: int, attempts_so_far: int) -> random.Random:
    """The generator for a student's next quiz, seeded from who they are and how many they took."""
    return random.Random(f"quiz:{user_id}:{attempts_so_far}")


def pick_questions(candidates: Sequence[int], count: int, rng: random.Random,
                   source_of: Mapping[int, str] | None = None) -> list[int]:
    """Up to ``count`` distinct question ids drawn from ``candidates`` in a random order.

    With ``source_of`` (question id -> the passage it quotes), questions quoting no sentence
    another chosen question quotes come first: one question's passage would show its sibling's
    answer (Anki buries siblings for the same reason), and a passage of two sentences shares
    the second with the question on that sentence alone. Siblings fill in only when the set
    has too few sentences for ``count``.
    """
    order = rng.sample(list(candidates), len(candidates))
    if not source_of:
        return order[:count]
    fresh: list[int] = []
    siblings: list[int] = []
    quoted: set[str] = set()
    for qid in order:
        quotes = set(sentences(source_of.get(qid, "")))
        (siblings if quotes & quoted else fresh).append(qid)
        quoted |= quotes
    return (fresh + siblings)[:count]


def shuffled(items: Sequence[_T], seed: str, *, avoid_original: bool = False) -> list[_T]:
    """The items in an order fixed by ``seed`` (stable across page reloads).

    Args:
        items: What to shuffle.
        seed: Any text; the same seed always gives the same order.
        avoid_original: Never return the original order when there are two or more items
            (an ordering question shown already solved would test nothing).

    Returns:
        A new list.
    """
    order = list(items)
    random.Random(seed).shuffle(order)
    if avoid_original and len(order) > 1 and order == list(items):
        order = order[1:] + order[:1]
    return order
