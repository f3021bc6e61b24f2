"""Pure: the profile's dated events, derived from its "dates" questions and their quotes.

Each question names (or asks for) a year; the event is the quote sentence holding that year.
Exact years go on the axis; decades, centuries and ranges are kept apart as approximate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quizapp.atlas.places import normalize

_YEAR = re.compile(r"^\d{4}$")
_HAPPENED = re.compile(r"happened in (\d{4})\W*$")
_TARGET_GAP = re.compile(r"\b(?:by|until) ____")
_TRUE_FALSE = re.compile(r"^(?:True or false: )?In (\d{4}), (.+?)\.?$")
_SENTENCE_BREAK = re.compile(r"\s*…\s*|(?<=[.!?])[”\"’]?\s+(?=[A-Z“\"‘])")
_CENTURY = re.compile(r"(\d{1,2})(?:st|nd|rd|th) century")
_FOUR_DIGITS = re.compile(r"\d{4}")
_CONNECTIVE = re.compile(
    r"^(?:but|and|however|yet|meanwhile|still|also|moreover|furthermore|nevertheless|"
    r"nonetheless|so|then|thus|instead|indeed)\b,?\s+", re.IGNORECASE)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|"
           "november|december")
HEADLINE_MAX = 80


@dataclass(frozen=True)
class DatedQuestion:
    """The parts of a question the timeline reads."""

    id: int
    type: str
    prompt: str
    answer: object
    quote: str


@dataclass
class Event:
    """One dated (or approximately dated) sentence of the profile and the questions on it."""

    when: str
    sentence: str
    year: int | None = None
    phrase: str = ""
    question_ids: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        """A short statement of what happened, or the whole sentence when no question phrases
        it (a cut copy of the sentence above the sentence itself would say it twice)."""
        return headline(self.phrase) if self.phrase else self.sentence

    @property
    def anchor(self) -> str:
        """A stable fragment id for links to this event."""
        return "event-" + "-".join(normalize(f"{self.when} {self.sentence}").split()[:8])

    def sentence_parts(self) -> tuple[str, str, str]:
        """The sentence split around its date, so a template can emphasise it safely."""
        before, found, after = self.sentence.partition(self.when)
        return (before, found, after) if found else (self.sentence, "", "")


@dataclass(frozen=True)
class Timeline:
    """Events with an exact year (chronological) and approximate ones (roughly chronological)."""

    dated: list[Event]
    approximate: list[Event]
    unplaced: list[int]


@dataclass(frozen=True)
class _Claim:
    year: int | None
    when: str
    phrase: str
    hint: str


def _own_date(when: str) -> re.Pattern[str]:
    """A leading date phrase naming ``when`` ("by 2015,", "In May 2021,", "Since 1980 ")."""
    return re.compile(
        rf"^(?:by|in|on|since|until|during|from|after|around|circa|as of|at the end of|"
        rf"at the start of)?\s*(?:the\s+)?(?:early|mid|late|mid-)?\s*(?:(?:{_MONTHS})\s+)?"
        rf"{re.escape(when)}\b,?\s*", re.IGNORECASE)


def _cut(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary within ``limit``, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    head = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return head.rstrip(" ,;:—–-") + "…"


def headline(sentence: str, when: str = "", limit: int = HEADLINE_MAX) -> str:
    """A sentence made to read as a headline.

    Leading connectives ("But", "However,") and a leading date phrase repeating ``when``
    ("by 2015,") go; the first letter is capitalised; the final full stop is dropped; a
    long sentence is cut at a word boundary and marked with an ellipsis.
    """
    text = sentence.strip()
    while True:
        stripped = _CONNECTIVE.sub("", text, count=1)
        if when:
            stripped = _own_date(when).sub("", stripped, count=1)
        if stripped == text or not stripped:
            break
        text = stripped
    text = text.rstrip().removesuffix(".").rstrip()
    text = _cut(text, limit)
    return text[:1].upper() + text[1:]


def sentences(quote: str) -> list[str]:
    """A quote cut into sentences (``…`` joins excerpts in quotes of ordering questions)."""
    return [s.strip() for s in _SENTENCE_BREAK.split(quote) if s.strip()]


def _phrase_years(questions: Iterable[DatedQuestion]) -> dict[str, int]:
    # Questions that state a year outright teach us the year of their event phrase.
    years: dict[str, int] = {}
    for q in questions:
        claims = _stated_claims(q)
        for claim in claims or ():
            if claim.year is not None and claim.phrase:
                years.setdefault(normalize(claim.phrase), claim.year)
    return years


_PERIOD = re.compile(r"\b\d{4}s\b|\bcentury\b")


def _is_true(answer: object) -> bool:
    return answer is True or str(answer).strip().lower() == "true"


def _stated_claims(q: DatedQuestion) -> list[_Claim] | None:
    answer = q.answer.strip() if isinstance(q.answer, str) else ""
    if _TARGET_GAP.search(q.prompt):
        return []  # "cut coca cultivation in half by ____": a target, not something that happened
    if _YEAR.match(answer):
        return [_Claim(int(answer), answer, "", q.prompt)]
    if answer and (q.type in ("cloze", "short_answer") or (
            q.type == "multiple_choice" and _PERIOD.search(answer))):  # "late 1990s", chosen
        return [_Claim(None, answer, "", q.prompt)]
    happened = _HAPPENED.search(q.prompt)
    if q.type == "multiple_choice" and happened and answer:
        return [_Claim(int(happened.group(1)), happened.group(1), answer, answer)]
    statement = _TRUE_FALSE.match(q.prompt)
    if q.type == "true_false" and statement and _is_true(q.answer):
        return [_Claim(int(statement.group(1)), statement.group(1), statement.group(2),
                       statement.group(2))]
    return None


def _claims(q: DatedQuestion, phrase_years: dict[str, int]) -> list[_Claim]:
    stated = _stated_claims(q)
    if stated is not None:
        return stated
    # A false statement or an ordering item: look its phrase up among the stated ones.
    wrong_year = None
    if q.type == "true_false" and (statement := _TRUE_FALSE.match(q.prompt)):
        phrases, wrong_year = [statement.group(2)], int(statement.group(1))
    elif q.type == "ordering" and isinstance(q.answer, list | tuple):
        phrases = [str(item) for item in q.answer]
    else:
        return []
    claims = []
    for phrase in phrases:
        year = phrase_years.get(normalize(phrase)) or _year_near(phrase, q.quote, wrong_year)
        if year is not None:
            claims.append(_Claim(year, str(year), phrase, phrase))
    return claims


def _year_near(phrase: str, quote: str, wrong_year: int | None) -> int | None:
    """The quote's year whose clause (its sentence, up to the neighbouring years) best matches."""
    words = set(normalize(phrase).split())
    scored: list[tuple[int, int, int]] = []
    for sentence in sentences(quote):
        pieces = _FOUR_DIGITS.split(sentence)
        for i, year in enumerate(int(y) for y in _FOUR_DIGITS.findall(sentence)):
            if year != wrong_year:
                clause = normalize(pieces[i] + " " + pieces[i + 1]).split()
                scored.append((len(words & set(clause)), -len(scored), year))
    return max(scored)[2] if scored else None


def _best_sentence(quote: str, claim: _Claim) -> str | None:
    candidates = [s for s in sentences(quote) if claim.when in s]
    if not candidates:
        return None
    hint_words = set(normalize(claim.hint).split())
    return max(candidates, key=lambda s: len(hint_words & set(normalize(s).split())))


def _rough_year(label: str) -> int:
    century = _CENTURY.search(label)
    digits = _FOUR_DIGITS.search(label)
    base = (int(century.group(1)) - 1) * 100 if century else int(digits.group()) if digits else 0
    if "late" in label:
        base += 70 if century else 7
    return base


def build_timeline(questions: Sequence[DatedQuestion]) -> Timeline:
    """Group the questions into events: exact years in order, approximate dates apart."""
    phrase_years = _phrase_years(questions)
    events: dict[tuple[str, str], Event] = {}
    unplaced: list[int] = []
    for q in questions:
        placed = False
        for claim in _claims(q, phrase_years):
            sentence = _best_sentence(q.quote, claim)
            if sentence is None:
                continue
            event = events.setdefault((claim.when, sentence),
                                      Event(when=claim.when, sentence=sentence, year=claim.year))
            event.phrase = event.phrase or claim.phrase
            if q.id not in event.question_ids:
                event.question_ids.append(q.id)
            placed = True
        if not placed:
            unplaced.append(q.id)
    dated = sorted((e for e in events.values() if e.year is not None),
                   key=lambda e: e.year or 0)
    approximate = sorted((e for e in events.values() if e.year is None),
                         key=lambda e: _rough_year(e.when))
    return Timeline(dated=dated, approximate=approximate, unplaced=unplaced)
