"""How prompts name things: "the Shining Path", "Los Choneros", "the MPCP"."""

from __future__ import annotations

from quizapp.bank.entities import Entity
from quizapp.bank.gazetteer import Gazetteer

_BARE_KINDS = ("person", "country", "continent", "city")


def with_the(name: str, kind: str, gaz: Gazetteer) -> str:
    """``name`` with "the" where English needs it (not before "Los Choneros" or a person)."""
    first = name.split()[0]
    if kind in _BARE_KINDS or first in gaz.words("name_articles") or first.endswith("’s"):
        return name
    return f"the {name}"


def label(entity: Entity, gaz: Gazetteer, *, short: bool = False) -> str:
    """The entity as a prompt names it; ``short`` prefers the acronym ("the MPCP")."""
    if short and entity.acronym:
        return with_the(entity.acronym, entity.kind, gaz)
    suffix = f" ({entity.acronym})" if entity.acronym else ""
    return with_the(entity.name, entity.kind, gaz) + suffix


def capitalized(text: str) -> str:
    """First letter upper-cased, the rest untouched."""
    return text[:1].upper() + text[1:]
