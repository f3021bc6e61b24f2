"""Account views: thin wrappers around :mod:`quizapp.auth.services`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quizapp.auth import services
from quizapp.auth.forms import ChangePasswordForm, DeleteAccountForm, LoginForm, RegisterForm
from quizapp.auth.throttle import ThrottlePolicy
from quizapp.extensions import db, limiter

bp = Blueprint("auth", __name__)
# Every failed login gets this, whether the name exists or not.
WRONG_LOGIN = "Wrong username or password."


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target.replace("\\", "/"))
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@bp.route("/register", methods=["GET", "POST"])
# A whole class registers from one school address (one NAT): 30 an hour locked out most of it.
@limiter.limit("300 per hour", methods=["POST"])
def register() -> str | Response:
    """Create a student account and log it in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.username.data or "", form.password.data or "", email=form.email.data or ""
            )
        except services.AccountError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            db.session.commit()
            login_user(user)
            flash("Welcome! Pick a set to study.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
def login() -> str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    """Log in with username and password; failures slow down this name from this address."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    try:
        user = services.authenticate(form.username.data or "", form.password.data or "",
                                     address=request.remote_addr or "", policy=_policy())
    except services.Throttled as exc:
        return _throttled(form, exc)
    db.session.commit()
    if user is None:
        flash(WRONG_LOGIN, "error")
        return render_template("auth/login.html", form=form), 200
    login_user(user, remember=bool(form.remember.data))
    return redirect(safe_next(request.args.get("next"), url_for("main.index")))


def _policy() -> ThrottlePolicy:
    return ThrottlePolicy.from_config(current_app.config)


def _throttled(form: LoginForm, exc: services.Throttled) -> tuple[str, int, dict[str, str]]:
    """429 with Retry-After; the same for every name, known or not."""
    minutes = max(1, round(exc.retry_after / 60))
    wait = f"{exc.retry_after} seconds" if exc.retry_after < 90 else f"{minutes} minutes"
    flash(f"Too many failed attempts with this username. Wait {wait}, "
          "then try again.", "error")
    page = render_template("auth/login.html", form=form)
    return page, 429, {"Retry-After": str(exc.retry_after)}


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out everywhere: the old session cookie no longer works."""
    services.end_sessions(services.account_row(current_user))
    db.session.commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))


@bp.route("/account", methods=["GET"])
@login_required
def account() -> str:
    """Account page: change password, delete account."""
    return render_template("auth/account.html", password_form=ChangePasswordForm(),
                           delete_form=DeleteAccountForm(prefix="delete"))


@bp.post("/account/password")
@login_required
def change_password() -> str | Response | tuple[str, int]:
    """Change the password; every other session is logged out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = services.account_row(current_user)
        try:
            services.change_password(user, form.current.data or "", form.password.data or "")
        except services.AccountError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            db.session.commit()
            login_user(user)
            flash("Password changed. Other sessions were logged out.", "success")
            return redirect(url_for("auth.account"))
    page = render_template("auth/account.html", password_form=form,
                           delete_form=DeleteAccountForm(prefix="delete"))
    return page, 400


@bp.post("/account/delete")
@login_required
def delete_account() -> str | Response | tuple[str, int]:
    """Delete the account and all of its study data."""
    form = DeleteAccountForm(prefix="delete")
    user = services.account_row(current_user)
    try:
        confirmed = form.validate_on_submit() and services.authenticate(
            user.username, form.password.data or "", address=request.remote_addr or "",
            policy=_policy()) is not None
    except services.Throttled:
        confirmed = False
    if not confirmed:
        db.session.commit()
        form.password.errors.append("The password is wrong.")
        page = render_template("auth/account.html", password_form=ChangePasswordForm(),
                               delete_form=form)
        return page, 400
    logout_user()
    services.delete_account(user)
    db.session.commit()
    flash("Your account and all of its data were deleted.", "info")
    return redirect(url_for("main.index"))
