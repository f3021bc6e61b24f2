"""Public and general pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from quizapp.content import services as content
from quizapp.main import home
from quizapp.models import User, utcnow

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """Liveness check: answers without touching the session or the database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/")
def index() -> str:
    """The visitor's welcome, or the signed-in user's day: what to study now, each set's
    cards and progress, the streak and the latest quiz scores."""
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    # Unwrapped once: through Flask-Login's proxy every attribute read looks the user up again.
    user: User = current_user._get_current_object()
    now = utcnow()
    day = home.build(user, now)
    come_back = home.come_back(day, now) if day.sets and not day.today.total else None
    return render_template("main/index.html", home=day, come_back=come_back)


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
