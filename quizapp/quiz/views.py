"""Quiz views: start a quiz, answer questions, feedback, results, history (thin wrappers)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.content import services as content
from quizapp.extensions import db
from quizapp.models import Question, QuestionSet, QuizAttempt, User, utcnow
from quizapp.quiz import reports, services
from quizapp.quiz.forms import StartForm
from quizapp.study.services import LEECH_NOTICE

bp = Blueprint("quiz", __name__, url_prefix="/quiz")

# A quiz taken in place (quiz.js): an answer's response is the next screen's fragment (the
# feedback, or the next question), and "Next question" fetches the question's. A screen that
# needs a page of its own (results, a map question) is named in X-Quiz-Next instead.
FRAGMENT_HEADER = "X-Quiz-Fragment"
NEXT_PAGE_HEADER = "X-Quiz-Next"


@bp.before_request
@login_required  # type: ignore[untyped-decorator]
def _require_login() -> None:
    """Every quiz page is for logged-in students."""


def _me() -> User:
    user: User = current_user
    return user


def _own_attempt(attempt_id: int) -> QuizAttempt:
    # Someone else's attempt is answered exactly like a missing one: no hint that it exists.
    attempt = services.own_attempt(_me(), attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@bp.get("/history")
def history() -> str:
    """The student's quiz attempts with their scores over time."""
    return render_template("quiz/history.html", history=reports.history(_me()))


@bp.route("/<slug>", methods=["GET", "POST"])
def start(slug: str) -> str | Response:
    """Choose length, topics, types and feedback mode, then start a quiz on the set."""
    qset = content.visible_set_or_404(_me(), slug)
    form = StartForm.for_set(*services.set_options(qset))
    if form.validate_on_submit():
        try:
            attempt = services.start_attempt(_me(), qset, form.config(), now=utcnow())
        except services.NoQuestions:
            form.form_errors.append("No question matches these options. Choose more topics or "
                                    "types, or untick “only cards due or missed”.")
        else:
            db.session.commit()
            return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quiz/start.html", qset=qset, form=form,
                           unfinished=reports.unfinished(_me(), qset))


@bp.post("/<slug>/quick")
def quick(slug: str) -> Response:
    """Start the one-click quiz: 10 questions of every topic and type, feedback after each."""
    qset = content.visible_set_or_404(_me(), slug)
    try:
        attempt = services.start_attempt(_me(), qset, services.quick_config(qset), now=utcnow())
    except services.NoQuestions:
        flash("This set has no questions to quiz on yet.", "info")
        return redirect(url_for(".start", slug=slug))
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt.id))


@bp.post("/attempt/<int:attempt_id>/discard")
def discard(attempt_id: int) -> Response:
    """Discard an unfinished quiz: it leaves the history; the answers given stay in the
    flashcard schedule. Discarding twice changes nothing."""
    try:
        attempt = services.discard_attempt(_me(), attempt_id, now=utcnow())
    except services.CannotDiscard:
        abort(404)
    db.session.commit()
    flash("Quiz discarded. The answers you gave still count in your flashcards.", "success")
    if request.form.get("back") == "history":
        return redirect(url_for(".history"))
    return redirect(url_for(".start", slug=db.session.get_one(QuestionSet, attempt.set_id).slug))


def _in_place() -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def _elsewhere(url: str, notice: str | None = None) -> Response:
    """A screen with a page of its own: the redirect, or in place its address in X-Quiz-Next."""
    if notice:
        flash(notice, "warning")
    if _in_place():
        return Response(status=204, headers={NEXT_PAGE_HEADER: url})
    return redirect(url)


def _current_view(attempt: QuizAttempt) -> reports.QuestionView | None:
    """The attempt's first unanswered question, ready to show; None once all are answered."""
    question = services.current_question(attempt)
    return None if question is None else reports.question_view(attempt, question)


def _question_in_place(attempt: QuizAttempt, notice: str | None = None) -> str | Response:
    """The attempt's current question as a screen to swap in; the results once all are
    answered, a map question as its page."""
    view = _current_view(attempt)
    if view is None:
        return _elsewhere(url_for(".results", attempt_id=attempt.id), notice)
    if view.where is not None:  # the map needs the atlas's page
        return _elsewhere(url_for(".attempt", attempt_id=attempt.id), notice)
    return render_template("quiz/_question_screen.html", attempt=attempt, view=view,
                           notice=notice)


def _feedback_in_place(attempt: QuizAttempt, question_id: int, notice: str | None
                       ) -> str | Response:
    """The feedback on one answer as a screen to swap in; a map question's as its page."""
    row = _feedback_row(attempt, question_id)
    if row.where is not None:
        return _elsewhere(url_for(".feedback", attempt_id=attempt.id, question_id=question_id),
                          notice)
    return render_template("quiz/_feedback_screen.html", attempt=attempt, row=row,
                           notice=notice)


@bp.get("/attempt/<int:attempt_id>")
def attempt(attempt_id: int) -> str | Response:
    """The attempt's current (first unanswered) question; the results once all are answered."""
    attempt = _own_attempt(attempt_id)
    if _in_place():
        return _question_in_place(attempt)
    view = _current_view(attempt)
    if view is None:
        return redirect(url_for(".results", attempt_id=attempt.id))
    return render_template("quiz/question.html", attempt=attempt, view=view)


@bp.post("/attempt/<int:attempt_id>/answer")
def answer(attempt_id: int) -> str | Response:
    """Grade and store one answer (only once) and update its card, then show feedback or
    move on to the next question (in place, the screen itself)."""
    attempt = _own_attempt(attempt_id)
    question_id = request.form.get("question_id", type=int)
    try:
        outcome = services.submit_answer(_me(), attempt, question_id, request.form, now=utcnow())
    except services.BadAnswer as exc:
        abort(400, description=f"This answer cannot be accepted: {exc}.")
    db.session.commit()
    assert question_id is not None  # submit_answer refuses a question not in the attempt
    notice = LEECH_NOTICE if outcome.became_leech else None
    each = attempt.config.get("feedback") == "each"
    if _in_place():
        return (_feedback_in_place(attempt, question_id, notice) if each
                else _question_in_place(attempt, notice))
    if each:
        return _elsewhere(url_for(".feedback", attempt_id=attempt.id, question_id=question_id),
                          notice)
    done = attempt.finished_at is not None
    return _elsewhere(url_for(".results" if done else ".attempt", attempt_id=attempt.id), notice)


def _feedback_row(attempt: QuizAttempt, question_id: int) -> reports.AnswerRow:
    stored = services.answers_by_question(attempt).get(question_id)
    if stored is None or (attempt.finished_at is None and attempt.config.get("feedback") == "end"):
        abort(404)
    return reports.answer_row(attempt, db.session.get_one(Question, question_id), stored,
                              with_map=True)


@bp.get("/attempt/<int:attempt_id>/feedback/<int:question_id>")
def feedback(attempt_id: int, question_id: int) -> str:
    """Right or wrong, why, the right answer and the source quote for one answered question."""
    attempt = _own_attempt(attempt_id)
    return render_template("quiz/feedback.html", attempt=attempt,
                           row=_feedback_row(attempt, question_id))


@bp.get("/attempt/<int:attempt_id>/results")
def results(attempt_id: int) -> str | Response:
    """Score, per-topic breakdown and every question with the student's and the right answer."""
    attempt = _own_attempt(attempt_id)
    if attempt.finished_at is None:
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quiz/results.html", results=reports.results(attempt),
                           qset=db.session.get_one(QuestionSet, attempt.set_id))


@bp.post("/attempt/<int:attempt_id>/review")
def review(attempt_id: int) -> Response:
    """Start a new quiz made of the questions missed in this attempt."""
    attempt = _own_attempt(attempt_id)
    try:
        again = services.review_mistakes(_me(), attempt, now=utcnow())
    except services.NoQuestions:
        flash("No mistakes to review in this quiz.", "info")
        return redirect(url_for(".results", attempt_id=attempt.id))
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=again.id))
