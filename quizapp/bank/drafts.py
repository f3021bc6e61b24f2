"""Question drafts: what templates produce before ranking, filtering and id assignment."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from quizapp.bank.facts import Facts
from quizapp.bank.schema import Answer

ELLIPSIS = " … "


@dataclass(frozen=True)
class Draft:
    """A candidate question; ``fact`` names the fact it tests (for deduplication and reports)."""

    topic: str
    type: str
    prompt: str
    answer: Answer
    sentences: tuple[int, ...]
    fact: str
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    score: float = 1.0


def stable_hash(*parts: str) -> str:
    """Short content hash, identical on every run and platform."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]


def quote_of(facts: Facts, indices: tuple[int, ...]) -> str:
    """Verbatim text of the sentences; runs within a paragraph stay whole, gaps become " … "."""
    pieces: list[str] = []
    run: list[int] = []
    for index in sorted(set(indices)):
        if run and (index != run[-1] + 1 or
                    facts.sentences[index].paragraph != facts.sentences[run[-1]].paragraph):
            pieces.append(_span(facts, run))
            run = []
        run.append(index)
    if run:
        pieces.append(_span(facts, run))
    return ELLIPSIS.join(pieces)


def _span(facts: Facts, run: list[int]) -> str:
    first, last = facts.sentences[run[0]], facts.sentences[run[-1]]
    para = facts.paragraphs[first.paragraph].text
    return para[first.start : last.start + len(last.text)]


def section_of(facts: Facts, indices: tuple[int, ...]) -> str:
    """Section heading of the first quoted sentence."""
    return facts.sentences[min(indices)].section


def shuffled(items: list[str], seed: str) -> list[str]:
    """Deterministic order that does not always put the answer first."""
    return sorted(items, key=lambda item: stable_hash(seed, item))


def with_choices(answer: str, distractors: list[str], seed: str) -> tuple[str, ...]:
    """Answer plus three distractors in a stable, content-derived order; the answer's position
    is drawn on its own, so each of the four positions is equally likely."""
    choices = shuffled(distractors[:3], seed)
    choices.insert(int(stable_hash(seed, answer), 16) % (len(choices) + 1), answer)
    return tuple(choices)
