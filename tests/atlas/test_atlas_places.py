"""The places file and accent-insensitive, whole-word place matching."""

from __future__ import annotations

import pytest

from quizapp.atlas.geo import PERU_VIEW
from quizapp.atlas.places import (
    answer_text,
    load_places,
    normalize,
    parse_places,
    places_mentioned,
)

PROFILE_PLACES = ("vraem", "huallaga", "ayacucho", "lima", "callao", "madre-de-dios",
                  "la-libertad", "lake-titicaca", "tocache", "san-miguel-del-ene",
                  "peru-bolivia-border", "amazon")


def test_places_file_has_every_place_the_profile_names_inside_the_map() -> None:
    places = {p.id: p for p in load_places()}
    assert set(PROFILE_PLACES) <= set(places)
    for place in places.values():
        x, y = place.position()
        assert 0 < x < PERU_VIEW.width and 0 < y < PERU_VIEW.height, place.id


def test_matching_ignores_accents_case_and_punctuation() -> None:
    found = places_mentioned(load_places(), [
        "attacks in the remote Apurimac, Ene, and Mantaro River Valley (VRAEM)",
        "the ALTO HUALLAGA region", "Lake Titicaca along the Peruvian-Bolivia border",
    ])
    assert [p.id for p in found] == ["vraem", "huallaga", "lake-titicaca", "peru-bolivia-border"]
    assert normalize("Apurímac") == normalize("apurimac")


def test_matching_needs_whole_words() -> None:
    assert places_mentioned(load_places(), ["Limatambo and Callaos are not places here"]) == []


def test_answer_text_reads_every_answer_shape() -> None:
    assert answer_text({"Lima": "capital"}) == "Lima capital"
    assert answer_text(["Callao", "Tocache"]) == "Callao Tocache"
    assert answer_text(True) == ""


@pytest.mark.parametrize("bad", [
    "places: [{id: a, name: A, kind: planet, lat: 0, lon: 0}]",
    "places: [{id: a, name: A, kind: city, lat: 100, lon: 0}]",
    "places: [{id: a, name: A, kind: city, lat: 0, lon: 0}, {id: a, name: B, kind: city, lat: 0, lon: 0}]",
])
def test_bad_places_files_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_places(bad)
