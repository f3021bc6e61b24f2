"""The study services, by responsibility: answers (reviews), the queue, a student's settings.

One import for the other packages (quiz answers go through :func:`record_review` too) and the
views; services flush, the caller commits.
"""

from __future__ import annotations

from quizapp.study.cards import CardRow, card_state, fuzz_key
from quizapp.study.queue import (
    LEARN_AHEAD,
    DayStats,
    QueueCounts,
    Scope,
    StudyItem,
    StudyQuestion,
    StudySession,
    UndoState,
    day_stats,
    queue_counts,
    queue_counts_by_set,
    queue_status,
    study_queue,
    study_session,
    topics_in,
)
from quizapp.study.reviews import (
    LEECH_NOTICE,
    ORIGINS,
    ReviewOutcome,
    UndoRefused,
    answer_card,
    bury,
    button_labels,
    ensure_card,
    find_review,
    in_scope,
    record_review,
    set_suspended,
    undo_last_review,
)
from quizapp.study.settings import scheduler_settings, update_settings

__all__ = [
    "LEARN_AHEAD", "LEECH_NOTICE", "ORIGINS", "CardRow", "DayStats", "QueueCounts",
    "ReviewOutcome", "Scope", "StudyItem", "StudyQuestion", "StudySession", "UndoRefused",
    "UndoState", "answer_card", "bury", "button_labels", "card_state", "day_stats",
    "ensure_card", "find_review", "fuzz_key", "in_scope", "queue_counts", "queue_counts_by_set",
    "queue_status", "record_review", "scheduler_settings", "set_suspended", "study_queue",
    "study_session", "topics_in", "undo_last_review", "update_settings",
]
