"""Everything extracted from a profile, in one object the question templates read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from quizapp.bank.dates import DateMention, find_dates, years_dating
from quizapp.bank.entities import Catalog, Mention, build_catalog
from quizapp.bank.events import Event, find_events
from quizapp.bank.gazetteer import Gazetteer, fold
from quizapp.bank.mentions import find_mentions
from quizapp.bank.relations import Relation, borders, descriptions, group_places, leaders
from quizapp.bank.text import Paragraph, Sentence, paragraphs, sentences, strip_tail


@dataclass(frozen=True)
class Facts:
    """The profile's sentences and what they say about groups, people, places and dates."""

    country: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    catalog: Catalog
    mentions: tuple[Mention, ...]
    dates: tuple[DateMention, ...]
    events: tuple[Event, ...]
    relations: tuple[Relation, ...]

    def year_counts(self) -> dict[int, int]:
        """How many things each exact year dates."""
        return years_dating(list(self.dates))

    def in_sentence(self, index: int) -> list[Mention]:
        """Mentions inside one sentence."""
        return [m for m in self.mentions if m.sentence == index]

    @cached_property
    def text(self) -> str:
        """The profile's sentences as one text (to check that a name never occurs in it)."""
        return " ".join(s.text for s in self.sentences)

    @cached_property
    def mentioned_forms(self) -> frozenset[str]:
        """Folded forms of everything the profile names (gazetteer names outside it are safe)."""
        return frozenset(fold(f) for e in self.catalog.entities.values() for f in e.forms())

    def related(self, name: str) -> set[str]:
        """Entities that share any relation or sentence with ``name`` (never safe distractors)."""
        out = {r.object for r in self.relations if r.subject == name}
        out |= {r.subject for r in self.relations if r.object == name}
        return out


def detect_country(text: str, gaz: Gazetteer, fallback: str = "") -> str:
    """The country the profile is about: the one named most often."""
    counts = {c: len(re.findall(rf"\b{re.escape(c)}\b", text)) for c in gaz.countries}
    best = max(sorted(counts), key=lambda c: counts[c])
    return best if counts[best] else fallback


def extract_facts(text: str, gaz: Gazetteer, fallback_country: str = "") -> Facts:
    """Profile text -> facts (pure, deterministic)."""
    body = strip_tail(text, tuple(gaz.raw.get("publisher", {}).get("tail_markers") or ()))
    country = detect_country(body, gaz, fallback_country)
    paras = paragraphs(body, gaz)
    sents = sentences(paras)
    catalog = build_catalog(sents, gaz, country)
    mentions = find_mentions(sents, catalog, gaz)
    dates = find_dates(sents)
    events = find_events(sents, dates, mentions, catalog, gaz, country)
    relations = [
        *leaders(sents, mentions, catalog, gaz),
        *descriptions(sents, mentions, catalog, gaz),
        *borders(sents, mentions, catalog, gaz),
        *group_places(sents, mentions, catalog),
    ]
    return Facts(country, tuple(paras), tuple(sents), catalog, tuple(mentions), tuple(dates),
                 tuple(events), tuple(relations))
