"""Accounts: who studies, who teaches, and their study settings."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Float, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.models.base import Base, UTCDateTime, utcnow

ROLES = ("student", "instructor", "admin")
INSTRUCTOR_ROLES = ("instructor", "admin")


def _first_session_version() -> int:
    """A random start below 2**30, leaving room to count up within a 32-bit column."""
    return secrets.randbelow(2**30) + 1


class User(UserMixin, Base):
    """A person with a login; students study, instructors and admins also manage sets."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="student")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout, password change and deactivation: old session cookies stop working.
    # It starts at random: SQLite may give a deleted account's id to the next one, and a cookie
    # left on another device of the deleted account must not then sign in as the newcomer.
    session_version: Mapped[int] = mapped_column(Integer, default=_first_session_version)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    new_per_day: Mapped[int] = mapped_column(Integer, default=20)
    max_reviews_per_day: Mapped[int] = mapped_column(Integer, default=200)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.90)
    maximum_interval: Mapped[int] = mapped_column(Integer, default=36500)
    timezone: Mapped[str] = mapped_column(String(64), default="America/Lima")
    # Whether a quiz answer on a never-seen card uses up one of the day's new flashcards.
    quiz_uses_new_limit: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default=false())

    def get_id(self) -> str:
        """Session token: the id plus the session version, so bumping it logs every session out."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot log in."""
        return self.active

    @property
    def is_instructor(self) -> bool:
        """Instructors and admins manage question sets and classes."""
        return self.role in INSTRUCTOR_ROLES

    @property
    def is_admin(self) -> bool:
        """Admins also manage users."""
        return self.role == "admin"
