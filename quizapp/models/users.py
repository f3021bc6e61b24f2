"""Accounts: who studies, who teaches, and their study settings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from flask_login import UserMixin
from sqlalchemy import Boolean, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.models.base import Base, UTCDateTime, utcnow

ROLES = ("student", "instructor", "admin")
INSTRUCTOR_ROLES = ("instructor", "admin")


def _first_session_version() -> int:
    """A random start below 2**30, leaving room to count up within a 32-bit column."""
    return secrets.randbelow(2**30) + 1


class AccountMixin:
    """What the row and the signed-in user share: the session token and the role checks."""

    id: int
    role: str
    session_version: int

    def get_id(self) -> str:
        """Session token: the id plus the session version, so bumping it logs every session out."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_instructor(self) -> bool:
        """Instructors and admins manage question sets and classes."""
        return self.role in INSTRUCTOR_ROLES

    @property
    def is_admin(self) -> bool:
        """Admins also manage users."""
        return self.role == "admin"


class User(AccountMixin, UserMixin, Base):
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

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot log in."""
        return self.active


@dataclass(frozen=True, eq=False)
class SignedInUser(AccountMixin, UserMixin):
    """The user of a request, read as plain values (one Core query, no ORM object): every
    page needs it, few pages change the account (they load the :class:`User` row). Only an
    active account is ever read as one (the loader's query asks for it), so ``is_active``
    is always true; to log someone in, pass the row."""

    id: int
    username: str
    role: str
    session_version: int
    new_per_day: int
    max_reviews_per_day: int
    desired_retention: float
    maximum_interval: int
    timezone: str


# What pages and services read about a person: the row, or the request's signed-in user.
# Changing an account needs the row (quizapp.auth.services.account_row).
Account: TypeAlias = User | SignedInUser
