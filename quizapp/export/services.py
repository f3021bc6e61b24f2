"""Export services: question sets from the database as bank records and package timestamps."""

from __future__ import annotations

import io
from datetime import datetime

from sqlalchemy import func, select

from quizapp.content.services import to_bank
from quizapp.export.anki import ExportOptions, write_apkg
from quizapp.extensions import db
from quizapp.media.services import sets_media
from quizapp.models import Card, Question, QuestionSet, User
from quizapp.models.base import utcnow


def content_timestamp(set_ids: list[int]) -> float:
    """When the sets' content last changed (seconds); Anki only applies updates with a newer one.

    Saving a bank or editing a question bumps ``updated_at``; +1 keeps it above zero for sets
    created at the epoch in tests.
    """
    latest = db.session.execute(
        select(func.max(Question.updated_at)).where(Question.set_id.in_(set_ids))
    ).scalar_one_or_none()
    set_latest = db.session.execute(
        select(func.max(QuestionSet.updated_at)).where(QuestionSet.id.in_(set_ids))
    ).scalar_one_or_none()
    stamps = [d for d in (latest, set_latest) if isinstance(d, datetime)]
    return max(d.timestamp() for d in stamps) + 1 if stamps else 1.0


def _seconds(moment: datetime) -> float:
    # +1 as in content_timestamp: a note is never stamped after its package.
    return moment.timestamp() + 1


def question_times(sets: list[QuestionSet]) -> dict[tuple[str, str], float]:
    """When each active question last changed, by (set slug, key): its Anki note's time, so
    a re-import updates only the notes whose questions changed and keeps the user's own edits
    of the others."""
    return {(s.slug, q.key): _seconds(q.updated_at)
            for s in sets for q in s.questions if not q.retired}


def set_apkg(qset: QuestionSet) -> bytes:
    """One set as an .apkg (bytes)."""
    return _apkg([qset], content_timestamp([qset.id]), frozenset())


def studied_sets(user: User) -> list[QuestionSet]:
    """The sets in which the student has cards, by title."""
    stmt = (select(QuestionSet).where(QuestionSet.id.in_(
        select(Question.set_id).join(Card, Card.question_id == Question.id)
        .where(Card.user_id == user.id))).order_by(QuestionSet.title))
    return list(db.session.execute(stmt).scalars())


def my_deck_apkg(user: User, sets: list[QuestionSet]) -> bytes:
    """The student's sets as one .apkg, their suspended cards tagged ``suspended``.

    The suspended cards' notes are stamped with the time of the download: a card suspended
    since the last download changes its note's tags, and Anki applies only changes that are
    newer than what it holds. The other notes keep their questions' times.
    """
    suspended = db.session.execute(
        select(Question.key).join(Card, Card.question_id == Question.id)
        .where(Card.user_id == user.id, Card.suspended.is_(True))).scalars()
    set_ids = [s.id for s in sets]
    timestamp = max(content_timestamp(set_ids), utcnow().timestamp())
    return _apkg(sets, timestamp, frozenset(suspended))


def _apkg(sets: list[QuestionSet], timestamp: float, suspended: frozenset[str]) -> bytes:
    out = io.BytesIO()
    options = ExportOptions(timestamp=timestamp, suspended_keys=suspended,
                            note_times=question_times(sets), media=sets_media([s.id for s in sets]))
    write_apkg([to_bank(s) for s in sets], out, options=options)
    return out.getvalue()
