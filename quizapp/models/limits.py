"""Counters that must agree across workers and machines: login throttles, request limits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.models.base import Base, UTCDateTime


class LoginThrottle(Base):
    """Failed logins counted for one username, or one username from one address.

    ``key`` is a SHA-256 digest (no address or name is stored in the clear); a row whose
    ``expires_at`` has passed counts as absent and is deleted on a later failure.
    """

    __tablename__ = "login_throttles"
    __table_args__ = (Index("ix_login_throttles_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RateLimitCounter(Base):
    """A fixed-window request counter of the rate limiter (``quizapp-db://`` storage).

    ``key`` is a SHA-256 digest of the limiter's key; ``expires_at`` is a Unix time, as the
    ``limits`` library counts.
    """

    __tablename__ = "rate_limit_counters"
    __table_args__ = (Index("ix_rate_limit_counters_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[float] = mapped_column(Float)
