"""Choose the bank from the drafts: filter, score, then select under diversity rules.

The generator overgenerates (every template on every fact) and this module decides, as a
teacher would, which drafts become questions:

1. **Filters** (:func:`rejection`): a draft with no quote, an answer outside its quote, the
   answer (or a distinctive word of it) in its prompt, a letter-checkable statement, or a bad
   set of options never becomes a question.
2. **Score** (:func:`score`), the sum of documented parts, each in [0, 1] times its weight:
   ``answerable`` (the answer stands in its quote; a prompt that needed no borrowed context),
   ``specific`` (a short, self-contained prompt), ``distractors`` (the share of wrong options
   the profile itself names: a careful reader must rule them out), ``importance`` (how often
   the profile names the answer, and higher-order questions first) and ``template`` (the
   template's own confidence).
3. **Selection** (:func:`select`): first the best draft for each thing the profile names or
   dates (coverage), then the rest by score, each only while the diversity rules hold: a fact
   at most twice and in two different forms (recall and recognition; a dated event once), a
   sentence in at most four questions (sentences shown only as context, and the few
   timelines and matchings, do not count), an answer in at most three, no two questions with
   the same prompt, and a gap asked once (a typed gap and the same gap with options are one
   question to a student).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from quizapp.bank.drafts import Draft, quote_of, section_of, stable_hash
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import contains_word, fold, load_gazetteer
from quizapp.bank.readable import PERSON_PRONOUNS
from quizapp.bank.schema import CORE_TOPICS, QUESTION_TYPES, Question, SourceRef, question_errors

EXTRACTIVE = ("short_answer", "cloze", "multiple_choice")
_TYPED = ("short_answer", "cloze")
FORMS = {"short_answer": "recall", "cloze": "recall", "multiple_choice": "recognition",
         "true_false": "recognition", "ordering": "structure", "matching": "structure"}
HIGHER_ORDER_TAGS = frozenset({"cause-effect", "comparison"})

MAX_PER_FACT = 2
MAX_PER_SENTENCE = 4
# Past coverage, a sentence already asked gets no second question: the passage one question
# shows would answer the other.
FILL_PER_SENTENCE = 1
MAX_PER_ANSWER = 3
# Type variety: no type takes more than its share of the bank (counted once the bank has
# TYPE_SHARE_FLOOR questions); timelines and matchings, which quote several sentences, are
# chosen first and at most MAX_STRUCTURE of each.
TYPE_SHARES = {"multiple_choice": 0.45, "cloze": 0.32, "short_answer": 0.25, "true_false": 0.15,
               "ordering": 1.0, "matching": 1.0}
TYPE_SHARE_FLOOR = 20
MAX_STRUCTURE = 3
# Past coverage, a draft joins the bank only if it scores at least this much: fewer, better
# questions (filler figures, a statement a reader judges by habit).
FILL_FLOOR = 3.2
WEIGHTS = {"answerable": 1.0, "specific": 1.0, "distractors": 1.5, "importance": 1.0,
           "template": 1.0}
_LONG_PROMPT_WORDS = 45
_LETTER_CHECKABLE = re.compile(r"\b(?:acronym|stands? for|short for|abbreviat)", re.I)

contains = contains_word


@dataclass(frozen=True)
class Candidate:
    """A draft that passed the filters, with its quote and score."""

    draft: Draft
    quote: str
    score: float


def _clean_accept(d: Draft) -> tuple[str, ...]:
    """Drop accepted variants that the prompt gives away or that repeat the answer."""
    seen = {fold(str(d.answer))}
    kept: list[str] = []
    for variant in d.accept:
        if fold(variant) in seen or contains(d.prompt, variant):
            continue
        seen.add(fold(variant))
        kept.append(variant)
    return tuple(kept)


def distinctive_words(text: str) -> set[str]:
    """Words of a name that identify it: not "the", "cartel", "valley", "south", and not a
    country's name, which profiles write in every paragraph ("... of Colombia")."""
    gaz = load_gazetteer()
    generic = set(gaz.words("generic_name_words")) | {fold(c) for c in gaz.countries}
    return {w for w in re.findall(r"[\w’'-]{4,}", fold(text)) if w not in generic}


def _answer_words_in_prompt(d: Draft) -> bool:
    """A distinctive word of a name in the prompt gives it away; causes and effects are
    phrases whose wrong options share the profile's words, so they are judged as wholes."""
    if not isinstance(d.answer, str) or d.type not in EXTRACTIVE or HIGHER_ORDER_TAGS & set(
            d.tags) or re.search(r"\d", d.answer):  # a date's or a figure's number is the answer
        return False
    prompt = set(re.findall(r"[\w’'-]{4,}", fold(d.prompt)))
    return bool(distinctive_words(d.answer) & prompt)


_PLURAL_OPENING = re.compile(r"^(?:(?:\S+ ){0,4}?(?:they|them)|both)\b", re.I)


_QUESTION_LEAD = re.compile(r"^(?:\S+ ){0,7}?\S+[?:] ")  # "Which group fills the gap? "


def passage_of(prompt: str) -> str:
    """The quoted passage of a prompt, without the short question that leads it ("Which
    group fills the gap? ", "Which year fills the gap? ")."""
    lead = _QUESTION_LEAD.match(prompt)
    return prompt[lead.end():] if lead and "____" not in lead.group() else prompt


def stands_for_nobody(d: Draft, people: frozenset[str]) -> bool:
    """"In October 2019, a New York jury convicted him", "Both were formed in Los Angeles": a
    pronoun before anyone it could stand for (one of ``people``, the names of the profile's
    persons), so the prompt does not say who."""
    passage = passage_of(d.prompt)
    if _PLURAL_OPENING.match(passage):
        return True
    pronoun = PERSON_PRONOUNS.search(passage)
    if pronoun is None:
        return False
    before = passage[: pronoun.start()]
    if d.topic == "leaders" and "____" in before:  # the gap is who
        return False
    return not any(contains(before, name) for name in people)


def rejection(d: Draft, quote: str, people: frozenset[str] = frozenset()) -> str:
    """Why a draft cannot become a question ("" when it can); ``people`` are the names a
    pronoun in the prompt may stand for."""
    if not quote:
        return "no quote"
    if isinstance(d.answer, str) and d.type in EXTRACTIVE and contains(d.prompt, d.answer):
        return "answer leaks into prompt"
    if _answer_words_in_prompt(d):
        return "a word of the answer is in the prompt"
    if d.type == "true_false" and _LETTER_CHECKABLE.search(d.prompt):
        return "checkable from the letters"
    if stands_for_nobody(d, people):
        return "a pronoun with nobody before it"
    if d.type == "multiple_choice":
        # four options; a cause or an effect may have three, where a fourth would be a filler
        # a reader rules out at a glance
        wanted = (3, 4) if "cause-effect" in d.tags else (4,)
        distinct = {fold(c) for c in d.choices}
        if (len(d.choices) not in wanted or len(distinct) != len(d.choices)
                or d.choices.count(str(d.answer)) != 1):
            return f"needs {' or '.join(map(str, wanted))} distinct choices with the answer once"
    if d.type in _TYPED and isinstance(d.answer, str):
        if not any(contains(quote, a) for a in (d.answer, *d.accept)):
            return "answer not in its quote"
    return ""


def _mentions_of(facts: Facts) -> Counter[str]:
    return Counter(fold(m.entity) for m in facts.mentions)


def score(d: Draft, quote: str, facts: Facts, mentions: Counter[str]) -> float:
    """The weighted sum of the parts described in the module docstring."""
    answer = d.answer if isinstance(d.answer, str) else ""
    events = {e.statement for e in facts.events}  # the profile's own, in a short statement
    answerable = 1.0 if not answer or contains(quote, answer) or answer in events else 0.5
    answerable -= 0.25 * (len(d.sentences) - 1) if d.type in EXTRACTIVE else 0
    words = len(d.prompt.split())
    specific = 1.0 if words <= _LONG_PROMPT_WORDS else _LONG_PROMPT_WORDS / words
    wrong = [c for c in d.choices if c != d.answer]
    distractors = (sum(contains(facts.text, c) or c in events for c in wrong) / len(wrong)
                   if wrong else 0.8)
    named = mentions.get(fold(answer), 0)
    importance = min(1.0, math.log1p(named) / math.log(8)) if named else 0.4
    if HIGHER_ORDER_TAGS & set(d.tags):
        importance = 1.0
    parts = {"answerable": max(0.0, answerable), "specific": specific,
             "distractors": distractors, "importance": importance,
             "template": min(1.0, d.score / 1.5)}
    return round(sum(WEIGHTS[k] * v for k, v in parts.items()), 6)


def fact_key(d: Draft) -> str:
    """The fact a draft tests (drafts on one fact share it, whatever their template)."""
    return d.fact


_FIGURE = re.compile(r"[$]?[\d.,]+%?")  # figures are no names to cover ("Barrio 18" is)


def coverage_targets(d: Draft) -> tuple[str, ...]:
    """What coverage asks to see tested: each date of the profile, its key figures, each name
    it answers ("Name one of the two cartels" answers both)."""
    if d.fact.startswith("date:") or ("figures" in d.tags and d.score > 1):
        return (d.fact,)  # every date, and the key figures (money, shares, victims, land)
    if isinstance(d.answer, str) and d.type in EXTRACTIVE and not _FIGURE.fullmatch(d.answer):
        both = (d.answer, d.accept[0]) if d.fact.startswith("pair:") and d.accept else (d.answer,)
        return tuple("name:" + fold(a) for a in both)
    return ()


def max_per_fact(fact: str) -> int:
    """How many questions may ask one fact: a dated event or an alias once (a bank that asks
    each year, or each alias, two ways reads as a drill), anything else :data:`MAX_PER_FACT`."""
    return 1 if fact.startswith(("date:", "alias:")) else MAX_PER_FACT


class _Budget:
    """The diversity rules, counted as questions are chosen."""

    def __init__(self) -> None:
        self.types: Counter[str] = Counter()
        self.per_fact: Counter[str] = Counter()
        self.read_as: Counter[tuple[str, str]] = Counter()
        self.forms: dict[str, set[str]] = defaultdict(set)
        self.sentences: Counter[int] = Counter()
        self.answers: Counter[str] = Counter()
        self.prompts: set[str] = set()
        self.gaps: set[str] = set()

    def refusal(self, c: Candidate, *, shares: bool = True, fill: bool = False) -> str:
        d = c.draft
        fact, form = fact_key(d), FORMS[d.type]
        if self.per_fact[fact] >= max_per_fact(fact) or form in self.forms[fact]:
            return f"fact asked {MAX_PER_FACT} ways already"
        if self.read_as[_as_read(c)] >= MAX_PER_FACT:  # the same answer from the same quote
            return f"fact asked {MAX_PER_FACT} ways already"
        if any(self.sentences[i] >= MAX_PER_SENTENCE for i in focus(d)):
            return f"sentence already in {MAX_PER_SENTENCE} questions"
        if fill and any(self.sentences[i] >= FILL_PER_SENTENCE for i in focus(d)):
            return "sentence already asked (a second question would show the first one's answer)"
        answer = _answer_key(d)
        if answer and self.answers[answer] >= MAX_PER_ANSWER:
            return f"answer already in {MAX_PER_ANSWER} questions"
        if fold(d.prompt) in self.prompts:
            return "same prompt as another question"
        if gap_text(d) in self.gaps:
            return "same gap as another question"
        if (FORMS[d.type] == "structure" and not HIGHER_ORDER_TAGS & set(d.tags)
                and self.types[d.type] >= MAX_STRUCTURE):
            return f"{MAX_STRUCTURE} {d.type} questions already"
        total = max(sum(self.types.values()), TYPE_SHARE_FLOOR)
        if shares and self.types[d.type] >= TYPE_SHARES[d.type] * total:
            return f"enough {d.type} questions for now"
        return ""

    def take(self, c: Candidate) -> None:
        d = c.draft
        self.types[d.type] += 1
        self.per_fact[fact_key(d)] += 1
        self.read_as[_as_read(c)] += 1
        self.forms[fact_key(d)].add(FORMS[d.type])
        self.sentences.update(set(focus(d)))
        answer = _answer_key(d)
        if answer:
            self.answers[answer] += 1
        self.prompts.add(fold(d.prompt))
        if gap_text(d):
            self.gaps.add(gap_text(d))


def gap_text(d: Draft) -> str:
    """The passage with its gap, whatever the question around it ("Which place fills the
    gap? …" and the cloze of the same passage are one gap); empty for other questions."""
    return fold(passage_of(d.prompt)) if "____" in d.prompt else ""


def focus(d: Draft) -> tuple[int, ...]:
    """The sentences a question is about, for the four-per-sentence rule: the last of its
    frame (those before it are shown as context, "At this time" needs the sentence it points
    to). Timelines and matchings put several sentences' facts side by side: they count
    against none (they are few: MAX_STRUCTURE of each)."""
    return () if FORMS[d.type] == "structure" else d.sentences[-1:]


def _as_read(c: Candidate) -> tuple[str, str]:
    """A fact as a reader sees it: the answer in its quote (a statement, for true/false)."""
    d = c.draft
    return (c.quote, fold(d.prompt if isinstance(d.answer, bool) else repr(d.answer)))


def _answer_key(d: Draft) -> str:
    """Names repeat as answers; years date different things and are not capped."""
    if not isinstance(d.answer, str) or re.fullmatch(r"\d{4}", d.answer):
        return ""
    return fold(d.answer)


@dataclass(frozen=True)
class LeftOut:
    """A fact no question asks, what it would have asked, and which rule kept it out."""

    answer: str
    sentence: str
    reason: str

    @classmethod
    def of(cls, c: Candidate, reason: str) -> LeftOut:
        """The fact of ``c`` left out for ``reason``."""
        answer = c.draft.answer if isinstance(c.draft.answer, str) else c.draft.type
        passage = c.quote.split(" … ")[-1]
        return cls(str(answer), passage if len(passage) <= 90 else passage[:87] + "...", reason)

    def __str__(self) -> str:
        return f"{self.answer}, in “{self.sentence}”: {self.reason}"  # the --report line


def select(candidates: list[Candidate]) -> tuple[list[Candidate], dict[str, LeftOut]]:
    """Timelines and matchings first, then coverage, then by score, under the diversity rules;
    also why facts were left out. A draft refused for the type shares is looked at again at
    the end, once the bank has grown."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.draft.prompt, repr(c.draft.answer)))
    budget = _Budget()
    chosen: list[Candidate] = []
    covered: set[str] = set()

    def offer(c: Candidate, *, need_target: bool, shares: bool = True,
              fill: bool = False) -> str:
        targets = coverage_targets(c.draft)
        if need_target and not set(targets) - covered:
            return "skip"
        refusal = budget.refusal(c, shares=shares and not need_target,  # coverage first
                                 fill=fill)
        if not refusal:
            covered.update(targets)
            budget.take(c)
            chosen.append(c)
        return refusal

    structure = [c for c in ranked if FORMS[c.draft.type] == "structure"]
    deeper = [c for c in ranked if HIGHER_ORDER_TAGS & set(c.draft.tags)]
    rest = [c for c in ranked if FORMS[c.draft.type] != "structure"]
    for c in structure + deeper:
        offer(c, need_target=False, shares=False)
    # Coverage: first the questions that cover two names (one slot of a full sentence then
    # serves both), then the things the profile names in one sentence only (a dense sentence's
    # four slots go to what cannot be asked elsewhere), best score first.
    # Each pass: sentences no question asks yet first (a second question on a sentence shows
    # the first one's answer), then whatever coverage still needs.
    places = _places_to_ask(rest)
    by_need = sorted(rest, key=lambda c: (len(coverage_targets(c.draft)) < 2, min(
        (places[t] for t in coverage_targets(c.draft)), default=0)))
    for fresh_sentences_only in (True, False):
        for c in by_need:
            offer(c, need_target=True, fill=fresh_sentences_only)
    # A true and a false statement next: a bank whose statements are all true (or all
    # false) teaches the student to answer by habit.
    for truth in (True, False):
        for c in (c for c in rest if c.draft.type == "true_false" and c.draft.answer is truth):
            if not offer(c, need_target=False, shares=False):
                break
    left_out: dict[str, LeftOut] = {}
    for _round in range(3):
        waiting = [c for c in rest if c not in chosen]
        for c in waiting:
            refusal = (offer(c, need_target=False, fill=True) if c.score >= FILL_FLOOR
                       else "scored too low")
            if refusal:
                left_out[fact_key(c.draft)] = LeftOut.of(c, refusal)
    asked = {fact_key(c.draft) for c in chosen}
    return chosen, {f: r for f, r in sorted(left_out.items()) if f not in asked}


def _places_to_ask(candidates: list[Candidate]) -> dict[str, int]:
    """For each thing to cover, in how many sentences some candidate could ask it."""
    spread: dict[str, set[int]] = defaultdict(set)
    for c in candidates:
        for target in coverage_targets(c.draft):
            spread[target].update(focus(c.draft))
    return {target: len(sentences) for target, sentences in spread.items()}


def _key(slug: str, d: Draft, quote: str, *tiebreak: str) -> str:
    """Derived from the fact tested, the answer and the quoted sentences, not from the prompt's
    wording or position: rewording a template or adding a paragraph keeps the id, so students
    keep their progress on the question and an Anki re-import updates its note, not adds one."""
    answer = d.answer if isinstance(d.answer, str) else ""
    short = re.sub(r"[^a-z0-9]+", "-", fold(answer)).strip("-")[:32].strip("-")
    fact = re.sub(r":\d+", ":", d.fact)  # sentence numbers and offsets move with the text
    digest = stable_hash(fact, d.type, repr(d.answer), quote, *tiebreak)[:6]
    return "-".join(p for p in (slug, d.topic, d.type.replace("_", "-"), short, digest) if p)


def _order(q: Question) -> tuple[int, int, str]:
    topics = list(CORE_TOPICS)
    topic_rank = topics.index(q.topic) if q.topic in topics else len(topics)
    return (topic_rank, QUESTION_TYPES.index(q.type), q.key)


@dataclass(frozen=True)
class Selection:
    """The bank's questions, the fact each one tests, and what was left out and why."""

    questions: list[Question]
    fact_of: dict[str, str]
    rejected: list[str]
    left_out: dict[str, LeftOut]
    #: every draft that passed the filters, as a question (before the selection)
    candidates: list[Question]


def candidates_of(drafts: Iterable[Draft], facts: Facts) -> tuple[list[Candidate], list[str]]:
    """Drafts that pass the filters, scored; the others with the rule that stopped them."""
    mentions = _mentions_of(facts)
    people = frozenset(form for e in facts.catalog.of_kind("person") for form in e.forms())
    kept: list[Candidate] = []
    rejected: list[str] = []
    for d in drafts:
        d = replace(d, accept=_clean_accept(d))
        quote = quote_of(facts, d.sentences) if d.sentences else ""
        reason = rejection(d, quote, people)
        if reason:
            rejected.append(f"{reason}: {d.prompt}")
            continue
        kept.append(Candidate(d, quote, score(d, quote, facts, mentions)))
    return kept, rejected


def finalize(drafts: list[Draft], facts: Facts, slug: str) -> Selection:
    """Filter, score and select the drafts, then number them into questions."""
    candidates, rejected = candidates_of(drafts, facts)
    chosen, left_out = select(candidates)
    questions: dict[str, Question] = {}
    fact_of: dict[str, str] = {}
    for c in chosen:
        d = c.draft
        key = _key(slug, d, c.quote)
        if key in questions:  # two questions on one fact of one sentence: the wording decides
            key = _key(slug, d, c.quote, d.prompt)
        q = Question(key=key, topic=d.topic, type=d.type, prompt=d.prompt,
                     answer=d.answer, accept=d.accept, choices=d.choices,
                     source=SourceRef(section=section_of(facts, d.sentences), quote=c.quote),
                     tags=d.tags)
        if question_errors(q) or q.key in questions:
            rejected.append(f"invalid: {d.prompt}")
            continue
        questions[q.key] = q
        fact_of[q.key] = fact_key(d)
    ordered = sorted(questions.values(), key=_order)
    return Selection(ordered, fact_of, sorted(rejected), left_out,
                     [_as_question(c, facts) for c in candidates])


def _as_question(c: Candidate, facts: Facts) -> Question:
    d = c.draft
    return Question(key="candidate", topic=d.topic, type=d.type, prompt=d.prompt,
                    answer=d.answer, accept=d.accept, choices=d.choices,
                    source=SourceRef(section=section_of(facts, d.sentences), quote=c.quote),
                    tags=d.tags)
