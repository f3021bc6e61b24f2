"""Measurements of a generated bank, shared by the Peru and the Ecuador tests."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.bank.drafts import ELLIPSIS
from quizapp.bank.gazetteer import fold
from quizapp.bank.schema import Bank, Question

ROOT = Path(__file__).resolve().parents[2]
EXTRACTIVE = ("short_answer", "cloze", "multiple_choice")


def contains(haystack: str, needle: str) -> bool:
    """Whole-word, accent- and case-insensitive containment (how grading compares)."""
    return bool(re.search(rf"(?<!\w){re.escape(fold(needle))}(?!\w)", fold(haystack)))


def quote_pieces(q: Question) -> list[str]:
    """A quote is one verbatim passage, or several joined by " … "."""
    return q.source.quote.split(ELLIPSIS)


def quotes_not_verbatim(bank: Bank, profile: str) -> list[str]:
    """Questions whose quote (any piece) is not in the profile text."""
    return [q.key for q in bank.questions
            if not q.source.quote or any(p not in profile for p in quote_pieces(q))]


def extractive_grounding(bank: Bank) -> float:
    """Share of extractive questions whose answer (or an accepted variant) is in the quote."""
    items = [q for q in bank.questions if q.type in EXTRACTIVE]
    grounded = [q for q in items if any(contains(q.source.quote, a)
                                        for a in (str(q.answer), *q.accept))]
    return len(grounded) / len(items)


def leaks(bank: Bank) -> list[str]:
    """Questions whose answer, or an accepted typed variant, is written in the prompt."""
    found = []
    for q in bank.questions:
        if q.type not in EXTRACTIVE:
            continue
        typed = (str(q.answer), *q.accept) if q.type != "multiple_choice" else (str(q.answer),)
        if any(contains(q.prompt, a) for a in typed):
            found.append(q.key)
    return found


def bad_choices(bank: Bank) -> list[str]:
    """Multiple-choice questions without exactly 4 distinct options holding the answer once."""
    return [q.key for q in bank.questions if q.type == "multiple_choice" and (
        len(q.choices) != 4 or len({fold(c) for c in q.choices}) != 4
        or q.choices.count(str(q.answer)) != 1)]


def answers_of(bank: Bank, *types: str) -> set[str]:
    """Every answer and accepted variant of the given types (all types when none given)."""
    names: set[str] = set()
    for q in bank.questions:
        if types and q.type not in types:
            continue
        if isinstance(q.answer, str):
            names.update((q.answer, *q.accept))
        elif isinstance(q.answer, list):
            names.update(q.answer)
        elif isinstance(q.answer, dict):
            names.update(q.answer)
            names.update(q.answer.values())
    return names
