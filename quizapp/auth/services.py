"""Account services: registration, authentication with throttling, password changes.

Services flush; the calling view or CLI command commits.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from importlib import resources

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.auth import throttle
from quizapp.auth.throttle import ThrottlePolicy
from quizapp.extensions import db
from quizapp.models import ROLES, User, utcnow

MIN_PASSWORD_LENGTH = 8
# Verifying against this keeps "unknown user" as slow as "wrong password".
_DUMMY_HASH = generate_password_hash("not-a-real-password-but-same-cost")


class AccountError(ValueError):
    """A registration or password change was refused; the message says why, ``field`` where."""

    def __init__(self, message: str, field: str = "password") -> None:
        super().__init__(message)
        self.field = field


class Throttled(Exception):
    """Too many failed logins of this name from here: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    text = resources.files("quizapp.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is unacceptable, or None. Long passphrases are fine (never truncated)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if password.lower() in _common_passwords():
        return "That password is too common; choose another."
    if username and password.lower() == username.lower():
        return "The password must differ from the username."
    return None


def find_user(username: str) -> User | None:
    """The user with this username (case-insensitive), if any."""
    stmt = select(User).where(func.lower(User.username) == username.strip().lower())
    return db.session.execute(stmt).scalar_one_or_none()


def create_user(username: str, password: str, *, role: str = "student", email: str = "") -> User:
    """Create an account after checking the username is free and the password acceptable."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.", "role")
    if not username:
        raise AccountError("Choose a username.", "username")
    if find_user(username) is not None:
        raise AccountError("That username is taken; choose another.", "username")
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    user = User(
        username=username,
        email=email.strip() or None,
        password_hash=generate_password_hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(username: str, password: str, *, address: str, now: datetime | None = None,
                 policy: ThrottlePolicy | None = None) -> User | None:
    """The user if the password is right and the account active, else None.

    Raises :class:`Throttled` while this name may not try from this address, whether the
    account exists or not; every failure counts (:mod:`quizapp.auth.throttle`), in the
    database, so the limits hold across server processes.
    """
    now = now or utcnow()
    wait = throttle.wait_seconds(username, address, now=now)
    stmt = select(User.id, User.password_hash, User.active).where(
        func.lower(User.username) == username.strip().lower())
    found = None if wait else db.session.execute(stmt).one_or_none()
    # The hash check is slow on purpose; a POST's SQLite transaction holds the write lock, so
    # end this read-only transaction first instead of making every other writer wait.
    db.session.rollback()
    if wait:
        raise Throttled(wait)
    correct = check_password_hash(found.password_hash if found else _DUMMY_HASH, password)
    if found is None or not correct:
        throttle.record_failure(username, address, now=now, policy=policy or ThrottlePolicy())
        return None
    throttle.record_success(username, address)
    return db.session.get(User, found.id) if found.active else None


def account_row(user: User) -> User:
    """The signed-in user itself, not Flask-Login's proxy of it, for changing the account."""
    return db.session.get_one(User, user.id)


def end_sessions(user: User) -> None:
    """Invalidate every session cookie of this user (logout everywhere)."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one; other sessions are logged out."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("The current password is wrong.", "current")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem)
    user.password_hash = generate_password_hash(new)
    end_sessions(user)


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate an account; deactivation ends its sessions."""
    user.active = active
    end_sessions(user)


def delete_account(user: User) -> None:
    """Delete the account with its cards, reviews, attempts and memberships (cascade)."""
    db.session.delete(user)
    db.session.flush()
