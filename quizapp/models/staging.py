"""Imports in progress: questions written in short transactions before they become visible."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.models.base import Base, UTCDateTime, utcnow


class ImportJob(Base):
    """One import being saved; deleting it drops its staged questions (cascade)."""

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StagedQuestion(Base):
    """A new question of an import in progress, with the columns of ``questions``; nobody
    sees it until the import's last transaction copies it into its set."""

    __tablename__ = "import_staged_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id", ondelete="CASCADE"),
                                        index=True)
    key: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[Any] = mapped_column(JSON)
    accept: Mapped[list[str]] = mapped_column(JSON)
    choices: Mapped[list[str]] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(200))
    quote: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer)
