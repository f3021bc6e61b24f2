"""How prompts name things: "the Shining Path", "Los Choneros", "the MPCP"."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from quizapp.bank.entities import Entity
from quizapp.bank.gazetteer import Gazetteer, fold

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


def look_alike(local: str, english: str) -> bool:
    """True when most words of the local name are cognates of the English one's
    (“Movimiento Revolucionario Túpac Amaru”): asking one for the other tests spelling."""
    words = [w for w in fold(local).replace("-", " ").split() if len(w) > 3]
    theirs = [w for w in fold(english).replace("-", " ").split() if len(w) > 3]
    cognates = [w for w in words if any(fuzz.ratio(w, t) >= 75 for t in theirs)]
    return bool(words) and len(cognates) * 2 > len(words)


def named_after(group: str, person: str) -> bool:
    """A family clan named after its leader ("Clan Rotela", "Los Valle"): asking who led it
    is answered by the names."""
    surnames = {fold(w) for w in person.split()[1:] if len(w) > 3}
    return bool(surnames & {fold(w) for w in group.split()})


def local_language(name: str, gaz: Gazetteer) -> str:
    """Portuguese for names with Portuguese words or letters ("Comando Vermelho",
    "Primeiro Comando da Capital"), else Spanish."""
    words = set(fold(name).split())
    if re.search(r"[ãõç]", name) or words & set(gaz.words("portuguese_words")):
        return "Portuguese"
    return "Spanish"
