"""Import services shared by the web UI and the CLI: plan an import, then save it in one go.

A plan says what would be created, updated or left unchanged; :func:`save_import` saves it
with :func:`quizapp.content.services.save_bank` (stable keys, nothing retired) in short
transactions, all or nothing. Other services flush; the caller commits.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import delete, false, insert, literal, select

from quizapp.bank.generator import generate
from quizapp.bank.schema import Bank, SetInfo
from quizapp.bank.schema import Question as BankQuestion
from quizapp.content.services import _row_values, save_bank, to_bank
from quizapp.database import begin_write
from quizapp.extensions import db
from quizapp.imports import ParsedImport
from quizapp.imports.apkg_media import in_set
from quizapp.imports.common import MediaFile as ImportedMedia
from quizapp.instructor.services import unique_slug
from quizapp.models import (
    ImportJob,
    MediaFile,
    Question,
    QuestionSet,
    StagedQuestion,
    User,
    UTCDateTime,
    utcnow,
)

# New questions written per transaction: each holds SQLite's write lock for a few ms.
SAVE_CHUNK = 500
# A job this old was left by a process that died mid-import.
STALE_JOB_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class ImportPlan:
    """What importing a parsed file into a set will do.

    Attributes:
        info: The target set's metadata (a fresh slug for a new set).
        questions: The whole set after the import, in order.
        created: Imported questions whose keys are new to the set.
        updated: Imported questions replacing a different version with the same key.
        unchanged: How many imported questions are already in the set as they are.
        new_set: True when the import creates a set.
        warnings: What the parser could not carry over.
        media: Images the questions show, stored with the set.
    """

    info: SetInfo
    questions: tuple[BankQuestion, ...]
    created: tuple[BankQuestion, ...]
    updated: tuple[BankQuestion, ...]
    unchanged: int
    new_set: bool
    warnings: tuple[str, ...] = ()
    media: tuple[ImportedMedia, ...] = ()


def default_title(parsed: ParsedImport, filename: str) -> str:
    """The file's own set title, else its name without extension."""
    if parsed.info is not None:
        return parsed.info.title
    return os.path.splitext(os.path.basename(filename))[0] or "Imported questions"


def plan_import(parsed: ParsedImport, *, target: QuestionSet | None, title: str = "",
                filename: str = "") -> ImportPlan:
    """Plan importing ``parsed`` into ``target`` (or into a new set when it is None)."""
    if target is None:
        hint = title or (parsed.info.slug if parsed.info else default_title(parsed, filename))
        title = title or default_title(parsed, filename)
        base = parsed.info or SetInfo(slug="set", title=title)
        info = replace(base, slug=unique_slug(hint), title=title)
        questions = in_set(parsed.questions, info.slug)
        return ImportPlan(info, questions, questions, (), 0, True, parsed.warnings, parsed.media)
    current = to_bank(target)
    existing = {q.key: q for q in current.questions}
    imported = in_set(parsed.questions, current.info.slug)
    incoming = {q.key: q for q in imported}
    merged = [incoming.get(q.key, q) for q in current.questions]
    created = tuple(q for q in imported if q.key not in existing)
    updated = tuple(q for q in imported if q.key in existing and existing[q.key] != q)
    unchanged = len(imported) - len(created) - len(updated)
    return ImportPlan(current.info, (*merged, *created), created, updated, unchanged, False,
                      parsed.warnings, parsed.media)


def save_import(plan: ImportPlan, *, owner: User | None,
                on_progress: Callable[[int], None] | None = None,
                now: datetime | None = None) -> QuestionSet:
    """Save a planned import in short transactions, all or nothing; ``on_progress(n)`` hears
    how many more questions were saved.

    The one service that commits, because releasing SQLite's write lock between its steps is
    its point: students' answers get the lock between chunks instead of waiting for the whole
    import. The new questions go, :data:`SAVE_CHUNK` per transaction, into a staging table that
    no page reads; the last transaction applies the updates and copies the staged rows into
    the set with one ``INSERT ... SELECT``, so the import appears at once. A failure deletes
    the job and its staged rows; a job left by a killed process is deleted by the next import
    an hour on. New sets start as drafts.
    """
    now = now or utcnow()
    begin_write()
    db.session.execute(delete(ImportJob).where(ImportJob.started_at < now - STALE_JOB_AGE))
    job = ImportJob(started_at=now)
    db.session.add(job)
    db.session.commit()
    try:
        staged = _stage_new_questions(job.id, plan, on_progress)
        qset = _publish(job.id, plan, staged, owner=owner, now=now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        begin_write()
        db.session.execute(delete(ImportJob).where(ImportJob.id == job.id))
        db.session.commit()
        raise
    if on_progress is not None:
        on_progress(len(plan.questions) - len(staged))
    return qset


def _stage_new_questions(job_id: int, plan: ImportPlan,
                         on_progress: Callable[[int], None] | None) -> frozenset[str]:
    """Write the questions whose keys the set has never had into the staging table, a chunk
    per transaction; returns their keys."""
    begin_write()
    taken = _keys_in_set(plan.info.slug) if not plan.new_set else set()
    fresh = [q for q in plan.created if q.key not in taken]
    for start in range(0, len(fresh), SAVE_CHUNK):
        chunk = fresh[start:start + SAVE_CHUNK]
        if start:
            begin_write()
        rows = [{"job_id": job_id, "key": q.key, **_row_values(q, start + i)}
                for i, q in enumerate(chunk)]
        db.session.execute(insert(StagedQuestion), rows)
        db.session.commit()
        if on_progress is not None:
            on_progress(len(chunk))
    return frozenset(q.key for q in fresh)


def _keys_in_set(slug: str) -> set[str]:
    """Every key of the set, retired ones too (they come back as updates)."""
    stmt = select(Question.key).join(QuestionSet).where(QuestionSet.slug == slug)
    return set(db.session.execute(stmt).scalars())


_COPIED = ("key", "topic", "type", "prompt", "answer", "accept", "choices", "explanation",
           "section", "quote", "tags", "details")


def _publish(job_id: int, plan: ImportPlan, staged: frozenset[str], *, owner: User | None,
             now: datetime) -> QuestionSet:
    """The last transaction: save the rest of the plan, then move the staged rows in."""
    begin_write()
    rest = tuple(q for q in plan.questions if q.key not in staged)
    qset = save_bank(Bank(plan.info, rest), owner=owner, status="draft", retire_missing=False,
                     now=now).question_set
    source = StagedQuestion.__table__.c
    rows = select(literal(qset.id), *(source[name] for name in _COPIED),
                  source.position + len(rest), false(), literal(now, UTCDateTime())
                  ).where(source.job_id == job_id).order_by(source.position)
    columns = ["set_id", *_COPIED, "position", "retired", "updated_at"]
    db.session.execute(insert(Question).from_select(columns, rows))
    _store_media(qset, plan.media, now)
    if staged:
        qset.updated_at = now
    db.session.execute(delete(ImportJob).where(ImportJob.id == job_id))
    db.session.flush()
    return qset


def _store_media(qset: QuestionSet, media: tuple[ImportedMedia, ...], now: datetime) -> None:
    """Add the images the set does not hold yet (one row per set and SHA-256)."""
    held = set(db.session.execute(
        select(MediaFile.sha256).where(MediaFile.set_id == qset.id)).scalars())
    db.session.add_all(
        MediaFile(set_id=qset.id, name=m.name, sha256=m.sha256, content_type=m.content_type,
                  size=len(m.data), data=m.data, created_at=now)
        for m in media if m.sha256 not in held)


def generate_draft(owner: User, text: str, *, title: str = "") -> QuestionSet:
    """A draft set generated from profile text; raises ``ProfileError`` on unusable text."""
    slug = unique_slug(title or "profile")
    result = generate(text, slug=slug, title=title or None)
    qset = save_bank(result.bank, owner=owner, status="draft").question_set
    qset.generation_report = dict(result.summary())
    return qset
