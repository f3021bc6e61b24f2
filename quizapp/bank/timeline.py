"""Questions about dated events: "in what year", "what happened in", true/false, timelines."""

from __future__ import annotations

from collections.abc import Iterator

from quizapp.bank.distractors import year_distractors
from quizapp.bank.drafts import Draft, shuffled, stable_hash, with_choices
from quizapp.bank.events import Event
from quizapp.bank.facts import Facts

_TIMELINE_SIZE = 4


def _lower_first(statement: str) -> str:
    first = statement.split()[0]
    return statement[:1].lower() + statement[1:] if first in ("The", "A", "An") else statement


def event_years(facts: Facts) -> Iterator[Draft]:
    """"In what year ...?" as short answer and multiple choice, and true/false statements."""
    for event in facts.events:
        where, fact = (event.sentence,), f"event:{event.year}:{event.statement}"
        year = str(event.year)
        accept = (f"{event.month} {event.year}",) if event.month else ()
        yield Draft("dates", "short_answer", event.question, year, where, fact, accept,
                    tags=("timeline",), score=1.3)
        wrong = year_distractors(facts, event.year, event.question)
        yield Draft("dates", "multiple_choice", event.question, year, where, fact,
                    choices=with_choices(year, wrong, event.question), tags=("timeline",))
        yield Draft("dates", "true_false", f"True or false: In {year}, "
                    f"{_lower_first(event.statement)}.", True, where, fact, tags=("timeline",))
        yield Draft("dates", "true_false", f"True or false: In {wrong[0]}, "
                    f"{_lower_first(event.statement)}.", False, where, fact, tags=("timeline",),
                    score=0.9)


def single_event_years(facts: Facts) -> Iterator[Draft]:
    """"Which of these happened in 1992?" only for years that date one thing in the profile."""
    counts = facts.year_counts()
    for event in facts.events:
        if counts.get(event.year) != 1:
            continue
        others = [e.statement for e in facts.events if e.year != event.year]
        prompt = f"According to the profile, which of these happened in {event.year}?"
        wrong = shuffled(others, prompt)[:3]
        yield Draft("dates", "multiple_choice", prompt, event.statement, (event.sentence,),
                    f"event:{event.year}:{event.statement}",
                    choices=with_choices(event.statement, wrong, prompt), tags=("timeline",))


def _one_per_year(events: list[Event], rotation: int) -> list[Event]:
    by_year: dict[int, list[Event]] = {}
    for e in events:
        by_year.setdefault(e.year, []).append(e)
    return [group[rotation % len(group)] for _, group in sorted(by_year.items())]


def timelines(facts: Facts, count: int = 6) -> Iterator[Draft]:
    """Order four events with distinct exact years, earliest first."""
    seen: set[tuple[str, ...]] = set()
    for k in range(count):
        pool = _one_per_year(list(facts.events), k)
        if len(pool) < _TIMELINE_SIZE:
            return
        step = max(1, len(pool) // _TIMELINE_SIZE)
        start = k % max(1, len(pool) - step * (_TIMELINE_SIZE - 1))
        chosen = [pool[(start + i * step) % len(pool)] for i in range(_TIMELINE_SIZE)]
        chosen = sorted({e.year: e for e in chosen}.values(), key=lambda e: e.year)
        answer = tuple(e.statement for e in chosen)
        if len(chosen) < 3 or answer in seen:
            continue
        seen.add(answer)
        prompt = "Put these events in chronological order, earliest first."
        yield Draft("dates", "ordering", prompt, list(answer),
                    tuple(e.sentence for e in chosen), f"timeline:{stable_hash(*answer)}",
                    tags=("timeline",), score=1.5)
