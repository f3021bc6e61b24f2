"""Named entities of a profile: groups, institutions, people (with aliases) and places."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quizapp.bank.gazetteer import Gazetteer, fold, regions_of
from quizapp.bank.text import Sentence

_CAP = r"[A-ZÁÉÍÓÚÑ‘'][\w’'-]*"
_NAME = rf"{_CAP}(?:(?:,? (?:and )?|\s+(?:of |de |del |la |the )?){_CAP})*"
_DEFINITION = re.compile(rf"({_NAME}) \(([A-ZÁÉÍÓÚÑ][^()]*)\)")
_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
_PERSON = re.compile(rf"{_WORD}(?:\s+(?:de\s+|del\s+)?{_WORD}){{1,3}}")
_ALIAS = re.compile(r"([A-ZÁÉÍÓÚÑ][\w ]+?), alias [“\"]([^”\"]+?)[,.]?[”\"]")
COORDINATED = re.compile(r"([A-ZÁÉÍÓÚÑ]\w+) and ([A-ZÁÉÍÓÚÑ]\w+) (Cartels|Clans|Gangs)\b")
GROUP_KINDS = ("group", "institution")
PLACE_KINDS = ("country", "region", "place", "city", "continent", "landmark")


@dataclass
class Entity:
    """A thing the profile names; ``variants`` are other surface forms of the same thing."""

    kind: str
    name: str
    variants: list[str] = field(default_factory=list)
    acronym: str = ""
    spanish: str = ""
    aliases: list[str] = field(default_factory=list)
    descriptions: list[tuple[str, int]] = field(default_factory=list)
    country: str = ""

    def forms(self) -> list[str]:
        """Every way the text may write this entity, longest first."""
        forms = {self.name, *self.variants, *self.aliases}
        forms.update(x for x in (self.acronym, self.spanish) if x)
        return sorted(forms, key=lambda f: (-len(f), f))

    def accepted(self) -> list[str]:
        """Alternative typed answers: acronym, Spanish name, aliases, other spellings."""
        return [f for f in self.forms() if f != self.name]


@dataclass(frozen=True)
class Mention:
    """An entity named in a sentence at ``start``..``end`` (character offsets)."""

    entity: str
    surface: str
    sentence: int
    start: int
    end: int


@dataclass
class Catalog:
    """All entities of a profile, keyed by canonical name."""

    country: str
    entities: dict[str, Entity] = field(default_factory=dict)

    def add(self, kind: str, name: str) -> Entity:
        """Register an entity (first kind wins) and return it."""
        if name not in self.entities:
            self.entities[name] = Entity(kind=kind, name=name)
        return self.entities[name]

    def of_kind(self, *kinds: str) -> list[Entity]:
        """Entities of the given kinds, sorted by name."""
        return sorted((e for e in self.entities.values() if e.kind in kinds), key=lambda e: e.name)


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The) ", "", name)


def _initials_ok(acronym: str, *names: str) -> bool:
    """Every letter of the acronym is the initial of a capitalised word (any order)."""
    words = [w for n in names for w in re.split(r"[\s,]+", n)]
    initials = Counter(w[0].upper() for w in words if w[:1].isupper())
    need = Counter(acronym.upper())
    return all(initials[c] >= k for c, k in need.items())


def _kind_of(name: str, gaz: Gazetteer) -> str:
    words = set(re.split(r"[\s,]+", name))
    if words & set(gaz.words("place_words")):
        return "place"
    if words & set(gaz.words("institution_words")):
        return "institution"
    return "group"


def _definitions(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    """``English Name (Spanish Name – ACR)`` and ``Name (ACR)`` definitions."""
    for s in sents:
        for m in _DEFINITION.finditer(s.text):
            name, inner = _strip_article(m.group(1)), m.group(2)
            parts = [p.strip() for p in re.split(r"\s+[–—-]\s+", inner)]
            acronym = parts[-1] if re.fullmatch(r"[A-Z]{2,8}", parts[-1]) else ""
            spanish = parts[0] if parts[0] != acronym else ""
            if acronym and not _initials_ok(acronym, name, spanish):
                acronym = ""
            if not acronym and not spanish:
                continue
            kind = _kind_of(name, gaz)
            canonical = acronym if kind == "place" and acronym else name
            entity = catalog.add(kind, canonical)
            entity.acronym = "" if canonical == acronym else acronym
            entity.spanish = entity.spanish or spanish
            if canonical != name:
                entity.variants.append(name)


def _known_groups(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    folded = fold(" ".join(s.text for s in sents))
    for group in gaz.groups:
        names = [group.name, group.spanish, group.acronym, *group.variants]
        if any(n and re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", folded) for n in names):
            entity = catalog.add("group", group.name)
            entity.variants.extend(v for v in group.variants if v not in entity.variants)
            entity.spanish = entity.spanish or group.spanish
            entity.acronym = entity.acronym or group.acronym
            entity.country = group.country
    for s in sents:
        for m in COORDINATED.finditer(s.text):
            for first in (m.group(1), m.group(2)):
                catalog.add("group", f"{first} {m.group(3)[:-1]}")


def _appositive_groups(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    """``the X, <description ending in a group noun>`` names a group and describes it."""
    heads = "|".join(gaz.words("group_appositive_heads"))
    pattern = re.compile(
        rf"(?:the )?({_NAME})(?: \([^()]*\))?(?: guerrillas)?, ((?:an? |the |[A-Z]\w+’s )"
        rf"[^,.;]*)"
    )
    for s in sents:
        for m in pattern.finditer(s.text):
            name = _strip_article(m.group(1))
            known = catalog.entities.get(name)
            if known is None and _kind_of(name, gaz) != "group":
                continue
            if known is not None and known.kind != "group":
                continue
            raw = re.split(r" (?:that|who|which|where|led by|known as) ", m.group(2))[0]
            if not re.search(rf"\b(?:{heads})\b", raw):
                continue
            entity = known or catalog.add("group", name)
            description = _trim_description(raw, gaz)
            if description:
                entity.descriptions.append((description, s.index))


def _trim_description(text: str, gaz: Gazetteer) -> str:
    """Cut a description at its relative clause; drop it when it points back ("the gang")."""
    text = text.strip()
    if any(a in text for a in gaz.words("group_anaphors")):
        return ""
    return text


def _is_person(candidate: str, before: str, after: str, gaz: Gazetteer, catalog: Catalog) -> bool:
    tokens = candidate.split()
    if set(tokens) & set(gaz.words("non_person_words")) or candidate in catalog.entities:
        return False
    if any(fold(candidate) == fold(c) for c in gaz.countries):
        return False
    if tokens[0] in gaz.words("given_names"):
        return True
    context_before = fold(before[-40:].rstrip(" ,"))
    context_after = fold(after[:20].lstrip(" ,"))
    return any(context_before.endswith(c) for c in gaz.words("person_context_before")) or any(
        context_after.startswith(c) for c in gaz.words("person_context_after")
    )


def _people(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    for s in sents:
        quoted = [m.span() for m in re.finditer(r"[“\"][^”\"]*[”\"]", s.text)]
        titles = set(gaz.words("person_titles"))
        for m in _PERSON.finditer(s.text):
            if any(a <= m.start() < b for a, b in quoted):
                continue
            candidate, before = m.group(0), s.text[: m.start()]
            first, _, rest = candidate.partition(" ")
            if first in titles and " " in rest:  # "President Rafael Correa"
                candidate, before = rest, f"{before}{first.lower()} "
            if _is_person(candidate, before, s.text[m.end() :], gaz, catalog):
                catalog.add("person", candidate)
        for m in _ALIAS.finditer(s.text):
            person = _trailing_person(m.group(1), catalog)
            if person is not None and m.group(2) not in person.aliases:
                person.aliases.append(m.group(2))


def _trailing_person(text: str, catalog: Catalog) -> Entity | None:
    for person in catalog.of_kind("person"):
        if text.endswith(person.name):
            return person
    return None


def _surnames(catalog: Catalog, gaz: Gazetteer) -> None:
    """A bare surname refers to a person when no other person shares it (brothers do)."""
    people = catalog.of_kind("person")
    counts = Counter(p.name.split()[-1] for p in people)
    given = set(gaz.words("given_names"))
    for person in people:
        tokens = person.name.split()
        if counts[tokens[-1]] != 1:
            continue
        # "Guzmán" alone and "Jorge Luis Zambrano" -> "Zambrano", but "Bazán Arévalo" (two
        # surnames) rather than a bare "Arévalo".
        two_surnames = len(tokens) >= 3 and tokens[-2] not in given
        person.variants.append(" ".join(tokens[-2:]) if two_surnames else tokens[-1])


def _masked_text(catalog: Catalog, sents: list[Sentence]) -> str:
    """The profile with known names blanked ("Apurimac" inside VRAEM's name is no region)."""
    text = " ".join(s.text for s in sents)
    for entity in catalog.entities.values():
        for form in entity.forms():
            if len(form) > 3:
                text = text.replace(form, "#" * len(form))
    return text


def _attach_place_aliases(catalog: Catalog, gaz: Gazetteer) -> None:
    for canonical, names in gaz.place_aliases().items():
        entity = catalog.entities.get(canonical)
        if entity is not None:
            entity.variants.extend(n for n in names if n not in entity.variants)


def _places(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    _attach_place_aliases(catalog, gaz)
    text = _masked_text(catalog, sents)
    folded = fold(text)
    aliases = gaz.country_aliases()
    for country in gaz.countries:
        forms = [country, *aliases.get(country, ())]
        if any(re.search(rf"(?<![\w-]){re.escape(f)}(?!\w)", text) for f in forms):
            catalog.add("country", country).variants.extend(aliases.get(country, ()))
    for region in regions_of(catalog.country):
        short = region.removeprefix("El ")
        if re.search(rf"(?<!\w){re.escape(fold(short))}(?!\w)", folded):
            # Display the name as the profile writes it ("Callao", not "El Callao").
            written = region if re.search(rf"(?<!\w){re.escape(fold(region))}(?!\w)", folded) \
                else short
            entity = catalog.add("region", written)
            entity.variants.extend([region] if written != region else [])
    for name, kind in gaz.places():
        if re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded):
            catalog.add(kind, name)
    _pattern_places(catalog, sents, gaz)


def _pattern_places(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    alias_owner = {fold(a): c for c, names in gaz.place_aliases().items() for a in names}
    alias_owner.update((fold(f), e.name) for e in catalog.entities.values() for f in e.forms())
    for template in gaz.words("place_patterns"):
        left, right = (re.escape(x) for x in template.split("{X}"))
        pattern = re.compile(rf"{left}({_NAME}){right}(?!\w)")
        for s in sents:
            for m in pattern.finditer(s.text):
                for name in re.split(r",? and |, ", m.group(1)):
                    owner = alias_owner.get(fold(name), name)
                    if owner not in catalog.entities:
                        catalog.add("place", owner)
    _attach_place_aliases(catalog, gaz)


def build_catalog(sents: list[Sentence], gaz: Gazetteer, country: str) -> Catalog:
    """Find every group, institution, person and place the profile names."""
    catalog = Catalog(country=country)
    _definitions(catalog, sents, gaz)
    _known_groups(catalog, sents, gaz)
    _appositive_groups(catalog, sents, gaz)
    _places(catalog, sents, gaz)
    _people(catalog, sents, gaz)
    _surnames(catalog, gaz)
    return catalog
