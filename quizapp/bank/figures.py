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
# Multipliers for made-up values: none is a power of ten, nor a power of ten of another, so no
# option is a scaled copy of the answer (2,300 / 23,000 / 230,000) that a student can spot.
_FACTORS = (0.4, 0.6, 1.7, 2.5, 4.0, 0.25)
_MINIMUM = 10  # smaller counts are usually spelled out or trivial
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|"
                    r"November|December)\b")


def _format(value: float, like: str) -> str:
    """Write ``value`` the way the profile wrote the original (commas, one decimal)."""
    if "." in like and value < 10:
        return f"{value:.1f}"
    rounded = round(value, -max(0, len(str(int(value))) - 2))
    return f"{int(rounded):,}" if "," in like or rounded >= 10_000 else str(int(rounded))


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _scaled_copy(a: float, b: float) -> bool:
    """True when one value is the other times a power of ten."""
    small, large = sorted((a, b))
    return small > 0 and any(abs(small * 10 ** k - large) < 1e-6 * large for k in (1, 2, 3, 4))


def wrong_figures(surface: str, percent: bool, seed: str, direction: int = 0,
                  profile: tuple[str, ...] = ()) -> list[str]:
    """Three values clearly different from the answer (not 70,000 vs 69,000): the profile's own
    figures of the same unit first, then made-up ones; ``direction`` +1 keeps only larger
    values (after "over"), -1 only smaller ones; no option is another times a power of ten."""
    value = _value(surface)

    def fits(v: float) -> bool:
        far = abs(v - value) >= 0.2 * value
        return far and (v - value) * direction >= 0 and v >= 1

    def alike(v: float) -> bool:  # 16 killed is no option for 70,000 dead
        return 0.2 <= v / value <= 5

    own = [p for p in sorted(set(profile), key=lambda c: stable_hash(seed, c))
           if fits(_value(p)) and alike(_value(p))]
    if percent:
        made = [str(int(value + step)) for step in _PERCENT_STEPS if 1 <= value + step <= 99]
    else:
        made = [_format(value * f, surface) for f in _FACTORS]
    picked: list[str] = []
    for c in own + sorted(made, key=lambda c: stable_hash(seed, c)):
        v = _value(c)
        if c == surface or c in picked or not fits(v):
            continue
        if any(_scaled_copy(v, _value(x)) for x in [surface, *picked]):
            continue
        picked.append(c)
    return picked[:3]


def _unit(text: str, end: int) -> str:
    """The word naming what a figure counts ("hectares", "people", "%"), for like-for-like."""
    if text.startswith("%", end):
        return "%"
    m = re.match(r"(?: (?:billion|million|thousand))?\s+(?:[a-z-]+ ){0,2}?([a-z]+)", text[end:])
    return m.group(1) if m else ""


def _profile_figures(facts: Facts) -> dict[str, list[str]]:
    """The profile's figures by unit."""
    by_unit: dict[str, list[str]] = {}
    for sentence in facts.sentences:
        for m in _NUMBER.finditer(sentence.text):
            if not _YEAR.fullmatch(m.group(1)) and not _day_of_month(sentence.text, m):
                by_unit.setdefault(_unit(sentence.text, m.end()), []).append(m.group(1))
    return by_unit


def _day_of_month(text: str, m: re.Match[str]) -> bool:
    """"January 15", "15 January", "between January 15 and 19": days, not figures."""
    before, after = text[max(0, m.start() - 25): m.start()], text[m.end(): m.end() + 12]
    if _MONTH.search(before[-12:]) or _MONTH.match(after.lstrip(" ,")):
        return True
    return bool(re.search(r"\b(?:January|February|March|April|May|June|July|August|September|"
                          r"October|November|December) \d{1,2} (?:and|to|-|–) $", before))


def _direction(before: str, gaz: Gazetteer) -> int:
    """+1 after a lower-bound hedge ("over"), -1 after an upper-bound one ("under")."""
    text = before.lower().rstrip(" $")
    if any(text.endswith(h) for h in gaz.words("upper_bound_hedges")):
        return -1
    return 1 if any(text.endswith(h) for h in gaz.words("lower_bound_hedges")) else 0


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()


_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _in_words(n: int) -> str:
    """16 -> "sixteen", 95 -> "ninety-five"; "" from 100 on."""
    if n < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[n]
    if n >= 100:
        return ""
    tens, units = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_NUMBER_WORDS[units]}" if units else "")


def _number_forms(number: str) -> tuple[str, ...]:
    """"80,000" is also typed "80000" or "80 000"; "16" also "sixteen", "95" "ninety-five"."""
    plain = number.replace(",", "")
    word = _in_words(int(plain)) if plain.isdigit() else ""
    forms = (plain, number.replace(",", " "), word)
    return tuple(f for f in dict.fromkeys(forms) if f and f != number)


def _importance(unit: str, before: str, gaz: Gazetteer) -> float:
    """How much a figure matters to a teacher: money, shares, deaths, hectares and tons of the
    trade (1.5) over a coastline's length or a headcount of guards (0.4)."""
    if before.endswith("$") or unit in gaz.words("key_figure_units"):
        return 1.5
    return 0.4 if unit in gaz.words("filler_figure_units") else 0.8


def _kind_of_figure(text: str, m: re.Match[str]) -> tuple[bool, str]:
    """A share or a count, and of what ("" when no unit follows: "14,300 in the Yungas"):
    "60%" is no part of "400 tons"."""
    unit = _unit(text, m.end())
    return text.startswith("%", m.end()), "" if unit in _NO_UNIT else unit


_NO_UNIT = frozenset({"", "in", "of", "and", "or", "to", "for", "from", "on", "at", "by", "%"})


def _sum_of_others(text: str, m: re.Match[str]) -> bool:
    """"up to 22,000 hectares, 14,300 in the Yungas and 7,700 in the Chapare": the parts
    beside the gap add up to it (or it is one part: the total less the others)."""
    value, (share, unit) = _value(m.group(1)), _kind_of_figure(text, m)
    others = []
    for o in _NUMBER.finditer(text):  # of the same unit only
        if o.start() == m.start() or _YEAR.fullmatch(o.group(1)):
            continue
        other_share, other_unit = _kind_of_figure(text, o)
        if other_share == share and ("" in (unit, other_unit) or other_unit == unit):
            others.append(_value(o.group(1)))
    if len(others) < 2:
        return False
    return abs(sum(others) - value) < 1e-6 or abs(max(others) - (sum(others) - max(others))
                                                  - value) < 1e-6


def figure_questions(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """One multiple-choice question per figure in a self-contained sentence."""
    by_unit = _profile_figures(facts)
    for sentence in facts.sentences:
        frame = readable.frame(facts, sentence.index, gaz)
        if not frame:
            continue
        for m in _NUMBER.finditer(sentence.text):
            number = m.group(1)
            scaled = re.match(r" (?:billion|million)", sentence.text[m.end() :])
            small = float(number.replace(",", "")) < _MINIMUM and not scaled
            if (_YEAR.fullmatch(number) or small or _day_of_month(sentence.text, m)
                    or _sum_of_others(sentence.text, m)):
                continue
            percent = sentence.text.startswith("%", m.end())
            prompt = readable.framed(facts, frame, sentence.index, gaz, m.span(1))
            direction = _direction(sentence.text[: m.start()], gaz)
            same_unit = tuple(by_unit.get(_unit(sentence.text, m.end()), ()))
            wrong = wrong_figures(number, percent, prompt, direction, same_unit)
            if len(wrong) < 3:
                continue
            unit = _unit(sentence.text, m.end())
            importance = _importance(unit, sentence.text[: m.start()], gaz)
            fact = f"figure:{sentence.index}:{m.start(1)}"
            yield Draft("figures", "multiple_choice", f"Which figure fills the gap? {prompt}",
                        number, frame, fact, choices=with_choices(number, wrong, prompt),
                        tags=("figures",), score=importance)
            if importance > 1:  # a key figure is worth recalling too
                yield Draft("figures", "cloze", prompt, number, frame, fact,
                            accept=_number_forms(number), tags=("figures",), score=importance)
