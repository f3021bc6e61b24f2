"""Question editor views: add, edit, preview, reorder and delete (with a confirmation step)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.content.services import to_bank_question
from quizapp.extensions import db
from quizapp.instructor import services
from quizapp.instructor.forms import QUESTION_FORMS
from quizapp.instructor.views import bp, load_set
from quizapp.models import Question, QuestionSet, QuizAttempt
from quizapp.quiz.reports import QuestionView, question_view

MOVES = {"up": -1, "down": 1}


def _question(qset: QuestionSet, question_id: int) -> Question:
    question = services.question_in_set(qset, question_id)
    if question is None:
        abort(404)
    return question


def student_view(question: Question) -> QuestionView:
    """What the quiz's answer form needs to show the question, made by the quiz's own helper:
    the options are shuffled as in a one-question attempt (not saved; each real attempt
    shuffles them its own way)."""
    return question_view(QuizAttempt(id=0, config={}, question_ids=[question.id]), question)


@bp.route("/sets/<slug>/questions/new/<qtype>", methods=["GET", "POST"])
def new_question(slug: str, qtype: str) -> Any:
    """Add a question of one type."""
    qset = load_set(slug, write=True)
    if qtype not in QUESTION_FORMS:
        abort(404)
    form = QUESTION_FORMS[qtype]()
    if form.validate_on_submit():
        services.add_question(qset, form.to_question(services.new_key(qset)))
        db.session.commit()
        flash("Question added.", "success")
        return redirect(url_for("instructor.set_detail", slug=slug))
    return render_template("instructor/question_form.html", qset=qset, form=form, question=None)


@bp.route("/sets/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def edit_question(slug: str, question_id: int) -> Any:
    """Edit a question; its key stays, so students keep their progress on it."""
    qset = load_set(slug, write=True)
    question = _question(qset, question_id)
    previous = to_bank_question(question)
    form = QUESTION_FORMS[question.type]()
    form.previous = previous
    if form.validate_on_submit():
        services.edit_question(qset, form.to_question(question.key, previous))
        db.session.commit()
        flash("Question saved.", "success")
        return redirect(url_for("instructor.set_detail", slug=slug, _anchor=f"q{question.id}"))
    if not form.is_submitted():
        form.load(previous)
    return render_template("instructor/question_form.html", qset=qset, form=form,
                           question=question)


@bp.get("/sets/<slug>/questions/<int:question_id>/preview")
def preview_question(slug: str, question_id: int) -> str:
    """The question as a student sees it, with the answer underneath."""
    qset = load_set(slug)
    question = _question(qset, question_id)
    return render_template("instructor/preview.html", qset=qset, question=question,
                           view=student_view(question),
                           editable=services.can_manage(current_user, qset))


@bp.post("/sets/<slug>/questions/<int:question_id>/move/<direction>")
def move_question(slug: str, question_id: int, direction: str) -> Any:
    """Move a question one place up or down."""
    qset = load_set(slug, write=True)
    question = _question(qset, question_id)
    if direction not in MOVES:
        abort(404)
    services.move_question(qset, question.key, MOVES[direction])
    db.session.commit()
    return redirect(url_for("instructor.set_detail", slug=slug, _anchor=f"q{question.id}"))


@bp.route("/sets/<slug>/questions/<int:question_id>/delete", methods=["GET", "POST"])
def delete_question(slug: str, question_id: int) -> Any:
    """Ask for confirmation (GET), then remove the question from the set (POST)."""
    qset = load_set(slug, write=True)
    question = _question(qset, question_id)
    if request.method != "POST":
        return render_template("instructor/confirm_delete.html", qset=qset, question=question,
                               view=student_view(question))
    services.delete_question(qset, question.key)
    db.session.commit()
    flash("Question deleted.", "success")
    return redirect(url_for("instructor.set_detail", slug=slug))
