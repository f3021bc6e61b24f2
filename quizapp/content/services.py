"""Question-set services: save banks by stable key, list sets, convert rows to bank records.

Services flush; callers commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import bindparam, func, select
from werkzeug.exceptions import abort

from quizapp.bank.schema import (
    Bank,
    SetInfo,
    SetSource,
    SourceRef,
    details_from_dict,
    details_to_dict,
    load_bank,
)
from quizapp.bank.schema import Question as BankQuestion
from quizapp.extensions import db
from quizapp.models import Question, QuestionSet, User, utcnow
from quizapp.paths import questions_dir

_CONTENT_FIELDS = ("topic", "type", "prompt", "answer", "accept", "choices", "explanation",
                   "section", "quote", "tags", "details")


@dataclass(frozen=True)
class SaveSummary:
    """What saving a bank changed."""

    question_set: QuestionSet
    created: int
    updated: int
    unchanged: int
    retired: int

    @property
    def changed(self) -> bool:
        """True when anything was added, edited or retired."""
        return bool(self.created or self.updated or self.retired)


def _row_values(q: BankQuestion, position: int) -> dict[str, object]:
    answer = list(q.answer) if isinstance(q.answer, list) else q.answer
    return {
        "topic": q.topic, "type": q.type, "prompt": q.prompt,
        "answer": dict(answer) if isinstance(answer, dict) else answer,
        "accept": list(q.accept), "choices": list(q.choices), "explanation": q.explanation,
        "section": q.source.section, "quote": q.source.quote, "tags": list(q.tags),
        "details": details_to_dict(q), "position": position,
    }


def _apply_info(qset: QuestionSet, info: SetInfo) -> None:
    qset.title = info.title
    qset.description = info.description
    qset.source_file = info.source.file
    qset.source_title = info.source.title
    qset.source_publisher = info.source.publisher
    qset.source_license = info.source.license
    qset.source_url = info.source.url


def save_bank(bank: Bank, *, owner: User | None = None, status: str = "published",
              bundled: bool = False, retire_missing: bool = True,
              now: datetime | None = None) -> SaveSummary:
    """Create or update the set ``bank.info.slug`` with its questions, matched by stable key.

    Changed questions are updated in place (students keep their progress), new ones added, and
    questions no longer in the bank retired (hidden, history kept) when ``retire_missing``.
    """
    now = now or utcnow()
    qset = db.session.execute(
        select(QuestionSet).where(QuestionSet.slug == bank.info.slug)
    ).scalar_one_or_none()
    if qset is None:
        qset = QuestionSet(slug=bank.info.slug, owner_id=owner.id if owner else None,
                           status=status, bundled=bundled, created_at=now, updated_at=now)
        db.session.add(qset)
    _apply_info(qset, bank.info)
    existing = {q.key: q for q in qset.questions}
    created = updated = unchanged = retired = 0
    for position, bq in enumerate(bank.questions):
        values = _row_values(bq, position)
        row = existing.pop(bq.key, None)
        if row is None:
            qset.questions.append(Question(key=bq.key, updated_at=now, **values))
            created += 1
        elif row.retired or any(getattr(row, f) != values[f] for f in _CONTENT_FIELDS):
            for name, value in values.items():
                setattr(row, name, value)
            row.retired, row.updated_at = False, now
            updated += 1
        else:
            row.position = position
            unchanged += 1
    if retire_missing:
        for row in existing.values():
            if not row.retired:
                row.retired, row.updated_at = True, now
                retired += 1
    summary = SaveSummary(qset, created, updated, unchanged, retired)
    if summary.changed:
        qset.updated_at = now
    db.session.flush()
    return summary


def bundled_bank_files() -> list[Path]:
    """The bank files shipped with the app (``questions/*.yaml``), sorted by name."""
    return sorted(questions_dir().glob("*.yaml"))


def load_bundled_sets(files: Iterable[Path] | None = None) -> list[SaveSummary]:
    """Load (or refresh) every bundled bank; idempotent: unchanged files change nothing."""
    return [
        save_bank(load_bank(path.read_text(encoding="utf-8")), bundled=True)
        for path in (bundled_bank_files() if files is None else files)
    ]


def to_bank(qset: QuestionSet, *, include_retired: bool = False) -> Bank:
    """The set as a bank record (for exports)."""
    info = SetInfo(
        slug=qset.slug, title=qset.title, description=qset.description,
        source=SetSource(file=qset.source_file, title=qset.source_title,
                         publisher=qset.source_publisher, license=qset.source_license,
                         url=qset.source_url),
    )
    questions = tuple(
        to_bank_question(q) for q in qset.questions if include_retired or not q.retired
    )
    return Bank(info=info, questions=questions)


def to_bank_question(q: Question) -> BankQuestion:
    """One question row as a bank record."""
    return BankQuestion(
        key=q.key, topic=q.topic, type=q.type, prompt=q.prompt, answer=q.answer,
        accept=tuple(q.accept or ()), choices=tuple(q.choices or ()), explanation=q.explanation,
        source=SourceRef(section=q.section, quote=q.quote), tags=tuple(q.tags or ()),
        **details_from_dict(q.details or {}, q.key),
    )


_SET_BY_SLUG = select(QuestionSet).where(QuestionSet.slug == bindparam("slug"))  # every page


def get_set(slug: str) -> QuestionSet | None:
    """The set with this slug, if any."""
    return db.session.execute(_SET_BY_SLUG, {"slug": slug}).scalar_one_or_none()


@dataclass(frozen=True)
class SetSummary:
    """What a page that only shows a set needs of it: who may see it, its title, the source's
    credit (plain values: no ORM object to load on every flashcard)."""

    id: int
    slug: str
    title: str
    status: str
    owner_id: int | None
    source_title: str
    source_publisher: str


SET_SUMMARY_COLUMNS = tuple(QuestionSet.__table__.c[f.name] for f in fields(SetSummary))
_SUMMARY_BY_SLUG = select(*SET_SUMMARY_COLUMNS).where(
    QuestionSet.__table__.c.slug == bindparam("slug"))


def set_summary(slug: str) -> SetSummary | None:
    """The summary of the set with this slug, if any."""
    row = db.session.execute(_SUMMARY_BY_SLUG, {"slug": slug}).mappings().first()
    return SetSummary(**row) if row is not None else None


def topic_counts(set_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Active question counts per topic for each set, in one query."""
    stmt = (
        select(Question.set_id, Question.topic, func.count())
        .where(Question.set_id.in_(list(set_ids)), Question.retired.is_(False))
        .group_by(Question.set_id, Question.topic)
    )
    counts: dict[int, dict[str, int]] = {}
    for set_id, topic, n in db.session.execute(stmt):
        counts.setdefault(set_id, {})[topic] = n
    return counts


def can_view(user: User | None, qset: QuestionSet | SetSummary) -> bool:
    """Published sets are for every user; drafts only for their owner and admins."""
    if qset.status == "published":
        return True
    return user is not None and (user.is_admin or qset.owner_id == user.id)


_Shown = TypeVar("_Shown", QuestionSet, SetSummary)


def _visible_or_404(user: User | None, qset: _Shown | None) -> _Shown:
    # A set the user may not see answers exactly like a missing one: no hint that it exists.
    if qset is None or not can_view(user, qset):
        abort(404)
    return qset


def visible_set_or_404(user: User | None, slug: str) -> QuestionSet:
    """The set with this slug if the user may see it; 404 otherwise (the views' one check)."""
    return _visible_or_404(user, get_set(slug))


def visible_summary_or_404(user: User | None, slug: str) -> SetSummary:
    """:func:`visible_set_or_404` as plain values, for the pages that only show a set (the
    flashcards: no ORM object to load on every card)."""
    return _visible_or_404(user, set_summary(slug))


def visible_sets(user: User) -> list[QuestionSet]:
    """Sets this user may study: published ones and their own drafts, by title."""
    stmt = select(QuestionSet).order_by(QuestionSet.title)
    if not user.is_admin:
        stmt = stmt.where((QuestionSet.status == "published") | (QuestionSet.owner_id == user.id))
    return list(db.session.execute(stmt).scalars())
