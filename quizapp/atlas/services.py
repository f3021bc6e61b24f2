"""Atlas services: which places and dated events a set's questions cover, and the map quiz."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup
from sqlalchemy import select

from quizapp.atlas.geo import PERU_VIEW, MapView
from quizapp.atlas.places import (
    Place,
    answer_place,
    answer_text,
    load_places,
    mentions,
    normalize,
)
from quizapp.atlas.timeline import DatedQuestion, Timeline, build_timeline
from quizapp.extensions import db
from quizapp.models import Question, QuestionSet

OUTLINE_FILE = Path(__file__).resolve().parent.parent / "static" / "maps" / "peru.svg"
# Quiz markers closer than this (SVG units) would be impossible to tell apart.
MIN_CHOICE_GAP = 28.0
# A "where is it?" question offers at least this many markers (two would be a coin toss).
MIN_MAP_CHOICES = 3


@dataclass(frozen=True)
class Marker:
    """A place drawn on the map, with the questions that mention it."""

    place: Place
    x: float
    y: float
    questions: tuple[Question, ...]

    @property
    def label_x(self) -> float:
        """Where the name is anchored horizontally (see :attr:`label_anchor`)."""
        offsets = {"right": 9.0, "left": -9.0}
        return self.x + offsets.get(self.place.label, 0.0)

    @property
    def label_y(self) -> float:
        """The baseline of the name: beside the marker, or above/below it."""
        offsets = {"above": -10.0, "below": 20.0}
        return self.y + offsets.get(self.place.label, 5.0)

    @property
    def label_anchor(self) -> str:
        """SVG ``text-anchor`` for the name."""
        return {"right": "start", "left": "end"}.get(self.place.label, "middle")


def active_questions(qset: QuestionSet) -> list[Question]:
    """The set's questions that are not retired, in bank order."""
    stmt = (select(Question).where(Question.set_id == qset.id, Question.retired.is_(False))
            .order_by(Question.position, Question.id))
    return list(db.session.execute(stmt).scalars())


def _question_text(question: Question) -> str:
    return normalize(" \n ".join((question.prompt, answer_text(question.answer), question.quote)))


def set_markers(qset: QuestionSet, view: MapView = PERU_VIEW) -> list[Marker]:
    """One marker per place of the places file that the set's questions mention."""
    return markers_for(active_questions(qset), view)


def markers_for(questions: Sequence[Question], view: MapView = PERU_VIEW) -> list[Marker]:
    """:func:`set_markers` for questions already loaded."""
    texts = [(q, _question_text(q)) for q in questions]
    markers = []
    for place in load_places():
        found = tuple(q for q, text in texts if mentions(place, text))
        if found:
            x, y = place.position(view)
            markers.append(Marker(place, round(x, 1), round(y, 1), found))
    return markers


def find_marker(markers: Sequence[Marker], place_id: str) -> Marker | None:
    """The marker of ``place_id`` among ``markers``."""
    return next((m for m in markers if m.place.id == place_id), None)


def set_timeline(qset: QuestionSet) -> tuple[Timeline, dict[int, Question]]:
    """The set's "dates" questions as a timeline, and those questions by id."""
    questions = [q for q in active_questions(qset) if q.topic == "dates"]
    dated = [DatedQuestion(q.id, q.type, q.prompt, q.answer, q.quote) for q in questions]
    return build_timeline(dated), {q.id: q for q in questions}


def place_quote(marker: Marker) -> str:
    """A source sentence that names the place (the first such quote among its questions)."""
    for question in marker.questions:
        if mentions(marker.place, normalize(question.quote)):
            return question.quote
    return marker.questions[0].quote if marker.questions else ""


def quiz_target(markers: Sequence[Marker], *, user_id: int, counter: int) -> Marker:
    """The place asked at step ``counter``: each round of len(markers) asks every place once."""
    rounds, step = divmod(counter, len(markers))
    order = list(markers)
    random.Random(f"atlas-quiz:{user_id}:{rounds}").shuffle(order)
    return order[step]


def quiz_choices(markers: Sequence[Marker], target: Marker,
                 min_gap: float = MIN_CHOICE_GAP) -> list[Marker]:
    """The target and every other marker far enough from those already chosen (map order)."""
    chosen = [target]
    for marker in markers:
        if all(math.dist((marker.x, marker.y), (c.x, c.y)) >= min_gap for c in chosen):
            chosen.append(marker)
    return sorted(chosen, key=lambda m: (m.y, m.x))


def accepted_answers(question: Question) -> list[str]:
    """The question's answer and accepted variants, when its answer is text."""
    if not isinstance(question.answer, str):
        return []
    return [question.answer, *(question.accept or ())]


def where_is_it_choices(qset: QuestionSet, types: Collection[str], view: MapView = PERU_VIEW
                        ) -> dict[int, tuple[str, ...]]:
    """The set's questions (of ``types``) whose answer, or an accepted variant, is a place on
    the set's map: for each, the place ids a "where is it?" question offers, north to south
    (its own place and the markers far enough apart, as in :func:`quiz_choices`)."""
    questions = active_questions(qset)
    return map_question_choices(questions, markers_for(questions, view), types)


def map_question_choices(questions: Sequence[Question], markers: Sequence[Marker],
                         types: Collection[str]) -> dict[int, tuple[str, ...]]:
    """:func:`where_is_it_choices` for questions and their markers already in hand."""
    by_id = {m.place.id: m for m in markers}
    places = [m.place for m in markers]
    found: dict[int, tuple[str, ...]] = {}
    for question in questions:
        if question.type not in types:
            continue
        place = answer_place(places, accepted_answers(question))
        if place is None:
            continue
        choices = quiz_choices(markers, by_id[place.id])
        if len(choices) >= MIN_MAP_CHOICES:
            found[question.id] = tuple(m.place.id for m in choices)
    return found


@lru_cache(maxsize=1)
def _outline(path: Path) -> str:
    svg = path.read_text(encoding="utf-8")
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S)
    if body is None:
        raise ValueError(f"{path} is not an SVG document")
    return re.sub(r"<!--.*?-->", "", body.group(1), flags=re.S).strip()


def outline_markup(path: Path = OUTLINE_FILE) -> Markup:
    """The generated outline's shapes, to embed in a page's own ``<svg>`` (our build output)."""
    return Markup(_outline(path))  # noqa: S704 - generated by tools/build_map.py, not user input
