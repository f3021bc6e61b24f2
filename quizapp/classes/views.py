"""Class views: students join with a code and see assigned sets; instructors run classes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from quizapp.classes import services
from quizapp.classes.forms import AssignForm, ClassForm, JoinForm
from quizapp.extensions import db, limiter, login_manager
from quizapp.models import QuestionSet, SchoolClass

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
    joined = [(k, services.class_sets(k, published_only=True))
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
                           members=services.members(klass), sets=services.class_sets(klass))


@bp.post("/<int:class_id>/sets")
@instructor_only
def assign(class_id: int) -> Any:
    """Assign one of the instructor's sets (or a bundled one) to the class."""
    klass = own_class(class_id)
    form = AssignForm()
    form.set_id.choices = _set_choices(klass)
    if not form.validate_on_submit():
        abort(400, description="Choose one of your sets to assign.")
    qset = db.session.get(QuestionSet, form.set_id.data)
    assert qset is not None  # the choices only hold existing sets
    services.assign_set(klass, qset)
    db.session.commit()
    note = "" if qset.status == "published" else " Students see it once you publish it."
    flash(f"Assigned {qset.title}.{note}", "success")
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
