"""A human-readable account of a generation: counts, facts found and facts left unused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TypedDict

from quizapp.bank.facts import Facts
from quizapp.bank.schema import Bank, Question
from quizapp.bank.select import LeftOut


def answered_names(questions: tuple[Question, ...]) -> set[str]:
    """Every string a question takes as (part of) its answer."""
    names: set[str] = set()
    for q in questions:
        if isinstance(q.answer, str):
            names.add(q.answer)
            names.update(q.accept)
        elif isinstance(q.answer, list):
            names.update(q.answer)
        elif isinstance(q.answer, dict):
            names.update(q.answer)
            names.update(q.answer.values())
    return names


def _table(title: str, counts: Counter[str]) -> list[str]:
    lines = [title]
    lines.extend(f"  {name:<16} {n:>4}" for name, n in sorted(counts.items()))
    return lines


class NotAsked(TypedDict):
    """Something the profile says that no question asks, and why."""

    what: str
    why: str


class ReportSummary(TypedDict):
    """A generation's account as plain data (stored with a generated draft)."""

    questions: int
    by_topic: dict[str, int]
    by_type: dict[str, int]
    found: dict[str, list[str]]
    events: list[str]
    not_asked: list[NotAsked]
    failed: list[str]
    filtered: int


_GIVE_AWAY = ("no question on it passed the give-away filters (general knowledge, its own "
              "words in the prompt, a look-alike translation)")


def summarize(bank: Bank, facts: Facts | None, dropped: tuple[str, ...],
              left_out: Mapping[str, LeftOut] | None = None) -> ReportSummary:
    """Counts, the facts found, and each fact no question asks with the rule that kept it out."""
    qs = bank.questions
    found: dict[str, list[str]] = {}
    events: list[str] = []
    not_asked: list[NotAsked] = []
    if facts is not None:
        for kind in sorted({e.kind for e in facts.catalog.entities.values()}):
            found[kind] = [e.name for e in facts.catalog.of_kind(kind)]
        events = [f"{e.year}: {e.statement}" for e in sorted(facts.events, key=lambda e: e.year)]
        answered = answered_names(qs)
        not_asked = [{"what": e.name, "why": _GIVE_AWAY}
                     for e in sorted(facts.catalog.entities.values(), key=lambda e: e.name)
                     if e.name != facts.country and not set(e.accepted() + [e.name]) & answered]
    for item in (left_out or {}).values():
        not_asked.append({"what": f"{item.answer}, in “{item.sentence}”", "why": item.reason})
    failed = [d for d in dropped if d.startswith("template ")]
    return {"questions": len(qs), "by_topic": dict(sorted(Counter(q.topic for q in qs).items())),
            "by_type": dict(sorted(Counter(q.type for q in qs).items())), "found": found,
            "events": events, "not_asked": not_asked, "failed": failed,
            "filtered": len(dropped) - len(failed)}


def render_report(bank: Bank, facts: Facts | None, dropped: tuple[str, ...],
                  left_out: Mapping[str, LeftOut] | None = None) -> str:
    """Counts per topic and type, the facts found, and the facts no question asks about."""
    qs = bank.questions
    lines = [f"{bank.info.title}: {len(qs)} questions"]
    lines += _table("By topic:", Counter(q.topic for q in qs))
    lines += _table("By type:", Counter(q.type for q in qs))
    if facts is None:
        return "\n".join(lines)
    lines += _facts_lines(bank, facts, dropped)
    if left_out:
        lines.append(f"Facts not asked, kept out by the selection rules: {len(left_out)}")
        lines.extend(f"  - {fact}: {why}" for fact, why in sorted(left_out.items())[:40])
    return "\n".join(lines)


def _facts_lines(bank: Bank, facts: Facts, dropped: tuple[str, ...]) -> list[str]:
    qs = bank.questions
    lines: list[str] = []
    lines.append("Facts found:")
    for kind in sorted({e.kind for e in facts.catalog.entities.values()}):
        names = [e.name for e in facts.catalog.of_kind(kind)]
        lines.append(f"  {kind} ({len(names)}): {', '.join(names)}")
    lines.append(f"  dated events ({len(facts.events)}): " + "; ".join(
        f"{e.year} {e.statement}" for e in sorted(facts.events, key=lambda e: e.year)))
    kinds = Counter(r.kind for r in facts.relations)
    lines.append("  relations: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    answered = answered_names(qs)
    unused = sorted(e.name for e in facts.catalog.entities.values()
                    if e.name != facts.country and not set(e.forms()) & answered)
    lines.append("Entities never asked about: " + (", ".join(unused) or "none"))
    asked = {q.source.quote for q in qs if "timeline" in q.tags}
    unasked = [e.statement for e in facts.events
               if not any(facts.sentences[e.sentence].text in quote for quote in asked)]
    lines.append("Events never asked about: " + ("; ".join(unasked) or "none"))
    phrased = {(e.sentence, e.year) for e in facts.events}
    cloze_only = sorted({d.surface for d in facts.dates if d.kind == "exact" and not d.is_state
                         and (d.sentence, d.year) not in phrased})
    lines.append("Dates asked only as cloze (no event statement could be phrased): "
                 + (", ".join(cloze_only) or "none"))
    failed = [d for d in dropped if d.startswith("template ")]
    lines.extend(f"Failed: {d}" for d in failed)
    lines.append(f"Drafts dropped by the filters: {len(dropped) - len(failed)}")
    lines.extend(f"  - {reason}" for reason in dropped[:30])
    return lines
