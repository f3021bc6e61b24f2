""""Where is it?": a question whose answer is a place, answered by picking its marker on a map.

Pure module. A question of the set qualifies when its answer (or an accepted variant) names a
place of the set's map (see :func:`quizapp.atlas.services.where_is_it_choices`). The attempt
remembers which of its questions are shown on the map and which places each one offers, in
``config["where_is_it"] = {"<question id>": [place ids, north to south]}``, so the page, the
grader and the results all read the same stored choice.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from quizapp.atlas.geo import PERU_VIEW, MapView
from quizapp.atlas.places import Place, names_place
from quizapp.grading.outcome import Grade, not_right

WHERE_IS_IT = "where_is_it"
LABEL = "Where is it? (map)"
CONFIG_KEY = WHERE_IS_IT
# Question types whose text answer can name a place.
ELIGIBLE_TYPES = ("multiple_choice", "short_answer", "cloze")
# An eligible question whose own type was chosen too is shown on the map this often.
MAP_SHARE = 0.5


def on_map(drawn: Sequence[tuple[int, str]], eligible: Mapping[int, Sequence[str]],
           types: Collection[str], rng: random.Random) -> dict[str, list[str]]:
    """Which drawn questions the attempt shows on the map, with the places each offers.

    Args:
        drawn: The attempt's questions as ``(id, type)``, in quiz order.
        eligible: Place ids offered by each question that can be shown on the map.
        types: The types the student chose; ``where_is_it`` must be among them.
        rng: The quiz's generator (used only for questions whose own type was chosen too).

    Returns:
        The value stored under ``config["where_is_it"]`` (empty when nothing is on the map).
    """
    if WHERE_IS_IT not in types:
        return {}
    shown = {}
    for question_id, qtype in drawn:
        if question_id in eligible and (qtype not in types or rng.random() < MAP_SHARE):
            shown[str(question_id)] = list(eligible[question_id])
    return shown


def offered_places(config: Mapping[str, Any], question_id: int) -> tuple[str, ...]:
    """The place ids offered when the attempt shows the question on the map; () otherwise."""
    shown = config.get(CONFIG_KEY)
    ids = shown.get(str(question_id)) if isinstance(shown, Mapping) else None
    return tuple(str(i) for i in ids) if isinstance(ids, list) else ()


@dataclass(frozen=True)
class MapChoice:
    """An offered place: its marker in SVG units and as percentages of the map's box."""

    place: Place
    x: float
    y: float
    left: float
    top: float


@dataclass(frozen=True)
class WhereMap:
    """What a "where is it?" page draws: the outline, the offered places and the right one."""

    choices: tuple[MapChoice, ...]
    outline: Markup
    view_box: str
    right: Place | None = None


def map_choices(places: Sequence[Place], offered: Sequence[str], view: MapView = PERU_VIEW
                ) -> tuple[MapChoice, ...]:
    """The offered places (in the offered order) placed on ``view``; unknown ids are left out."""
    by_id = {p.id: p for p in places}
    choices = []
    for place_id in offered:
        place = by_id.get(place_id)
        if place is None:
            continue
        x, y = place.position(view)
        choices.append(MapChoice(place, round(x, 1), round(y, 1),
                                 left=round(100 * x / view.width, 2),
                                 top=round(100 * y / view.height, 2)))
    return tuple(choices)


def grade_pick(picked: Place | None, right: Place | None, answers: Sequence[str]) -> Grade:
    """Right when the picked place is the answer's place (any of its names is an answer).

    Args:
        picked: The place the student picked, None if none.
        right: The answer's place among the offered ones (None if the bank changed since).
        answers: The question's answer and accepted variants.
    """
    expected = right.name if right is not None else (answers[0] if answers else "")
    if picked is None:
        return not_right("empty", expected)
    if names_place(picked, answers):
        return Grade(True, 1.0, "exact", f"Correct — that is {picked.name}.", picked.name)
    return Grade(False, 0.0, "wrong",
                 f"Not right — you picked {picked.name}; the answer is {expected}.")
