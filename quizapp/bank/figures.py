"""Figures with hedges ("nearly 70,000", "over 80,000 hectares"): multiple choice on magnitude."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizapp.bank import readable
from quizapp.bank.drafts import Draft, stable_hash, with_choices
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer

_NUMBER = re.compile(
    r"(?<![\w$.,-])\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)(?!th|st|nd|rd)"
)
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_PERCENT_STEPS = (-50, -35, -25, 25, 35, 50)
_FACTORS = (0.03, 0.1, 0.3, 3.0, 10.0, 30.0)
_MINIMUM = 10  # smaller counts are usually spelled out or trivial


def _format(value: float, like: str) -> str:
    """Write ``value`` the way the profile wrote the original (commas, one decimal)."""
    if "." in like and value < 10:
        return f"{value:.1f}"
    rounded = round(value, -max(0, len(str(int(value))) - 2))
    return f"{int(rounded):,}" if "," in like or rounded >= 10_000 else str(int(rounded))


def wrong_figures(surface: str, percent: bool, seed: str, direction: int = 0) -> list[str]:
    """Three values far enough from the answer to be clearly false (not 70,000 vs 69,000);
    ``direction`` +1 keeps only larger values (after "over"), -1 only smaller ones."""
    value = float(surface.replace(",", ""))
    if percent:
        options = [value + step for step in _PERCENT_STEPS if 1 <= value + step <= 99]
        candidates = [str(int(v)) for v in options if (v - value) * direction >= 0]
    else:
        options = [value * f for f in _FACTORS if (f - 1) * direction >= 0]
        candidates = [_format(v, surface) for v in options if v >= 1]
    distinct = [c for c in dict.fromkeys(candidates) if c != surface]
    return sorted(distinct, key=lambda c: stable_hash(seed, c))[:3]


def _direction(before: str, gaz: Gazetteer) -> int:
    """+1 after a lower-bound hedge ("over"), -1 after an upper-bound one ("under")."""
    text = before.lower().rstrip(" $")
    if any(text.endswith(h) for h in gaz.words("upper_bound_hedges")):
        return -1
    return 1 if any(text.endswith(h) for h in gaz.words("lower_bound_hedges")) else 0


def figure_questions(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """One multiple-choice question per figure in a self-contained sentence."""
    for sentence in facts.sentences:
        frame = readable.frame(facts, sentence.index, gaz)
        if not frame:
            continue
        for m in _NUMBER.finditer(sentence.text):
            number = m.group(1)
            scaled = re.match(r" (?:billion|million)", sentence.text[m.end() :])
            small = float(number.replace(",", "")) < _MINIMUM and not scaled
            if _YEAR.fullmatch(number) or small:
                continue
            percent = sentence.text.startswith("%", m.end())
            prompt = readable.framed(facts, frame, sentence.index, gaz, m.span(1))
            direction = _direction(sentence.text[: m.start()], gaz)
            wrong = wrong_figures(number, percent, prompt, direction)
            if len(wrong) < 3:
                continue
            yield Draft("figures", "multiple_choice", f"Which figure fills the gap? {prompt}",
                        number, frame, f"figure:{sentence.index}:{m.start(1)}",
                        choices=with_choices(number, wrong, prompt), tags=("figures",),
                        score=0.8)
