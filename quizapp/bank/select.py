"""Filter, deduplicate, rank and number drafts into the bank's questions."""

from __future__ import annotations

import re
from collections import defaultdict

from quizapp.bank.drafts import Draft, quote_of, section_of, stable_hash
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import contains_word, fold
from quizapp.bank.schema import CORE_TOPICS, QUESTION_TYPES, Question, SourceRef, question_errors

EXTRACTIVE = ("short_answer", "cloze", "multiple_choice")
_TYPED = ("short_answer", "cloze")


contains = contains_word


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


def rejection(d: Draft, quote: str) -> str:
    """Why a draft cannot become a question ("" when it can)."""
    if not quote:
        return "no quote"
    if isinstance(d.answer, str) and d.type in EXTRACTIVE and contains(d.prompt, d.answer):
        return "answer leaks into prompt"
    if d.type == "multiple_choice":
        distinct = {fold(c) for c in d.choices}
        if len(d.choices) != 4 or len(distinct) != 4 or d.choices.count(str(d.answer)) != 1:
            return "needs 4 distinct choices with the answer once"
    if d.type in _TYPED and isinstance(d.answer, str):
        if not any(contains(quote, a) for a in (d.answer, *d.accept)):
            return "answer not in its quote"
    return ""


def _key(slug: str, d: Draft, quote: str, *tiebreak: str) -> str:
    """Derived from the fact tested, the answer and the quoted sentences, not from the prompt's
    wording or position: rewording a template or adding a paragraph keeps the id, so students
    keep their progress on the question and an Anki re-import updates its note, not adds one."""
    answer = d.answer if isinstance(d.answer, str) else ""
    short = re.sub(r"[^a-z0-9]+", "-", fold(answer)).strip("-")[:32].strip("-")
    fact = re.sub(r":\d+", ":", d.fact)  # sentence numbers and offsets move with the text
    digest = stable_hash(fact, d.type, repr(d.answer), quote, *tiebreak)[:6]
    return "-".join(p for p in (slug, d.topic, d.type.replace("_", "-"), short, digest) if p)


def _deduplicate(drafts: list[Draft]) -> list[Draft]:
    """One question per prompt; per fact at most one of each type (two for true/false)."""
    best: dict[tuple[str, str, str], Draft] = {}
    for d in drafts:
        k = (d.type, fold(d.prompt), repr(d.answer) if d.type in ("ordering", "matching") else "")
        if k not in best or d.score > best[k].score:
            best[k] = d
    per_fact: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for d in sorted(best.values(), key=lambda d: (-d.score, d.prompt)):
        limit = 2 if d.type == "true_false" else 1
        if len(per_fact[(d.fact, d.type)]) < limit:
            per_fact[(d.fact, d.type)].append(d)
    return [d for group in per_fact.values() for d in group]


def _order(q: Question) -> tuple[int, int, str]:
    topics = list(CORE_TOPICS)
    topic_rank = topics.index(q.topic) if q.topic in topics else len(topics)
    return (topic_rank, QUESTION_TYPES.index(q.type), q.key)


def finalize(drafts: list[Draft], facts: Facts, slug: str) -> tuple[list[Question], list[str]]:
    """Questions that pass every check, in a stable order, and the reasons others were dropped."""
    questions: dict[str, Question] = {}
    dropped: list[str] = []
    for d in _deduplicate(drafts):
        d = Draft(**{**d.__dict__, "accept": _clean_accept(d)})
        quote = quote_of(facts, d.sentences) if d.sentences else ""
        reason = rejection(d, quote)
        if reason:
            dropped.append(f"{reason}: {d.prompt}")
            continue
        key = _key(slug, d, quote)
        if key in questions:  # two questions on one fact of one sentence: the wording decides
            key = _key(slug, d, quote, d.prompt)
        q = Question(key=key, topic=d.topic, type=d.type, prompt=d.prompt,
                     answer=d.answer, accept=d.accept, choices=d.choices,
                     source=SourceRef(section=section_of(facts, d.sentences), quote=quote),
                     tags=d.tags)
        if question_errors(q) or q.key in questions:
            dropped.append(f"invalid: {d.prompt}")
            continue
        questions[q.key] = q
    return sorted(questions.values(), key=_order), sorted(dropped)
