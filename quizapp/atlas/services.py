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

from quizapp.atlas.geo import PERU_VIEW, Label, LabelRequest, MapView, place_labels
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
# Names are laid out twice, in map units: "compact" letters for the phone-sized map (about
# 12 px on a 375 px screen) and "roomy" ones for a laptop or a zoomed-in phone (see atlas.css).
LABEL_SIZES = (("compact", 21.0), ("roomy", 15.0))
# The visible dot's radius on each page (map units; atlas.css draws them this size at most).
MAP_DOT_RADIUS = 8.0
QUIZ_DOT_RADIUS = 16.0
# Per place id, (size name, where its name goes or None when it only shows on focus) per size.
MarkerLabels = dict[str, tuple[tuple[str, Label | None], ...]]


@dataclass(frozen=True)
class Marker:
    """A place drawn on the map, with the questions that mention it."""

    place: Place
    x: float
    y: float
    questions: tuple[Question, ...]


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


def marker_labels(markers: Sequence[Marker], named: Sequence[Marker] | None = None, *,
                  dot_radius: float = MAP_DOT_RADIUS, view: MapView = PERU_VIEW) -> MarkerLabels:
    """Where each named marker's name goes, at every label size, with no two names colliding.

    Args:
        markers: Every marker drawn; names keep clear of all their dots.
        named: The markers whose names are drawn (all by default); the places most questions
            mention get the first pick of spots.
        dot_radius: The drawn dots' radius.
        view: The map the markers are on.
    """
    named_ids = {m.place.id for m in (markers if named is None else named)}
    order = sorted((m for m in markers if m.place.id in named_ids), key=lambda m: -len(m.questions))
    requests = [LabelRequest(m.x, m.y, m.place.name, m.place.label) for m in order]
    others = [(m.x, m.y) for m in markers if m.place.id not in named_ids]
    spots = {size: place_labels(requests, view, font_size=font, dot_radius=dot_radius,
                                unlabelled=others)
             for size, font in LABEL_SIZES}
    return {m.place.id: tuple((size, spots[size][i]) for size, _ in LABEL_SIZES)
            for i, m in enumerate(order)}


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
