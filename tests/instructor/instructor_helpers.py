"""Helpers for the instructor tests: a small bank, set lookups, fixture files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Flask

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.extensions import db as _db
from quizapp.models import Question as QuestionRow
from quizapp.models import QuestionSet

FIXTURES = Path(__file__).parent / "fixtures"


def small_bank(slug: str = "small", title: str = "Small set") -> Bank:
    """Three questions of different types."""
    return Bank(
        info=SetInfo(slug=slug, title=title),
        questions=(
            Question(key="q-mc", topic="leaders", type="multiple_choice",
                     prompt="Who was known as Comrade Artemio?", answer="Florindo Eleuterio Flores",
                     choices=("Jorge Quispe Palomino", "Florindo Eleuterio Flores",
                              "Victor Quispe Palomino")),
            Question(key="q-tf", topic="dates", type="true_false",
                     prompt="Abimael Guzmán was captured in 1992.", answer=True),
            Question(key="q-sa", topic="regions", type="short_answer",
                     prompt="In which region did the insurgency begin?", answer="Ayacucho"),
        ),
    )


def question_ids(app: Flask, slug: str) -> list[int]:
    """Ids of a set's active questions in order."""
    with app.app_context():
        qset = _db.session.execute(
            _db.select(QuestionSet).where(QuestionSet.slug == slug)).scalar_one()
        return [q.id for q in qset.questions if not q.retired]


def set_rows(app: Flask, slug: str) -> list[QuestionRow]:
    """A set's active question rows in order (detached)."""
    with app.app_context():
        rows = _db.session.execute(
            _db.select(QuestionRow).join(QuestionSet)
            .where(QuestionSet.slug == slug, QuestionRow.retired.is_(False))
            .order_by(QuestionRow.position)).scalars().all()
        for row in rows:
            _db.session.expunge(row)
        return list(rows)


def count_sets(app: Flask) -> int:
    """How many question sets exist."""
    with app.app_context():
        return len(_db.session.execute(_db.select(QuestionSet.id)).all())


def upload(name: str, data: bytes | None = None, **fields: str) -> dict[str, Any]:
    """Form data for the import form from a fixture file (or given bytes)."""
    raw = (FIXTURES / name).read_bytes() if data is None else data
    return {"file": (io.BytesIO(raw), name), "target": "", "title": "", **fields}
