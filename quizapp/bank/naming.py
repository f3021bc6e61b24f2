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
    words = _long_words(local)
    return bool(words) and len(cognates(local, english)) * 2 > len(words)


_COGNATE = 65  # rapidfuzz ratio: "golfo" and "gulf", "unidas" and "united" (67); not "pueblo"
# and "people" (50)


def cognates(local: str, english: str) -> list[str]:
    """The words of the local name that look like a word of the English one ("Comando" and
    "Command", "Paraguayo" and "Paraguayan")."""
    theirs = _long_words(english)
    return [w for w in _long_words(local) if any(fuzz.ratio(w, t) >= _COGNATE for t in theirs)]


def _long_words(name: str) -> list[str]:
    return [w for w in fold(name).replace("-", " ").split() if len(w) > 3]


def nickname_of(alias: str, name: str) -> bool:
    """"Marcola" (Marcos), "Fernandinho" (Luiz Fernando), "Zé Roberto" (José Roberto): an
    alias made from the person's own names, which a reader matches by its letters."""
    own = [fold(w) for w in name.split()]
    return any(any(n.startswith(word[:4]) or word.startswith(n[:4]) for n in own if len(n) >= 4)
               for word in (fold(w) for w in alias.replace("“", "").split()) if len(word) >= 4)


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
