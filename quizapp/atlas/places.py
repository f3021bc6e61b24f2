"""Pure: the places file, and which places a question's text mentions (accent-insensitive)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from quizapp.atlas.geo import LABEL_SPOTS, PERU_VIEW, MapView, project

PLACES_FILE = Path(__file__).parent / "data" / "peru_places.yaml"
KINDS = frozenset({"region", "city", "town", "valley", "port", "lake", "border"})
LABEL_SIDES = frozenset(LABEL_SPOTS)


@dataclass(frozen=True)
class Place:
    """A named point on the map and the spellings texts use for it."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    aliases: tuple[str, ...]
    full_name: str = ""
    label: str = "right"

    @property
    def title(self) -> str:
        """The longest helpful name (``full_name`` when the file gives one)."""
        return self.full_name or self.name

    @cached_property
    def normalized_aliases(self) -> tuple[str, ...]:
        """The aliases as :func:`normalize` gives them, computed once per place."""
        return tuple(normalize(alias) for alias in self.aliases)

    @cached_property
    def normalized_names(self) -> frozenset[str]:
        """The name and the aliases, normalized: what an answer naming the place equals."""
        return frozenset((normalize(self.name), *self.normalized_aliases))

    def position(self, view: MapView = PERU_VIEW) -> tuple[float, float]:
        """SVG coordinates of the marker in ``view``."""
        return project(self.lon, self.lat, view)


def _place(raw: dict[str, Any]) -> Place:
    place = Place(
        id=str(raw["id"]), name=str(raw["name"]), kind=str(raw["kind"]),
        lat=float(raw["lat"]), lon=float(raw["lon"]),
        aliases=tuple(str(a) for a in raw.get("aliases") or (raw["name"],)),
        full_name=str(raw.get("full_name", "")), label=str(raw.get("label", "right")),
    )
    if place.kind not in KINDS or place.label not in LABEL_SIDES:
        raise ValueError(f"place {place.id}: unknown kind {place.kind!r} or label {place.label!r}")
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        raise ValueError(f"place {place.id}: coordinates out of range")
    return place


def parse_places(text: str) -> tuple[Place, ...]:
    """Places from the YAML text of a places file; ids must be unique."""
    places = tuple(_place(raw) for raw in (yaml.safe_load(text) or {}).get("places", []))
    ids = [p.id for p in places]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate place id in places file")
    return places


@lru_cache(maxsize=4)
def load_places(path: Path = PLACES_FILE) -> tuple[Place, ...]:
    """The places file, parsed once per process."""
    return parse_places(path.read_text(encoding="utf-8"))


def normalize(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces, padded: for whole-word matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split()) + " "


def mentions(place: Place, normalized_text: str) -> bool:
    """True when an alias of ``place`` occurs as whole words in already-normalized text."""
    return any(alias in normalized_text for alias in place.normalized_aliases)


def answer_text(answer: object) -> str:
    """Every string inside an answer (text, list, or mapping for matching questions)."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, dict):
        return " ".join(answer_text(v) for pair in answer.items() for v in pair)
    if isinstance(answer, list | tuple):
        return " ".join(answer_text(v) for v in answer)
    return ""


def places_mentioned(places: Sequence[Place], texts: Iterable[str]) -> list[Place]:
    """The places (in file order) that any of ``texts`` names."""
    haystack = normalize(" \n ".join(texts))
    return [place for place in places if mentions(place, haystack)]


def names_place(place: Place, answers: Iterable[str]) -> bool:
    """True when one of ``answers`` is, as a whole, a name of ``place`` (accent-insensitive)."""
    return any(normalize(answer) in place.normalized_names for answer in answers)


def answer_place(places: Sequence[Place], answers: Sequence[str]) -> Place | None:
    """The place an answer names: the first answer (in order) that is a whole place name."""
    for answer in answers:
        found = next((place for place in places if names_place(place, (answer,))), None)
        if found is not None:
            return found
    return None
