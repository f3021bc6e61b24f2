"""Wrong options of the same kind as the answer, never another true answer."""

from __future__ import annotations

import re

from quizapp.bank.drafts import shuffled
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer, contains_word, fold, regions_of
from quizapp.bank.naming import local_language

_PLACE_POOLS = {"region": "regions", "place": "regions", "city": "city", "continent": "continent",
                "landmark": "landmark"}


def _outside_pool(kind: str, facts: Facts, gaz: Gazetteer) -> list[str]:
    """Same-kind names the profile never mentions (so they cannot be true by the profile)."""
    if kind == "person":
        return list(gaz.words("distractor_people"))
    if kind == "group":
        return [g.name for g in gaz.groups]
    if kind == "country":
        return list(gaz.countries)
    pool = _PLACE_POOLS.get(kind, "")
    if pool == "regions":
        return list(regions_of(facts.country))
    return [name for name, k in gaz.places() if k == pool]


def _profile_pool(kind: str, facts: Facts) -> list[str]:
    kinds = ("region", "place") if kind == "place" else (kind,)
    return [e.name for e in facts.catalog.of_kind(*kinds)]


def _unnamed(name: str, facts: Facts) -> bool:
    """True when the profile never names ``name``, not even as part of a longer name
    ("Adolfo Macías Villamar" is the profile's "José Adolfo Macías Villamar")."""
    if fold(name) in facts.mentioned_forms or contains_word(facts.text, name):
        return False
    words = set(fold(name).split())
    return not any(len(words) > 1 and words <= set(form.split())
                   for form in facts.mentioned_forms)


_OFFICIAL_WORDS = ("president", "minister", "mayor", "general", "judge", "prosecutor",
                   "senator", "governor", "congressman", "official", "police chief")


_SETTLEMENTS = frozenset({"port", "town", "village", "city"})


def _named_by_its_people(country: str, text: str, gaz: Gazetteer) -> bool:
    stem = fold(country)[:4]
    return any(fold(w).startswith(stem) for w in re.findall(r"[A-Z]\w+", text)
               if w in gaz.words("demonyms"))


def role_class(facts: Facts, gaz: Gazetteer, name: str) -> str:
    """A person's kind of role: "official" (presidents, ministers, judges), "criminal" (leaders
    of groups, people known by an alias) or "" (anyone else), so that wrong options are of the
    answer's kind: no president offered for a guerrilla commander."""
    if gaz.family_of(name) in ("heads of state", "officials"):
        return "official"
    roles = " ".join(r.object.lower() for r in facts.relations
                     if r.subject == name and r.kind == "described_as")
    if any(word in roles for word in _OFFICIAL_WORDS):
        return "official"
    entity = facts.catalog.entities.get(name)
    if (entity is not None and entity.aliases) or any(
            r.subject == name and r.kind in ("leads", "role_in_group") for r in facts.relations):
        return "criminal"
    return ""


_HEAD_OF_STATE = re.compile(r"\b(?:president|presidency|government)\b", re.I)
_HEAD_REACH = 45  # characters either side of the name


def held_the_presidency(facts: Facts, name: str) -> bool:
    """True when the profile puts "president" (or "government") right by one of the person's
    mentions: "former president, Pedro Castillo", "the Alberto Fujimori government"."""
    for m in facts.mentions:
        if m.entity == name:
            text = facts.sentences[m.sentence].text
            if _HEAD_OF_STATE.search(text[max(0, m.start - _HEAD_REACH) : m.end + _HEAD_REACH]):
                return True
    return False


_STEM = 6  # words compared by their first six letters ("coca-growing" meets "cocaine")


def _stems(text: str) -> set[str]:
    return {w[:_STEM] for w in re.findall(r"[a-z]{5,}", fold(text))}


def shared_context(facts: Facts, name: str, sentences: tuple[int, ...]) -> int:
    """How many words the question's sentences share with the profile's likeliest sentence
    about ``name``: for "Peru and ____ alternated as the world’s largest coca cultivators",
    Bolivia ("one of the world’s major coca-growing nations") before Chile."""
    asked = {stem for i in sentences for stem in _stems(facts.sentences[i].text)}
    asked -= _stems(f"{name} {facts.country}")
    about = {m.sentence for m in facts.mentions if m.entity == name} - set(sentences)
    return max((len(asked & _stems(facts.sentences[i].text)) for i in about), default=0)


def entity_distractors(
    facts: Facts, gaz: Gazetteer, answer: str, kind: str, *,
    sentences: tuple[int, ...], exclude: set[str], prompt: str, prefer: tuple[str, ...] = (),
) -> list[str]:
    """Three names of ``kind``, never the answer, anything named next to it, or anything
    related to it: ``prefer`` first, then what the profile itself names (of the answer's family
    or role first, so a careful reader must rule them out), then the gazetteer's curated names
    of the same family to fill in. ``prompt`` is the question as shown: no one it names is
    offered, and it seeds the order of equals."""
    overlaps = gaz.mapping("place_overlaps")
    banned = {answer, facts.country, *exclude, *facts.related(answer), *overlaps.get(answer, ())}
    banned |= {place for place, inside in overlaps.items() if answer in inside}
    for index in sentences:
        banned |= {m.entity for m in facts.in_sentence(index)}
    if kind == "country":  # "Brazilian gangs" rules Brazil out: never offered
        text = " ".join(facts.sentences[i].text for i in sentences)
        banned |= {c for c in gaz.countries if _named_by_its_people(c, text, gaz)}
    entity = facts.catalog.entities.get(answer)
    banned_forms = {fold(f) for f in (entity.forms() if entity else [answer])}
    banned_forms |= {fold(b) for b in banned}
    banned_forms |= {fold(n) for n in gaz.words("world_famous")}  # ruled out at a glance
    family = gaz.family_of(answer)
    role = role_class(facts, gaz, answer) if kind == "person" else ""
    president = kind == "person" and held_the_presidency(facts, answer)
    # a president among presidents: the profile's country's, the others it never names too
    presidents = [str(p) for p in gaz.mapping("presidents_of").get(facts.country, ())
                  ] if president else []
    local = _local_names(facts, gaz) if kind == "group" and _local_only(facts, answer) else {}

    def ok(name: str) -> bool:  # nor anyone the question itself names ("X’s predecessor, ____")
        other = facts.catalog.entities.get(name)
        return fold(name) not in banned_forms and not any(
            contains_word(prompt, form) for form in (other.forms() if other else [name]))

    inside = [n for n in shuffled(_profile_pool(kind, facts), prompt) if ok(n)]
    # Cities come from the profile only: other countries' capitals are ruled out at a glance.
    pool = _outside_pool(kind, facts, gaz) + presidents
    outside = [] if kind == "city" else [
        n for n in shuffled(list(dict.fromkeys(pool)), prompt) if ok(n) and _unnamed(n, facts)]

    head = entity.head if entity else ""

    def other_level(name: str) -> bool:
        """A department offered for a port: of another level than the answer."""
        other = facts.catalog.entities.get(name)
        return bool(head) and (other.head if other else "") != head

    home = gaz.family_of(facts.country)  # "South America"
    group_country = {g.name: g.country for g in gaz.groups}

    def rank(name: str) -> tuple[bool, bool, bool, int, bool, bool, bool]:
        """A president for a president (and no president for a security chief) first, then
        of the answer's family, then of its level (a port for a port, not a department), then
        a country the profile names in the question's own terms, then named by the profile,
        then a group of the profile's own part of the world (no Mexican cartel beside Brazil's
        gangs), then of its role."""
        context = shared_context(facts, name, sentences) if kind == "country" else 0
        far_group = kind == "group" and name not in inside and bool(home) and (
            gaz.family_of(group_country.get(name, "")) != home)
        return (kind == "person" and held_the_presidency(facts, name) != president,
                gaz.family_of(name) != family, other_level(name), -context,
                name not in inside, far_group,
                kind == "person" and role_class(facts, gaz, name) != role)

    preferred = [n for n in shuffled(list(prefer), prompt) if ok(n)]
    candidates = sorted(dict.fromkeys(inside + outside), key=rank)  # stable: shuffled order
    if kind == "city" and not gaz.country_of_city(answer):
        # a city of the profile's own country ("the northern city of ____") among its other
        # cities: Los Angeles and New York there are ruled out by the map
        candidates = [n for n in candidates if not gaz.country_of_city(n)]
    if head in _SETTLEMENTS:  # "the port of ____": departments would be ruled out at a glance
        candidates = [n for n in candidates if not other_level(n)]
    if president:  # "President ____": a trafficker offered there is ruled out at a glance,
        # and so is another country's president ("Guillermo Lasso" for Peru's)
        candidates = [n for n in candidates if held_the_presidency(facts, n) or n in presidents]
    if kind == "group":
        candidates = _groups_alike(gaz, answer, candidates, prompt, local)
    picked = list(dict.fromkeys(preferred + candidates))[:3]
    if kind == "group" and family and all(gaz.family_of(n) != family for n in picked):
        return []  # Barrio 18 among cartels and a customs-fraud ring: the only street gang
    # A group the profile calls only by its local name ("Tren de Aragua") is offered among the
    # others' local names ("Clan del Golfo", not "Gulf Clan"): three English names beside one
    # Spanish name mark the answer out before it is read.
    return [local.get(name) or name for name in picked]


def _groups_alike(gaz: Gazetteer, answer: str, candidates: list[str], prompt: str,
                  shown: dict[str, str]) -> list[str]:
    """No group whose name gives away another country where the question names one
    ("Venezuela’s largest criminal organization": not the Militarized Communist Party of
    Peru), and beside a name known only in Spanish (``shown`` holds the others' local names),
    Spanish names first (Portuguese "Primeiro Comando da Capital" says Brazil)."""
    named = {c for c in gaz.countries if re.search(rf"\b{re.escape(c)}[’']s\b", prompt)}
    if named:
        candidates = [n for n in candidates if not any(
            c not in named and contains_word(fold(form), fold(c))
            for form in (n, shown.get(n, "")) if form for c in gaz.countries)]
    if shown:
        language = local_language(answer, gaz)
        candidates.sort(key=lambda n: local_language(shown.get(n) or n, gaz) != language)
    return candidates


def _local_only(facts: Facts, answer: str) -> bool:
    entity = facts.catalog.entities.get(answer)
    return (entity is not None and entity.kind == "group" and not entity.spanish
            and bool(_LOCAL_WORDS.search(answer)))


def _local_names(facts: Facts, gaz: Gazetteer) -> dict[str, str]:
    local = {g.name: g.spanish for g in gaz.groups if g.spanish}
    return local | {e.name: e.spanish for e in facts.catalog.of_kind("group") if e.spanish}


_LOCAL_WORDS = re.compile(r"\b(?:de|del|da|do|dos|das|los|las|el|la)\b", re.I)


_YEARS = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")  # a year the question names ("1990s" is a decade)


def year_distractors(
    facts: Facts, year: int, seed: str, *, banned: set[int] | None = None
) -> list[str]:
    """Three other years near ``year``: years the profile uses first, then nearby ones, each
    on the same side as ``year`` of every year the question itself names (a plan "to cut
    cultivation by 2021" was not launched in 2022; a conviction after an April 2022
    extradition is not offered as 2021)."""
    avoid = {year, *(banned or set())}
    profile_years = sorted({d.year for d in facts.dates if d.kind == "exact"} - avoid)
    near = [y for y in profile_years if abs(y - year) <= 15]
    latest = max([year, *profile_years])
    synthetic = [year + k for k in (-3, 2, -6, 5, 4, -1, 1, -2, -4, 3, -5, 6, -7, 7)
                 if year + k <= latest]
    named = [int(y) for y in _YEARS.findall(seed) if int(y) != year]

    def possible(y: int) -> bool:
        return all((y < n) == (year < n) and y != n for n in named)

    picked = shuffled([str(y) for y in near if possible(y)], seed)[:2]
    for y in synthetic:
        if len(picked) == 3:
            break
        if str(y) not in picked and y not in avoid and possible(y):
            picked.append(str(y))
    return picked


HEDGED_PERIOD = re.compile(r"\b(?:early|mid|late)\b|\bcentury\b")
_DECADE = re.compile(r"(\d{4})s")
_CENTURY = re.compile(r"(\d{1,2})(?:st|nd|rd|th) century")


def ordinal(n: int) -> str:
    """21 -> "21st", 20 -> "20th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def period_distractors(answer: str, latest: int, seed: str) -> list[str]:
    """Three periods written like ``answer`` but decades or centuries away ("late 1990s" ->
    "late 1970s", "late 1980s", "late 2000s"; "early 20th century" -> "mid-20th century",
    "early 19th century" ...), each over by the profile's latest year, picked by ``seed`` so
    that the answer is not always the middle one."""
    decade, century = _DECADE.search(answer), _CENTURY.search(answer)
    if decade:
        first = int(decade.group(1))
        periods = [answer[: decade.start()] + f"{first + 10 * step}s" + answer[decade.end() :]
                   for step in (-3, -2, -1, 1, 2, 3)]
    elif century:
        number, hedge, rest = int(century.group(1)), answer[: century.start()], \
            answer[century.end() :]
        # a hedged century among the parts of it and of the centuries either side, a bare one
        # among the centuries around it
        hedges = _HEDGES if hedge else ("",)
        steps = (-1, 0, 1) if hedge else (-2, -1, 1, 2)
        periods = [f"{h}{ordinal(number + step)} century{rest}" for step in steps for h in hedges
                   if (h, step) != (hedge, 0)]
    else:
        return []
    # each over by the profile's last year, and on the answer's side of every year the question
    # names ("pressured Peru into doing so in 1948": no "late 20th century", no "mid-20th")
    # and of every period it names ("exported legally since the 19th century": no
    # "late 19th century" for when the drug was outlawed)
    named = [(int(y), int(y)) for y in _YEARS.findall(seed)]
    named += [period_span(m.group(0)) for m in _NAMED_PERIOD.finditer(seed)]
    span = period_span(answer)
    fair = [p for p in periods if 0 < period_span(p)[1] <= latest and all(
        _side(*period_span(p), other) == _side(*span, other) for other in named)]
    return sorted(shuffled(fair, seed)[:3], key=fair.index)


_NAMED_PERIOD = re.compile(r"\b(?:(?:early|mid|late)[- ])?(?:\d{1,2}(?:st|nd|rd|th) century|"
                           r"\d{4}s)\b")


def _side(start: int, end: int, other: tuple[int, int]) -> int:
    """-1 when a period ends before the ``other`` (a year, or a period's first and last year),
    1 when it starts after it, 0 when the two overlap."""
    return -1 if end < other[0] else 1 if start > other[1] else 0


_HEDGES = ("early ", "mid-", "late ")
_HEDGE_TENTHS = {"early": (0, 4), "mid": (4, 7), "late": (7, 10)}  # of the decade or century


def period_span(period: str) -> tuple[int, int]:
    """The first and last year of a period: "late 1990s" (1997, 1999), "early to mid-2010s"
    (2010, 2016), "19th century" (1800, 1899); (0, 0) for no period."""
    decade, century = _DECADE.search(period), _CENTURY.search(period)
    if century:
        first, span = (int(century.group(1)) - 1) * 100, 100
    elif decade:
        first, span = int(decade.group(1)), 10
    else:
        return 0, 0
    hedges = re.findall(r"\b(early|mid|late)\b", period)
    start = _HEDGE_TENTHS[hedges[0]][0] if hedges else 0
    end = _HEDGE_TENTHS[hedges[-1]][1] if hedges else 10
    return first + span * start // 10, first + span * end // 10 - 1
