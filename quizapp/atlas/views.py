"""Map and timeline views: where the profile's places are, when its events happened."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from quizapp.atlas import services
from quizapp.atlas.geo import PERU_VIEW
from quizapp.atlas.where import ELIGIBLE_TYPES
from quizapp.content import services as content

bp = Blueprint("atlas", __name__)
MAX_QUIZ_STEP = 1_000_000


@bp.before_request
@login_required
def _require_login() -> None:
    """Every atlas page needs a logged-in user."""


@bp.get("/sets/<slug>/map", endpoint="map")
def outline_map(slug: str) -> str:
    """The outline map of Peru with a marker for each place the set's questions mention."""
    qset = content.visible_set_or_404(current_user, slug)
    markers = services.set_markers(qset)
    return render_template("atlas/map.html", qset=qset, markers=markers, view=PERU_VIEW,
                           labels=services.marker_labels(markers),
                           outline=services.outline_markup())


@bp.get("/sets/<slug>/places/<place_id>")
def place(slug: str, place_id: str) -> str:
    """One place: the questions that mention it, with their source quotes."""
    qset = content.visible_set_or_404(current_user, slug)
    marker = services.find_marker(services.set_markers(qset), place_id)
    if marker is None:
        abort(404)
    return render_template("atlas/place.html", qset=qset, marker=marker)


@bp.get("/sets/<slug>/timeline")
def timeline(slug: str) -> str:
    """The profile's dated events in order, each with the questions about it."""
    qset = content.visible_set_or_404(current_user, slug)
    events, questions = services.set_timeline(qset)
    return render_template("atlas/timeline.html", qset=qset, timeline=events,
                           questions=questions)


def _quiz_step(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) < MAX_QUIZ_STEP else 0


def _picked(choices: list[services.Marker], raw: str | None) -> services.Marker:
    # Buttons carry marker numbers, not place ids: the page source must not give the answer.
    number = int(raw) if raw and raw.isdigit() else 0
    if not 1 <= number <= len(choices):
        abort(400, "Choose one of the numbered markers.")
    return choices[number - 1]


@bp.route("/sets/<slug>/map/quiz", methods=["GET", "POST"])
def map_quiz(slug: str) -> str:
    """"Where is it?": pick the marker of the named place; a POST grades the pick."""
    qset = content.visible_set_or_404(current_user, slug)
    questions = services.active_questions(qset)
    markers = services.markers_for(questions)
    if not markers:
        return render_template("atlas/quiz.html", qset=qset, target=None)
    source = request.form if request.method == "POST" else request.args
    step = _quiz_step(source.get("n"))
    target = services.quiz_target(markers, user_id=current_user.id, counter=step)
    choices = services.quiz_choices(markers, target)
    picked = None
    if request.method == "POST":
        picked = _picked(choices, request.form.get("choice"))
    scored = picked is None and bool(
        services.map_question_choices(questions, markers, ELIGIBLE_TYPES))
    named = [target, picked] if picked else []
    labels = services.marker_labels(choices, named, dot_radius=services.QUIZ_DOT_RADIUS)
    return render_template("atlas/quiz.html", qset=qset, target=target, choices=choices,
                           picked=picked, step=step, view=PERU_VIEW, scored=scored, labels=labels,
                           outline=services.outline_markup(),
                           quote=services.place_quote(target) if picked else "")
