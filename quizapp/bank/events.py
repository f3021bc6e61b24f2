"""Dated events: a clause with one exact date and an event verb, rewritten as a short statement."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from quizapp.bank.dates import DateMention, base_form
from quizapp.bank.entities import Catalog, Mention
from quizapp.bank.gazetteer import Gazetteer
from quizapp.bank.naming import label
from quizapp.bank.text import POINTING_THERE, Sentence

_LEFT = re.compile(r" — |; | while |, while | after | following |, but |, and | who | \(")
_RIGHT = re.compile(r" — |; | while | after | following |, | \)")
_CUT = re.compile(r",? (?:on accusations|as |because|in the absence|including|raising|which) ")
_APPOSITION = re.compile(r", (?:an?|the) [^,]+,")
_FILLERS = re.compile(r"\b(?:also|later|ultimately|officially|still) ")
_MAX_WORDS = 18


@dataclass(frozen=True)
class Event:
    """Something that happened in one exact year, as a statement and as a "when" question."""

    year: int
    month: str
    statement: str
    question: str
    sentence: int
    date: DateMention

    @property
    def sentences(self) -> tuple[int, ...]:
        """Sentences to quote: "In the same year, ..." also needs the one before."""
        return (self.sentence - 1, self.sentence) if self.date.end == len("In the same year") \
            and self.date.surface == "In the same year" else (self.sentence,)


def _clause(text: str, date: DateMention) -> str:
    left = [m.end() for m in _LEFT.finditer(text, 0, date.phrase_start)]
    leading = date.phrase_start == 0 and text[date.end : date.end + 2] == ", "
    after = date.end + (2 if leading else 0)
    right = [m.start() for m in _RIGHT.finditer(text, after)]
    start = left[-1] if left else 0
    end = right[0] if right else len(text)
    # "won the 2023 presidential election": the article stays with its noun.
    article = "the " if date.lead.strip() in ("the", "The") and start < date.phrase_start else ""
    clause = text[start : date.phrase_start] + article + text[date.end : end].lstrip()
    if text[start - 4 : start] == "who ":
        clause = "who " + clause
    return re.sub(r"\s+", " ", clause).strip(" ,.“”\"")


def _subject(subject: str, mentions: list[Mention], catalog: Catalog, gaz: Gazetteer,
             country: str) -> str:
    """Name the subject plainly: "its leader, Guzmán," -> "Abimael Guzmán"; "the group" -> group;
    "the defense minister" -> "Peru’s defense minister" (asked alone, "the" would be vague)."""
    inside = [m for m in mentions if m.surface in subject]
    spans = sorted(inside, key=lambda m: subject.find(m.surface))
    people = [m for m in spans if catalog.entities[m.entity].kind == "person"]
    if people:
        return people[-1].entity
    groups = [m for m in spans if catalog.entities[m.entity].kind in ("group", "institution")]
    # "the group", or a name cut inside its own definition ("Ejército ... – EPP)").
    if groups and (groups[-1].surface.lower().startswith("the ") or ")" in subject):
        return label(catalog.entities[groups[-1].entity], gaz, short=True)
    if re.search(r"\b(?:it|its|this|these|he|his|she|her|they)\b", subject, re.I) or (
            subject.lower() in gaz.words("context_words")
            and not _WAR_BACK.fullmatch(subject)):  # "the scandal": which one, alone?
        return ""
    role = re.fullmatch(r"(?i)the ((?:[a-z-]+ ){0,2}([a-z]+))", subject)
    if country and role and role.group(2).lower() in gaz.words("person_role_nouns"):
        return f"{country}’s {role.group(1)}"
    return subject if re.match(r"[A-Z]|(?:the|an?) ", subject) else ""


def _verb(clause: str, gaz: Gazetteer) -> re.Match[str] | None:
    """The clause's event verb; not a participle used as an adjective ("the elected
    president")."""
    verbs = sorted(gaz.words("event_verbs"), key=len, reverse=True)
    pattern = (r"(?<!\bthe )(?<!\ban )(?<!\ba )(?<!\bbeing )\b(?:(was|were) )?("
               + "|".join(re.escape(v) for v in verbs) + r")\b")
    return re.search(pattern, clause)


def _timeless(rest: str, gaz: Gazetteer) -> str:
    """"became the sixth president in as many years" -> "became president": true for good."""
    words = "|".join(re.escape(w) for w in gaz.words("time_bound_words"))
    return re.sub(rf"^ the (?:{words}) ([a-z]+)\b.*$", r" \1", rest)


def _nominal(text: str, date: DateMention, mentions: list[Mention], gaz: Gazetteer) -> Event | None:
    """"the 2012 capture of X" -> "X was captured"."""
    nouns = gaz.mapping("event_nouns")
    m = re.match(r" (\w+) of ", text[date.end :])
    if not date.lead.startswith("the") or m is None or m.group(1) not in nouns:
        return None
    after = date.end + m.end()
    person = next((x for x in mentions if x.start == after), None)
    if person is None:
        return None
    participle = str(nouns[m.group(1)])
    statement = f"{person.entity} was {participle}"
    question = f"In what year was {person.entity} {participle}?"
    return Event(date.year, date.month, statement, question, date.sentence, date)


def _build(clause: str, spans: list[Mention], catalog: Catalog, gaz: Gazetteer,
           country: str) -> tuple[str, str]:
    # "was arrested in April 2011 and later extradited": the date is the arrest's alone.
    clause = re.split(r" and (?:later|then|subsequently|afterwards|eventually)\b", clause)[0]
    clause = _FILLERS.sub("", clause)
    verb = _verb(clause, gaz)
    if verb is None or verb.start() == 0:
        return "", ""
    subject_text = clause[: verb.start()].strip(" ,")
    subject = _subject(subject_text, spans, catalog, gaz, country)
    rest = _CUT.split(clause[verb.end() :])[0]
    # "left office ... and was arrested": one event each ("was captured and imprisoned" is
    # one).
    rest = re.split(r" and (?=(?:was|were|is|are|has|had)\b)", rest)[0]
    rest = re.split(r" and (?=[a-z]+ed\b)", rest)[0] if not verb.group(1) else rest
    rest = re.sub(r" (?:the (?:next|following) (?:day|week|month|year)|(?:days|weeks|months|"
                  r"years) later|later)$", "", rest.rstrip(" ,"))
    rest = re.sub(r" (?:the|a|an)$", "", rest.rstrip(" ,"))
    rest = _APPOSITION.sub("", rest + ",").rstrip(",")
    rest = _timeless(rest.rstrip(" ,"), gaz)
    if not subject or len(f"{subject} {rest}".split()) > _MAX_WORDS:
        return "", ""
    lowered = re.sub(r"^(The|A|An) ", lambda m: m.group(1).lower() + " ", subject)
    # "a law was passed": asked alone, the reader must be told where.
    where = f" in {country}" if country and re.match(r"(?:an?|An?) ", subject) \
        and country not in f"{subject}{rest}" and not re.search(r"\bin [A-Z]", rest) else ""
    if verb.group(1):
        statement = f"{subject[:1].upper()}{subject[1:]} {verb.group(1)} {verb.group(2)}{rest}"
        return (statement + where,
                f"In what year {verb.group(1)} {lowered} {verb.group(2)}{rest}{where}?")
    first, *more = verb.group(2).split()
    base = " ".join([base_form(first, gaz), *more])
    statement = f"{subject[:1].upper()}{subject[1:]} {verb.group(2)}{rest}"
    return statement + where, f"In what year did {lowered} {base}{rest}{where}?"


_WAR_BACK = re.compile(r"(?i)the (?:war|conflict)\b")
_NAMED_WAR = re.compile(r"\b(?:civil|internal|armed) (?:war|conflict)\b")


def _named_war(event: Event, sents: list[Sentence], country: str) -> Event | None:
    """"The war ended ... in December 1996" after "... led to a civil war ...": asked alone,
    "Guatemala’s civil war"; a war the two sentences before do not name is not asked."""
    if not _WAR_BACK.match(event.statement):
        return event
    before = " ".join(s.text for s in sents[max(0, event.sentence - 2) : event.sentence])
    named = _NAMED_WAR.findall(before)
    if not named or not country:
        return None
    war = f"{country}’s {named[-1]}"
    return replace(event, statement=_WAR_BACK.sub(war, event.statement, count=1),
                   question=_WAR_BACK.sub(war, event.question, count=1))


def find_events(
    sents: list[Sentence], dates: list[DateMention], mentions: list[Mention],
    catalog: Catalog, gaz: Gazetteer, country: str = "",
) -> list[Event]:
    """Dated events, one per fact (the same fact told twice is kept once)."""
    events: list[Event] = []
    for date in dates:
        if date.kind != "exact" or date.is_state:
            continue
        text = sents[date.sentence].text
        in_sentence = [m for m in mentions if m.sentence == date.sentence]
        event = _nominal(text, date, in_sentence, gaz) or _clause_event(
            text, date, in_sentence, catalog, gaz, country
        )
        # "became president in 2014 and won ... in 2017": the 2017 clause reached the wrong
        # verb if its statement still dates something else.
        event = _named_war(event, sents, country) if event is not None else None
        if event is not None and re.search(r"\bin (?:[A-Z][a-z]+ )?(?:1[6-9]|20)\d\d\b",
                                           event.statement):
            continue
        if event is not None and not _well_formed(event.statement):
            continue
        if event is not None and not any(_same_fact(event, e) for e in events):
            events.append(event)
    return events


def _well_formed(statement: str) -> bool:
    """A statement cut from its sentence reads whole: its brackets and quotation marks closed
    ('under the banner "coca yes' is not), no two verbs left side by side where the date was
    ("The General Coca Law passed allows ..."), no participle left as if it were the verb
    ("The FARC founded"), no "there" pointing to a place it does not name."""
    closed = statement.count("(") == statement.count(")") and statement.count('"') % 2 == 0 \
        and statement.count("“") == statement.count("”")
    return closed and not (_VERBS_SIDE_BY_SIDE.search(statement) or POINTING_THERE.search(statement)
                           or _REDUCED_RELATIVE.search(statement))


# "The FARC, founded in 1964, ..." cut to "The FARC founded": founded what?
_REDUCED_RELATIVE = re.compile(r"\b[A-Z][\w-]+ (?:founded|launched|created|formed|established)$")
# "The General Coca Law passed allows": a name's participle, then the verb the date stood by
_VERBS_SIDE_BY_SIDE = re.compile(r"\b[A-Z][\w-]*\)? \w+ed (?:allows?|is|are|has|have|remains?|"
                                 r"makes?)\b")


def _clause_event(
    text: str, date: DateMention, in_sentence: list[Mention], catalog: Catalog, gaz: Gazetteer,
    country: str,
) -> Event | None:
    clause = _clause(text, date)
    if re.search(r"\bwhich\b", clause) or re.search(
            r"\bwhich (?:itself )?$", text[: text.find(clause)] if clause in text else ""):
        return None  # "the EMC (...), led by Néstor Gregorio Vera, ..., which itself split": who?
    if clause.startswith("who "):
        people = [m for m in in_sentence if m.end <= date.phrase_start
                  and catalog.entities[m.entity].kind == "person"]
        if not people:
            return None
        clause = people[-1].entity + clause[3:]
    statement, question = _build(clause, in_sentence, catalog, gaz, country)
    if not statement:
        return None
    reason = _reason(text, date)
    if reason and f"{question[:-1]} {reason}".count(" ") < _MAX_QUESTION_WORDS:
        question = f"{question[:-1]} {reason}?"
    return Event(date.year, date.month, statement, question, date.sentence, date)


_REASON = re.compile(r" ((?:after|following) [^,;—()]+)")
_UNCLEAR = re.compile(r"(?:it|its|this|these|that|he|his|she|her|they|their|\d{4})", re.I)
_MAX_QUESTION_WORDS = 30
_REASON_REACH = 40  # characters between the date and its "after"


def _reason(text: str, date: DateMention) -> str:
    """What the event followed, as the sentence says right after it ("stepped down in 2021
    after allegedly pressuring military commanders ..."): asked with it, the year is that of
    something a reader can place, not a bare "In what year did the minister step down?"."""
    near = re.search(r" (?:after|following) ", text[date.end : date.end + _REASON_REACH])
    m = _REASON.match(text, date.end + near.start()) if near else None
    if m is None or _UNCLEAR.search(m.group(1)) or len(m.group(1).split()) > 14:
        return ""
    return m.group(1).rstrip(" .")


_STOP = {"the", "and", "its", "was", "were", "with", "that", "from", "into", "for", "has", "had"}


def _content(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w{3,}", text)} - _STOP


def _same_fact(a: Event, b: Event) -> bool:
    return a.year == b.year and len(_content(a.statement) & _content(b.statement)) >= 2
