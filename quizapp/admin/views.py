"""Admin views: list users, change a role, deactivate or reactivate an account."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.auth import services as accounts
from quizapp.extensions import db
from quizapp.models import ROLES, User

bp = Blueprint("admin", __name__, url_prefix="/admin")
USERS_PER_PAGE = 50


@bp.before_request
@login_required
def _admins_only() -> None:
    """Only admins manage accounts."""
    if not current_user.is_admin:
        abort(403)


@bp.get("/users")
def users() -> str:
    """Every account with its role and status, searchable by username."""
    query = request.args.get("q", "").strip()
    stmt = select(User).order_by(User.username)
    if query:
        stmt = stmt.where(User.username.ilike(f"%{query}%"))
    page = db.paginate(stmt, per_page=USERS_PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, query=query, roles=ROLES)


def _target(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(400, description="You cannot change your own account here.")
    if not FlaskForm().validate_on_submit():
        abort(400)
    return user


@bp.post("/users/<int:user_id>/role")
def set_role(user_id: int) -> Response:
    """Make a user a student, instructor or admin."""
    user = _target(user_id)
    role = request.form.get("role", "")
    if role not in ROLES:
        abort(400, description=f"Unknown role; use one of {', '.join(ROLES)}.")
    user.role = role
    db.session.commit()
    flash(f"{user.username} is now {role}.", "success")
    return redirect(url_for("admin.users", q=request.args.get("q") or None))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int) -> Response:
    """Deactivate an account (its sessions end at once) or reactivate it."""
    user = _target(user_id)
    active = request.form.get("active") == "1"
    accounts.set_active(user, active)
    db.session.commit()
    flash(f"{user.username} was {'reactivated' if active else 'deactivated'}.", "success")
    return redirect(url_for("admin.users", q=request.args.get("q") or None))
