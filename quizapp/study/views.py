"""Flashcard study views: the queue, reveal, rating buttons, undo, bury/suspend, settings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp import charts, srs
from quizapp.classes.services import sets_assigned_first
from quizapp.content import services as content
from quizapp.database import begin_write, finish_writing, reads_before_writing
from quizapp.extensions import db
from quizapp.models import Question, User, utcnow
from quizapp.study import dashboard
from quizapp.study import services as study
from quizapp.study.forms import CardActionForm, SettingsForm, parse_rating
from quizapp.web import checked_csrf_token, per_mount_point

bp = Blueprint("study", __name__)
RATING_NAMES = {srs.AGAIN: "Again", srs.HARD: "Hard", srs.GOOD: "Good", srs.EASY: "Easy"}


@bp.before_request
@login_required  # type: ignore[untyped-decorator]
def _require_login() -> None:
    """Every study page needs a logged-in student."""


def _student() -> User:
    """The signed-in student, unwrapped once: through Flask-Login's proxy every attribute read
    looks the user up again (the queue and the scheduler read a dozen)."""
    user: User = current_user._get_current_object()
    return user


def _scope(slug: str | None) -> tuple[study.Scope, content.SetSummary | None]:
    topic = request.args.get("topic") or None
    if slug is None:
        sets = content.visible_sets(_student())
        return study.Scope(tuple(s.id for s in sets), topic), None
    qset = content.visible_summary_or_404(_student(), slug)
    return study.Scope((qset.id,), topic), qset


def _set_slug(slug: str) -> str | None:
    """``all`` in a study URL means every visible set."""
    return None if slug == "all" else slug


def _question_in_scope(scope: study.Scope, raw_id: str | None) -> int:
    """The posted question's id if the student studies it in this scope, else 404."""
    raw_id = raw_id or ""
    if not raw_id.isdigit() or not study.in_scope(scope, int(raw_id)):
        abort(404)
    return int(raw_id)


def _wants_fragment() -> bool:
    """Sent by study.js: answer with the next card as an HTML fragment, not a redirect."""
    return request.headers.get("X-Study-Fragment") == "1"


@bp.get("/study")
def overview() -> str:
    """All the student's sets (those assigned to their classes first) with today's counts, and
    a topic filter."""
    user, now = _student(), utcnow()
    stats = study.day_stats(user, now)
    mine = sets_assigned_first(user)
    set_ids = tuple(s.id for s in mine.sets)
    counts = study.queue_counts_by_set(user, set_ids, now)
    rows = [(s, counts.get(s.id, study.QueueCounts(0, 0, 0))) for s in mine.sets]
    return render_template("study/overview.html", rows=rows, stats=stats, assigned=mine.assigned,
                           new_per_day=user.new_per_day,
                           topics=study.topics_in(set_ids))


@bp.get("/study/<slug>")
def study_set(slug: str) -> str:
    """Show the next card of a set (front; the back when revealed)."""
    return _study_page(*_scope(slug))


@bp.get("/study/all")
def study_all() -> str:
    """Study every set at once."""
    return _study_page(*_scope(None))


@dataclass(frozen=True)
class StudyLinks:
    """The links of a study page (a set, or ``all``; a topic) and where an answer returns."""

    page: str
    review: str
    undo: str
    bury: str
    suspend: str

    def reveal(self, question_id: int) -> str:
        """The page with this question's answer shown."""
        return f"{self.page}{'&' if '?' in self.page else '?'}reveal={question_id}"


def _links(slug: str | None, topic: str | None) -> StudyLinks:
    """Built once per set and topic: every card and every answer uses them."""
    return per_mount_point("quizapp_study_links", (slug, topic),
                           lambda: _build_links(slug or "all", topic))


def _build_links(slug: str, topic: str | None) -> StudyLinks:
    def link(endpoint: str, **values: Any) -> str:
        return url_for(endpoint, slug=slug, topic=topic, **values)

    # /study/all is study_all's URL too (its rule wins when matching).
    return StudyLinks(page=link("study.study_set"), review=link("study.review"),
                      undo=link("study.undo"), bury=link("study.card_action", action="bury"),
                      suspend=link("study.card_action", action="suspend"))


def _study_context(scope: study.Scope, qset: content.SetSummary | None) -> dict[str, Any]:
    """What the study page (or, answered in place, its session fragment) shows: the counts
    and the next card with its buttons' intervals."""
    user, now = _student(), utcnow()
    session = study.study_session(user, scope, now)
    item = session.item
    context: dict[str, Any] = {"qset": qset, "scope": scope, "counts": session.counts,
                               "today": session.today, "undo": session.undo,
                               "new_per_day": user.new_per_day,
                               "links": _links(qset.slug if qset else None, scope.topic),
                               "question": None, "rating_names": RATING_NAMES, "notice": None}
    if item is not None:
        context.update(
            question=item.question, card=item.card, client_id=uuid.uuid4().hex,
            labels=study.button_labels(user, item.question.id, item.card, now),
            revealed=request.args.get("reveal") == str(item.question.id),
        )
    return context


def _study_page(scope: study.Scope, qset: content.SetSummary | None) -> str:
    return render_template("study/card.html", **_study_context(scope, qset))


def _done(scope: study.Scope, qset: content.SetSummary | None, message: str | None,
          category: str = "info") -> str | Response:
    """After an answer, undo, bury or suspend: commit, then the next card in place (study.js)
    or a redirect to the study page (no JavaScript)."""
    if _wants_fragment():
        finish_writing()  # the next card is read after the commit, without the write lock
        context = _study_context(scope, qset)
        context.update(notice=(category, message) if message else None,
                       csrf=checked_csrf_token())
        return render_template("study/session.html", **context)
    db.session.commit()
    if message:
        flash(message, category)
    return _back(qset.slug if qset else None)


def _back(slug: str | None) -> Response:
    return redirect(_links(slug, request.args.get("topic") or None).page)


@bp.post("/study/<slug>/review")
@reads_before_writing
def review(slug: str) -> str | Response:
    """Record a rating (idempotent by client id) and show the next card. The signed-in user
    and the set are read before the write lock is taken, the next card after it is released:
    the lock covers the answer alone."""
    posted = parse_rating(request.form)
    if posted is None:
        abort(400)
    scope, qset = _scope(_set_slug(slug))
    begin_write()
    outcome = study.answer_card(_student(), scope, posted, utcnow())
    if outcome is None:
        abort(404)
    return _done(scope, qset, study.LEECH_NOTICE if outcome.became_leech else None, "warning")


@bp.post("/study/<slug>/undo")
def undo(slug: str) -> str | Response:
    """Undo the study day's last flashcard answer in this set (and topic): the card returns
    exactly as it was."""
    scope, qset = _scope(_set_slug(slug))
    try:
        log = study.undo_last_review(_student(), scope, utcnow())
    except study.UndoRefused as refused:
        return _done(scope, qset, str(refused), "warning")
    return _done(scope, qset, "Undid your last answer." if log else "Nothing to undo.")


_CARD_ACTIONS = {"bury": "Buried until tomorrow.",
                 "suspend": "Suspended. You can unsuspend it from your progress page."}


@bp.post("/study/<slug>/<action>")
def card_action(slug: str, action: str) -> str | Response:
    """Bury the card until tomorrow or suspend it."""
    if action not in _CARD_ACTIONS:
        abort(404)
    form = CardActionForm()
    if not form.validate_on_submit():
        abort(400)
    scope, qset = _scope(_set_slug(slug))
    question_id = _question_in_scope(scope, form.question_id.data)
    if action == "bury":
        study.bury(_student(), question_id, utcnow())
    else:
        study.set_suspended(_student(), question_id, True, utcnow())
    return _done(scope, qset, _CARD_ACTIONS[action])


@bp.post("/study/unsuspend/<int:question_id>")
def unsuspend(question_id: int) -> Response:
    """Bring a suspended card (or leech) back into the queue."""
    question = db.get_or_404(Question, question_id)
    if not content.can_view(_student(), question.question_set):
        abort(404)
    if not CardActionForm().validate_on_submit():
        abort(400)
    study.set_suspended(_student(), question_id, False, utcnow())
    db.session.commit()
    flash("Unsuspended.", "info")
    return redirect(url_for("study.progress"))


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> str | Response:
    """Daily limits, desired retention, maximum interval and time zone."""
    form = SettingsForm(obj=_student())
    if form.validate_on_submit():
        study.update_settings(
            _student(), new_per_day=form.new_per_day.data,
            max_reviews_per_day=form.max_reviews_per_day.data,
            desired_retention=float(form.desired_retention.data or 0.9),
            maximum_interval=form.maximum_interval.data, timezone=form.timezone.data,
            quiz_uses_new_limit=bool(form.quiz_uses_new_limit.data))
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("study.settings"))
    return render_template("study/settings.html", form=form)


@bp.get("/progress")
def progress() -> str:
    """The dashboard: today, per-topic mastery, forecast, history, retention, streak."""
    data = dashboard.build(_student(), utcnow())
    forecast = charts.day_chart("Reviews due per day, next 30 days", data.forecast,
                                charts.days_ahead_labels(len(data.forecast)))
    history = charts.day_chart("Answers per day, last 30 days", data.history,
                               charts.days_ago_labels(len(data.history)))
    return render_template("study/progress.html", data=data,
                           charts={"forecast": forecast, "history": history})
