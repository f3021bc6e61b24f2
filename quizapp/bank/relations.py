"""Relations between entities: leaders of groups, people's roles, borders, where groups operate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.bank.entities import Catalog, Mention
from quizapp.bank.gazetteer import Gazetteer
from quizapp.bank.mentions import antecedent, subject_like
from quizapp.bank.text import Sentence

_CLAUSES = re.compile(r", and |; | while | — |, but ")
_FUNCTION = re.compile(
    r"^.*\b(?:by|of|the|a|an|after|with|as|such as|including|for|to|in|on|and|while)\s+"
)


@dataclass(frozen=True)
class Relation:
    """``subject`` stands in ``role`` to ``object`` (a name or a free description)."""

    kind: str  # leads | role_in_group | described_as | borders | based_in | linked_to
    subject: str
    object: str
    sentence: int
    detail: str = ""


def _kind(catalog: Catalog, m: Mention) -> str:
    return catalog.entities[m.entity].kind


def _last_group(mentions: list[Mention], catalog: Catalog, sentence: int, before: int,
                sents: list[Sentence]) -> str:
    earlier = [m for m in mentions if _kind(catalog, m) == "group"]
    found = antecedent(earlier, sents, sentence, before)
    return found.entity if found else ""


def leaders(sents: list[Sentence], mentions: list[Mention], catalog: Catalog,
            gaz: Gazetteer) -> list[Relation]:
    """"led by X", "its leader, X", "Its second-in-command, X"."""
    roles = "|".join(re.escape(r) for r in gaz.words("group_roles"))
    cue = re.compile(rf"\bled by\b|\b(?:[Ii]ts|the group’s) ({roles}), ")
    found: list[Relation] = []
    for s in sents:
        people = [m for m in mentions if m.sentence == s.index and _kind(catalog, m) == "person"]
        for m in cue.finditer(s.text):
            person = next((p for p in people if m.end() <= p.start <= m.end() + 40
                           and not s.text.startswith("’s", p.end)), None)
            group = _last_group(mentions, catalog, s.index, m.start(), sents)
            if person is not None and group:
                kind = "leads" if m.group(1) in (None, "leader") else "role_in_group"
                found.append(Relation(kind, person.entity, group, s.index, m.group(1) or "leader"))
    return found


def descriptions(sents: list[Sentence], mentions: list[Mention], catalog: Catalog,
                 gaz: Gazetteer) -> list[Relation]:
    """Roles written around a name: "security chief X", "X, the twice-elected mayor of Y"."""
    nouns = set(gaz.words("person_role_nouns"))
    timebound = gaz.words("time_bound_words")
    found: list[Relation] = []
    for m in mentions:
        kind = _kind(catalog, m)
        text = sents[m.sentence].text
        desc = _before_name(text[: m.start], nouns) if kind == "person" else ""
        desc = desc or _after_name(text[m.end :], kind)
        if desc and not any(re.search(rf"(?<!\w){re.escape(w)}", desc) for w in timebound):
            found.append(Relation("described_as", m.entity, desc, m.sentence))
    return found


def _before_name(before: str, nouns: set[str]) -> str:
    # Whole words only: "the Uruguayan trafficker X" is no “ruguayan trafficker”.
    m = re.search(r"(?<![\w’])((?:[A-ZÁÉÍÓÚ]\w+’s )?(?:[a-z][\w-]* )+)$", before)
    if m is None:
        return ""
    run = _FUNCTION.sub("", m.group(1)) if not re.match(r"[A-Z]", m.group(1)) else m.group(1)
    run = run.strip()
    return run if run.split()[-1:] and run.split()[-1] in nouns and " " in run else ""


def _after_name(after: str, kind: str) -> str:
    if kind not in ("person", "place", "region"):
        return ""
    m = re.match(r", (the [^,.;“”]+?)(?: who | where |,|\.|$)", after)
    if m is None or len(m.group(1).split()) < 3:
        return ""
    return m.group(1)


def borders(sents: list[Sentence], mentions: list[Mention], catalog: Catalog,
            gaz: Gazetteer) -> list[Relation]:
    """"bordered to the north by Ecuador and Colombia, with Brazil in the east, ..."."""
    directions = "|".join(gaz.words("directions"))
    found: list[Relation] = []
    for s in sents:
        if "border" not in s.text or not re.search(rf"\b(?:{directions})\b", s.text):
            continue
        bounds = [0, *(m.end() for m in re.finditer(r", |: |; ", s.text)), len(s.text) + 2]
        listed: list[Mention] = []  # "Venezuela, Guyana, Suriname and French Guiana to the north"
        for offset, stop in zip(bounds, bounds[1:], strict=False):
            clause = s.text[offset:stop]
            named = [(d.start() + offset, d.group(1))
                     for d in re.finditer(rf"\b({directions})\b", clause)]
            # "every South American country except Chile and Ecuador": no border there.
            excepted = clause.find("except ")
            inside = [m for m in mentions if m.sentence == s.index
                      and offset <= m.start < stop and not (0 <= excepted < m.start - offset)
                      and _kind(catalog, m) == "country" and m.entity != catalog.country]
            # "El Salvador to the southwest and Nicaragua to the southeast": each country takes
            # the direction nearest to it, not every direction of its clause.
            if not named:  # a list cut by its commas: its names take the direction after it
                listed += inside
                continue
            for m in inside:
                _, direction = min(named, key=lambda d: min(abs(d[0] - m.end), abs(d[0] - m.start)))
                found.append(Relation("borders", m.entity, direction, s.index))
            if len(named) == 1:
                found += [Relation("borders", m.entity, named[0][1], s.index) for m in listed]
            listed = []
    return found


def group_places(
    sents: list[Sentence], mentions: list[Mention], catalog: Catalog
) -> list[Relation]:
    """Groups named with places: ``co_mentioned`` per sentence (what distractors and matchings
    must avoid) and ``linked_to`` where the text ties them (what a matching may pair)."""
    found: list[Relation] = []
    for s in sents:
        here = [m for m in mentions if m.sentence == s.index]
        groups = sorted({m.entity for m in here if _kind(catalog, m) == "group"})
        others = sorted({m.entity for m in here if _kind(catalog, m) not in
                         ("group", "institution")} - {catalog.country})
        found.extend(Relation("co_mentioned", g, o, s.index) for g in groups for o in others)
        found.extend(Relation("co_mentioned", a, b, s.index) for a in groups for b in groups
                     if a < b)
        found.extend(_linked(s, here, catalog))
    return found


def _linked(s: Sentence, here: list[Mention], catalog: Catalog) -> list[Relation]:
    """A group that is its clause's subject with a place of that clause; or "Italy’s X"."""
    groups = [m for m in here if _kind(catalog, m) == "group"]
    places = [m for m in here if _kind(catalog, m) in ("country", "region", "place", "city",
                                                        "landmark")
              and m.entity != catalog.country]
    found: set[tuple[str, str]] = set()
    for g in groups:
        for p in places:
            if _possessive(s.text, p, g) or (subject_like(g, s.text) and g.start < p.start
                                              and not _CLAUSES.search(s.text, g.end, p.start)):
                found.add((g.entity, p.entity))
    return [Relation("linked_to", g, p, s.index) for g, p in sorted(found)]


def _possessive(text: str, place: Mention, group: Mention) -> bool:
    """"Italy’s ‘Ndrangheta" or "the Tren de Aragua, Venezuela’s largest criminal group"."""
    if not text.startswith("’s", place.end):
        return False
    if place.end < group.start:
        return bool(re.fullmatch(r"’s(?: [\w-]+){0,3} ", text[place.end : group.start]))
    return text[group.end : place.start] == ", "
