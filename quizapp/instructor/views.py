"""Instructor views: the sets list, set settings, copies and exports.

Every route of this blueprint is for instructors and admins: anonymous visitors are sent to the
login page, students get 403, and another instructor's set is 404 (it is not theirs to see).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.bank.schema import dump_bank
from quizapp.content import services as content
from quizapp.export.csvfile import bank_to_csv
from quizapp.export.gift import bank_to_gift
from quizapp.export.moodle_xml import bank_to_moodle_xml
from quizapp.extensions import db, login_manager
from quizapp.instructor import analytics, services
from quizapp.instructor.forms import QUESTION_FORMS, SetForm
from quizapp.instructor.itemstats import MIN_ATTEMPTS
from quizapp.instructor.question_list import FLAG_FILTERS, ListQuery, question_page
from quizapp.media.services import sets_media
from quizapp.models import QuestionSet

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

# format -> (content type, file extension, builder)
EXPORTS = {
    "yaml": ("application/yaml; charset=utf-8", "yaml", dump_bank),
    "csv": ("text/csv; charset=utf-8", "csv", bank_to_csv),
    "gift": ("text/plain; charset=utf-8", "gift", bank_to_gift),
    "xml": ("application/xml; charset=utf-8", "xml", bank_to_moodle_xml),
}


@bp.before_request
def _instructors_only() -> Any:
    """Anonymous → login page; students → 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_instructor:
        abort(403)
    return None


def load_set(slug: str, *, write: bool = False) -> QuestionSet:
    """The set if this instructor may see it (404 otherwise); 403 when writing a read-only set."""
    qset = content.get_set(slug)
    if qset is None or not services.can_read(current_user, qset):
        abort(404)
    if write and not services.can_manage(current_user, qset):
        abort(403)
    return qset


@bp.get("/")
def index() -> str:
    """The instructor's sets with status and counts, and the bundled sets to copy."""
    own, bundled = services.own_sets(current_user), services.bundled_sets()
    counts = services.question_counts(s.id for s in [*own, *bundled])
    return render_template("instructor/index.html", own=own, bundled=bundled, counts=counts)


@bp.route("/sets/new", methods=["GET", "POST"])
def new_set() -> Any:
    """Create an empty set."""
    form = SetForm()
    if form.validate_on_submit():
        qset = services.create_set(current_user, title=form.title.data or "",
                                   description=form.description.data or "",
                                   status=form.status.data or "draft")
        db.session.commit()
        flash("Set created. Add its first question.", "success")
        return redirect(url_for("instructor.set_detail", slug=qset.slug))
    return render_template("instructor/set_form.html", form=form, qset=None)


@bp.get("/sets/<slug>")
def set_detail(slug: str) -> str:
    """A set's status and main actions, then its questions: searchable, filtered and paged."""
    qset = load_set(slug)
    query = ListQuery.from_args(request.args)
    questions = services.active_questions(qset, retired=query.flag == "retired")
    listing = question_page(questions, analytics.set_item_stats(questions, qset.id), query)
    return render_template("instructor/set.html", qset=qset, forms=QUESTION_FORMS,
                           listing=listing, query=query, flag_filters=FLAG_FILTERS,
                           min_attempts=MIN_ATTEMPTS,
                           editable=services.can_manage(current_user, qset))


def _change_status(slug: str, status: str, message: str) -> Any:
    qset = load_set(slug, write=True)
    services.set_status(qset, status)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("instructor.set_detail", slug=qset.slug))


@bp.post("/sets/<slug>/publish")
def publish_set(slug: str) -> Any:
    """Publish a set: students can study it and take quizzes on it."""
    return _change_status(slug, "published", "Published: students can now study this set.")


@bp.post("/sets/<slug>/unpublish")
def unpublish_set(slug: str) -> Any:
    """Take a set back to draft: only its owner sees it."""
    return _change_status(slug, "draft", "Unpublished: the set is a draft again; only you "
                                         "can see it.")


@bp.route("/sets/<slug>/settings", methods=["GET", "POST"])
def edit_set(slug: str) -> Any:
    """Change the title, description and status (publish or unpublish)."""
    qset = load_set(slug, write=True)
    form = SetForm(obj=qset)
    if form.validate_on_submit():
        services.update_set(qset, title=form.title.data or "",
                            description=form.description.data or "",
                            status=form.status.data or "draft")
        db.session.commit()
        flash(f"Saved. The set is {qset.status}.", "success")
        return redirect(url_for("instructor.set_detail", slug=qset.slug))
    return render_template("instructor/set_form.html", form=form, qset=qset)


@bp.post("/sets/<slug>/copy")
def copy_set(slug: str) -> Any:
    """Copy a set (e.g. a bundled one) into a new draft of one's own."""
    copy = services.copy_set(load_set(slug), current_user)
    db.session.commit()
    flash("Copied into a new draft set you can edit.", "success")
    return redirect(url_for("instructor.set_detail", slug=copy.slug))


@bp.get("/sets/<slug>/export.<fmt>")
def export_set(slug: str, fmt: str) -> Response:
    """Download the set as bank YAML, CSV, Moodle GIFT or Moodle XML."""
    if fmt not in EXPORTS:
        abort(404)
    qset = load_set(slug)
    mimetype, extension, build = EXPORTS[fmt]
    bank = content.to_bank(qset)
    # Moodle XML embeds the images a prompt shows; the other formats keep their paths only.
    body = bank_to_moodle_xml(bank, media=sets_media([qset.id])) if fmt == "xml" else build(bank)
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{qset.slug}.{extension}"'
    return response
