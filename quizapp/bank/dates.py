"""Date expressions of a profile (years, month-years, ranges, decades) and the events they date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.bank.gazetteer import Gazetteer
from quizapp.bank.text import Sentence

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_RANGE = re.compile(rf"(?:between ({_YEAR}) and ({_YEAR})|\b({_YEAR})\s*[-–]\s*({_YEAR}))")
_VAGUE = re.compile(
    rf"(?:(?:early|late|mid)(?: to mid)?-?\s*)?(?:the )?"
    rf"(?:{_YEAR}s|\d{{1,2}}(?:st|nd|rd|th) century)"
)
_EXACT = re.compile(  # "in 2016", "by March 2021", "on 24 November 2016", "on January 15, 2019"
    rf"(?P<lead>\b(?:[Ii]n|[Bb]y|[Aa]s of|[Ss]ince|[Oo]f|[Tt]he|[Uu]ntil|[Oo]n) )?"
    rf"(?P<hedge>(?:early|late|mid-|the end of|near the end of) )?"
    rf"(?:(?P<day>\d{{1,2}}) (?=(?:{MONTHS}) ))?"
    rf"(?P<month>(?:{MONTHS}) (?:\d{{1,2}}, )?)?(?P<year>{_YEAR})(?![\ds\d-])"
)


@dataclass(frozen=True)
class DateMention:
    """A date in a sentence: ``exact`` years can be ordered; ranges and decades cannot."""

    sentence: int
    start: int
    end: int
    surface: str
    kind: str  # exact | range | vague
    year: int = 0
    month: str = ""
    lead: str = ""
    phrase_start: int = 0

    @property
    def is_state(self) -> bool:
        """"By 2021" / "as of 2020" date a state of affairs or a target, not an event."""
        return self.lead.strip().lower() in ("by", "as of", "since", "until")


def find_dates(sents: list[Sentence]) -> list[DateMention]:
    """All dates in the profile; "In the same year" takes the previous sentence's year."""
    found: list[DateMention] = []
    for s in sents:
        taken: list[tuple[int, int]] = []
        for m in _RANGE.finditer(s.text):
            taken.append(m.span())
            found.append(DateMention(s.index, *m.span(), m.group(0), "range"))
        for m in _VAGUE.finditer(s.text):
            taken.append(m.span())
            found.append(DateMention(s.index, *m.span(), m.group(0), "vague"))
        for m in _EXACT.finditer(s.text):
            if any(a <= m.start("year") < b for a, b in taken):
                continue
            found.append(_exact(s.index, m))
        found.extend(_same_year(s, found))
    return found


def _exact(sentence: int, m: re.Match[str]) -> DateMention:
    start = next(m.start(g) for g in ("day", "month", "year") if m.group(g))
    return DateMention(
        sentence=sentence,
        start=start,
        end=m.end("year"),
        surface=m.group(0)[start - m.start() :],
        kind="exact",
        year=int(m.group("year")),
        month=re.sub(r"[\d, ]+", "", m.group("month") or ""),
        lead=(m.group("lead") or "") + (m.group("hedge") or ""),
        phrase_start=m.start(),
    )


def _same_year(s: Sentence, found: list[DateMention]) -> list[DateMention]:
    m = re.match(r"In the same year, ", s.text)
    previous = [d for d in found if d.sentence == s.index - 1 and d.kind == "exact"]
    if m is None or len({d.year for d in previous}) != 1:
        return []
    phrase = "In the same year"
    return [DateMention(s.index, 0, len(phrase), phrase, "exact", previous[0].year, "", "In ")]


def years_dating(dates: list[DateMention]) -> dict[int, int]:
    """How many date mentions fall in each year (2021 dates several things in Peru)."""
    counts: dict[int, int] = {}
    for d in dates:
        if d.kind == "exact":
            counts[d.year] = counts.get(d.year, 0) + 1
    return counts


def base_form(verb: str, gaz: Gazetteer) -> str:
    """Past tense -> base form ("massacred" -> "massacre", "stepped" -> "step")."""
    irregular = gaz.mapping("irregular_verbs")
    if verb in irregular:
        return str(irregular[verb])
    if verb.endswith("ied") and len(verb) > 4:
        return verb[:-3] + "y"
    if not verb.endswith("ed"):
        return verb
    stem = verb[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]
    if stem[-1] in "cgvz" or stem.endswith("i"):
        return stem + "e"
    if stem[-1] in "rtsk" and stem[-2] in "aeiou":
        return stem + "e"
    if stem[-1] == "r" and stem[-2] not in "aeiou":
        return stem + "e"
    return stem
