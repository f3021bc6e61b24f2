"""Live class quizzes: the game a host runs, the students playing it, and their answers.

A player's answers are stored as ordinary quiz answers of a quiz attempt made for the game
(``quiz_attempts.live_session_id``): they schedule the student's cards, appear in their quiz
history and in the instructor's item analysis like any quiz. ``live_answers`` adds what only
the game needs: the points and how fast the answer came.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.models.base import Base, UTCDateTime, utcnow


class LiveSession(Base):
    """One live game: who hosts it, on which set (and class), its PIN and where it stands.

    The state columns mirror :class:`quizapp.live.game.GameState`; ``version`` changes with
    every host move and is the players' ETag.
    """

    __tablename__ = "live_sessions"
    __table_args__ = (Index("ix_live_sessions_pin", "pin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    set_id: Mapped[int] = mapped_column(ForeignKey("question_sets.id", ondelete="CASCADE"))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"))
    pin: Mapped[str] = mapped_column(String(8))
    question_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Questions the host skipped (no reveal): they count only for players who answered them.
    skipped_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    seconds: Mapped[int] = mapped_column(Integer, default=20)
    hide_names: Mapped[bool] = mapped_column(Boolean, default=False)
    phase: Mapped[str] = mapped_column(String(10), default="lobby")
    current_index: Mapped[int] = mapped_column(Integer, default=-1)
    question_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remaining_ms: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LivePlayer(Base):
    """A student in a live game, under the name the leaderboard shows."""

    __tablename__ = "live_players"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        UniqueConstraint("session_id", "name_key"),
        # The Live page looks up the open games a student is in.
        Index("ix_live_players_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    display_name: Mapped[str] = mapped_column(String(24))
    # The name folded for uniqueness: two players cannot both be "Ana" and "ana" (folding may
    # lengthen a name: "ß" becomes "ss").
    name_key: Mapped[str] = mapped_column(String(96))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LiveAnswer(Base):
    """A player's answer to one question of the game: its points and speed. The answer itself
    is the quiz answer it points to."""

    __tablename__ = "live_answers"
    __table_args__ = (
        UniqueConstraint("player_id", "question_id"),
        Index("ix_live_answers_session_id_question_id", "session_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    player_id: Mapped[int] = mapped_column(ForeignKey("live_players.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    quiz_answer_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_answers.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
    elapsed_ms: Mapped[int] = mapped_column(Integer)
