"""Cloze items (and their multiple-choice twins): a sentence with one name or date blanked."""

from __future__ import annotations

import re
from dataclasses import replace

from quizapp.bank import readable
from quizapp.bank.dates import DateMention
from quizapp.bank.distractors import (
    HEDGED_PERIOD,
    entity_distractors,
    period_distractors,
    year_distractors,
)
from quizapp.bank.drafts import Draft, with_choices
from quizapp.bank.entities import Mention
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer, contains_word, fold
from quizapp.bank.naming import nickname_of
from quizapp.bank.schema import CLOZE_GAP

TOPIC_OF_KIND = {"person": "leaders", "group": "groups", "institution": "security",
                 "country": "regions", "region": "regions", "place": "regions",
                 "city": "regions", "continent": "regions", "landmark": "regions"}
_PER_ENTITY = {"cloze": 3, "multiple_choice": 2}
WHICH = {"person": "Who", "group": "Which group", "institution": "Which institution",
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
        if _inside_definition(facts, m):
            continue  # "(Sendero Luminoso – SL)": blanked with the name it defines
        m = _with_definition(facts, m)
        prompt = readable.framed(facts, frame, m.sentence, gaz, (m.start, m.end))
        # An alias next to the gap is a fair hint ("____, alias “José”"), not a give-away.
        if _leaks(prompt, [f for f in entity.forms() if f not in entity.aliases]):
            continue
        if guessable(facts, gaz, m, prompt):
            continue
        drafts.extend(_entity_pair(facts, gaz, m, frame, prompt))
    return _best_per_entity(drafts)


def _definition_after(facts: Facts, m: Mention) -> re.Match[str] | None:
    """The parenthesis right after a name that gives its other names: " (Policía ... – PNP)"."""
    text = facts.sentences[m.sentence].text
    found = re.match(r" \([^()]*\)", text[m.end:])
    forms = facts.catalog.entities[m.entity].forms()
    if found and any(f in found.group(0) for f in forms if f != m.surface):
        return found
    return None


def _with_definition(facts: Facts, m: Mention) -> Mention:
    """The mention stretched over its defining parenthesis: blanking "the Peruvian National
    Police" but leaving "(Policía Nacional del Peru – PNP)" would give the answer away."""
    found = _definition_after(facts, m)
    if found is None:
        return m
    return replace(m, end=m.end + found.end())


def _inside_definition(facts: Facts, m: Mention) -> bool:
    """The Spanish name or acronym inside the parenthesis that defines a name."""
    text = facts.sentences[m.sentence].text
    opening = text.rfind("(", 0, m.start)
    return opening >= 0 and ")" not in text[opening:m.start] and any(
        x.entity == m.entity and x.end == opening - 1 for x in facts.in_sentence(m.sentence))


_NAME_ITEM = r"[A-ZÁÉÍÓÚ][\w’'-]*(?: (?:de |del )?[A-ZÁÉÍÓÚ][\w’'-]*)*"
_OPEN_LIST = re.compile(rf"\bsuch as ({_NAME_ITEM}(?:(?:, | and |, and ){_NAME_ITEM})+)")


def _in_open_list(facts_text: str, m: Mention) -> bool:
    """The gap is one of three names or more after "such as": nothing makes it the one (a
    single example, "Local politicians, such as David Bazán Arévalo", is asked)."""
    for found in _OPEN_LIST.finditer(facts_text):
        items = re.split(r", and |, | and ", found.group(1))
        if found.start(1) <= m.start < found.end(1) and len(items) >= 3:
            return True
    return False


def guessable(facts: Facts, gaz: Gazetteer, m: Mention, prompt: str) -> bool:
    """A gap that general knowledge fills without the profile: a continent ("the heart of
    ____"), a country next to its own city, group or people ("offices in Miami and Dallas" →
    US; "____’s ‘Ndrangheta" → Italy; "Brazilian gangs" → Brazil), or a frame the data file
    lists ("the ____ Treasury", "the ____ Ocean", "the capital ____")."""
    entity = facts.catalog.entities[m.entity]
    # Countries, continents, seas, lakes, landscapes and the region's famous figures: a reader
    # of any newspaper fills "Alongside ____ and Bolivia ... coca-growing nations" (Colombia),
    # "the military regime of ____" (Pinochet), "the area near ____" (Lake Titicaca).
    if entity.kind in ("continent", "country") or gaz.family_of(entity.name) in gaz.words(
            "guessable_families") or entity.name in gaz.words("world_famous"):
        return True
    # "a centralized police force, the ____": the National Police, guessed from "police"
    if entity.kind == "institution" and any(
            contains_word(prompt, w) for w in entity.name.split()
            if w in gaz.words("institution_words")):
        return True
    text = facts.sentences[m.sentence].text
    if _in_open_list(text, m):  # "cities such as Bogotá, ____, Cali and Cúcuta": any city
        return True
    before = fold(text[: m.start]).rstrip(" ,")[-25:]
    after = fold(text[m.end :]).lstrip()[:25]
    trivial = gaz.mapping("trivial_gaps")
    return any(before.endswith(fold(w).rstrip(" ,")) for w in trivial.get("before", ())) or any(
        after.startswith(fold(w)) for w in trivial.get("after", ()))


def country_hinted(facts: Facts, gaz: Gazetteer, country: str, text: str) -> bool:
    """``text`` names something of ``country`` that points to it: its people ("Brazilian"),
    one of its cities or one of its groups."""
    stem = fold(country)[:4]
    if any(fold(w).startswith(stem) and w in gaz.words("demonyms")
           for w in re.findall(r"[A-Z]\w+", text)):
        return True
    cities = gaz.mapping("cities_of").get(country, ())
    if any(contains_word(text, c) for c in cities):
        return True
    return any(g.country == country and contains_word(text, g.name) for g in gaz.groups)


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
    accept = tuple(f for f in dict.fromkeys([*entity.forms(), *entity.also]) if f != m.surface)
    score = 1.0 + (0.5 if m.surface == entity.name else 0) - 0.3 * (len(frame) - 1)
    tags = (_tag(entity.name),)
    fact = f"mention:{m.entity}:{m.sentence}:{m.start}"
    cloze = Draft(topic, "cloze", prompt, m.surface, frame, fact, accept, tags=tags, score=score)
    if m.surface not in entity.forms():  # "Medellín" in "Medellín and Cali Cartels"
        return [cloze]
    if any(contains_word(prompt, a) and nickname_of(a, entity.name) for a in entity.aliases):
        return [cloze]  # "____, alias “Fernandinho”": Luiz Fernando, the one Fernando offered
    others = entity_distractors(facts, gaz, m.entity, entity.kind, sentences=frame, exclude=set(),
                                prompt=prompt)
    if len(others) < 3 or not _article_fits(facts, prompt, others):
        return [cloze]
    mc_prompt = f"{WHICH[entity.kind]} fills the gap? {prompt}"
    choices = with_choices(entity.name, others, mc_prompt)
    mc = Draft(topic, "multiple_choice", mc_prompt, entity.name, frame, fact,
               accept=(m.surface,), choices=choices, tags=tags, score=score - 0.2)
    return [cloze, mc]


_FUNCTION_WORDS = "in|of|and|or|to|at|for|with|on|by|from|as|that|which|where|while|is|was"


def _article_fits(facts: Facts, prompt: str, options: list[str]) -> bool:
    """"centered in the ____": only a name the profile writes with "the" (the Huallaga
    Valley) reads right there, so options without it give the answer away."""
    # "the ____ region" is the region's article: any name fits there.
    if not re.search(rf"\b[Tt]he {re.escape(CLOZE_GAP)}(?! (?!(?:{_FUNCTION_WORDS})\b)[a-z])",
                     prompt):
        return True
    return written_with_the(facts, options)


def written_with_the(facts: Facts, names: list[str]) -> bool:
    """True when the profile writes every one of ``names`` after "the" (the Huallaga Valley,
    the United States): only such names read right after "the ____"."""
    return all(re.search(rf"\b[Tt]he {re.escape(n)}\b", facts.text) for n in names)


def date_clozes(facts: Facts, gaz: Gazetteer) -> list[Draft]:
    """Blank a year (or the end of a range, or a decade) in a self-contained frame."""
    drafts: list[Draft] = []
    latest = max((d.year for d in facts.dates if d.kind == "exact"), default=0)
    for d in facts.dates:
        frame = readable.frame(facts, d.sentence, gaz)
        if not frame or not re.search(r"\d", d.surface) or _dates_a_figure(d, facts):
            continue
        answer, start, end = _date_answer(d, facts.sentences[d.sentence].text)
        prompt = readable.framed(facts, frame, d.sentence, gaz, (start, end))
        if _leaks(prompt, [answer]) or _year_beside(prompt, d):
            continue
        fact = f"date:{d.sentence}:{start}"  # same key as the event's own questions
        tags = ("timeline",)
        if d.kind == "vague" and HEDGED_PERIOD.search(answer):
            # "the late 1990s", "the early 20th century": typed, a student's own words for a
            # period ("around 2000", "early 1900s") would be marked wrong; chosen, they are not.
            # Where the question's own dates leave no three fair periods to offer ("since the
            # 19th century ... in 1948"), typed, with the forms a student may use.
            wrong = period_distractors(answer, latest, prompt)
            if len(wrong) == 3:
                mc_prompt = f"Which period fills the gap? {prompt}"
                drafts.append(Draft("dates", "multiple_choice", mc_prompt, answer, frame, fact,
                                    choices=with_choices(answer, wrong, mc_prompt), tags=tags,
                                    score=0.8))
                continue
        drafts.append(Draft("dates", "cloze", prompt, answer, frame, fact, _date_accept(d, answer),
                            tags=tags, score=1.2 if d.kind != "vague" else 0.8))
        if d.kind != "vague":
            banned = {int(y) for y in re.findall(r"\d{4}", prompt)}
            wrong = year_distractors(facts, int(answer), prompt, banned=banned)
            mc_prompt = f"Which year fills the gap? {prompt}"
            drafts.append(Draft("dates", "multiple_choice", mc_prompt, answer, frame, fact,
                                choices=with_choices(answer, wrong, mc_prompt), tags=tags,
                                score=0.9))
    return drafts


def _year_beside(prompt: str, d: DateMention) -> bool:
    """"a 14% decline in 2014 ... by 2015": the year next to the gap's gives it away."""
    return d.kind == "exact" and any(abs(int(y) - d.year) <= 1
                                     for y in re.findall(r"\b(?:1[6-9]|20)\d\d\b", prompt))


def _dates_a_figure(d: DateMention, facts: Facts) -> bool:
    """"As of 2020 ... worth $3.9 billion" and "the Project’s 2022 Rule of Law Index" date a
    statistic or an edition: recalling that year teaches nothing about the profile."""
    text = facts.sentences[d.sentence].text
    edition = re.search(r"['’]s $", text[: d.start]) and re.match(r" [A-Z]", text[d.end:])
    return d.lead.strip().lower() == "as of" or bool(edition)


def _date_answer(d: DateMention, text: str) -> tuple[str, int, int]:
    """The gap: the year; for a range its end ("the conflict between 1980 and ____": a gap
    over both years would read as asking who fought); for a decade the decade."""
    if d.kind in ("exact", "range"):
        return text[d.end - 4 : d.end], d.end - 4, d.end
    surface = d.surface.removeprefix("the ")
    return surface, d.end - len(surface), d.end


def _date_accept(d: DateMention, answer: str) -> tuple[str, ...]:
    if d.month:
        return (f"{d.month} {d.year}",)
    if d.kind == "vague":
        return vague_date_forms(answer)
    return ()


_DECADE_WORDS = ("", "", "twenties", "thirties", "forties", "fifties", "sixties",
                 "seventies", "eighties", "nineties")
_ORDINAL_WORDS = {"16th": "sixteenth", "17th": "seventeenth", "18th": "eighteenth",
                  "19th": "nineteenth", "20th": "twentieth", "21st": "twenty-first"}


def vague_date_forms(answer: str) -> tuple[str, ...]:
    """What a student may type for a vague date: "early to mid-2010s" also as "2010s",
    "early 2010s", "mid-2010s"; "the 1980s" as "1980s" or "80s"; "19th century" as
    "nineteenth century" or "1800s"."""
    forms: list[str] = []
    decade = re.search(r"(\d{4})s", answer)
    if decade:
        year = decade.group(1)
        forms += [f"{year}s", f"the {year}s", f"{year[2:]}s", f"’{year[2:]}s"]
        if year[:2] == "19" and year[2] not in "01" and year[3] == "0":  # "the eighties"
            word = _DECADE_WORDS[int(year[2])]
            forms += [word, f"the {word}"]
        for hedge in re.findall(r"\b(early|mid|late)\b", answer):
            forms += [f"{hedge} {year}s", f"{hedge}-{year}s", f"{hedge} {year[2:]}s"]
    century = re.search(r"(\d{1,2}(?:st|nd|rd|th)) century", answer)
    if century:
        ordinal = century.group(1)
        forms += [f"{ordinal} century", f"{_ORDINAL_WORDS.get(ordinal, ordinal)} century",
                  f"{int(ordinal[:-2]) - 1}00s"]
        for hedge in re.findall(r"\b(early|mid|late)\b", answer):
            forms += [f"{hedge} {ordinal} century", f"{hedge} {int(ordinal[:-2]) - 1}00s",
                      f"{hedge} {_ORDINAL_WORDS.get(ordinal, ordinal)} century"]
            if hedge == "early":  # "the beginning of the 20th century"
                forms += [f"beginning of the {ordinal} century", f"start of the {ordinal} century"]
    return tuple(f for f in dict.fromkeys(forms) if fold(f) != fold(answer))


def _is_anaphor(surface: str, gaz: Gazetteer) -> bool:
    return surface.lower() in {a.lower() for a in gaz.words("group_anaphors")}


def _tag(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
