"""Named entities of a profile: groups, institutions, people (with aliases) and places."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quizapp.bank.gazetteer import Gazetteer, fold, regions_of
from quizapp.bank.text import Sentence

_CAP = r"[A-ZÁÉÍÓÚÑ‘'][\w’'-]*"
_JOINERS = "and|of|de|del|la|the|do|da|dos"


def _name_pattern(joiners: str) -> str:
    """Capitalised words joined by one separator each (a space or comma, then at most one
    joining word): one way only to split a run of words, so a failed match cannot backtrack
    through every split of a long Title-Case line."""
    return rf"{_CAP}(?:,?\s+(?:(?:{joiners})\s)?{_CAP})*"


_NAME = _name_pattern(_JOINERS)
# a defined name may join its words with "to" and "for" ("Special Force to Fight Drug
# Trafficking (... – FELCN)")
_DEFINITION = re.compile(rf"({_name_pattern(_JOINERS + '|to|for')}) \(([A-ZÁÉÍÓÚÑ][^()]*)\)")
# what comes between a definition and the next when the next renames it, and nothing else
_RENAMING = re.compile(r"^,? (?:which|who) (?:calls|called|renamed|rebranded) (?:itself|themselves)"
                       r"(?: the)? ?$|^,? (?:also |later |now )?(?:known|renamed|rebranded) as"
                       r"(?: the)? ?$|^(?:,? and)?,? since \d{4},? (?:the )?$")
# Capitalised words that open a sentence or phrase before a name: "Under President Hugo Banzer",
# "In La Paz, San Pedro prison"; alone, no name at all ("However, the capital of ...").
_CAPITALISED_OPENERS = frozenset("Under After Before During In On By With For Since From Following "
                                 "When While Despite Against Through As At".split())
_ARTICLES = frozenset({"The", "A", "An"})
_LONE_OPENERS = _CAPITALISED_OPENERS | _ARTICLES | frozenset(
    "However Meanwhile Yet But And Also Then Today There This That These Those It Its".split())
_NOT_AN_ORGANIZATION = ("Law", "Act", "Code", "Plan", "Accord", "Agreement", "Constitution")
_WORD = r"[A-ZÁÉÍÓÚÑÂÊÔÃÕÇ][a-zà-öø-ÿ]+"  # "Pavão", "Gonçalves" too
_PERSON = re.compile(rf"{_WORD}(?:\s+(?:de\s+|del\s+|da\s+|do\s+|dos\s+)?{_WORD}){{1,3}}")
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
    #: typed answers that count but that the text need not use ("Pacific", "U.S.", "TdA")
    also: list[str] = field(default_factory=list)
    #: for a place found by a pattern, what the text calls it ("port", "town", "department")
    head: str = ""

    def forms(self) -> list[str]:
        """Every way the text may write this entity, longest first."""
        forms = {self.name, *self.variants, *self.aliases}
        forms.update(x for x in (self.acronym, self.spanish) if x)
        return sorted(forms, key=lambda f: (-len(f), f))

    def accepted(self) -> list[str]:
        """Alternative typed answers: acronym, Spanish name, aliases, other spellings, and the
        short forms a student would type."""
        return [f for f in dict.fromkeys([*self.forms(), *self.also]) if f != self.name]


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
    """Every letter of the acronym is the initial of a capitalised word (any order), or the
    acronym is made of the first letters of one name's words, in order ("SENAD", Secretaría
    Nacional Antidrogas)."""
    words = [w for n in names for w in re.split(r"[\s,]+", n)]
    initials = Counter(w[0].upper() for w in words if w[:1].isupper())
    need = Counter(acronym.upper())
    return all(initials[c] >= k for c, k in need.items()) or any(
        _syllabic(acronym, n) for n in names if n)


def _syllabic(acronym: str, name: str) -> bool:
    """Each capitalised word of ``name``, in order, gives the acronym its initial and up to two
    more of its letters: "SE" + "N" + "AD" for Secretaría Nacional Antidrogas."""
    words = [fold(w) for w in re.split(r"[\s,-]+", name) if w[:1].isupper()]
    return bool(words) and _spelled_by(fold(acronym), words)


def _spelled_by(letters: str, words: list[str]) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if not letters.startswith(word[0]):
        return False
    return any(_spelled_by(letters[1 + extra:], rest) for extra in range(3)
               if _in_order(letters[1:1 + extra], word[1:]) and 1 + extra <= len(letters))


def _in_order(letters: str, word: str) -> bool:
    remaining = iter(word)
    return all(c in remaining for c in letters)


def _kind_of(name: str, gaz: Gazetteer) -> str:
    words = set(re.split(r"[\s,]+", name))
    if words & set(gaz.words("place_words")):
        return "place"
    if words & set(gaz.words("institution_words")):
        return "institution"
    return "group"


def _definitions(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    """``English Name (Spanish Name – ACR)`` and ``Name (ACR)`` definitions. A definition that
    renames the one before it ("the Gulf Clan (Clan del Golfo), which calls itself the
    Gaitanista Self-Defense Forces of Colombia (... – AGC)") gives that entity more names."""
    for s in sents:
        previous: tuple[Entity, int] | None = None
        for m in _DEFINITION.finditer(s.text):
            # "Brazil's First Capital Command (...)": the group, not Brazil's (but "the
            # People’s Revolutionary Army" is the army's whole name)
            name = _strip_article(m.group(1))
            owner = re.match(r"([A-Z][\w-]+)[’']s ", name)
            if owner and owner.group(1) in gaz.countries:
                name = name[owner.end():]
            inner = m.group(2)
            if name.split()[-1] in _NOT_AN_ORGANIZATION:  # "the General Coca Law (Ley ...)"
                continue
            parts = [p.strip() for p in re.split(r"\s+[–—-]\s+", inner)]
            acronym = parts[-1] if re.fullmatch(r"[A-Z]{2,8}", parts[-1]) else ""
            spanish = parts[0] if parts[0] != acronym else ""
            if acronym and not _initials_ok(acronym, name, spanish):
                acronym = ""
            if not acronym and not spanish:
                continue
            if any(fold(name) == fold(c) for c in gaz.countries):
                continue  # "in Guatemala (Comisión ... en Guatemala)": the name was cut short
            if previous is not None and _RENAMING.search(s.text[previous[1]:m.start()]):
                previous[0].variants.extend(n for n in (name, spanish, acronym)
                                            if n and n not in previous[0].variants)
                previous = (previous[0], m.end())
                continue
            kind = _kind_of(name, gaz)
            canonical = acronym if kind == "place" and acronym else name
            entity = catalog.add(kind, canonical)
            entity.acronym = "" if canonical == acronym else acronym
            entity.spanish = entity.spanish or spanish
            if canonical != name:
                entity.variants.append(name)
            previous = (entity, m.end())


def _known_groups(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    folded = fold(" ".join(s.text for s in sents))

    def used(name: str) -> bool:
        return bool(name) and bool(re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded))

    for group in gaz.groups:
        names = [group.name, group.spanish, group.acronym, *group.variants]
        if not any(used(n) for n in names):
            continue
        # The gazetteer only adds names the text itself uses (a question on an acronym the
        # profile never writes would quote nothing).
        entity = catalog.add("group", group.name)
        entity.variants.extend(v for v in group.variants if v not in entity.variants and used(v))
        entity.spanish = entity.spanish or (group.spanish if used(group.spanish) else "")
        entity.acronym = entity.acronym or (group.acronym if used(group.acronym) else "")
        entity.country = group.country
    for s in sents:
        for m in COORDINATED.finditer(s.text):
            for first in (m.group(1), m.group(2)):
                catalog.add("group", f"{first} {m.group(3)[:-1]}")
        # Family clans are named with a plural article: "Los Lorenzana", "Los Valle".
        for m in re.finditer(r"\b(?:Los|Las) [A-ZÁÉÍÓÚÑ][\wáéíóúñ]+\b", s.text):
            if fold(m.group(0)) not in {fold(n) for n, _ in gaz.places()}:
                catalog.add("group", m.group(0))


# not right after an article: "an armed wing of the gang" is a description
_FINITE_VERB = re.compile(r"(?<!\ban )(?<!\ba )(?<!\bthe )\b(?:is|are|was|were|has|have|had|grew|"
                          r"became|began|remained|took|went|made|signed|won|lost|split|fell|rose|"
                          # "-ed" only as a verb: "signed an", "grew into", not "a highly
                          # organized criminal group" or "a Colombia-based armed group"
                          r"(?<![-\w])\w+ed(?= (?:an?|the|into|in|to|with|by|from|under|over|its|"
                          r"their|his|her)\b))\b")


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
            head = re.search(rf"\b(?:{heads})\b", raw)
            # "After talks in Havana, the government ... signed an agreement with the
            # guerrillas", "near the border with Panama, the group grew": a clause's subject
            # after its opening phrase, not a description of the name before the comma
            verb = _FINITE_VERB.search(raw)
            if head is None or (verb is not None and verb.start() <= head.end() + 1) or (
                    name in gaz.countries):
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
    if tokens[0] in ("The", "A", "An") or set(tokens) & set(gaz.words("demonyms")):
        return False  # "the Bolivian" is a nickname or a nationality, not a name
    if any(fold(candidate) == fold(c) for c in gaz.countries):
        return False
    if tokens[0] in gaz.words("given_names"):
        return True
    context_before = fold(before[-40:].rstrip(" ,"))
    context_after = fold(after[:20].lstrip(" ,"))
    if any(context_before.endswith(c) for c in gaz.words("person_context_before")) or any(
            context_after.startswith(c) for c in gaz.words("person_context_after")):
        return True
    # "Horacio Cartes, a tobacco magnate who ...", "Jarvis Chimenes Pavão, known as “...”"
    roles = "|".join(re.escape(r) for r in gaz.words("person_role_nouns"))
    return bool(re.match(rf", (?:known as [“\"]|(?:a|an|the) (?:[\w-]+ ){{0,3}}(?:{roles})\b)",
                         after))


def _people(catalog: Catalog, sents: list[Sentence], gaz: Gazetteer) -> None:
    for s in sents:
        quoted = [m.span() for m in re.finditer(r"[“\"][^”\"]*[”\"]", s.text)]
        titles = set(gaz.words("person_titles"))
        for m in _PERSON.finditer(s.text):
            if any(a <= m.start() < b for a, b in quoted):
                continue
            candidate, before = m.group(0), s.text[: m.start()]
            first, _, rest = candidate.partition(" ")
            # "Vice President Roxana Baldetti", "Under President Hugo Banzer"
            while (first in titles or first in _CAPITALISED_OPENERS) and " " in rest:
                candidate, before = rest, f"{before}{first.lower()} "
                first, _, rest = candidate.partition(" ")
            if _is_person(candidate, before, s.text[m.end() :], gaz, catalog):
                catalog.add("person", candidate)
        _nicknamed(catalog, s.text)
        _coordinated_people(catalog, s.text)
        for m in _ALIAS.finditer(s.text):
            # "Luiz Fernando da Costa, alias “Fernandinho Beira-Mar”": a name before "alias"
            # is a person's, whatever the given names the data file knows.
            name = _name_before_alias(m.group(1), gaz)
            if name and _trailing_person(m.group(1), catalog) is None:
                catalog.add("person", name)
            person = _trailing_person(m.group(1), catalog)
            if person is not None and m.group(2) not in person.aliases:
                person.aliases.append(m.group(2))


_NICKNAMED = re.compile(rf"({_WORD}(?: {_WORD})*) “([^”]+)” ({_WORD}(?: {_WORD})?)")


def _nicknamed(catalog: Catalog, text: str) -> None:
    """"Juan Antonio “Tony” Hernández": the name as written, "Tony" its alias, "Juan Antonio
    Hernández" and "Tony Hernández" its other forms."""
    for m in _NICKNAMED.finditer(text):
        person = catalog.add("person", m.group(0))
        person.variants += [f"{m.group(1)} {m.group(3)}", f"{m.group(2)} {m.group(3)}"]
        if m.group(2) not in person.aliases:
            person.aliases.append(m.group(2))
        catalog.entities.pop(m.group(1), None)  # "Juan Antonio" alone was no one


def _coordinated_people(catalog: Catalog, text: str) -> None:
    """"Ronnie Lessa and Élcio de Queiroz": a name joined to a person's is a person's."""
    people = [p.name for p in catalog.of_kind("person")]
    for name in people:
        for m in re.finditer(rf"{re.escape(name)},? and ({_PERSON.pattern})", text):
            if m.group(1) not in catalog.entities:
                catalog.add("person", m.group(1))
        for m in re.finditer(rf"({_PERSON.pattern}),? and {re.escape(name)}\b", text):
            candidate = re.sub(r"^(?:[A-Z]\w+ )*?(?=[A-Z]\w+ [A-Z])", "", m.group(1))
            if candidate not in catalog.entities and " " in candidate:
                catalog.add("person", candidate)


_LEADING_WORDS = _CAPITALISED_OPENERS | {"The", "Its", "And", "Leader"}


def _name_before_alias(text: str, gaz: Gazetteer) -> str:
    """The capitalised words that end ``text`` ("Under Marcos Willians Herbas Camacho" ->
    "Marcos Willians Herbas Camacho"), if they look like a person's name."""
    words = text.split()
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or word in ("da", "de", "do", "dos", "del"):
            run.insert(0, word)
        else:
            break
    while run and (run[0] in _LEADING_WORDS or not run[0][:1].isupper()):
        run.pop(0)
    if not 2 <= len(run) <= 5 or set(run) & set(gaz.words("non_person_words")):
        return ""
    return " ".join(run)


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
        before, after = template.split("{X}")
        left, right = re.escape(before), re.escape(after)
        # a capitalised word of the template is part of the name: "Darién Gap", "Plaza Murillo"
        own = re.search(r"[A-Z]\w+ $", before)  # not "The" of "The {X} prison"
        prefix = own.group(0) if own and own.group(0).strip() not in _ARTICLES else ""
        named = re.match(r" [A-Z]\w+", after)
        suffix = named.group(0) if named else ""
        pattern = re.compile(rf"{left}({_NAME}){right}(?!\w)")
        head = _head_word(template)
        for s in sents:
            for found in pattern.finditer(s.text):
                for name in re.split(r",? and |, ", found.group(1)):
                    name = re.sub(r"^(?:In|On|At|By|From|The) ", "", name)  # "In La Paz, ..."
                    if name in _LONE_OPENERS:  # "However, the capital of ...": no place
                        continue
                    name = f"{prefix}{name}{suffix}"
                    owner = alias_owner.get(fold(name), name)
                    if owner not in catalog.entities and name not in gaz.words("months"):
                        catalog.add("place", owner).head = head
    _attach_place_aliases(catalog, gaz)


def _head_word(template: str) -> str:
    """"the port of {X}" -> "port"; "the {X} prison" -> "prison"; "cities such as {X}" ->
    "city"; "" where the template names no kind of place ("{X}, on the border with")."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", template)]
    kinds = [w for w in words if w in _PLACE_HEADS]
    return _PLACE_HEADS[kinds[-1]] if kinds else ""


_PLACE_HEADS = {"port": "port", "ports": "port", "prison": "prison", "city": "city",
                "cities": "city", "town": "town", "village": "village", "province": "province",
                "department": "department", "region": "region", "regions": "region",
                "river": "river", "rivers": "river", "valleys": "valley", "parks": "park",
                "rainforest": "rainforest", "jungle": "jungle", "gap": "gap", "capital": "capital"}


def _merge_same_acronym(catalog: Catalog) -> None:
    """"Comando Vermelho (CV)" and later "the Red Command (Comando Vermelho – CV)" are one
    group: the English name stays, the other becomes a variant of it."""
    by_acronym: dict[str, list[Entity]] = {}
    for e in catalog.of_kind(*GROUP_KINDS):
        if e.acronym:
            by_acronym.setdefault(e.acronym, []).append(e)
    for same in by_acronym.values():
        if len(same) < 2:
            continue
        keep = next((e for e in same if e.spanish), same[0])
        for other in same:
            if other is not keep:
                del catalog.entities[other.name]
                if other.name != keep.spanish:
                    keep.variants.append(other.name)
                keep.variants.extend(v for v in other.variants if v not in keep.variants)


_HEADS = ("Ocean", "Sea", "Valley", "River", "Desert", "Basin", "Lake")
ALIAS_TITLES = {"Comrade": "Camarada", "Commander": "Comandante", "Camarada": "Comrade",
           "Comandante": "Commander"}
_NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "la", "y", "e"})
# The generic words of a group's name: "Túpac Amaru Revolutionary Movement" is also typed
# "Túpac Amaru", its own name without them.
_ORGANIZATION_WORDS = frozenset({"Revolutionary", "Movement", "Army", "Armed", "Forces",
                                 "Party", "Front", "Command", "Cartel", "Gang", "Clan"})


def _typed_forms(catalog: Catalog, gaz: Gazetteer) -> None:
    """Short forms a student types: "Pacific" for the Pacific Ocean, "U.S." for the United
    States, "Jorge Quispe" for Jorge Quispe Palomino, "Artemio" and "Camarada Artemio" for
    “Comrade Artemio”, and the data file's other names ("TdA")."""
    others = gaz.mapping("also_accepted")
    families = Counter(" ".join(p.name.split()[-2:]) for p in catalog.of_kind("person"))
    for e in catalog.entities.values():
        extra = [str(x) for x in others.get(e.name, ())]
        words = e.name.split()
        if len(words) > 1 and words[-1] in _HEADS:
            extra.append(" ".join(words[:-1]))
        if len(words) > 1 and words[0] in _HEADS:
            extra.append(" ".join(words[1:]))
        if e.kind == "group":
            own = next((i for i, w in enumerate(words) if w in _ORGANIZATION_WORDS), 0)
            # Two generic words at least ("Red Command" is no "Red", "First Capital Command"
            # no "First Capital"), or a cartel or clan named after its place or family.
            suffix = words[own:]
            if own and (len(suffix) >= 2 or suffix in (["Cartel"], ["Clan"])) and all(
                    w in _ORGANIZATION_WORDS for w in suffix):
                extra.append(" ".join(words[:own]))
        names = [w for w in words if not w.startswith(("“", '"'))  # no “Tony” inside
                 and w not in _NAME_PARTICLES]  # "Luiz Fernando da Costa": no "Luiz da"
        if e.kind == "person" and len(names) >= 3:
            extra.append(f"{names[0]} {names[1]}")
            # "Otto Pérez Molina" (two surnames, "Pérez Molina" in the profile) is "Otto Pérez",
            # never "Otto Molina"; "Jorge Luis Zambrano" is "Jorge Zambrano".
            last_two = f"{names[-2]} {names[-1]}"
            two_surnames = last_two in e.forms() or families[last_two] > 1  # the brothers
            if not two_surnames:
                extra.append(f"{names[0]} {names[-1]}")
            if len(names) >= 4 or two_surnames:  # "Devis Leonel Rivera Maradiaga": "Devis Rivera"
                extra.append(f"{names[0]} {names[-2]}")
                extra.append(f"{names[0]} {last_two}")  # "Devis Rivera Maradiaga"
            if len(names) >= 4:
                extra.append(" ".join(names[:-1]))  # "Devis Leonel Rivera"
            # the surname a reader calls him by: "Bazán" for David Bazán Arévalo
            extra.append(names[-2] if two_surnames or len(names) >= 4 else names[-1])
        head, of, place = e.name.partition(" of ")
        if e.kind == "institution" and of and len(head.split()) >= 2:
            extra.append(head)  # "National Police", "Military Police"
        if e.kind == "group" and of and len(head.split()) >= 2 and place in gaz.countries:
            extra.append(head)  # "Militarized Communist Party" (of Peru)
        extra += _national_forms(e, gaz)
        for alias in e.aliases:
            title, _, rest = alias.partition(" ")
            if title in ALIAS_TITLES and rest:
                extra += [rest, f"{ALIAS_TITLES[title]} {rest}"]
            elif len(alias.split()) == 2:  # "Fernandinho Beira-Mar" is also plain "Beira-Mar"
                extra.append(alias.split()[-1])
        if e.kind == "place" and e.head == "port":  # "Santos", "the port of Santos"
            extra += [f"port of {e.name}", f"{e.name} port"]
        e.also.extend(x for x in extra if x not in e.also and x != e.name)
    _drop_shared_short_forms(catalog)


def _national_forms(e: Entity, gaz: Gazetteer) -> list[str]:
    """"Peruvian National Police" is also typed "National Police", "National Police of Peru"
    and "Peru’s National Police"."""
    first, _, rest = e.name.partition(" ")
    if e.kind != "institution" or len(rest.split()) < 2 or first not in gaz.words("demonyms"):
        return []
    country = next((c for c in gaz.countries if fold(c)[:4] == fold(first)[:4]), "")
    return [rest, f"{rest} of {country}", f"{country}’s {rest}"] if country else [rest]


def _drop_shared_short_forms(catalog: Catalog) -> None:
    """"Juan Hernández" is Juan Orlando and his brother Juan Antonio “Tony”: a short form two
    people share is accepted for neither."""
    people = catalog.of_kind("person")
    counts = Counter(fold(x) for p in people for x in dict.fromkeys(p.also))
    for p in people:
        p.also[:] = [x for x in p.also if counts[fold(x)] == 1]


def build_catalog(sents: list[Sentence], gaz: Gazetteer, country: str) -> Catalog:
    """Find every group, institution, person and place the profile names."""
    catalog = Catalog(country=country)
    _definitions(catalog, sents, gaz)
    _merge_same_acronym(catalog)
    _known_groups(catalog, sents, gaz)
    _appositive_groups(catalog, sents, gaz)
    _places(catalog, sents, gaz)
    _people(catalog, sents, gaz)
    _surnames(catalog, gaz)
    _typed_forms(catalog, gaz)
    return catalog
