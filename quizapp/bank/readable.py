"""Sentences made readable on their own: back-references replaced by what they point to."""

from __future__ import annotations

import re

from quizapp.bank.dates import MONTHS
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer
from quizapp.bank.mentions import antecedent
from quizapp.bank.naming import capitalized, label
from quizapp.bank.schema import CLOZE_GAP
from quizapp.bank.text import POINTING_THERE

MAX_FRAME_WORDS = 75
_NAMING_NOUNS = ("group", "organization")

Edit = tuple[int, int, str]


# "The most powerful of them, Roberto Suárez Gómez, ...": of whom?
_OF_THEM_FIRST = re.compile(r"(?:The|One|Two|Three|Some|Many|Most|All|Each|None|Several)\b"
                            r"[^,.]{0,30}\bof them\b")
# "It is estimated that ...", "It was thought ...": an "it" that points nowhere
_IMPERSONAL_IT = (r"(?:is|was|has been) (?:\w+ )?(?:estimated|thought|believed|said|reported|"
                  r"likely|unclear|clear|possible|difficult|hard|easy|unlikely|known)\b")
_EXISTENTIAL = re.compile(rf"There (?:is|are|was|were|has|have|had)\b|It {_IMPERSONAL_IT}")
# capitalised words before "there" that name no place
_NOT_PLACES = frozenset(MONTHS.split("|")) | frozenset(
    "In On At By The A An But However Since From During After Before Yet And".split())
# "it has continued to expand", "fill it": what? ("it is estimated that" points nowhere)
_POINTING_IT = re.compile(r'(?:^|,["”]? )[Ii]t ' rf"(?!{_IMPERSONAL_IT})|\b(?:fill|fills|"
                          r"filled|made|make|makes|use|used|uses|control|controls|controlled) it\b"
                          r"(?! (?:possible|easier|harder|difficult|impossible|clear|likely)\b)")


def needs_context(text: str, gaz: Gazetteer) -> bool:
    """True when the sentence points back to something it does not name."""
    openers = gaz.words("context_openers")
    if any(text.startswith(o + " ") or text.startswith(o + ",") for o in openers) and not (
            _EXISTENTIAL.match(text)):  # "There have been 30 massacres": nowhere in particular
        return True
    padded = f" {text} "
    there = POINTING_THERE.search(text)
    if there and not any(w not in _NOT_PLACES for w in re.findall(
            r"(?:^|\s)([A-Z][\w-]+)", text[: there.start()])):
        return True  # "factions there": where? ("sold there" after Brazil's market: Brazil)
    if _POINTING_IT.search(text) or _OF_THEM_FIRST.match(text):
        return True
    # "the prison in Pedro Juan Caballero" says which prison, "the conflict between 1980 and
    # 2000" which conflict; "the prison" alone does not.
    return any(re.search(rf"\W(?i:{re.escape(w)})(?! (?:of|in|at) [A-Z]| between\b)\W", padded)
               for w in gaz.words("context_words"))


def _anaphor_edits(facts: Facts, index: int, gaz: Gazetteer) -> list[Edit]:
    """"the group" -> "the MPCP", "The rebels" -> "The Shining Path rebels"."""
    anaphors = {a.lower() for a in gaz.words("group_anaphors")}
    edits: list[Edit] = []
    for m in facts.in_sentence(index):
        if m.surface.lower() not in anaphors:
            continue
        entity = facts.catalog.entities[m.entity]
        article, noun = m.surface.split(" ", 1)
        possessive = "’s" if noun.endswith("’s") else ""
        noun = noun.removesuffix("’s")
        name = label(entity, gaz, short=True)
        text = name if noun in _NAMING_NOUNS else f"{name} {noun}"
        text = capitalized(text) if article == "The" else text
        edits.append((m.start, m.end, text + possessive))
    return edits


def _its_edits(facts: Facts, index: int, gaz: Gazetteer) -> list[Edit]:
    """"In March 2008, its gunmen killed ..." after "Los Zetas, a Mexican group, ...": "its"
    with nothing named before it in its sentence is the paragraph's group ("Los Zetas’")."""
    text = facts.sentences[index].text
    m = re.search(r"(?<=, )its\b", text)
    if m is None or any(x.start < m.start() for x in facts.in_sentence(index)):
        return []
    groups = [x for x in facts.mentions if facts.catalog.entities[x.entity].kind == "group"]
    found = antecedent(groups, list(facts.sentences), index, m.start())
    if found is None:
        return []
    name = label(facts.catalog.entities[found.entity], gaz, short=True)
    return [(m.start(), m.end(), f"{name}’s" if not name.endswith("s") else f"{name}’")]


_PERSON_PRONOUN = re.compile(r"\b(?:[Hh]e|him|[Hh]is|[Ss]he)\b")


def _person_edits(facts: Facts, index: int) -> list[Edit]:
    """"In October 2019, a New York jury convicted him" after "His brother, ... Tony
    Hernández, was arrested ...": a person pronoun with no one named before it in its sentence
    is the one person the sentence before names (the first such pronoun; the rest then point
    to it)."""
    text = facts.sentences[index].text
    m = _PERSON_PRONOUN.search(text)
    if m is None or any(x.start < m.start() and facts.catalog.entities[x.entity].kind == "person"
                        for x in facts.in_sentence(index)):
        return []
    if index == 0 or facts.sentences[index - 1].paragraph != facts.sentences[index].paragraph:
        return []
    # Only when the sentence before names one person: "His brother, ... Tony Hernández, was
    # arrested. ... convicted him" is Tony, not the brother named a sentence earlier.
    named = {x.entity for x in facts.in_sentence(index - 1)
             if facts.catalog.entities[x.entity].kind == "person"}
    if len(named) != 1:
        return []
    (name,) = named
    return [(m.start(), m.end(), f"{name}’s" if m.group().lower() == "his" else name)]


def _about_country(facts: Facts, index: int) -> bool:
    sentence = facts.sentences[index]
    first = next(s for s in facts.sentences if s.paragraph == sentence.paragraph)
    return first.text.startswith((facts.country, "The country"))


def _country_edits(facts: Facts, index: int) -> list[Edit]:
    """Sentence-initial "It"/"Its" in a paragraph about the country names the country."""
    text = facts.sentences[index].text
    if not _about_country(facts, index):
        return []
    m = re.match(r"(Its|It)\b", text) or re.match(r"[^,]{3,60}, (its|it)\b", text)
    if m is None:
        return []
    name = facts.country + ("’s" if m.group(1).lower() == "its" else "")
    return [(m.start(1), m.end(1), name)]


def _the_country_edits(facts: Facts, text: str) -> list[Edit]:
    """"the country’s highest court" -> "Honduras’s highest court": in a country profile,
    "the country" is that country, and a prompt read alone must say so."""
    if not facts.country:
        return []
    edits: list[Edit] = []
    for m in re.finditer(r"\b([Tt])he country(’s)?\b", text):
        edits.append((m.start(), m.end(), facts.country + (m.group(2) or "")))
    return edits


def _national_edits(facts: Facts, index: int, gaz: Gazetteer) -> list[Edit]:
    """"By 2022, the prison population was ..." -> "By 2022, Peru’s prison population was
    ...": the first of the country's institutions the sentence leaves unnamed, unless the
    sentence names another country (whose institution it may be)."""
    text = facts.sentences[index].text
    if not facts.country or any(
            m.entity != facts.country and facts.catalog.entities[m.entity].kind == "country"
            for m in facts.in_sentence(index)):
        return []
    nouns = "|".join(re.escape(n) for n in sorted(gaz.words("national_nouns"), key=len,
                                                  reverse=True))
    m = re.search(rf"\b[Tt]he ({nouns})\b(?! of\b)(?!’s\b)", text)
    return [(m.start(), m.end(), f"{facts.country}’s {m.group(1)}")] if m else []


def rewritten(facts: Facts, index: int, gaz: Gazetteer, gap: tuple[int, int] | None = None) -> str:
    """The sentence with back-references resolved and, optionally, one span blanked."""
    text = facts.sentences[index].text
    edits = _anaphor_edits(facts, index, gaz) + _country_edits(facts, index)
    edits += _the_country_edits(facts, text) + _its_edits(facts, index, gaz)
    edits += _person_edits(facts, index) + _national_edits(facts, index, gaz)
    if gap is not None:
        edits = [e for e in edits if e[1] <= gap[0] or e[0] >= gap[1]]
        edits.append((gap[0], gap[1], CLOZE_GAP))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


PERSON_PRONOUNS = re.compile(r"\b(?:he|his|him|she|her)\b", re.I)


def _own_pronouns_named(facts: Facts, index: int, text: str) -> str:
    """The text with "he"/"his" dropped after the sentence names a person ("General Alfredo
    Stroessner ruled ..., and his regime"): they point to that person, not back to an
    earlier sentence."""
    named = [(text.find(m.surface), m.surface) for m in facts.in_sentence(index)
             if facts.catalog.entities[m.entity].kind == "person" and m.surface in text]
    if not named:
        return text
    first, surface = min(named)
    # "Luis Arce, his former economy minister, won": his is someone else's
    if PERSON_PRONOUNS.search(text[:first]) or _APPOSED_PRONOUN.match(text, first + len(surface)):
        return text
    return text[:first] + PERSON_PRONOUNS.sub("", text[first:])


_APPOSED_PRONOUN = re.compile(r",? (?:his|her)\b")


def frame(facts: Facts, index: int, gaz: Gazetteer) -> tuple[int, ...]:
    """The sentence alone, or with up to two before it when it still points back; () if unusable."""
    sentence = facts.sentences[index]
    if not 6 <= len(sentence.text.split()) <= 60:
        return ()
    chosen = [index]
    while needs_context(_own_pronouns_named(facts, chosen[0], rewritten(facts, chosen[0], gaz)),
                        gaz):
        previous = chosen[0] - 1
        if len(chosen) == 3 or previous < 0:
            return ()
        if facts.sentences[previous].paragraph != sentence.paragraph:
            return ()
        chosen.insert(0, previous)
    words = sum(len(facts.sentences[i].text.split()) for i in chosen)
    return tuple(chosen) if words <= MAX_FRAME_WORDS else ()


def framed(facts: Facts, chosen: tuple[int, ...], index: int, gaz: Gazetteer,
           gap: tuple[int, int]) -> str:
    """Prompt text: context sentences (resolved) then the sentence with its gap."""
    parts = [rewritten(facts, i, gaz, gap if i == index else None) for i in chosen]
    return " ".join(parts)
