"""Per-student spaced-repetition state: cards and the append-only review log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.models.base import Base, UTCDateTime, utcnow


class Card(Base):
    """A student's schedule for one question (FSRS fields stored as real columns)."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_cards_user_id_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default="new")
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    leech: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReviewLog(Base):
    """One answer to a card, from a flashcard or a quiz; never updated, removed only by undo."""

    __tablename__ = "review_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id"),
        # A student's answers by time; with prev_state, today's counts (new cards introduced,
        # other answers) on every study page read the index alone.
        Index("ix_review_logs_user_id_reviewed_at_prev_state", "user_id", "reviewed_at",
              "prev_state"),
        Index("ix_review_logs_card_id", "card_id"),
        Index("ix_review_logs_question_id", "question_id"),
        # True retention reads one student's review-state answers of the last 30 days.
        Index("ix_review_logs_retention", "user_id", "prev_state", "reviewed_at", "rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(12), default="flashcard")
    client_id: Mapped[str] = mapped_column(String(64))
    prev_state: Mapped[str] = mapped_column(String(12))
    # The card as it was before this review, so undo restores it exactly.
    prev_card: Mapped[dict[str, Any]] = mapped_column(JSON)
