"""Matching questions: alias↔person, local name↔group, leader↔group, group↔place."""

from __future__ import annotations

from collections.abc import Iterator

from quizapp.bank.drafts import Draft
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer
from quizapp.bank.naming import cognates, look_alike, named_after, nickname_of

_MAX_PAIRS = 5
# Two pairs are answered by matching one: a matching question needs three to test anything.
_MIN_PAIRS = 3


def _draft(
    topic: str, prompt: str, pairs: dict[str, str], where: list[int], fact: str
) -> Draft | None:
    if len(pairs) < _MIN_PAIRS or len(set(pairs.values())) != len(pairs):
        return None
    return Draft(topic, "matching", prompt, dict(pairs), tuple(sorted(set(where))), fact,
                 score=1.5)


def _first(facts: Facts, *forms: str) -> int | None:
    return next((s.index for s in facts.sentences if all(f in s.text for f in forms)), None)


def _quoted(pairs: dict[str, str], where: list[int | None]) -> tuple[dict[str, str], list[int]]:
    """Only the pairs whose sentence was found (every pair must be quotable)."""
    kept = [(k, v, w) for (k, v), w in zip(pairs.items(), where, strict=True) if w is not None]
    return {k: v for k, v, _ in kept}, [w for _, _, w in kept if w is not None]


def alias_matching(facts: Facts) -> Iterator[Draft]:
    """Alias → person."""
    pairs: dict[str, str] = {}
    found: list[int | None] = []
    for person in facts.catalog.of_kind("person"):
        for alias in person.aliases[:1]:
            if nickname_of(alias, person.name):
                continue  # "Marcola" for Marcos: matched by its letters, not by reading
            pairs[f"“{alias}”"] = person.name
            found.append(_first(facts, person.name, alias))
    pairs, where = _quoted(pairs, found)
    draft = _draft("leaders", "Match each alias to the person known by it.", pairs, where,
                   "match:alias")
    if draft:
        yield draft


def local_name_matching(facts: Facts, gaz: Gazetteer) -> Iterator[Draft]:
    """Local-language name → organization (not acronyms: their letters give the pairs away;
    not look-alike translations)."""
    named = facts.catalog.of_kind("group", "institution")
    local = {e.spanish: e.name for e in named if e.spanish and not look_alike(e.spanish, e.name)}
    # one pair at most with a cognate ("Comando Vermelho", "Red Command"): two would be
    # matched by translation, and the rest by elimination
    alike = [k for k, v in local.items() if cognates(k, v)]
    local = {k: v for k, v in local.items() if k not in alike[1:]}
    pairs, where = _quoted(local, [_first(facts, s) for s in local])
    draft = _draft("groups", "Match each name in the local language to the organization’s "
                   "English name.", dict(list(pairs.items())[:_MAX_PAIRS]), where[:_MAX_PAIRS],
                   "match:spanish")
    if draft:
        yield draft


def leader_matching(facts: Facts) -> Iterator[Draft]:
    """Leader → group, only with one leader per group."""
    pairs: dict[str, str] = {}
    where: list[int] = []
    for r in facts.relations:
        if (r.kind == "leads" and r.subject not in pairs and r.object not in pairs.values()
                and not named_after(r.object, r.subject)):
            pairs[r.subject] = r.object
            where.append(r.sentence)
    draft = _draft("leaders", "Match each leader to the group the profile says they led.",
                   pairs, where, "match:leader")
    if draft:
        yield draft


def place_matching(facts: Facts) -> Iterator[Draft]:
    """Group → place, keeping only sets where no group is also linked to another listed place."""
    links: dict[str, list[tuple[str, int]]] = {}
    for r in facts.relations:
        # A continent is too loose a link ("across South America") to match on, and a
        # country is the group's own ("Italy’s ‘Ndrangheta"): anyone matches it unread.
        if r.kind == "linked_to" and facts.catalog.entities[r.object].kind not in (
                "continent", "country"):
            links.setdefault(r.subject, []).append((r.object, r.sentence))
    linked = {(r.subject, r.object) for r in facts.relations
              if r.kind in ("linked_to", "co_mentioned")}
    pairs: dict[str, str] = {}
    where: list[int] = []
    for group in sorted(links, key=lambda g: (len(links[g]), g)):
        for place, sentence in sorted(links[group], key=lambda ps: ps[1]):
            if place in pairs.values():
                continue
            rights = [*pairs.values(), place]
            lefts = [*pairs, group]
            if all(((g, p) in linked) == (pairs.get(g, place if g == group else "") == p)
                   for g in lefts for p in rights):
                pairs[group] = place
                where.append(sentence)
                break
        if len(pairs) == _MAX_PAIRS:
            break
    draft = _draft("regions", "Match each group to the place the profile links it with.",
                   pairs, where, "match:group-place")
    if draft:
        yield draft
