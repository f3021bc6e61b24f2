"""Template questions about groups, people and places, each keyed on an extracted fact."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizapp.bank import readable
from quizapp.bank.cloze import TOPIC_OF_KIND
from quizapp.bank.distractors import entity_distractors
from quizapp.bank.drafts import Draft, shuffled, with_choices
from quizapp.bank.entities import ALIAS_TITLES, COORDINATED, Entity
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer, contains_word
from quizapp.bank.naming import (
    label,
    local_language,
    look_alike,
    named_after,
    nickname_of,
    with_the,
)
from quizapp.bank.relations import Relation
from quizapp.bank.schema import CLOZE_GAP


def first_sentence(facts: Facts, *forms: str) -> tuple[int, ...]:
    """Index of the first sentence containing all of ``forms``."""
    for s in facts.sentences:
        if all(f in s.text for f in forms):
            return (s.index,)
    return ()


def _choice_pair(
    facts: Facts, gaz: Gazetteer, entity: Entity, prompt: str, where: tuple[int, ...],
    fact: str, topic: str, exclude: frozenset[str] = frozenset(), prefer: tuple[str, ...] = (),
) -> Iterator[Draft]:
    """A short-answer question and its multiple-choice twin about ``entity``."""
    accept = tuple(entity.accepted())
    yield Draft(topic, "short_answer", prompt, entity.name, where, fact, accept)
    wrong = entity_distractors(facts, gaz, entity.name, entity.kind, sentences=where,
                               exclude=set(exclude), prompt=prompt, prefer=prefer)
    if len(wrong) == 3:
        yield Draft(topic, "multiple_choice", prompt, entity.name, where, fact,
                    choices=with_choices(entity.name, wrong, prompt))


def _of_another_country(name: str, facts: Facts, gaz: Gazetteer) -> bool:
    """"Revolutionary Armed Forces of Colombia" in a profile of Peru: its Spanish name is
    trivia about another country's group."""
    return any(c != facts.country and contains_word(name, c) for c in gaz.countries)


def group_names(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """Local-language names of groups and institutions. No question asks what an acronym
    stands for, or which acronym a name has: the letters answer it (acronyms are accepted as
    typed answers instead); nor for a look-alike translation."""
    named = [e for e in facts.catalog.of_kind("group", "institution") if e.spanish]
    others = tuple(x.name for x in facts.catalog.of_kind("group", "institution"))
    for e in named:
        if (look_alike(e.spanish, e.name) or _of_another_country(e.name, facts, gaz)
                or re.fullmatch(r"[A-Z0-9-]+", e.name)):  # "MS13": the letters say Mara S.
            continue
        topic = TOPIC_OF_KIND[e.kind]
        where = first_sentence(facts, e.spanish)
        language = local_language(e.spanish, gaz)
        yield Draft(topic, "short_answer", f"What is the {language} name of "
                    f"{with_the(e.name, e.kind, gaz)}?", e.spanish, where, f"local:{e.name}")
        yield from _choice_pair(facts, gaz, e, f"Which organization is known in {language} "
                                f"as “{e.spanish}”?", where, f"local:{e.name}", topic,
                                prefer=others)


def aliases(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """"By what alias was X known?", or true/false with a swapped alias: one fact, asked once
    (the alias matching asks the other way round, all aliases side by side)."""
    people = [p for p in facts.catalog.of_kind("person") if p.aliases]
    titles = sorted({a.partition(" ")[0] for p in people for a in p.aliases} & set(ALIAS_TITLES))
    for i, person in enumerate(people):
        for alias in person.aliases:
            if contains_word(person.name, alias):
                continue  # "Juan Antonio “Tony” Hernández" tells his alias himself
            where = first_sentence(facts, person.name, alias)
            fact = f"alias:{alias}"
            # "Comrade Artemio" is also typed as plain "Artemio" or in Spanish; where the
            # profile titles its aliases, "Raúl" is also typed "Comrade Raúl".
            short = tuple(x for x in person.also if x.endswith(alias.split()[-1])
                          and x != alias) if " " in alias else _titled(alias, titles)
            yield Draft("leaders", "short_answer", f"By what alias was {person.name} known?",
                        alias, where, fact, short)
            if nickname_of(alias, person.name):
                continue  # "José Roberto ... was known by the alias “Zé Roberto”": true unread
            yield Draft("leaders", "true_false", f"{person.name} was known by "
                        f"the alias “{alias}”.", True, where, fact)
            other = people[(i + 1) % len(people)]
            if other is not person:
                yield Draft("leaders", "true_false", f"{other.name} was known by "
                            f"the alias “{alias}”.", False, where, fact, score=1.1)


def _titled(alias: str, titles: list[str]) -> tuple[str, ...]:
    """A bare alias with the titles the profile gives aliases, in both languages."""
    return tuple(dict.fromkeys(f"{t} {alias}" for title in titles
                               for t in (title, ALIAS_TITLES[title])))


def leadership(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """"Who led X?" and "Who was the second-in-command of X?"."""
    seen: set[tuple[str, str]] = set()
    for r in facts.relations:
        if r.kind not in ("leads", "role_in_group") or (r.subject, r.object) in seen:
            continue
        seen.add((r.subject, r.object))
        person, group = facts.catalog.entities[r.subject], facts.catalog.entities[r.object]
        if named_after(group.name, person.name):
            continue  # "Miguel Arnulfo Valle Valle led Los Valle": the names answer it
        famous = gaz.words("world_famous")
        if person.name in famous and group.name in famous:
            continue  # "Pablo Escobar led the Medellín Cartel": known without the profile
        prompt = (f"According to the profile, who led {label(group, gaz)}?" if r.kind == "leads"
                  else f"Who was the {r.detail} of {label(group, gaz)}?")
        others = facts.related(group.name)  # anyone named with the group may have led it too
        yield from _choice_pair(facts, gaz, person, prompt, (r.sentence,), f"leads:{r.subject}",
                                "leaders", frozenset(others))
        if r.kind == "leads":
            yield Draft("leaders", "true_false", f"{person.name} led "
                        f"{label(group, gaz)}.", True, (r.sentence,), f"leads:{r.subject}")


def described(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """"Who is described as ...?" / "Which group ...?" from appositions and role words."""
    items = [(r.subject, r.object, (r.sentence,)) for r in facts.relations
             if r.kind == "described_as"]
    for e in facts.catalog.entities.values():
        items.extend((e.name, d, (i,)) for d, i in e.descriptions)
    asks = {"person": "Who is", "group": "Which group is", "place": "Which area is",
            "region": "Which region is"}
    for name, description, where in sorted(items):
        entity = facts.catalog.entities[name]
        if entity.kind not in asks or any(f in description for f in entity.forms()):
            continue
        ask = f"Which {entity.head} is" if entity.kind == "place" and entity.head else (
            asks[entity.kind])  # "Which port is ...", not "Which area"
        prompt = f"{ask} described in the profile as {_with_article(description)}?"
        yield from _choice_pair(facts, gaz, entity, prompt, where, f"described:{name}",
                                TOPIC_OF_KIND[entity.kind])


def _with_article(description: str) -> str:
    """“philosophy professor” -> a “philosophy professor”; possessives and "the ..." stay bare."""
    first = description.split()[0]
    if first in ("a", "an", "the") or first.endswith("’s") or first[0].isupper():
        return f"“{description}”"
    article = "an" if first[0] in "aeiou" else "a"
    return f"{article} “{description}”"


def neighbours(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """Borders by direction; with two countries north, neither is a wrong option for the other."""
    by_direction: dict[str, list[Relation]] = {}
    for r in facts.relations:
        if r.kind == "borders":
            by_direction.setdefault(r.object, []).append(r)
    all_neighbours = frozenset(r.subject for rs in by_direction.values() for r in rs)
    for direction, rels in by_direction.items():
        # a neighbour beside the asked side (Bolivia lies west, so also "southwest" on a map)
        # could be true there: never a wrong option, unless no other neighbour is left (Honduras:
        # Guatemala west and Nicaragua southeast, asked which lies southwest: El Salvador)
        beside = {r.subject for side, rs in by_direction.items() for r in rs
                  if _compass(side) & _compass(direction)}
        names = [r.subject for r in rels]
        offered = all_neighbours - beside if all_neighbours - beside - set(names) else (
            all_neighbours)
        for r in rels:
            yield from _border_questions(facts, gaz, r, names, offered)


def _compass(direction: str) -> set[str]:  # "southwest" -> {"south", "west"}
    return {point for point in ("north", "south", "east", "west") if point in direction}


def _border_questions(facts: Facts, gaz: Gazetteer, r: Relation, names: list[str],
                      all_neighbours: frozenset[str]) -> Iterator[Draft]:
    """Which country borders the profile's country on a side, chosen, never typed or true or
    false (typed, what lies north is map knowledge; true or false, half of it is a guess). The
    wrong options are the neighbours the profile puts on other sides (which one lies south is
    the profile's fact; a country that borders nowhere near is ruled out by anyone with a map),
    then countries of the same family the profile names."""
    where, fact = (r.sentence,), f"border:{r.object}:{r.subject}"
    prompt = (f"Which country borders {facts.country} to the {r.object}?" if len(names) == 1
              else f"Which of these countries borders {facts.country} to the {r.object}?")
    other_sides = shuffled(sorted(all_neighbours - set(names)), prompt)[:3]
    islands = set(gaz.words("island_countries"))  # no land border: ruled out at a glance
    region = gaz.family_of(r.subject)  # no Italy for a land border of Brazil
    wrong = other_sides + [n for n in entity_distractors(
        facts, gaz, r.subject, "country", sentences=where, exclude=set(all_neighbours) | islands,
        prompt=prompt) if gaz.family_of(n) == region][: 3 - len(other_sides)]
    if len(wrong) == 3:
        yield Draft("regions", "multiple_choice", prompt, r.subject, where, fact,
                    choices=with_choices(r.subject, wrong, prompt))


def coordinated_groups(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """"the powerful Medellín and Cali Cartels": one question takes either name ("Name one of
    the two cartels"), so a sentence naming two groups needs one question, not two."""
    for sentence in facts.sentences:
        m = COORDINATED.search(sentence.text)
        frame = readable.frame(facts, sentence.index, gaz)
        if m is None or not frame:
            continue
        noun = m.group(3).lower()
        names = [f"{m.group(1)} {m.group(3)[:-1]}", f"{m.group(2)} {m.group(3)[:-1]}"]
        if not all(n in facts.catalog.entities for n in names) or all(
                n in gaz.words("world_famous") for n in names):
            continue  # "Name one of the two cartels" of Colombia: anyone names Medellín
        gap = readable.framed(facts, frame, sentence.index, gaz, m.span())
        prompt = gap.replace(f"the powerful {CLOZE_GAP}", f"two powerful {noun}").replace(
            f"the {CLOZE_GAP}", f"two {noun}").replace(CLOZE_GAP, f"two {noun}")
        prompt = f"{prompt} Name one of the two {noun}."
        yield Draft("groups", "short_answer", prompt, names[0], frame,
                    f"pair:{sentence.index}", accept=(names[1], m.group(1), m.group(2)),
                    score=1.5)
