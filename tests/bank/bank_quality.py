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
    """Multiple-choice questions without 4 distinct options holding the answer once (a cause
    or an effect may have 3, rather than a filler a reader rules out at a glance)."""
    def sizes(q: Question) -> tuple[int, ...]:
        return (3, 4) if "cause-effect" in q.tags else (4,)

    return [q.key for q in bank.questions if q.type == "multiple_choice" and (
        len(q.choices) not in sizes(q) or len({fold(c) for c in q.choices}) != len(q.choices)
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


# ----------------------------------------------------------------- issue 20: a teacher's bank

GENERIC_WORDS = frozenset(
    "the of and los las el la del de da do dos das in on for to a an national river valley "
    "cartel cartels clan gang group army forces force front movement party police command "
    "region province department city town port ocean sea lake mountains north south east west "
    "northern southern eastern western central".split())
HIGHER_ORDER = ("cause-effect", "comparison")
# Profiles name countries in every paragraph: "Colombia" in a prompt gives away no group.
COUNTRIES = frozenset(fold(c) for c in (
    "Argentina Belize Bolivia Brazil Chile Colombia Cuba Ecuador Guatemala Guyana Haiti Honduras "
    "Mexico Nicaragua Panama Paraguay Peru Suriname Uruguay Venezuela Italy Spain China").split())


def fact_of(q: Question) -> tuple[str, str]:
    """What a question tests, as a reader sees it: its answer in its quote (true/false
    statements by their quote and statement)."""
    if isinstance(q.answer, bool):
        return (q.source.quote, fold(q.prompt))
    if isinstance(q.answer, str):
        return (q.source.quote, fold(q.answer))
    return (q.source.quote, fold(repr(q.answer)))


def facts_asked_more_than(bank: Bank, limit: int = 2) -> dict[tuple[str, str], int]:
    """Facts (an answer in its sentences) asked more than ``limit`` times."""
    from collections import Counter

    counts = Counter(fact_of(q) for q in bank.questions if not isinstance(q.answer, bool))
    return {f: n for f, n in counts.items() if n > limit}


def duplicate_prompts(bank: Bank) -> list[str]:
    """Prompts shared by two or more questions."""
    from collections import Counter

    counts = Counter(fold(q.prompt) for q in bank.questions)
    return sorted(p for p, n in counts.items() if n > 1)


def busiest_passages(bank: Bank, limit: int = 4) -> dict[str, int]:
    """Sentences that are the subject of more than ``limit`` single-fact questions (the last
    passage of each quote; timelines and matchings, which set facts side by side, aside)."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for q in bank.questions:
        if q.type not in ("ordering", "matching"):
            counts[quote_pieces(q)[-1].rsplit(". ", 1)[-1]] += 1
    return {p: n for p, n in counts.items() if n > limit}


def wrong_options(bank: Bank) -> list[str]:
    """Every wrong option of every multiple-choice question."""
    return [c for q in bank.questions if q.type == "multiple_choice" for c in q.choices
            if c != q.answer]


def share_named_in_profile(bank: Bank, profile: str) -> float:
    """Share of wrong options that the profile itself names."""
    options = wrong_options(bank)
    return sum(contains(profile, o) for o in options) / max(1, len(options))


def acronym_statements(bank: Bank) -> list[str]:
    """True/false statements checkable from letters (what an acronym stands for)."""
    pattern = re.compile(r"\b(?:acronym|stands? for|short for|abbreviat)", re.I)
    return [q.prompt for q in bank.questions if q.type == "true_false" and pattern.search(q.prompt)]


def _number(text: str) -> float | None:
    m = re.fullmatch(r"\$?(\d[\d,]*(?:\.\d+)?)%?", text.strip())
    return float(m.group(1).replace(",", "")) if m else None


def scaled_options(bank: Bank) -> list[str]:
    """Numeric questions where one option is another times a power of ten (2,300 / 23,000)."""
    found = []
    for q in bank.questions:
        values = [_number(c) for c in q.choices]
        if q.type != "multiple_choice" or None in values or len(values) < 2:
            continue
        nums = [v for v in values if v]
        if any(a != b and any(abs(a * 10 ** k - b) < 1e-9 * max(a, b) for k in (1, 2, 3))
               for a in nums for b in nums):
            found.append(q.prompt)
    return found


def answer_words_in_prompt(bank: Bank) -> list[str]:
    """Questions whose prompt holds a distinctive word of their answer ("Raúl’s brother,
    ____" → Victor Quispe Palomino, with "Quispe Palomino" in the prompt)."""
    found = []
    for q in bank.questions:
        # Causes and effects are phrases among phrases of the profile: judged as wholes.
        if not isinstance(q.answer, str) or q.type not in EXTRACTIVE or set(q.tags) & set(
                HIGHER_ORDER):
            continue
        if re.search(r"\d", q.answer):  # dates and figures: the number is the answer
            continue
        words = {w for w in re.findall(r"[\w’'-]{4,}", fold(q.answer))
                 if w not in GENERIC_WORDS and w not in COUNTRIES}
        prompt = set(re.findall(r"[\w’'-]{4,}", fold(q.prompt)))
        if words & prompt:
            found.append(f"{q.prompt} → {q.answer}")
    return found


def day_of_month_figures(bank: Bank) -> list[str]:
    """Gaps where a day of the month was asked as a figure ("July ____", "____ May")."""
    months = "january|february|march|april|may|june|july|august|september|october|november|december"
    pattern = re.compile(rf"(?:\b(?:{months}) ____|____ (?:{months})\b)", re.I)
    return [q.prompt for q in bank.questions if pattern.search(q.prompt)
            and isinstance(q.answer, str) and q.answer.isdigit() and int(q.answer) <= 31]


def higher_order(bank: Bank) -> list[Question]:
    """Cause-effect and comparison questions."""
    return [q for q in bank.questions if set(q.tags) & set(HIGHER_ORDER)]
