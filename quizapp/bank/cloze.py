"""Cloze items (and their multiple-choice twins): a sentence with one name or date blanked."""

from __future__ import annotations

import re

from quizapp.bank import readable
from quizapp.bank.dates import DateMention
from quizapp.bank.distractors import entity_distractors, year_distractors
from quizapp.bank.drafts import Draft, with_choices
from quizapp.bank.entities import Mention
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer, contains_word, fold

TOPIC_OF_KIND = {"person": "leaders", "group": "groups", "institution": "security",
                 "country": "regions", "region": "regions", "place": "regions",
                 "city": "regions", "continent": "regions", "landmark": "regions"}
_PER_ENTITY = {"cloze": 3, "multiple_choice": 2}
_WHICH = {"person": "Who", "group": "Which group", "institution": "Which institution",
          "country": "Which country", "region": "Which place", "place": "Which place",
          "city": "Which city", "continent": "Which continent", "landmark": "Which place"}


def _leaks(prompt: str, forms: list[str]) -> bool:
    return any(contains_word(prompt, f) for f in forms if len(f) > 2)


def entity_clozes(facts: Facts, gaz: Gazetteer) -> list[Draft]:
    """Blank each explicit name in a self-contained frame; add a multiple-choice twin."""
    drafts: list[Draft] = []
    for m in facts.mentions:
        entity = facts.catalog.entities[m.entity]
        frame = readable.frame(facts, m.sentence, gaz)
        if not frame or m.entity == facts.country or _is_anaphor(m.surface, gaz):
            continue
        prompt = readable.framed(facts, frame, m.sentence, gaz, (m.start, m.end))
        # An alias next to the gap is a fair hint ("____, alias “José”"), not a give-away.
        if _leaks(prompt, [f for f in entity.forms() if f not in entity.aliases]):
            continue
        drafts.extend(_entity_pair(facts, gaz, m, frame, prompt))
    return _best_per_entity(drafts)


def _best_per_entity(drafts: list[Draft]) -> list[Draft]:
    """Keep the best few clozes per entity: many blanks of "Colombia" teach nothing more."""
    kept: list[Draft] = []
    counts: dict[tuple[str, str], int] = {}
    for d in sorted(drafts, key=lambda d: (-d.score, len(d.prompt), d.prompt)):
        entity = d.fact.split(":")[1]
        key = (entity, d.type)
        if counts.get(key, 0) < _PER_ENTITY[d.type]:
            counts[key] = counts.get(key, 0) + 1
            kept.append(d)
    return kept


def _entity_pair(facts: Facts, gaz: Gazetteer, m: Mention, frame: tuple[int, ...],
                 prompt: str) -> list[Draft]:
    entity = facts.catalog.entities[m.entity]
    topic = TOPIC_OF_KIND[entity.kind]
    accept = tuple(f for f in entity.forms() if f != m.surface)
    score = 1.0 + (0.5 if m.surface == entity.name else 0) - 0.3 * (len(frame) - 1)
    tags = (_tag(entity.name),)
    fact = f"mention:{m.entity}:{m.sentence}:{m.start}"
    cloze = Draft(topic, "cloze", prompt, m.surface, frame, fact, accept, tags=tags, score=score)
    if m.surface not in entity.forms():  # "Medellín" in "Medellín and Cali Cartels"
        return [cloze]
    others = entity_distractors(facts, gaz, m.entity, entity.kind, sentences=frame, exclude=set(),
                                seed=prompt)
    if len(others) < 3:
        return [cloze]
    mc_prompt = f"{_WHICH[entity.kind]} fills the gap? {prompt}"
    choices = with_choices(entity.name, others, mc_prompt)
    mc = Draft(topic, "multiple_choice", mc_prompt, entity.name, frame, fact,
               accept=(m.surface,), choices=choices, tags=tags, score=score - 0.2)
    return [cloze, mc]


def date_clozes(facts: Facts, gaz: Gazetteer) -> list[Draft]:
    """Blank a year (or a range or decade) in a self-contained frame."""
    drafts: list[Draft] = []
    for d in facts.dates:
        frame = readable.frame(facts, d.sentence, gaz)
        if not frame or not re.search(r"\d", d.surface) or _dates_a_figure(d, facts):
            continue
        answer, start, end = _date_answer(d, facts.sentences[d.sentence].text)
        prompt = readable.framed(facts, frame, d.sentence, gaz, (start, end))
        if _leaks(prompt, [answer]):
            continue
        fact = f"date:{d.sentence}:{start}"  # same key as the event's own questions
        tags = ("timeline",)
        drafts.append(Draft("dates", "cloze", prompt, answer, frame, fact, _date_accept(d, answer),
                            tags=tags, score=1.2 if d.kind == "exact" else 0.8))
        if d.kind == "exact":
            banned = {int(y) for y in re.findall(r"\d{4}", prompt)}
            wrong = year_distractors(facts, d.year, prompt, banned=banned)
            mc_prompt = f"Which year fills the gap? {prompt}"
            drafts.append(Draft("dates", "multiple_choice", mc_prompt, answer, frame, fact,
                                choices=with_choices(answer, wrong, mc_prompt), tags=tags,
                                score=0.9))
    return drafts


def _dates_a_figure(d: DateMention, facts: Facts) -> bool:
    """"As of 2020 ... worth $3.9 billion" and "the Project’s 2022 Rule of Law Index" date a
    statistic or an edition: recalling that year teaches nothing about the profile."""
    text = facts.sentences[d.sentence].text
    edition = re.search(r"['’]s $", text[: d.start]) and re.match(r" [A-Z]", text[d.end:])
    return d.lead.strip().lower() == "as of" or bool(edition)


def _date_answer(d: DateMention, text: str) -> tuple[str, int, int]:
    if d.kind == "exact":
        return str(d.year), d.end - 4, d.end
    surface = d.surface.removeprefix("the ")
    start = d.end - len(surface)
    if surface.startswith("between "):
        surface = surface.removeprefix("between ")
        start = d.end - len(surface)
    return surface, start, d.end


def _date_accept(d: DateMention, answer: str) -> tuple[str, ...]:
    if d.kind == "range":
        years = re.findall(r"\d{4}", answer)
        forms = (f"{years[0]}-{years[1]}", f"{years[0]}–{years[1]}", f"{years[0]} to {years[1]}")
        return tuple(f for f in forms if f != answer)
    if d.month:
        return (f"{d.month} {d.year}",)
    return ()


def _is_anaphor(surface: str, gaz: Gazetteer) -> bool:
    return surface.lower() in {a.lower() for a in gaz.words("group_anaphors")}


def _tag(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
