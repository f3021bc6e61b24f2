"""Alembic is the only schema path: migrations build exactly the models' schema."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from quizapp import create_app
from quizapp.extensions import db
from quizapp.paths import migrations_dir


def _file_app(tmp_path: Path):
    return create_app({"SECRET_KEY": "t", "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"})


def test_upgrade_on_fresh_file_matches_models(tmp_path: Path) -> None:
    app = _file_app(tmp_path)
    with app.app_context():
        upgrade(directory=str(migrations_dir()))
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        assert "cards" in inspect(db.engine).get_table_names()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    app = _file_app(tmp_path)
    with app.app_context():
        upgrade(directory=str(migrations_dir()))
        downgrade(directory=str(migrations_dir()), revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=str(migrations_dir()))
        assert "review_logs" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_data_survives_downgrade_and_upgrade_of_later_revisions(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from quizapp.models import Card, Question, QuestionSet, ReviewLog, User

    app = _file_app(tmp_path)
    directory = str(migrations_dir())
    with app.app_context():
        upgrade(directory=directory)
        now = datetime(2026, 1, 1, tzinfo=UTC)
        user = User(username="ana", password_hash="x")
        qset = QuestionSet(slug="s", title="S", questions=[
            Question(key="k", topic="dates", type="short_answer", prompt="P?", answer="A")])
        db.session.add_all([user, qset])
        db.session.flush()
        card = Card(user_id=user.id, question_id=qset.questions[0].id, due=now)
        db.session.add(card)
        db.session.flush()
        db.session.add(ReviewLog(user_id=user.id, card_id=card.id, question_id=card.question_id,
                                 rating=3, reviewed_at=now, client_id="c1", prev_state="new",
                                 prev_card={}))
        db.session.commit()
        downgrade(directory=directory, revision="0001")
        upgrade(directory=directory)
        db.session.expire_all()
        log = db.session.execute(select(ReviewLog)).scalar_one()
        assert (log.client_id, log.reviewed_at, log.rating) == ("c1", now, 3)
        assert db.session.execute(select(User.username)).scalar_one() == "ana"
        db.session.rollback()  # outside requests every transaction takes the write lock
        assert "ix_review_logs_question_id" in {
            ix["name"] for ix in inspect(db.engine).get_indexes("review_logs")}
        # All the way down with the rows still there (foreign keys on), then up again.
        downgrade(directory=directory, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=directory)
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
