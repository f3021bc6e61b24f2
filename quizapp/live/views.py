"""Live class quiz views: the host's screen and moves, the players' join, play and answer
pages, and the state both poll (thin wrappers over :mod:`quizapp.live.services`).

Players and the host poll ``/live/<id>/state``: its ETag is the game's version (and, for the
host, the counts of players and answers), so a poll with nothing new is a 304 that reads one
row. A 200 carries the panel to show, rendered here: the pages work the same without
JavaScript (a form per move, a "Refresh" link).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.classes import services as classes
from quizapp.content import services as content
from quizapp.database import finish_writing
from quizapp.extensions import db, limiter
from quizapp.live import game, screens, services
from quizapp.live.forms import HostForm, JoinForm
from quizapp.models import LivePlayer, LiveSession, SchoolClass, User, utcnow

bp = Blueprint("live", __name__, url_prefix="/live")

POLL_MS = 1500  # how often a page asks whether the game moved


@bp.before_request
@login_required  # type: ignore[untyped-decorator]
def _require_login() -> None:
    """Every live page is for signed-in users."""


def _me() -> User:
    user: User = current_user
    return user


def _wants_fragment() -> bool:
    """Sent by live.js: answer with the panel as JSON, not a redirect."""
    return request.headers.get("X-Live-Fragment") == "1"


def _hosted(session_id: int, *, for_update: bool = False) -> LiveSession:
    # Someone else's game answers like a missing one.
    session = services.hosted_game_or_none(_me(), session_id, for_update=for_update)
    if session is None:
        abort(404)
    return session


# ----------------------------------------------------------------------------- players


@bp.get("")
def join_page() -> str:
    """Enter the PIN (and a name); a class member also sees their class's running games."""
    form = JoinForm(data={"pin": request.args.get("pin", ""), "name": _me().username})
    return _join_page(form)


def _join_page(form: JoinForm) -> str:
    now = utcnow()
    return render_template("live/join.html", form=form, games=screens.game_links(_me(), now))


def _student_key() -> str:
    return f"live-join:{current_user.get_id()}"


@bp.post("/join")
@limiter.limit(lambda: current_app.config["LIVE_JOIN_LIMIT_PER_STUDENT"], key_func=_student_key)
@limiter.limit(lambda: current_app.config["LIVE_JOIN_LIMIT_PER_ADDRESS"])
def join() -> str | Response:
    """Join the game with this PIN (a wrong PIN keeps the form, with the reason by the field);
    joining again returns to the game where it is. Tries are limited per student and per
    address, so PINs cannot be guessed."""
    form = JoinForm()
    if not form.validate_on_submit():
        db.session.commit()  # the try is counted in this transaction (quizapp.ratelimit)
        return _join_page(form)
    try:
        player = services.join(_me(), form.pin.data or "", form.name.data or "", now=utcnow())
    except services.JoinRefused as exc:
        db.session.commit()  # nothing was stored but the try's count
        field = form.name if exc.field == "name" else form.pin
        field.errors = [*field.errors, str(exc)]
        return _join_page(form)
    db.session.commit()
    return redirect(url_for(".play", session_id=player.session_id))


def _my_player(session_id: int, *, for_update: bool = False
               ) -> tuple[LiveSession, LivePlayer] | tuple[None, None]:
    """The game and the signed-in student's player in it, or (None, None) when they are not
    in it (or it does not exist)."""
    session = (services.game_for_update(session_id) if for_update
               else db.session.get(LiveSession, session_id))
    player = services.player_in(session, _me()) if session else None
    return (session, player) if session and player else (None, None)


@bp.get("/<int:session_id>/play")
def play(session_id: int) -> str | Response:
    """The player's screen: the lobby, the open question, their result, the final rank."""
    session, player = _my_player(session_id)
    if session is None or player is None:
        flash("Join the game with its PIN first.", "info")
        return redirect(url_for(".join_page"))
    panel = screens.player_panel(session, player, utcnow())
    return render_template("live/play.html", session=session, panel=panel, poll_ms=POLL_MS)


@bp.post("/<int:session_id>/answer")
def answer(session_id: int) -> tuple[Response, int] | Response:
    """Store the player's answer to the open question, once; a late one is refused."""
    session, player = _my_player(session_id, for_update=True)
    if session is None or player is None:
        abort(404)
    now = utcnow()
    try:
        services.submit(player, session, request.form.get("question_id", type=int),
                        request.form, now=now)
    except services.AnswerRefused as exc:
        db.session.rollback()
        if _wants_fragment():
            return jsonify(error=f"Not counted: {exc}."), 409
        flash(f"Your answer was not counted: {exc}.", "warning")
        return redirect(url_for(".play", session_id=session_id))
    finish_writing()  # the panel is drawn after the commit, without the write lock
    if _wants_fragment():
        return jsonify(_player_state(session, player, now))
    return redirect(url_for(".play", session_id=session_id))


# ----------------------------------------------------------------------------- state polls


@bp.get("/<int:session_id>/state")
def state(session_id: int) -> Response:
    """What the host's (``?as=host``) or the player's screen shows now, or 304 when nothing
    moved since the poll's ETag."""
    now = utcnow()
    if request.args.get("as") == "host":
        session = _hosted(session_id)
        counts = screens.host_counts(session)
        host_tag = (f"h{_me().id}-v{session.version}-{screens.phase_now(session, now)}"
                    f"-n{counts.players}-a{counts.answered}")
        return _unless_unchanged(host_tag, lambda: _host_state(session, screens.host_panel(
            session, now)))
    player_tag = services.player_poll_tag(session_id, _me().id, now)
    if player_tag is None:
        abort(404)
    return _unless_unchanged(player_tag, lambda: _my_player_state(session_id, now))


def _unless_unchanged(etag: str, build: Callable[[], dict[str, Any]]) -> Response:
    """304 when the poll already has this state (its ETag), else the state as JSON."""
    if request.if_none_match.contains_weak(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    response = jsonify(build())
    response.set_etag(etag)
    return response


def _my_player_state(session_id: int, now: datetime) -> dict[str, Any]:
    session, player = _my_player(session_id)
    if session is None or player is None:
        abort(404)
    return _player_state(session, player, now)


def _player_state(session: LiveSession, player: LivePlayer, now: datetime) -> dict[str, Any]:
    panel = screens.player_panel(session, player, now)
    return {"version": session.version, "phase": panel.phase,
            "remaining_ms": panel.remaining_ms,
            "html": render_template("live/_player_panel.html", session=session, panel=panel)}


def _host_state(session: LiveSession, panel: screens.HostPanel) -> dict[str, Any]:
    return {"version": session.version, "phase": panel.phase,
            "remaining_ms": panel.remaining_ms, "answered": panel.answered,
            "players": panel.player_count,
            "html": render_template("live/_host_panel.html", session=session, panel=panel)}


# ----------------------------------------------------------------------------- hosting


def _host_only() -> None:
    if not _me().is_instructor:
        abort(403)


@bp.route("/new", methods=["GET", "POST"])
def new() -> str | Response:
    """Start a game: the set (and class), how many questions or the class's most missed,
    the time per question, and whether the leaderboard shows names."""
    _host_only()
    me = _me()
    sets = content.visible_sets(me)
    taught = classes.taught_classes(me)
    form = HostForm.for_host(sets, taught, set_slug=request.args.get("set", ""),
                             class_id=request.args.get("class_id", type=int))
    if form.validate_on_submit():
        qset = content.visible_set_or_404(me, form.set_slug.data or "")
        klass = _taught_class(form.class_id.data)
        try:
            session = services.create_game(me, qset, klass, form.choices(), now=utcnow())
        except services.CannotHost as exc:
            message = f"This set cannot be played live: {exc}."
            form.set_slug.errors = [*form.set_slug.errors, message]
        else:
            db.session.commit()
            _say_if_short(len(session.question_ids), form.choices())
            return redirect(url_for(".host", session_id=session.id))
    return render_template("live/new.html", form=form, recent=services.recent_games(me))


def _say_if_short(asked: int, choices: services.HostChoices) -> None:
    """Tell the host when the game has fewer questions than they asked for, and why."""
    if asked >= choices.count:
        return
    count = f"{asked} question{'s' if asked != 1 else ''}"
    if choices.most_missed:
        flash(f"This game has {count}: the ones this class has missed so far.", "info")
    else:
        flash(f"This game has {count}: all the set has that a live game can ask (multiple "
              "choice, true/false, short answer).", "info")


def _taught_class(class_id: int | None) -> SchoolClass | None:
    if not class_id:
        return None
    klass = db.session.get(SchoolClass, class_id)
    if klass is None or not classes.can_manage_class(_me(), klass):
        abort(404)
    return klass


@bp.get("/<int:session_id>/host")
def host(session_id: int) -> str:
    """The host's screen for the projector."""
    session = _hosted(session_id)
    panel = screens.host_panel(session, utcnow())
    return render_template("live/host.html", session=session, panel=panel, poll_ms=POLL_MS)


@bp.post("/<int:session_id>/move")
def move(session_id: int) -> tuple[Response, int] | Response:
    """The host's move: start, reveal, next, skip, pause, resume or end, made on the game as
    the host's screen showed it (its version): a move pressed twice, or a stale button,
    changes nothing."""
    session = _hosted(session_id, for_update=True)
    now = utcnow()
    chosen = request.form.get("move", "")
    if chosen not in game.MOVES:
        abort(400, description="Unknown move.")
    try:
        services.host_move(session, chosen, request.form.get("version", type=int), now=now)
    except game.IllegalMove as exc:
        if not _wants_fragment():
            flash(f"Nothing changed: {exc}.", "info")
    finish_writing()  # the screen is drawn after the commit, without the write lock
    if _wants_fragment():
        return jsonify(_host_state(session, screens.host_panel(session, now)))
    return redirect(url_for(".host", session_id=session_id))


@bp.get("/<int:session_id>/qr.svg")
def qr_code(session_id: int) -> Response:
    """The QR code of the join link with the game's PIN, drawn here (no network)."""
    session = _hosted(session_id)
    link = url_for(".join_page", pin=session.pin, _external=True)
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False,
                                     title=f"QR code: join with PIN {session.pin}")
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
