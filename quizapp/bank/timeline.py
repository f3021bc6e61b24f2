"""Questions about dated events: "in what year", "what happened in", true/false, timelines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from quizapp.bank.distractors import year_distractors
from quizapp.bank.drafts import Draft, shuffled, stable_hash, with_choices
from quizapp.bank.events import Event
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import fold

_TIMELINE_SIZES = (4, 3, 5)
_COUNT_WORDS = {3: "three", 4: "four", 5: "five"}


def event_fact(event: Event) -> str:
    """The fact key shared by every question on one event (so twins are deduplicated)."""
    return f"date:{event.sentence}:{event.date.end - 4}"


_DATE_FACT = re.compile(r"date:(\d+):(\d+)")
_HAPPENING_WINDOW = 10  # words before the year that say what happened
_SAME_HAPPENING = {"death": "die", "died": "die", "dead": "die", "dies": "die"}
_NOT_HAPPENING = frozenset("the and its his her their was were who until with that from into "
                           "for has had been remained also after before since january february "
                           "march april may june july august september october november "
                           "december".split())


def _happening(facts: Facts, fact: str) -> tuple[str, frozenset[str], frozenset[str]] | None:
    """A dated fact as (its year, what the words before the year say happened, who the
    sentence names), or None for a fact that is no single year."""
    m = _DATE_FACT.fullmatch(fact)
    if m is None or int(m.group(1)) >= len(facts.sentences):
        return None
    index, start = int(m.group(1)), int(m.group(2))
    text = facts.sentences[index].text
    year = text[start : start + 4]
    if not year.isdigit():
        return None
    before = re.findall(r"\w+", fold(text[:start]))[-_HAPPENING_WINDOW:]
    words = frozenset(_SAME_HAPPENING.get(w, _stem(w)) for w in before
                      if len(w) >= 3 and w not in _NOT_HAPPENING)
    who = frozenset(x.entity for x in facts.in_sentence(index) if x.entity != facts.country
                    and facts.catalog.entities[x.entity].kind in ("group", "person"))
    return year, words, who


def _stem(word: str) -> str:
    """"ended" and "end", "arrested" and "arrest" alike; five letters at most."""
    return re.sub(r"(?:ed|ing|s)$", "", word)[:5] if len(word) > 4 else word


def _same_happening(a: tuple[str, frozenset[str], frozenset[str]],
                    b: tuple[str, frozenset[str], frozenset[str]]) -> bool:
    """One year, and a word for what happened with someone named in both sentences, or two
    such words ("The war ended ... in 1996", "The end of the civil war in 1996")."""
    shared = a[1] & b[1]
    return a[0] == b[0] and bool(shared) and (bool(a[2] & b[2]) or len(shared) >= 2)


def one_fact_per_happening(drafts: list[Draft], facts: Facts) -> list[Draft]:
    """Drafts on one happening told twice ("Guzmán … until his death in 2021" and "Guzmán died
    in prison in 2021") share the first telling's fact, so the bank asks it once."""
    told: list[tuple[str, tuple[str, frozenset[str], frozenset[str]]]] = []
    same: dict[str, str] = {}
    for fact in sorted({d.fact for d in drafts}, key=lambda f: [int(n) for n in
                                                              re.findall(r"\d+", f)]):
        happening = _happening(facts, fact)
        if happening is None:
            continue
        first = next((f for f, other in told if _same_happening(other, happening)), "")
        if first:
            same[fact] = first
        else:
            told.append((fact, happening))
    return [replace(d, fact=same.get(d.fact, d.fact)) for d in drafts]


def _lower_first(statement: str) -> str:
    first = statement.split()[0]
    return statement[:1].lower() + statement[1:] if first in ("The", "A", "An") else statement


def event_years(facts: Facts) -> Iterator[Draft]:
    """"In what year ...?" as short answer and multiple choice, and true/false statements."""
    for event in facts.events:
        where, fact = event.sentences, event_fact(event)
        year = str(event.year)
        accept = (f"{event.month} {event.year}",) if event.month else ()
        yield Draft("dates", "short_answer", event.question, year, where, fact, accept,
                    tags=("timeline",), score=1.3)
        wrong = year_distractors(facts, event.year, event.question)
        yield Draft("dates", "multiple_choice", event.question, year, where, fact,
                    choices=with_choices(year, wrong, event.question), tags=("timeline",))
        # One true/false per event; which way round depends on the content, not on order.
        # A false year is at least four years off: a one-year shift tests nitpicking.
        far = [w for w in wrong if abs(int(w) - event.year) >= 4]
        truth = int(stable_hash(event.statement), 16) % 2 == 0 or not far
        shown = year if truth else far[0]
        # A false statement a careful reader must reject is worth more than a true one.
        yield Draft("dates", "true_false", f"In {shown}, "
                    f"{_lower_first(event.statement)}.", truth, where, fact, tags=("timeline",),
                    score=1.0 if truth else 1.1)


def single_event_years(facts: Facts) -> Iterator[Draft]:
    """"Which of these happened in 2016?" for an act of the state (a law, a plan, a
    statistic), whose year alone is trivia, where the year dates one thing in the profile (a
    year that dates several, like Peru's 2021, is no "year of" anything); an event of a
    person or group is asked by its year."""
    counts = facts.year_counts()
    for event in facts.events:
        if counts.get(event.year) != 1 or _names_an_actor(facts, event):
            continue
        others = [e for e in facts.events
                  if e.year != event.year and not re.search(r"\b\d{4}\b", e.statement)]
        prompt = f"According to the profile, which of these happened in {event.year}?"
        wrong = _like_in_length(event.statement, others, prompt)
        yield Draft("dates", "multiple_choice", prompt, event.statement, event.sentences,
                    event_fact(event),
                    choices=with_choices(event.statement, wrong, prompt), tags=("timeline",),
                    score=1.5)


def _like_in_length(answer: str, others: list[Event], seed: str) -> list[str]:
    """Three events of three different years, closest in length to ``answer`` (a long legal
    clause among three short happenings of one year stands out without reading)."""
    year_of = {e.statement: e.year for e in others}
    picked: list[str] = []
    for statement in sorted(shuffled(list(year_of), seed),
                            key=lambda s: abs(len(s) - len(answer))):
        if len(picked) < 3 and year_of[statement] not in {year_of[p] for p in picked}:
            picked.append(statement)
    return picked


def _names_an_actor(facts: Facts, event: Event) -> bool:
    """True when the event's statement names a person or group of the profile."""
    return any(facts.catalog.entities[m.entity].kind in ("person", "group")
               and m.surface in event.statement for m in facts.in_sentence(event.sentence))


def _one_per_year(events: list[Event], rotation: int) -> list[Event]:
    by_year: dict[int, list[Event]] = {}
    for e in events:
        by_year.setdefault(e.year, []).append(e)
    return [group[rotation % len(group)] for _, group in sorted(by_year.items())]


def timelines(facts: Facts, count: int = 6) -> Iterator[Draft]:
    """Order three to five events with distinct exact years, earliest first (the prompt says
    how many, never the first or last year: that would give the ends away)."""
    used: set[str] = set()  # each event in one timeline: no order is half another's
    # A statement carrying its own year ("... by 2021") would give the order away.
    orderable = [e for e in facts.events if not re.search(r"\b\d{4}\b", e.statement)]
    for k in range(count):
        size = _TIMELINE_SIZES[k % len(_TIMELINE_SIZES)]
        pool = _one_per_year([e for e in orderable if e.statement not in used], k)
        if len(pool) < size:
            continue
        step = max(1, len(pool) // size)
        picks = sorted({(k + i * step) % len(pool) for i in range(size)})
        chosen = [pool[i] for i in picks]
        answer = tuple(e.statement for e in chosen)
        if len(chosen) < size:
            continue
        used.update(answer)
        prompt = (f"Put these {_COUNT_WORDS[size]} events in chronological order, "
                  f"earliest first.")
        yield Draft("dates", "ordering", prompt, list(answer),
                    tuple(i for e in chosen for i in e.sentences),
                    f"timeline:{stable_hash(*answer)}", tags=("timeline",), score=1.5)
