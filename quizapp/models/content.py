"""Question sets and their questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.models.base import Base, UTCDateTime, utcnow
from quizapp.models.users import User


class QuestionSet(Base):
    """A titled collection of questions with its source attribution."""

    __tablename__ = "question_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)
    source_file: Mapped[str] = mapped_column(String(200), default="")
    source_title: Mapped[str] = mapped_column(String(200), default="")
    source_publisher: Mapped[str] = mapped_column(String(200), default="")
    source_license: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: for a draft generated from a profile: facts found, facts not asked and why
    generation_report: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    owner: Mapped[User | None] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="question_set", order_by="Question.position", cascade="all, delete-orphan"
    )

    @property
    def attribution(self) -> str:
        """One line crediting the source profile."""
        text = " — ".join(p for p in (self.source_title, self.source_publisher) if p)
        return f"{text} ({self.source_license})" if self.source_license else text


class Question(Base):
    """One question; ``key`` is its stable external id, unique within its set."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("set_id", "key"),
        Index("ix_questions_set_id_position", "set_id", "position"),
        # The study queue walks a set's active questions (of a topic) on every page: from this
        # index alone, without reading the long rows.
        Index("ix_questions_queue", "set_id", "retired", "topic", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_sets.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[Any] = mapped_column(JSON)
    accept: Mapped[list[str]] = mapped_column(JSON, default=list)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(200), default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Optional grading and display fields (weights, per-answer feedback, numeric ranges,
    # rich prompt): schema.DETAIL_FIELDS, empty for most questions.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Questions dropped from a bank are retired, not deleted: students' history survives.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question_set: Mapped[QuestionSet] = relationship(back_populates="questions")
