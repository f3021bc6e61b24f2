"""Class analytics view: how each student studies and which questions they miss."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from quizapp.classes.services import can_manage_class
from quizapp.extensions import db
from quizapp.instructor import analytics
from quizapp.instructor.itemstats import MIN_ATTEMPTS, TOO_EASY, TOO_HARD
from quizapp.instructor.services import can_manage
from quizapp.instructor.views import bp
from quizapp.models import SchoolClass


@bp.get("/classes/<int:class_id>/analytics")
def class_analytics(class_id: int) -> str:
    """Per-student figures and per-question item statistics with flags for broken questions."""
    klass = db.session.get(SchoolClass, class_id)
    if klass is None or not can_manage_class(current_user, klass):
        abort(404)
    items = analytics.item_rows(klass)
    flagged = [row for row in items if row.stats.flags]
    editable = {row.question.set_id for row in items
                if can_manage(current_user, row.question.question_set)}
    return render_template("instructor/analytics.html", klass=klass, items=items,
                           flagged=flagged, editable=editable,
                           students=analytics.student_rows(klass),
                           too_easy=TOO_EASY, too_hard=TOO_HARD,
                           min_attempts=MIN_ATTEMPTS)
