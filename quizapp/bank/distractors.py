"""Wrong options of the same kind as the answer, never another true answer."""

from __future__ import annotations

from quizapp.bank.drafts import shuffled
from quizapp.bank.facts import Facts
from quizapp.bank.gazetteer import Gazetteer, contains_word, fold, regions_of

_PLACE_POOLS = {"region": "regions", "place": "regions", "city": "city", "continent": "continent",
                "landmark": "landmark"}
# Countries play many roles in a profile (neighbour, rival, route): only unnamed ones are safe.
_OUTSIDE_ONLY = ("country",)


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


def entity_distractors(
    facts: Facts, gaz: Gazetteer, answer: str, kind: str, *,
    sentences: tuple[int, ...], exclude: set[str], seed: str, prefer: tuple[str, ...] = (),
) -> list[str]:
    """Three names of ``kind``: ``prefer`` first, else one from the profile and the rest from
    the gazetteer; never the answer, anything named next to it, or anything related to it."""
    overlaps = gaz.mapping("place_overlaps")
    banned = {answer, facts.country, *exclude, *facts.related(answer), *overlaps.get(answer, ())}
    banned |= {place for place, inside in overlaps.items() if answer in inside}
    for index in sentences:
        banned |= {m.entity for m in facts.in_sentence(index)}
    entity = facts.catalog.entities.get(answer)
    banned_forms = {fold(f) for f in (entity.forms() if entity else [answer])}
    banned_forms |= {fold(b) for b in banned}
    family = gaz.family_of(answer)

    def ok(name: str) -> bool:
        return fold(name) not in banned_forms

    def same_family_first(names: list[str]) -> list[str]:
        return sorted(names, key=lambda n: gaz.family_of(n) != family)  # stable

    inside = [] if kind in _OUTSIDE_ONLY else [
        n for n in same_family_first(shuffled(_profile_pool(kind, facts), seed)) if ok(n)]
    outside = [n for n in shuffled(_outside_pool(kind, facts, gaz), seed)
               if ok(n) and _unnamed(n, facts)]
    preferred = [n for n in shuffled(list(prefer), seed) if ok(n)]
    # One name from the profile (of the answer's family if it has one), then the gazetteer's,
    # then the profile's others; names of the answer's family go first however they came.
    candidates = same_family_first(list(dict.fromkeys(inside[:1] + outside + inside[1:])))
    return list(dict.fromkeys(preferred + candidates))[:3]


def year_distractors(
    facts: Facts, year: int, seed: str, *, banned: set[int] | None = None
) -> list[str]:
    """Three other years near ``year``: years the profile uses first, then nearby ones."""
    avoid = {year, *(banned or set())}
    profile_years = sorted({d.year for d in facts.dates if d.kind == "exact"} - avoid)
    near = [y for y in profile_years if abs(y - year) <= 15]
    latest = max([year, *profile_years])
    synthetic = [year + k for k in (-3, 2, -6, 5, 4, -1, 1, -2, -4) if year + k <= latest]
    picked = shuffled([str(y) for y in near], seed)[:2]
    for y in synthetic:
        if len(picked) == 3:
            break
        if str(y) not in picked and y not in avoid:
            picked.append(str(y))
    return picked
