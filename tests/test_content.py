"""Saving banks by stable key, loading the bundled sets, the home page."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.content.services import load_bundled_sets, save_bank
from quizapp.extensions import db
from quizapp.models import Card, QuestionSet
from quizapp.models import Question as QuestionRow
from quizapp.paths import questions_dir


def small_bank(prompt: str = "Who founded the Shining Path?", extra: bool = True) -> Bank:
    questions = [
        Question("t-1", "leaders", "short_answer", prompt, "Abimael Guzmán",
                 source=SourceRef("History", "led by philosophy professor Abimael Guzmán")),
        Question("t-2", "dates", "true_false", "Guzmán was captured in 1992.", True),
    ]
    if extra:
        questions.append(Question("t-3", "groups", "multiple_choice", "Which group is Maoist?",
                                  "Shining Path", choices=("Shining Path", "MRTA", "FARC")))
    return Bank(SetInfo("test", "Test set", source=SetSource(title="T", publisher="P")),
                tuple(questions))


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_saving_twice_changes_nothing(db) -> None:
    first = save_bank(small_bank())
    db.session.commit()
    second = save_bank(small_bank())
    db.session.commit()
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert _count(QuestionRow) == 3 and _count(QuestionSet) == 1


def test_changed_prompt_updates_in_place_and_keeps_progress(db, make_user) -> None:
    user = make_user("ana")
    qset = save_bank(small_bank()).question_set
    db.session.flush()
    row = qset.questions[0]
    db.session.add(Card(user_id=user.id, question_id=row.id, reps=3))
    db.session.commit()
    summary = save_bank(small_bank(prompt="Who led the Shining Path?"))
    db.session.commit()
    assert (summary.updated, summary.created) == (1, 0)
    same = db.session.get(QuestionRow, row.id)
    assert same.prompt == "Who led the Shining Path?"
    assert db.session.execute(select(Card.reps)).scalar_one() == 3


def test_dropped_question_is_retired_not_deleted(db) -> None:
    save_bank(small_bank())
    summary = save_bank(small_bank(extra=False))
    db.session.commit()
    assert summary.retired == 1
    retired = db.session.execute(select(QuestionRow).where(QuestionRow.key == "t-3")).scalar_one()
    assert retired.retired
    assert save_bank(small_bank()).updated == 1  # it comes back when re-added


def test_bundled_banks_load_idempotently(db) -> None:
    files = sorted(questions_dir().glob("*.yaml"))
    assert files, "questions/*.yaml must ship with the app"
    first = load_bundled_sets()
    db.session.commit()
    count = _count(QuestionRow)
    again = load_bundled_sets()
    db.session.commit()
    assert count > 0 and _count(QuestionRow) == count
    assert all(not s.changed for s in again)
    assert {s.question_set.slug for s in first} >= {"peru"}


def test_home_page_lists_peru_set_with_topics_and_source(app, peru_set, user_client) -> None:
    html = user_client().get("/").get_data(as_text=True)
    assert peru_set.title in html
    for topic in ("groups", "leaders", "regions", "dates"):
        assert topic in html
    assert "InSight Crime" in html


def test_visitor_sees_welcome_and_register(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Create a free account" in html and 'href="/login"' in html


def test_draft_sets_are_hidden_from_other_users(app, save_set, make_user, user_client) -> None:
    owner = make_user("prof", role="instructor")
    draft = dataclasses.replace(small_bank(), info=SetInfo("draft-set", "Secret draft"))
    save_set(draft, owner_id=owner.id, status="draft")
    student = user_client()
    assert "Secret draft" not in student.get("/").get_data(as_text=True)
    assert student.get("/sets/draft-set").status_code == 404


def test_page_links_follow_the_mount_point(app, user_client) -> None:
    client = user_client()
    plain = client.get("/").get_data(as_text=True)
    mounted = client.get("/", environ_overrides={"SCRIPT_NAME": "/quiz"}).get_data(as_text=True)
    assert 'href="/static/css/app.css"' in plain and 'href="/study"' in plain
    assert 'href="/quiz/static/css/app.css"' in mounted and 'href="/quiz/study"' in mounted
    assert 'href="/static/css/app.css"' not in mounted
