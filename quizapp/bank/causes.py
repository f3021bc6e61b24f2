"""Higher-order questions, still extractive and quoted: causes and effects the text states with
a causal connective ("fueled", "sparked", "thanks to", "in the absence of"), and comparisons it
states ("far behind", "dwarfed by", "largest", "more than double").

Every option is a phrase or name the profile itself writes, so a student who has read it must
rule the wrong ones out; none is a world-knowledge guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quizapp.bank import readable
from quizapp.bank.cloze import TOPIC_OF_KIND, WHICH, written_with_the
from quizapp.bank.dates import DateMention
from quizapp.bank.distractors import entity_distractors
from quizapp.bank.drafts import Draft, shuffled, with_choices
from quizapp.bank.entities import Mention
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer, contains_word, fold
from quizapp.bank.schema import CLOZE_GAP

_CUT = re.compile(r" — |; |, which\b|, while\b|, who\b|, and later\b|, suggesting\b|, raising\b|"
                  r", allowing\b|, with\b|, giving\b| which\b|, an? (?=\w+ \w+)|"
                  r", and (?=(?:it|they|he|she|the)\b)|, as\b|, whose\b|"
                  r", and (?=[a-z]+ [a-z]+ (?:are|is|was|were)\b)|,? and (?=[a-z]+ed )")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|remains?|became|went|failed|grew|fell|"
                     r"rose|declined|stepped|complicate|complicates|"
                     r"can|could|would|will|might|may|must)\b")
# "the effort ultimately failed" offered alone: which effort?
_POINTING_BACK = re.compile(r"^(?:the|this|that) (?:effort|plan|move|measure|decision|law|"
                            r"policy|group|gang|scandal|war|conflict|deal|alliance)\b", re.I)
_ANAPHORIC = re.compile(r"^(?:this|these|that|it|which|they|his|her|its|their)\b", re.I)
_PRONOUNS = re.compile(r"\b(?:its|it|this|their|they|he|his|her|she)\b", re.I)
_MAX_PHRASE_WORDS = 18
_MIN_PHRASE_WORDS = 3
_MIN_PLAUSIBLE = 2  # of a cause or effect question's three wrong options


@dataclass(frozen=True)
class CausalLink:
    """One stated cause and its effect, as written in sentence ``sentence``."""

    cause: str
    effect: str
    sentence: int
    forward: bool  # "CAUSE sparked EFFECT" (True) or "EFFECT thanks to CAUSE" (False)


def _connectives(gaz: Gazetteer, key: str) -> re.Pattern[str]:
    """The connectives as one pattern. A bare participle ("forced", "allowed") is causal only
    before its object ("forced a re-routing", not "forced labor")."""
    words = sorted(gaz.words(key), key=len, reverse=True)
    alternatives = [re.escape(w) + (_OBJECT if key == "causal_forward" and " " not in w
                                    and w.endswith("ed") else "") for w in words]
    flags = re.IGNORECASE if key == "causal_backward" else 0
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", flags)


_OBJECT = r"(?= (?:a|an|the|its|their|this|these|many|more|most)\b)"
_DANGLING = re.compile(r"\b(?:as|such|for|both|of|the|a|an|and|or|to|in|with|by|from|that|"
                       r"which|who)$")


def _trim(phrase: str) -> str:
    """The phrase up to its first clause boundary, without closing punctuation."""
    phrase = _CUT.split(phrase, maxsplit=1)[0]
    return phrase.strip(" ,.;:“”\"")


def _last_clause(text: str) -> str:
    """The clause right before a connective: "However, a crackdown ..." -> "a crackdown ..."."""
    pieces = [p for p in re.split(r", | — ", text.strip(" ,")) if p]
    if text.rstrip().endswith(",") and len(pieces) > 1 and re.match(r"(?:the|an?) ",
                                                                    pieces[-1]):
        # "Its borders with Bolivia, Colombia and Peru, the world’s three cocaine producers,
        # make ...": the subject is before its apposition, list and all.
        pieces = [", ".join(pieces[:-1])]
    clause = pieces[-1] if pieces else ""
    if len(pieces) > 1 and len(clause.split()) < _MIN_PHRASE_WORDS:
        clause = ", ".join(pieces[-2:])
    clause = re.sub(r"^(?:[Hh]owever|[Uu]nfortunately|[Bb]ut|[Aa]nd|[Ss]o|[Tt]hus) ", "", clause)
    # "Critics argue that the militarization of security": the cause, not who says it.
    clause = re.sub(r"^(?:\w+ ){1,3}(?:argue|argues|say|says|believe|believes|claim|claims) "
                    r"that ", "", clause)
    return re.sub(r" (?:have|has|had|also|ultimately|then|later|and)$", "", clause.strip())


def _leading_clause(text: str) -> str:
    """The effect written before a backward connective, without an opening adverbial
    ("In May 2006, the group ordered ..." -> "the group ordered ...")."""
    text = re.sub(r"^(?:(?:In|By|On|Since|However|But|Unfortunately|Later)\b[^,]{0,30}, )+",
                  "", text.strip(" ,"))
    return re.sub(r",? (?:and|but)$", "", text.strip(" ,"))


def _usable(phrase: str) -> bool:
    first = phrase.split()[0].lower() if phrase.split() else ""
    if first.endswith(("ly", "ing")) and first not in ("only", "early"):
        return False  # "allegedly pressuring military commanders": whose action?
    words = len(phrase.split())
    return (_MIN_PHRASE_WORDS <= words <= _MAX_PHRASE_WORDS and not _DANGLING.search(phrase)
            and "alias" not in phrase and not phrase.endswith(" known"))


def _is_usable(link: CausalLink) -> bool:
    return _usable(link.effect) and (_usable(link.cause) or bool(_ANAPHORIC.match(link.cause)))


def _forward_link(text: str, index: int, m: re.Match[str]) -> CausalLink:
    """"CAUSE sparked EFFECT"."""
    return CausalLink(_last_clause(text[: m.start()]), _trim(text[m.end():]), index, True)


def _backward_link(text: str, index: int, m: re.Match[str]) -> CausalLink | None:
    """"EFFECT thanks to CAUSE", or "Thanks to CAUSE, EFFECT"."""
    if m.start() == 0 and ", " in text[m.end():]:
        cause, effect = text[m.end():].split(", ", 1)
        cause, effect = cause.strip(), _trim(_MAIN_CLAUSE.sub("", effect))
    elif m.start() > 0:
        effect, cause = _leading_clause(text[: m.start()]), _trim(text[m.end():])
    else:
        return None
    if m.group(0).lower() == "in the absence of":
        cause = f"the absence of {cause}"
    return CausalLink(cause, effect, index, False)


# "Because the border is porous, with dozens of crossings, drugs ... move": the main clause.
_MAIN_CLAUSE = re.compile(r"^(?:(?:with|without|despite|in|on) [^,]+, )+")


def causal_links(facts: Facts, gaz: Gazetteer) -> list[CausalLink]:
    """Every cause → effect the profile states with a connective, in text order: per sentence
    the first usable one, forward connectives first ("The coup weakened the country’s
    institutions and led to a surge in drug flights": "led to", the first with a cause of
    three words or more)."""
    links: list[CausalLink] = []
    for found in _links_by_sentence(facts, gaz):
        link = next((x for x in found if _is_usable(x)), None)
        if link is not None:
            links.append(link)
    return links


def _links_by_sentence(facts: Facts, gaz: Gazetteer) -> Iterator[list[CausalLink]]:
    """Each sentence's links, one per connective, forward connectives first, usable or not."""
    forward, backward = (_connectives(gaz, "causal_forward"),
                         _connectives(gaz, "causal_backward"))
    for s in facts.sentences:
        found = [_forward_link(s.text, s.index, m) for m in forward.finditer(s.text)]
        found += [x for m in backward.finditer(s.text)
                  if (x := _backward_link(s.text, s.index, m)) is not None]
        yield found


def _lower_first(text: str) -> str:
    first = text.split()[0] if text else ""
    if first in ("The", "A", "An", "Profits", "There") or (first.istitle() and first.lower()
                                                            in ("its", "this", "these")):
        return text[:1].lower() + text[1:]
    return text


def _noun_like(phrase: str) -> bool:
    """A phrase, not a clause: no finite verb, unless inside "revelations that ..."."""
    if re.match(r"^\S+(?: \S+)? that\b", phrase):
        return True
    return not _FINITE.search(phrase) and not re.search(r"^\S+(?: \S+)? \w+ed\b", phrase)


def _context(facts: Facts, index: int, gaz: Gazetteer) -> str:
    """The sentences before ``index`` that it points back to (resolved), or ""."""
    frame = readable.frame(facts, index, gaz)
    return " ".join(readable.rewritten(facts, i, gaz) for i in frame if i != index)


_COMMON = frozenset("the and of in to a an for with that this from was were has have had its "
                    "their by on as is are be been at which who according profile what why "
                    "happened result lead followed reason during after before since until "
                    "while when where there these those them they some such other more most "
                    "many much into over under about also than then only being would could "
                    "should will country".split())


def _words(text: str) -> set[str]:
    """Content words, cut to their first six letters ("cultivation" meets "cultivations")."""
    return {w[:6] for w in re.findall(r"\w{4,}", fold(text)) if w not in _COMMON}


def _names(text: str, facts: Facts) -> set[str]:
    """The names of the profile's groups, people and places that ``text`` writes."""
    return {m.entity for m in facts.mentions if contains_word(text, m.surface)}


def _country_named(phrase: str, facts: Facts) -> str:
    """"the country is ...", "the country’s institutions", read alone: the profile's country
    (not "the country of ...", which names another)."""
    if not facts.country:
        return phrase
    return re.sub(r"\b[Tt]he country\b(?! of\b)", facts.country, phrase)


def _as_option(phrase: str, facts: Facts) -> str:
    """Options written alike: a lower-case first letter unless the phrase opens with a name
    ("The widespread use ..." -> "the widespread use ...", "Colombia had ..." stays)."""
    phrase = re.sub(r" \([^()]*\)", "", phrase)  # "the First Capital Command (Primeiro ...)"
    phrase = _ADVERB.sub("", phrase)  # "political obstacles also complicate": also what?
    phrase = _country_named(phrase, facts)  # "the country’s institutions": Honduras’s
    first = phrase.split()[0] if phrase else ""
    names = {fold(f.split()[0]) for e in facts.catalog.entities.values() for f in e.forms()}
    names -= {"the", "a", "an", "los", "las", "el", "la"}
    if (not first[:1].isupper() or (first.isupper() and first != "A")
            or fold(first).removesuffix("'s") in names):
        return phrase
    return phrase[:1].lower() + phrase[1:]


@dataclass(frozen=True)
class Option:
    """Another stated cause (or effect), as a wrong option: its phrase, its section, whether
    it has the answer's shape, and whether its time rules it out at a glance."""

    phrase: str
    section: str
    same_shape: bool
    out_of_era: bool


_ERA_SPAN = 15  # years: a 1970s crackdown offered as why Colombia led coca growing in 2015


def era_of(facts: Facts, gaz: Gazetteer, index: int) -> tuple[int, int] | None:
    """The first and last year sentence ``index`` dates (a decade by its first year), with
    the sentences it points back to ("The effort ultimately failed" dates from "In 2017, ...
    launched an ambitious plan"); a date in brackets is an aside ("(though later released in
    early 2018 ...)")."""
    frame = readable.frame(facts, index, gaz) or (index,)
    years = [year_of(d) for d in facts.dates if d.sentence in frame and not _bracketed(
        facts.sentences[d.sentence].text, d.start)]
    known = [y for y in years if y]
    return (min(known), max(known)) if known else None


def _bracketed(text: str, at: int) -> bool:
    return text.count("(", 0, at) > text.count(")", 0, at)


def year_of(d: DateMention) -> int:
    """An exact year, the start of a range, the first year of a decade or century; else 0."""
    if d.year:
        return d.year
    decade = re.search(r"(\d{4})s?\b", d.surface)
    century = re.search(r"(\d{1,2})(?:st|nd|rd|th) century", d.surface)
    return int(decade.group(1)) if decade else (int(century.group(1)) - 1) * 100 if century else 0


def _out_of_era(option: tuple[int, int] | None, asked: tuple[int, int] | None, *,
                after: bool) -> bool:
    """An option decades away from the question's time, or a cause dated after its effect
    (``after``; an effect before its cause otherwise)."""
    if option is None or asked is None:
        return False
    far = option[0] - asked[1] > _ERA_SPAN or asked[0] - option[1] > _ERA_SPAN
    return far or (option[0] > asked[1] if after else option[1] < asked[0])


def _options(answer: str, pool: list[Option], section: str, seed: str,
             facts: Facts) -> tuple[str, tuple[str, ...]] | None:
    """The answer and two or three wrong options of the pool: of the answer's shape (a clause
    among phrases, "lead to ... the Shining Path went into a decline", is ruled out by its
    grammar), of its time (no cause after its effect), and each on the question's subject
    (sharing its words: one off it, the Pinochet crackdown offered as why the army's
    reputation suffered, is ruled out unread), the closest in words, then of its section and
    length, all written alike. (The answer's own change turned round, "a 14% rise", was
    tried: readers rule it out by logic.)"""
    other_section = {o.phrase: o.section != section for o in pool
                     if fold(o.phrase) != fold(answer) and not _PRONOUNS.search(o.phrase)
                     and o.same_shape and not o.out_of_era and not _POINTING_BACK.match(o.phrase)}
    topic = _words(seed) | _words(answer)  # on the question's subject: plausible to a skimmer
    on_subject = [p for p in other_section if _words(p) & topic]
    closest = sorted(shuffled(on_subject, seed), key=lambda p: (
        -len(_words(p) & topic), other_section[p], abs(len(p) - len(answer))))[:3]
    if len(closest) < _MIN_PLAUSIBLE:
        return None
    # The answer alone echoing the question ("suitability for growing cocaine" -> "... the
    # cocaine trade") is picked by its words, not by reading.
    asked = _words(seed) - _words(facts.country)
    if _words(answer) & asked and not any(_words(p) & asked for p in closest):
        return None
    # ... and so does a name only the answer shares with the question ("Peru and Colombia
    # alternated as the largest cultivators ... what came of Peru's decline?" "Colombia had
    # taken back the title")
    shared = _names(answer, facts) & _names(seed, facts) - {facts.country}
    if shared and not any(shared & _names(p, facts) for p in closest):
        return None
    shown = _as_option(answer, facts)
    return shown, with_choices(shown, [_as_option(p, facts) for p in closest], seed)


def _resolve(facts: Facts, link: CausalLink, gaz: Gazetteer, phrase: str) -> str:
    """``phrase`` readable alone: in a sentence about the country, "The country" and "its"
    name it ("its suitability for growing cocaine" -> "Peru’s suitability ...")."""
    sentence = facts.sentences[link.sentence].text
    if not facts.country:
        return phrase
    phrase = re.sub(r"\b[Tt]he country(?=’s\b|\b)", facts.country, phrase)
    if not re.match(rf"(?:The country|{re.escape(facts.country)}|It)\b", sentence):
        return phrase
    return re.sub(r"\b[Ii]ts\b", f"{facts.country}’s", phrase)


def cause_effect_questions(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """"What did X lead to?" and "What led to Y?", with other stated effects (or causes) of
    the same shape (a phrase among phrases, a clause among clauses) as the wrong options."""
    links = causal_links(facts, gaz)

    def section(link: CausalLink) -> str:
        return facts.sentences[link.sentence].section

    eras = {x.sentence: era_of(facts, gaz, x.sentence) for x in links}
    for link in links:
        era = eras[link.sentence]
        # a cause or effect told beside this one (the same paragraph, a sentence or two away)
        # is often a second right answer: "the effort failed in the absence of ..." and, next,
        # "political obstacles also complicate efforts ... because traditional uses ..."
        others = [x for x in links if x is not link and not _told_beside(facts, x, link)]
        # "forced the government to send in ...": "the government to send in" is no option
        effects = [Option(x.effect, section(x), x.forward == link.forward,
                          _out_of_era(eras[x.sentence], era, after=False))
                   for x in others if not _TO_INFINITIVE.match(x.effect)]
        causes = [Option(x.cause, section(x), _noun_like(x.cause) == _noun_like(link.cause),
                         _out_of_era(eras[x.sentence], era, after=True))
                  for x in others if not _ANAPHORIC.match(x.cause)]
        yield from _effect_question(facts, gaz, link, effects)
        if not _ANAPHORIC.match(link.cause) and not _PRONOUNS.search(
                _resolve(facts, link, gaz, link.cause)):
            yield from _cause_question(facts, gaz, link, causes)


def _told_beside(facts: Facts, a: CausalLink, b: CausalLink) -> bool:
    first, second = facts.sentences[a.sentence], facts.sentences[b.sentence]
    return first.paragraph == second.paragraph and abs(a.sentence - b.sentence) <= 2


def cause_terms(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """A cause's last term typed in its sentence: "The effort ultimately failed in the absence
    of effective crop substitution programs and the impact of the ____" (COVID-19 pandemic).
    Where no fair options exist for the whole phrase, the reader still says what caused it."""
    for link in causal_links(facts, gaz):
        text = facts.sentences[link.sentence].text
        at = text.find(link.cause)
        term = _LAST_TERM.search(link.cause)
        frame = readable.frame(facts, link.sentence, gaz)
        if at < 0 or term is None or not frame or not _content_term(term.group(1)):
            continue
        start, end = at + term.start(1), at + term.end(1)
        if any(m.start < end and start < m.end for m in facts.in_sentence(link.sentence)):
            continue  # a name: asked among names by cause_effect_gaps
        prompt = readable.framed(facts, frame, link.sentence, gaz, (start, end))
        answer = term.group(1)
        words = answer.split()
        # "COVID-19" alone names the pandemic, "logging" illegal logging; "detention" alone
        # drops what is asked (pretrial)
        accept = tuple(w for w in (words[0], words[-1]) if len(words) > 1 and re.search(
            r"\d|[A-Z]{2}", w))
        if len(words) > 1 and words[0].lower() in _IMPLIED:
            accept += (" ".join(words[1:]),)
        yield Draft(_topic(facts, link.sentence), "cloze", prompt, answer, frame,
                    f"cause-term:{link.sentence}", accept=tuple(dict.fromkeys(accept)),
                    tags=("cause-effect",), score=1.25)


def _content_term(term: str) -> bool:
    """Two or three words that say something: not "that alliance", "the prison", "legal ones"."""
    words = term.split()
    return (words[0].lower() not in _NOT_CONTENT and words[-1].lower() not in _NOT_CONTENT
            and all(len(w) >= 4 for w in words) and not _PRONOUNS.search(term))


_IMPLIED = frozenset({"illegal", "illicit", "criminal"})  # of a crime, in a crime profile
_NOT_CONTENT = frozenset("the a an that this these those its their his her such other ones one "
                         "them more most".split())
# the cause's last term: after its last "of", "from" or "and" ("the impact of the COVID-19
# pandemic" -> "COVID-19 pandemic"), two or three words, not a bare noun
_LAST_TERM = re.compile(r"(?:\bof|\bfrom|\band) (?:the |an? )?((?:[\w-]+ ){1,2}[\w-]+)$")


def cause_effect_gaps(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """A stated cause and its effect with a name inside one of them blanked (the effect's
    first), asked among names of its kind: "a crackdown in the 1970s by the military regime
    of Augusto Pinochet forced a re-routing north through ____" (Colombia). The link is the
    question, cut from the rest of its sentence ("giving rise to the powerful Medellín and Cali
    Cartels there" would name the answer's country), and every option is a name the reader
    must rule out: a link whose phrases have too few fair alternatives is still asked."""
    for found in _links_by_sentence(facts, gaz):
        draft = next((d for link in found if (d := _gap_in(facts, gaz, link))), None)
        if draft is not None:
            yield draft


def _gap_in(facts: Facts, gaz: Gazetteer, link: CausalLink) -> Draft | None:
    """The first name of the link (its effect's first) that can be asked among others."""
    text = facts.sentences[link.sentence].text
    start, end = _span_of(text, link)
    # "This sparked ...": this what? (After its effect, "its leader" is the effect's.)
    cause_first = text.find(link.cause) < text.find(link.effect)
    if start < 0 or (cause_first and _ANAPHORIC.match(link.cause)) or min(
            len(link.cause.split()), len(link.effect.split())) < 2:
        return None
    effect_at = text.find(link.effect)
    in_effect_first = sorted(facts.in_sentence(link.sentence), key=lambda m: not (
        effect_at <= m.start < effect_at + len(link.effect)))  # what came of it, first
    for m in in_effect_first:
        entity = facts.catalog.entities[m.entity]
        if (start <= m.start and m.end <= end and m.entity != facts.country
                and entity.kind in _GAPPED_KINDS and m.surface in entity.forms()):
            draft = _link_gap(facts, gaz, link, text, (start, end), m)
            if draft is not None:
                return draft
    return None


_THEM = re.compile(r"\bthem\b")
_PLURAL_REFERENCE = re.compile(r"(?:both|each|either|neither|the two|all three)\b", re.I)
_GAPPED_KINDS = ("person", "group", "country", "region", "place", "city")


def _span_of(text: str, link: CausalLink) -> tuple[int, int]:
    """Where the link's cause and effect start and end in its sentence; (-1, -1) if either is
    not written there as it is stored (a cause cut and rephrased)."""
    cause, effect = text.find(link.cause), text.find(link.effect)
    if cause < 0 or effect < 0:
        return -1, -1
    # "After the 2016 peace agreement in Colombia, dissident factions ...": the connective
    # that opens the sentence is part of the link
    start = 0 if not link.forward and cause < effect else min(cause, effect)
    return start, max(cause + len(link.cause), effect + len(link.effect))


def _link_gap(facts: Facts, gaz: Gazetteer, link: CausalLink, text: str,
              span: tuple[int, int], m: Mention) -> Draft | None:
    entity = facts.catalog.entities[m.entity]
    start, end = span
    clause = text[start:m.start] + CLOZE_GAP + text[m.end:end]
    first = clause.split()[0]
    if not (any(x.start == start for x in facts.in_sentence(link.sentence))  # a name first
            or first in gaz.words("person_titles")):  # "President ____ refused ..."
        clause = clause[:1].lower() + clause[1:]
    clause = _with_country(facts, gaz, clause)
    clause = _country_named(clause, facts)
    # "its suitability": whose, cut from its sentence? After the gap, the gap's own ("the
    # ____ went into a decline after its leader, Guzmán, was captured").
    before = clause[: clause.index(CLOZE_GAP)]
    if _PRONOUNS.search(before) or _PLURAL_REFERENCE.match(before) or _THEM.search(clause) or (
            _PRONOUNS.search(clause) and entity.kind not in ("group", "person")):
        return None
    context = _context(facts, link.sentence, gaz)  # "Much of Peru’s cocaine was shipped ..."
    prompt = f"{WHICH[entity.kind]} fills the gap? {context + ' ' if context else ''}" \
             f"According to the profile, {clause}."
    if any(contains_word(prompt, f) for f in entity.forms() if len(f) > 2):
        return None
    wrong = entity_distractors(facts, gaz, entity.name, entity.kind, sentences=(link.sentence,),
                               exclude=set(), prompt=prompt)
    # "the ____ responded with Plan Colombia": of China, Italy and Spain, only "the United
    # States" fits (group names all take "the")
    article = entity.kind != "group" and re.search(rf"\b[Tt]he {re.escape(CLOZE_GAP)}", clause)
    if len(wrong) < 3 or (article and not written_with_the(facts, wrong)):
        return None
    return Draft(TOPIC_OF_KIND[entity.kind], "multiple_choice", prompt, entity.name,
                 (link.sentence,), f"mention:{m.entity}:{m.sentence}:{m.start}",
                 accept=(m.surface,), choices=with_choices(entity.name, wrong, prompt),
                 tags=("cause-effect",), score=1.4)


_ADVERB = re.compile(r"(?<= )(?:also|further|still|ultimately) ")  # dangling out of its sentence


def _effect_question(facts: Facts, gaz: Gazetteer, link: CausalLink,
                     effects: list[Option]) -> Iterator[Draft]:
    if _PRONOUNS.search(link.effect) or _TO_INFINITIVE.match(link.effect):
        return
    context = _context(facts, link.sentence, gaz)
    if _ANAPHORIC.match(_resolve(facts, link, gaz, link.cause)):
        if not context:
            return
        prompt = f"{context} According to the profile, what did this lead to?"
    else:
        cause = _with_country(facts, gaz, _resolve(facts, link, gaz, link.cause))
        if _PRONOUNS.search(cause) and not _names_someone(facts, link.sentence, cause):
            return
        if _DEMONSTRATIVE.search(cause):  # "the collapse of that alliance": which one?
            lead = _lead_in(facts.sentences[link.sentence].text, link.cause)
            if not lead:
                return
            context = f"{context} {lead}".strip()
        if not _noun_like(cause):  # a clause: stated first, then asked about
            asked = (f"The profile says that {_lower_first(cause)}. "
                     f"What does it say came of this?")
        elif link.forward:  # the effect is a phrase: "the growth of the illegal drug business"
            asked = f"According to the profile, what did {_lower_first(cause)} lead to?"
        else:  # the effect is a clause: "the armed forces’ reputation has suffered"
            asked = f"According to the profile, what happened as a result of " \
                    f"{_lower_first(cause)}?"
        prompt = f"{context + ' ' if context else ''}{asked}"
    section = facts.sentences[link.sentence].section
    options = _options(link.effect, effects, section, prompt, facts)
    if options:
        yield _draft(facts, gaz, link, prompt, *options, f"cause:{link.sentence}")


_DEMONSTRATIVE = re.compile(r"\b(?:that|those) [a-z]+$|\b(?:of|with|from|by) (?:that|those)\b")


def _lead_in(sentence: str, cause: str) -> str:
    """"A truce ... broke down in 2016, and the collapse of that alliance sparked ...": the
    clause before the cause, as a sentence of its own, or ""."""
    before = sentence[: sentence.find(cause)] if cause in sentence else ""
    if not before.endswith(", and "):
        return ""
    return before.removesuffix(", and ") + "."


def _names_someone(facts: Facts, index: int, phrase: str) -> bool:
    """"its leader, Guzmán, was captured": the pronoun is clear once the phrase names who."""
    return any(m.surface in phrase and facts.catalog.entities[m.entity].kind in ("person",)
               for m in facts.in_sentence(index))


def _with_country(facts: Facts, gaz: Gazetteer, phrase: str) -> str:
    """"the defense minister stepped down" -> "Peru’s defense minister stepped down": a role
    without a name is asked with its country (alone, "the" would be vague)."""
    roles = gaz.words("person_role_nouns")
    for modifiers in range(3):  # "the minister", "the defense minister", "the vice ..."
        m = re.match(rf"[Tt]he ((?:[a-z-]+ ){{{modifiers}}}([a-z]+))\b", phrase)
        if m is not None and m.group(2) in roles and facts.country:
            return f"{facts.country}’s {m.group(1)}{phrase[m.end():]}"
    return phrase


_TO_INFINITIVE = re.compile(r"^(?:\S+ ){1,12}to (?!the\b|a\b|an\b)[a-z]+\b")


def _cause_question(facts: Facts, gaz: Gazetteer, link: CausalLink,
                    causes: list[Option]) -> Iterator[Draft]:
    effect = _with_country(facts, gaz, _resolve(facts, link, gaz, link.effect))
    context = _context(facts, link.sentence, gaz)
    opening = _DATED_OPENING.match(facts.sentences[link.sentence].text)
    if not link.forward and opening:  # "By 2015, Colombia had taken back the title. ... why?"
        when = opening.group(1)
        asked = f"{when[:1].upper()}{when[1:]}, {effect}. According to the profile, why?"
    elif not link.forward:
        asked = f"According to the profile, {_why(_as_option(effect, facts))}"
    elif _TO_INFINITIVE.match(effect):  # "the number of inmates to grow beyond control"
        asked = f"According to the profile, what led {_lower_first(effect)}?"
    else:
        asked = f"According to the profile, what led to {_lower_first(effect)}?"
    prompt = f"{context + ' ' if context else ''}{asked}"
    section = facts.sentences[link.sentence].section
    options = _options(_resolve(facts, link, gaz, link.cause), causes, section, prompt, facts)
    if options:
        yield _draft(facts, gaz, link, prompt, *options, f"cause:{link.sentence}",
                     verbatim=link.cause)


# "But by 2015, Colombia had taken back the title, following ...": the time the effect is of.
_DATED_OPENING = re.compile(r"^(?:But |However, |And )?((?:[Ii]n|[Bb]y|[Ss]ince|[Oo]n)\b"
                            r"[^,]{0,25}?\b(?:1[6-9]|20)\d\d), ")
_AUXILIARY = re.compile(r"^(?P<subject>(?:\S+ ){1,8}?)(?P<aux>has|have|had|is|are|was|were|"
                        r"can|could|will|would) (?P<rest>.+)$")


def _why(effect: str) -> str:
    """The question asking for a clause's cause: "the armed forces’ reputation has suffered"
    -> "why has the armed forces’ reputation suffered?"; a clause with no auxiliary to put
    first -> "what is the reason the effort ultimately failed?"."""
    m = _AUXILIARY.match(effect)
    if m is not None and not _FINITE.search(m.group("subject")):
        subject = _lower_first(m.group("subject").strip())
        return f"why {m.group('aux')} {subject} {m.group('rest')}?"
    return f"what is the reason {_lower_first(effect)}?"


def _draft(facts: Facts, gaz: Gazetteer, link: CausalLink, prompt: str, answer: str,
           choices: tuple[str, ...], fact: str, verbatim: str = "") -> Draft:
    frame = readable.frame(facts, link.sentence, gaz) or (link.sentence,)
    accept = (verbatim,) if verbatim and verbatim != answer else ()
    return Draft(_topic(facts, link.sentence), "multiple_choice", prompt, answer,
                 tuple(sorted({*frame, link.sentence})), fact, accept=accept, choices=choices,
                 tags=("cause-effect",), score=1.4)


def _topic(facts: Facts, index: int) -> str:
    """The topic of the first group, person or place the sentence names, else its section's."""
    for m in facts.in_sentence(index):
        entity = facts.catalog.entities[m.entity]
        if m.entity != facts.country and entity.kind in ("group", "person"):
            return TOPIC_OF_KIND[entity.kind]
    section = fold(facts.sentences[index].section)
    for word, topic in (("judicial", "justice"), ("security", "security"),
                        ("history", "history"), ("group", "groups")):
        if word in section:
            return topic
    return "economy"


# ----------------------------------------------------------------------------- comparisons

def comparison_questions(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """The thing a stated comparison measures against, blanked: "far behind ____ in coca
    cultivation", "dwarfed by those of the ____ trade" (not a multiplier: "more than half"
    would be true of "more than double" too)."""
    cue, activities = _connectives(gaz, "comparison_cues"), _activities(facts, gaz)
    for s in facts.sentences:
        draft = _comparison_in(facts, gaz, s.index, cue, activities)
        if draft is not None:
            yield draft


def _comparison_in(facts: Facts, gaz: Gazetteer, index: int, cue: re.Pattern[str],
                   activities: list[str]) -> Draft | None:
    m = cue.search(facts.sentences[index].text)
    frame = readable.frame(facts, index, gaz)
    if m is None or not frame:
        return None
    return (_entity_comparison(facts, gaz, index, m, frame)
            or _activity_comparison(facts, gaz, index, m, frame, activities))


def _gap_prompt(facts: Facts, gaz: Gazetteer, frame: tuple[int, ...], index: int,
                span: tuple[int, int], which: str) -> str:
    """"Which country fills the gap? ... far behind ____ in coca cultivation": asked like
    every other gap (the tag, not the lead, says it is a comparison)."""
    return f"{which} fills the gap? {readable.framed(facts, frame, index, gaz, span)}"


def _entity_comparison(facts: Facts, gaz: Gazetteer, index: int, cue: re.Match[str],
                       frame: tuple[int, ...]) -> Draft | None:
    text = facts.sentences[index].text
    near = [x for x in facts.in_sentence(index) if x.entity != facts.country
            and (0 <= x.start - cue.end() <= 40 or 0 <= cue.start() - x.end <= 30)
            and facts.catalog.entities[x.entity].kind not in ("continent",)]
    if not near:
        return None
    m = min(near, key=lambda x: (text.startswith("’s", x.end),
                                 min(abs(x.start - cue.end()), abs(cue.start() - x.end))))
    entity = facts.catalog.entities[m.entity]
    if m.surface not in entity.forms():
        return None
    prompt = _gap_prompt(facts, gaz, frame, index, (m.start, m.end), WHICH[entity.kind])
    if any(contains_word(prompt, f) for f in entity.forms() if len(f) > 2):
        return None
    wrong = entity_distractors(facts, gaz, entity.name, entity.kind, sentences=(index,),
                               exclude=set(), prompt=prompt)
    if len(wrong) < 3:
        return None
    return Draft(TOPIC_OF_KIND[entity.kind], "multiple_choice", prompt, entity.name, frame,
                 f"compare:{entity.name}:{fold(cue.group(0))}", accept=(m.surface,),
                 choices=with_choices(entity.name, wrong, prompt), tags=("comparison",),
                 score=1.4)


def _activities(facts: Facts, gaz: Gazetteer) -> list[str]:
    """Criminal economies the profile names ("illegal mining", "timber trafficking")."""
    return [a for a in gaz.words("criminal_economies") if contains_word(facts.text, a)]


def _activity_comparison(facts: Facts, gaz: Gazetteer, index: int, cue: re.Match[str],
                         frame: tuple[int, ...], activities: list[str]) -> Draft | None:
    text = facts.sentences[index].text
    after = fold(text[cue.end(): cue.end() + 60])
    named = [a for a in activities if fold(a) in after]
    if not named:
        return None
    answer = named[0]
    start = cue.end() + after.index(fold(answer))
    span = (start, start + len(answer))
    if fold(text[span[0]:span[1]]) != fold(answer):
        return None
    prompt = _gap_prompt(facts, gaz, frame, index, span, "Which activity")
    wrong = [a for a in shuffled(activities, prompt)
             if a != answer and not contains_word(prompt, a)
             and not (set(fold(a).split()) & set(fold(answer).split()) - {"illegal"})][:3]
    if len(wrong) < 3:
        return None
    return Draft("economy", "multiple_choice", prompt, text[span[0]:span[1]], frame,
                 f"compare:{index}", choices=with_choices(text[span[0]:span[1]], wrong, prompt),
                 tags=("comparison",), score=1.4)


_RANK = re.compile(r"(?P<whose>\b(?:[Tt]he world|[A-Z][a-z]+(?: [A-Z][a-z]+)?)’s) "
                   r"(?P<rank>(?:(?P<ordinal>second|third|fourth|fifth)-)?(?P<degree>largest|"
                   r"biggest))\b")
_ORDINALS = ("", "second-", "third-", "fourth-", "fifth-")
_BY_SIZE = re.compile(r" (?:country|nation|state)\b")
_RESTATED_RANK = re.compile(r"\b(?:second|third|fourth|fifth) only to\b|\bbehind only\b")


def rank_questions(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """The rank a superlative states, among the ranks next to it: "Peru had become the world’s
    ____ producer of cocaine" (biggest, second-biggest, third-biggest, fourth-biggest)."""
    cue, activities = _connectives(gaz, "comparison_cues"), _activities(facts, gaz)
    for s in facts.sentences:
        frame = readable.frame(facts, s.index, gaz)
        # one comparison gap per passage: "the ____, Venezuela’s largest ..." and "Venezuela’s
        # ____ criminal organization" would show each other
        if not frame or _comparison_in(facts, gaz, s.index, cue, activities):
            continue
        for m in _RANK.finditer(s.text):
            if _BY_SIZE.match(s.text, m.end()):  # "South America’s fourth-largest country" is
                continue  # the atlas's fact (by area Peru is third), not the profile's to teach
            if _RESTATED_RANK.search(s.text):  # "second-largest ..., second only to the US"
                continue
            answer, degree = m["rank"], m["degree"]
            ranks = [f"{ordinal}{degree}" for ordinal in _ORDINALS]
            position = ranks.index(answer)
            wrong = sorted((r for r in ranks if r != answer),
                           key=lambda r: (abs(ranks.index(r) - position), ranks.index(r)))[:3]
            prompt = _gap_prompt(facts, gaz, frame, s.index, m.span("rank"), "Which word")
            yield Draft(_topic(facts, s.index), "multiple_choice", prompt, answer, frame,
                        f"rank:{s.index}:{m.start('rank')}",
                        choices=with_choices(answer, wrong, prompt), tags=("comparison",),
                        score=1.3)
