"""Instructor services: which sets a user manages, set metadata, question edits and copies.

Question edits go through :func:`quizapp.content.services.save_bank` on the whole set, so an
edited question keeps its key (students keep their progress) and a deleted one is retired, not
removed (its review history survives). Services flush; the caller commits.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import func, select

from quizapp.bank.schema import RESERVED_SLUGS, Bank
from quizapp.bank.schema import Question as BankQuestion
from quizapp.content.services import SaveSummary, save_bank, to_bank, to_bank_question
from quizapp.extensions import db
from quizapp.models import Question, QuestionSet, User, utcnow

STATUSES = ("draft", "published")


def can_manage(user: User, qset: QuestionSet) -> bool:
    """Admins manage every set but the bundled ones; instructors only their own.

    Bundled sets are read-only for everyone, admins too: each start reloads them from
    ``questions/<slug>.yaml``, which would silently undo an edit. Copy one to edit it.
    """
    return not qset.bundled and (user.is_admin or qset.owner_id == user.id)


def can_read(user: User, qset: QuestionSet) -> bool:
    """Instructors may also look at (preview, export, copy, assign) the bundled sets."""
    return can_manage(user, qset) or qset.bundled


def own_sets(user: User) -> list[QuestionSet]:
    """The sets this user manages (every non-bundled set for an admin), newest first."""
    stmt = select(QuestionSet).where(QuestionSet.bundled.is_(False))
    if not user.is_admin:
        stmt = stmt.where(QuestionSet.owner_id == user.id)
    return list(db.session.execute(stmt.order_by(QuestionSet.updated_at.desc())).scalars())


def bundled_sets() -> list[QuestionSet]:
    """The sets shipped with the app, by title."""
    stmt = select(QuestionSet).where(QuestionSet.bundled.is_(True)).order_by(QuestionSet.title)
    return list(db.session.execute(stmt).scalars())


def question_counts(set_ids: Iterable[int]) -> dict[int, int]:
    """Active question count per set, in one query."""
    stmt = (
        select(Question.set_id, func.count())
        .where(Question.set_id.in_(list(set_ids)), Question.retired.is_(False))
        .group_by(Question.set_id)
    )
    return {set_id: n for set_id, n in db.session.execute(stmt)}


def slugify(text: str) -> str:
    """A set slug made of lower-case letters, digits and hyphens (``set`` when nothing is left)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug or "set"


def unique_slug(text: str) -> str:
    """A slug from ``text`` that no set uses yet (``peru``, ``peru-2``, ...) and that names no
    page of the app (``history`` becomes ``history-2``)."""
    base = slugify(text)
    taken = set(db.session.execute(
        select(QuestionSet.slug).where(QuestionSet.slug.startswith(base))
    ).scalars()) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_set(owner: User, *, title: str, description: str = "",
               status: str = "draft") -> QuestionSet:
    """A new empty set owned by ``owner``."""
    qset = QuestionSet(slug=unique_slug(title), title=title, description=description,
                       owner_id=owner.id, status=status, bundled=False)
    db.session.add(qset)
    db.session.flush()
    return qset


def update_set(qset: QuestionSet, *, title: str, description: str, status: str) -> None:
    """Change a set's title, description and status (draft or published)."""
    qset.title, qset.description = title, description
    set_status(qset, status)


def copy_set(qset: QuestionSet, owner: User) -> QuestionSet:
    """A draft copy of ``qset`` owned by ``owner`` (same question keys, new slug)."""
    bank = to_bank(qset)
    title = f"{qset.title} (copy)"
    info = replace(bank.info, slug=unique_slug(title), title=title)
    return save_bank(Bank(info, bank.questions), owner=owner, status="draft").question_set


def active_questions(qset: QuestionSet, *, retired: bool = False) -> list[Question]:
    """The set's questions students see, in order (``retired=True``: the deleted ones)."""
    stmt = (select(Question)
            .where(Question.set_id == qset.id, Question.retired.is_(retired))
            .order_by(Question.position, Question.id))
    return list(db.session.execute(stmt).scalars())


def set_status(qset: QuestionSet, status: str) -> None:
    """Publish (students can study it) or unpublish (back to draft) a set."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    qset.status = status
    qset.updated_at = utcnow()
    db.session.flush()


def question_in_set(qset: QuestionSet, question_id: int) -> Question | None:
    """An active question of this set, or None (other sets' ids are not found)."""
    question = db.session.get(Question, question_id)
    if question is None or question.set_id != qset.id or question.retired:
        return None
    return question


def new_key(qset: QuestionSet) -> str:
    """A fresh, unguessable question key within the set."""
    return f"{qset.slug}-{secrets.token_hex(4)}"


def _rewrite(qset: QuestionSet, questions: Sequence[BankQuestion]) -> SaveSummary:
    # The set's own info keeps the title etc.; missing questions are retired, history kept.
    info = to_bank(qset).info
    summary = save_bank(Bank(info, tuple(questions)), retire_missing=True)
    db.session.refresh(qset)
    return summary


def _current(qset: QuestionSet) -> list[BankQuestion]:
    return [to_bank_question(q) for q in active_questions(qset)]


def add_question(qset: QuestionSet, question: BankQuestion) -> None:
    """Append a new question to the set."""
    _rewrite(qset, [*_current(qset), question])


def edit_question(qset: QuestionSet, question: BankQuestion) -> None:
    """Replace the question with the same key (its key, and so students' progress, is kept)."""
    _rewrite(qset, [question if q.key == question.key else q for q in _current(qset)])


def delete_question(qset: QuestionSet, key: str) -> None:
    """Remove a question from the set (retired: students' history is kept)."""
    _rewrite(qset, [q for q in _current(qset) if q.key != key])


def move_question(qset: QuestionSet, key: str, offset: int) -> bool:
    """Move a question up (-1) or down (+1); False when it is already at that end."""
    questions = _current(qset)
    index = next((i for i, q in enumerate(questions) if q.key == key), None)
    if index is None or not 0 <= index + offset < len(questions):
        return False
    other = index + offset
    questions[index], questions[other] = questions[other], questions[index]
    _rewrite(qset, questions)
    return True
