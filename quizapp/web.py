"""Cross-cutting web concerns: user loading, security headers, error pages, template helpers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select
from werkzeug.exceptions import HTTPException

from quizapp.database import is_lock_timeout
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
    app.add_template_global(cookies_need_https)


# (endpoint, label) shown when the endpoint exists and the user qualifies.
_NAV = (
    ("study.overview", "Study", "student"),
    ("quiz.history", "Quizzes", "student"),
    ("study.progress", "Progress", "student"),
    ("classes.mine", "Classes", "student"),
    ("live.join_page", "Live", "student"),
    ("instructor.index", "Teach", "instructor"),
    ("admin.users", "Users", "admin"),
)
_STYLESHEETS = ("vendor/pico/pico.min.css", "css/app.css")
_SET_ACTIONS = (("study.study_set", "Study flashcards"), ("quiz.start", "Take a quiz"),
                ("atlas.map", "Map"), ("atlas.timeline", "Timeline"),
                ("export.download_apkg", "Anki deck"))


T = TypeVar("T")


def per_mount_point(name: str, key: Hashable, build: Callable[[], T], *, limit: int = 1024) -> T:
    """A value built once per mount point (``SCRIPT_NAME``) and key, for URLs that every page
    would otherwise build again; at most ``limit`` kept (keys may come from a query string)."""
    cache: dict[Hashable, T] = current_app.extensions.setdefault(name, {})
    full_key = (request.script_root, key)
    value = cache.get(full_key)
    if value is None:
        if len(cache) >= limit:
            cache.clear()
        value = cache[full_key] = build()
    return value


def fixed_url(endpoint: str, **values: Any) -> str:
    """``url_for`` for links that do not change between pages (assets)."""
    return per_mount_point("quizapp_urls", (endpoint, *sorted(values.items())),
                           lambda: url_for(endpoint, **values))


@dataclass(frozen=True)
class SiteLinks:
    """What the layout links to on every page: its assets, the navigation for this kind of
    user, the account links."""

    stylesheets: tuple[str, ...]
    icon: str
    home: str
    about: str
    login: str
    register: str
    account: str
    logout: str
    nav: tuple[tuple[str, str, str], ...]  # (endpoint, url, label) for this kind of user


def site_links() -> SiteLinks:
    """The layout's links for the current user."""
    user = current_user._get_current_object()  # once, not once per attribute read
    kind = (user.is_authenticated, user.is_authenticated and user.is_instructor,
            user.is_authenticated and user.is_admin)
    return per_mount_point("quizapp_site_links", kind, lambda: _build_site_links(*kind))


def _build_site_links(authenticated: bool, instructor: bool, admin: bool) -> SiteLinks:
    qualifies = {"student": authenticated, "instructor": instructor, "admin": admin}
    nav = tuple((endpoint, url_for(endpoint), label) for endpoint, label, role in _NAV
                if endpoint in current_app.view_functions and qualifies[role])
    return SiteLinks(
        stylesheets=tuple(url_for("static", filename=f) for f in _STYLESHEETS),
        icon=url_for("static", filename="img/icon.svg"), home=url_for("main.index"),
        about=url_for("main.about"), login=url_for("auth.login"),
        register=url_for("auth.register"), account=url_for("auth.account"),
        logout=url_for("auth.logout"), nav=nav)


def template_helpers() -> dict[str, Any]:
    """The layout's links and set actions for templates, limited to what this app has
    registered."""

    def set_actions() -> list[tuple[str, str]]:
        return [(e, label) for e, label in _SET_ACTIONS if e in current_app.view_functions]

    return {"site": site_links(), "set_actions": set_actions}


# Every request runs it: built once, it costs 30 us less than ``session.get``.
_ACTIVE_USER = select(User).where(User.id == bindparam("b_id"), User.active.is_(True))


def load_user(token: str) -> User | None:
    """Resolve the session token ``<id>:<session_version>``; stale versions and deactivated
    accounts are logged out."""
    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.execute(_ACTIVE_USER, {"b_id": int(user_id)}).scalar_one_or_none()
    return user if user is not None and user.session_version == int(version) else None


def checked_csrf_token() -> str | None:
    """The CSRF token this request was checked with, for the page it returns to carry on
    instead of signing a new one (about 0.1 ms of an answer in place): quizapp's tokens do
    not expire (``WTF_CSRF_TIME_LIMIT`` is None). None unless CSRFProtect checked this very
    request (``g.csrf_valid``), or when tokens expire."""
    config = current_app.config
    if not g.get("csrf_valid") or config["WTF_CSRF_TIME_LIMIT"] is not None:
        return None
    # Where CSRFProtect looks, in its order: the field, a prefixed field, the headers.
    field = config["WTF_CSRF_FIELD_NAME"]
    fields = [request.form.get(field)] + [request.form[key] for key in request.form
                                          if key.endswith(field)]
    headers = [request.headers.get(name) for name in config["WTF_CSRF_HEADERS"]]
    return next((token for token in fields + headers if token), None)


def security_headers(response: Response) -> Response:
    """Add the CSP and the other protective headers to every response."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


# Hosts on which browsers keep Secure cookies over plain http (the machine itself).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def cookies_need_https() -> bool:
    """True when this request came over plain http from another machine while the session
    cookie is Secure (production): the browser drops it, so no form can be sent."""
    if not current_app.config.get("SESSION_COOKIE_SECURE") or request.is_secure:
        return False
    return urlsplit(f"//{request.host}").hostname not in LOOPBACK_HOSTS


def http_error(error: HTTPException) -> Any:
    """Render HTTP errors with the site's layout; JSON for API-style requests."""
    code = error.code or 500
    if request.accept_mimetypes.best == "application/json":
        return {"error": error.name, "message": error.description}, code
    return render_template("errors/error.html", error=error, code=code), code


# Seconds a client is told to wait before retrying a write that found the database busy.
BUSY_RETRY_AFTER = 2


def busy(error: Exception) -> Any:
    """503 with Retry-After: a write waited its full busy timeout for the database's lock.
    Nothing was written (the transaction is rolled back), so sending it again is safe."""
    log.warning("database busy on %s %s: %s", request.method, request.path, error)
    db.session.rollback()
    # The page is drawn without loading the user again: that would wait for the lock again
    # (a writing request begins its transaction with the lock). Flask-Login's request cache.
    g._login_user = login_manager.anonymous_user()
    headers = {"Retry-After": str(BUSY_RETRY_AFTER)}
    if request.accept_mimetypes.best == "application/json":
        return {"error": "busy", "message": "The server is busy; try again."}, 503, headers
    return render_template("errors/error.html", error=None, code=503), 503, headers


def unexpected_error(error: Exception) -> Any:
    """Log the failure and show a generic page: no traceback reaches the browser."""
    if isinstance(error, HTTPException):
        return http_error(error)
    if is_lock_timeout(error):
        return busy(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return render_template("errors/error.html", error=None, code=500), 500
