"""Cross-cutting web concerns: user loading, security headers, error pages, template helpers."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select
from werkzeug.exceptions import HTTPException

from quizapp.extensions import db, login_manager
from quizapp.models import User

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Register the user loader, headers, error handlers and template globals."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    app.after_request(security_headers)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)
    app.context_processor(template_helpers)
    app.add_template_global(fixed_url)


# (endpoint, label) shown when the endpoint exists and the user qualifies.
_NAV = (
    ("study.overview", "Study", "student"),
    ("quiz.history", "Quizzes", "student"),
    ("study.progress", "Progress", "student"),
    ("classes.mine", "Classes", "student"),
    ("instructor.index", "Teach", "instructor"),
    ("admin.users", "Users", "admin"),
)
_SET_ACTIONS = (("study.study_set", "Study flashcards"), ("quiz.start", "Take a quiz"),
                ("atlas.map", "Map"), ("atlas.timeline", "Timeline"),
                ("export.download_apkg", "Anki deck"))


def fixed_url(endpoint: str, **values: str) -> str:
    """``url_for`` for links that are the same on every page (assets, the navigation): built
    once per mount point, as every page carries a dozen of them."""
    cache: dict[tuple[Any, ...], str] = current_app.extensions.setdefault("quizapp_urls", {})
    key = (request.script_root, endpoint, *sorted(values.items()))
    url = cache.get(key)
    if url is None:
        url = cache[key] = url_for(endpoint, **values)
    return url


def template_helpers() -> dict[str, Any]:
    """Navigation and set actions for templates, limited to what this app has registered."""

    def nav_links() -> list[tuple[str, str]]:
        user = current_user
        return [
            (endpoint, label) for endpoint, label, role in _NAV
            if endpoint in current_app.view_functions
            and (role == "student" or (role == "instructor" and user.is_instructor)
                 or (role == "admin" and user.is_admin))
        ]

    def set_actions() -> list[tuple[str, str]]:
        return [(e, label) for e, label in _SET_ACTIONS if e in current_app.view_functions]

    return {"nav_links": nav_links, "set_actions": set_actions}


_USER_BY_ID = select(User).where(User.id == bindparam("b_id"))  # built once: every request


def load_user(token: str) -> User | None:
    """Resolve the session token ``<id>:<session_version>``; stale versions are logged out."""
    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.execute(_USER_BY_ID, {"b_id": int(user_id)}).scalar_one_or_none()
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def security_headers(response: Response) -> Response:
    """Add the CSP and the other protective headers to every response."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def http_error(error: HTTPException) -> Any:
    """Render HTTP errors with the site's layout; JSON for API-style requests."""
    code = error.code or 500
    if request.accept_mimetypes.best == "application/json":
        return {"error": error.name, "message": error.description}, code
    return render_template("errors/error.html", error=error, code=code), code


def unexpected_error(error: Exception) -> Any:
    """Log the failure and show a generic page: no traceback reaches the browser."""
    if isinstance(error, HTTPException):
        return http_error(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return render_template("errors/error.html", error=None, code=500), 500
