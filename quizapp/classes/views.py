"""Class views: students join with a code and see assigned sets; instructors run classes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from quizapp.classes import services
from quizapp.classes.forms import AssignForm, ClassForm, DueDateForm, JoinForm
from quizapp.extensions import db, limiter, login_manager
from quizapp.models import QuestionSet, SchoolClass, utcnow

bp = Blueprint("classes", __name__, url_prefix="/classes")


@bp.before_request
def _login_first() -> Any:
    """Every class page needs a logged-in user."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def instructor_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Students get 403 from the pages that run a class."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_instructor:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def own_class(class_id: int) -> SchoolClass:
    """A class this instructor runs; another instructor's class is 404."""
    klass = db.session.get(SchoolClass, class_id)
    if klass is None or not services.can_manage_class(current_user, klass):
        abort(404)
    return klass


def _set_choices(klass: SchoolClass) -> list[SelectChoice]:
    return [SelectChoice(str(s.id), f"{s.title} ({s.status})")
            for s in services.assignable_sets(current_user, klass)]


@bp.get("/")
def mine() -> str:
    """The user's classes with their assigned sets, a join form, and the classes they teach."""
    today = services.local_today(utcnow(), current_user.timezone)
    joined = [(k, [(a.qset, services.due_badge(a.due_on, today))
                   for a in services.class_assignments(k, published_only=True)])
              for k in services.member_classes(current_user)]
    taught = services.taught_classes(current_user) if current_user.is_instructor else []
    return render_template("classes/mine.html", joined=joined, taught=taught, form=JoinForm())


def _student_key() -> str:
    return f"student:{current_user.id}"


@bp.post("/join")
@limiter.limit(lambda: current_app.config["CLASS_JOIN_LIMIT_PER_STUDENT"], key_func=_student_key)
@limiter.limit(lambda: current_app.config["CLASS_JOIN_LIMIT_PER_ADDRESS"])
def join() -> Any:
    """Join a class with its code (tries are limited per student and per address, so codes
    cannot be guessed)."""
    form = JoinForm()
    klass = services.join_class(current_user, form.code.data or "") if form.validate() else None
    db.session.commit()  # the try is counted in this transaction (quizapp.ratelimit)
    if klass is None:
        flash("No class has that code. Check it with your instructor.", "error")
    else:
        flash(f"You joined {klass.name}.", "success")
    return redirect(url_for("classes.mine"))


@bp.post("/<int:class_id>/leave")
def leave(class_id: int) -> Any:
    """Leave a class one has joined."""
    klass = db.session.get(SchoolClass, class_id)
    if klass is None or not services.is_member(current_user, klass):
        abort(404)
    services.leave_class(current_user, klass)
    db.session.commit()
    flash(f"You left {klass.name}.", "success")
    return redirect(url_for("classes.mine"))


@bp.route("/new", methods=["GET", "POST"])
@instructor_only
def new() -> Any:
    """Create a class and show its join code."""
    form = ClassForm()
    if form.validate_on_submit():
        klass = services.create_class(current_user, form.name.data or "")
        db.session.commit()
        flash(f"Class created. Students join with the code {klass.join_code}.", "success")
        return redirect(url_for("classes.manage", class_id=klass.id))
    return render_template("classes/new.html", form=form)


@bp.get("/<int:class_id>")
@instructor_only
def manage(class_id: int) -> str:
    """A class's join code, students and sets, with assign and remove actions."""
    klass = own_class(class_id)
    form = AssignForm()
    form.set_id.choices = _set_choices(klass)
    return render_template("classes/manage.html", klass=klass, form=form,
                           members=services.members(klass),
                           assignments=services.class_assignments(klass))


def _flash_errors(*fields: Any) -> None:
    for field in fields:
        for message in field.errors:
            flash(message, "error")


@bp.post("/<int:class_id>/sets")
@instructor_only
def assign(class_id: int) -> Any:
    """Assign one of the instructor's sets (or a bundled one) to the class."""
    klass = own_class(class_id)
    form = AssignForm()
    form.set_id.choices = _set_choices(klass)
    if not form.validate_on_submit():
        if form.set_id.errors or "csrf_token" in form.errors:
            abort(400, description="Choose one of your sets to assign.")
        _flash_errors(form.due_on)  # a bad due date: say so, assign nothing
        return redirect(url_for("classes.manage", class_id=klass.id))
    qset = db.session.get(QuestionSet, form.set_id.data)
    assert qset is not None  # the choices only hold existing sets
    services.assign_set(klass, qset, form.due_on.data)
    db.session.commit()
    note = "" if qset.status == "published" else " Students see it once you publish it."
    flash(f"Assigned {qset.title}.{note}", "success")
    return redirect(url_for("classes.manage", class_id=klass.id))


@bp.post("/<int:class_id>/sets/<int:set_id>/due")
@instructor_only
def set_due(class_id: int, set_id: int) -> Any:
    """Change or clear an assigned set's due date (a bad date changes nothing)."""
    klass = own_class(class_id)
    form = DueDateForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        _flash_errors(form.due_on)
        return redirect(url_for("classes.manage", class_id=klass.id))
    due_on = None if form.clear.data else form.due_on.data
    if not services.set_due_date(klass, set_id, due_on):
        abort(404)
    db.session.commit()
    flash("Due date cleared." if due_on is None else f"Due date set to {due_on:%-d %b %Y}.",
          "success")
    return redirect(url_for("classes.manage", class_id=klass.id))


@bp.post("/<int:class_id>/sets/<int:set_id>/remove")
@instructor_only
def unassign(class_id: int, set_id: int) -> Any:
    """Take a set off the class (students keep their progress on it)."""
    klass = own_class(class_id)
    services.unassign_set(klass, set_id)
    db.session.commit()
    flash("Set removed from the class.", "success")
    return redirect(url_for("classes.manage", class_id=klass.id))
