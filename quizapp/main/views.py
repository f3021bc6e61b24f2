"""Public and general pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from quizapp.classes.services import sets_assigned_first
from quizapp.content import services as content

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """Liveness check: answers without touching the session or the database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/")
def index() -> str:
    """The visitor's welcome, or the user's list of question sets."""
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    mine = sets_assigned_first(current_user)
    counts = content.topic_counts(s.id for s in mine.sets)
    return render_template("main/index.html", sets=mine.sets, counts=counts,
                           assigned=mine.assigned)


@bp.get("/sets/<slug>")
@login_required
def set_detail(slug: str) -> str:
    """A set's overview: topics, source, and the ways to study it."""
    qset = content.visible_set_or_404(current_user, slug)
    counts = content.topic_counts([qset.id]).get(qset.id, {})
    return render_template("main/set.html", qset=qset, counts=counts)


@bp.get("/about")
def about() -> str:
    """What the app is and where its content comes from."""
    return render_template("main/about.html")
