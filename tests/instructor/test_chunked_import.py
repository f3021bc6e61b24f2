"""Big imports commit in short transactions: the write lock is free between chunks, nothing is
visible before the end, and a failure leaves nothing behind."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from instructor_helpers import set_rows
from sqlalchemy import func, select
from support import TEST_DATABASE_URL

from quizapp.bank.schema import Question, SourceRef
from quizapp.extensions import db
from quizapp.imports import ParsedImport
from quizapp.instructor import importing
from quizapp.models import ImportJob, QuestionSet, StagedQuestion


def _parsed(n: int, prefix: str = "q") -> ParsedImport:
    return ParsedImport(tuple(
        Question(key=f"{prefix}{i:03d}", topic="t", type="short_answer", prompt=f"P{i}?",
                 answer="A", source=SourceRef()) for i in range(n)), None)


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.execute(select(func.count()).select_from(model)).scalar_one()
                     for model in (QuestionSet, StagedQuestion, ImportJob))


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's write lock")
def test_between_chunks_the_lock_is_free_and_nothing_shows(app, monkeypatch) -> None:
    monkeypatch.setattr(importing, "SAVE_CHUNK", 10)
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    seen: list[tuple[int, int]] = []

    def between_chunks(_n: int) -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a student's answer would get the lock at once
        sets = other.execute("SELECT count(*) FROM question_sets").fetchone()[0]
        questions = other.execute("SELECT count(*) FROM questions").fetchone()[0]
        other.rollback()
        other.close()
        seen.append((sets, questions))

    with app.test_request_context(method="POST"):
        plan = importing.plan_import(_parsed(35), target=None, title="Big")
        importing.save_import(plan, owner=None, on_progress=between_chunks)
    assert seen[:4] == [(0, 0)] * 4  # four chunks staged, none of it visible
    assert [r.key for r in set_rows(app, "big")] == [f"q{i:03d}" for i in range(35)]
    assert [r.position for r in set_rows(app, "big")] == list(range(35))
    assert _counts(app) == (1, 0, 0)


def test_a_failure_half_way_leaves_nothing(app, monkeypatch) -> None:
    monkeypatch.setattr(importing, "SAVE_CHUNK", 10)
    calls: list[int] = []

    def fail_on_second_chunk(n: int) -> None:
        calls.append(n)
        if len(calls) == 2:
            raise RuntimeError("killed")

    with app.test_request_context(method="POST"):
        plan = importing.plan_import(_parsed(35), target=None, title="Big")
        with pytest.raises(RuntimeError):
            importing.save_import(plan, owner=None, on_progress=fail_on_second_chunk)
    assert _counts(app) == (0, 0, 0)


def test_into_an_existing_set_updates_and_appends_in_one_step(app, save_set, monkeypatch
                                                             ) -> None:
    from quizapp.bank.schema import Bank, SetInfo

    monkeypatch.setattr(importing, "SAVE_CHUNK", 4)
    old = _parsed(3).questions
    save_set(Bank(SetInfo(slug="s", title="S"), old), status="draft")
    changed = (Question(key="q001", topic="t", type="short_answer", prompt="New P1?",
                        answer="A", source=SourceRef()),)
    incoming = ParsedImport((*changed, *_parsed(10, "n").questions), None)
    with app.test_request_context(method="POST"):
        target = db.session.execute(select(QuestionSet)).scalar_one()
        plan = importing.plan_import(incoming, target=target)
        importing.save_import(plan, owner=None)
    rows = set_rows(app, "s")
    assert [r.key for r in rows] == ["q000", "q001", "q002", *(f"n{i:03d}" for i in range(10))]
    assert rows[1].prompt == "New P1?"
    assert _counts(app) == (1, 0, 0)


def test_a_job_left_by_a_killed_process_is_cleared_by_the_next_import(app) -> None:
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    with app.app_context():
        job = ImportJob(started_at=long_ago)
        db.session.add(job)
        db.session.flush()
        db.session.add(StagedQuestion(job_id=job.id, key="k", topic="t", type="short_answer",
                                      prompt="P?", answer="A", accept=[], choices=[],
                                      explanation="", section="", quote="", tags=[],
                                      position=0))
        db.session.commit()
    with app.test_request_context(method="POST"):
        plan = importing.plan_import(_parsed(2), target=None, title="Next")
        importing.save_import(plan, owner=None, now=long_ago + timedelta(hours=2))
    assert _counts(app) == (1, 0, 0)


def test_the_web_import_names_the_cap(app, user_client) -> None:
    from instructor_helpers import upload

    app.config["IMPORT_MAX_QUESTIONS"] = 2
    response = user_client("instructor").post("/instructor/import", data=upload("small.gift"),
                                              content_type="multipart/form-data")
    assert response.status_code == 400
    assert "more than 2 questions" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)
