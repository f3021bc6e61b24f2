"""Domain knowledge from ``data/gazetteer.yaml`` plus pycountry: countries, regions, groups."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, curly-quote-free form of ``text`` for matching (never displayed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").casefold()


def contains_word(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` as whole words, ignoring case and accents.

    Plain string search rather than a regex per call: compiling thousands of one-off patterns
    evicts the sentence splitter's own compiled patterns and doubles generation time.
    """
    hay, pin = fold(haystack), fold(needle)
    if not pin:
        return False
    start = hay.find(pin)
    while start >= 0:
        end = start + len(pin)
        before_ok = start == 0 or not hay[start - 1].isalnum()
        after_ok = end == len(hay) or not hay[end].isalnum()
        if before_ok and after_ok:
            return True
        start = hay.find(pin, start + 1)
    return False


@dataclass(frozen=True)
class KnownGroup:
    """A criminal group from the gazetteer."""

    name: str
    spanish: str = ""
    acronym: str = ""
    country: str = ""
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    """Everything the generator knows beyond the profile text."""

    raw: dict[str, Any]
    groups: tuple[KnownGroup, ...]
    countries: tuple[str, ...]

    def words(self, key: str) -> tuple[str, ...]:
        """A list of strings from the data file (empty when absent)."""
        return tuple(str(x) for x in self.raw.get(key) or ())

    def mapping(self, key: str) -> dict[str, Any]:
        """A mapping from the data file (empty when absent)."""
        value = self.raw.get(key) or {}
        return dict(value) if isinstance(value, dict) else {}

    def places(self) -> list[tuple[str, str]]:
        """Extra known places as ``(name, kind)``."""
        return [(str(p["name"]), str(p["kind"])) for p in self.raw.get("places") or ()]

    def country_of_city(self, city: str) -> str:
        """The country of a city the data file lists under ``cities_of`` ("" for any other)."""
        return self._city_countries.get(fold(city), "")

    @cached_property
    def _city_countries(self) -> dict[str, str]:
        return self._owners("cities_of")

    def family_of(self, name: str) -> str:
        """The family of a name within its kind ("" when the data file puts it in none)."""
        return self._families.get(fold(name), "")

    @cached_property
    def _families(self) -> dict[str, str]:
        return self._owners("families")

    def _owners(self, key: str) -> dict[str, str]:
        """A mapping of owners to members, turned round: folded member -> owner."""
        return {fold(str(member)): str(owner)
                for owner, members in self.mapping(key).items() for member in members}

    def place_aliases(self) -> dict[str, tuple[str, ...]]:
        """Canonical place name -> other names of the same place."""
        return {k: tuple(str(v) for v in vs) for k, vs in self.mapping("place_aliases").items()}

    def country_aliases(self) -> dict[str, tuple[str, ...]]:
        """Country name -> other ways the text may write it."""
        return {k: tuple(str(v) for v in vs) for k, vs in self.mapping("country_aliases").items()}


def _group(entry: dict[str, Any]) -> KnownGroup:
    return KnownGroup(
        name=str(entry["name"]),
        spanish=str(entry.get("spanish", "")),
        acronym=str(entry.get("acronym", "")),
        country=str(entry.get("country", "")),
        variants=tuple(str(v) for v in entry.get("variants") or ()),
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read the packaged gazetteer once."""
    text = resources.files("quizapp.bank").joinpath("data/gazetteer.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return Gazetteer(
        raw=raw,
        groups=tuple(_group(g) for g in raw.get("criminal_groups") or ()),
        countries=tuple(str(c) for c in raw.get("countries") or ()),
    )


def country_code(name: str) -> str:
    """ISO alpha-2 code of a country name, or "" when pycountry does not know it."""
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return ""


@lru_cache(maxsize=16)
def regions_of(country: str) -> tuple[str, ...]:
    """First-level subdivisions of ``country`` (e.g. Peru's regions), sorted, display names."""
    code = country_code(country)
    if not code:
        return ()
    ignored = set(load_gazetteer().words("ignored_subdivisions"))
    # pycountry's lookup helpers are untyped; the records themselves are plain attributes.
    everything: list[Any] = list(pycountry.subdivisions)
    names = {str(s.name) for s in everything
             if s.country_code == code and s.code not in ignored and s.parent_code is None}
    return tuple(sorted(names))
