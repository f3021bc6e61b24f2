"""Quiz test kit: a small bank with one question of each type, fixtures and answer builders.

Not a conftest.py: a second conftest module would shadow tests/conftest.py for `from conftest
import ...` in test folders collected later. Test modules import the fixtures from here
(``*_fixture`` functions, registered under the names ``quiz_set`` and ``qdb``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.extensions import db
from quizapp.models import Question as QuestionRow
from quizapp.models import QuestionSet, QuizAnswer, QuizAttempt, ReviewLog

ORDER = ["Shining Path takes up arms", "Abimael Guzmán is captured", "Comrade Artemio is captured"]
PAIRS = {"Comrade Artemio": "Florindo Eleuterio Flores", "Raúl": "Jorge Quispe Palomino",
         "José": "Victor Quispe Palomino"}


def _q(key: str, topic: str, qtype: str, prompt: str, answer: Any, **extra: Any) -> Question:
    source = SourceRef(section=f"Section for {key}", quote=f"Quote backing {key}.")
    return Question(key=key, topic=topic, type=qtype, prompt=prompt, answer=answer,
                    source=source, **extra)


def quiz_bank(slug: str = "mini-peru") -> Bank:
    """Six questions, one per type, over four topics."""
    questions = (
        _q("mc", "groups", "multiple_choice", "Which group did Abimael Guzmán found?",
           "Shining Path", choices=("Shining Path", "MRTA", "Los Pulpos", "Los Injertos")),
        _q("tf", "dates", "true_false", "Abimael Guzmán was captured in 1992.", True),
        _q("sa", "groups", "short_answer", "The MRTA took its name from which rebel?",
           "Túpac Amaru", accept=("Tupac Amaru II",)),
        _q("cz", "regions", "cloze", "The insurgency began in the department of ____.",
           "Ayacucho"),
        _q("or", "dates", "ordering", "Put these events in order, earliest first.", list(ORDER)),
        _q("mt", "leaders", "matching", "Match each alias to the person.", dict(PAIRS)),
    )
    info = SetInfo(slug=slug, title="Mini Peru", source=SetSource(title="Peru profile"))
    return Bank(info=info, questions=questions)


@pytest.fixture(name="quiz_set")
def quiz_set_fixture(save_set: Callable[..., QuestionSet]) -> QuestionSet:
    """The six-question bank saved as a published set."""
    return save_set(quiz_bank())


ALL_TYPES = ["multiple_choice", "true_false", "short_answer", "cloze", "ordering", "matching"]
ALL_TOPICS = ["dates", "groups", "leaders", "regions"]


def start_quiz(client: FlaskClient, slug: str = "mini-peru", **options: Any) -> Any:
    """POST the start form (all topics and types, 10 questions, feedback after each)."""
    data: dict[str, Any] = {"count": 10, "topics": ALL_TOPICS, "types": ALL_TYPES,
                            "feedback": "each"}
    data.update(options)
    return client.post(f"/quiz/{slug}", data=data)


def page_text(html: str) -> str:
    """The words of a page's <main> as a reader meets them (tags dropped, spaces squeezed)."""
    main = html[html.find("<main"):html.find("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def attempt_id_from(response: Any) -> int:
    """The attempt id in a redirect to an attempt page."""
    match = re.search(r"/quiz/attempt/(\d+)", response.headers["Location"])
    assert match, response.headers.get("Location")
    return int(match.group(1))


def answer_form(question: QuestionRow, *, right: bool = True) -> dict[str, Any]:
    """Form fields answering ``question`` rightly or wrongly, as the page would send them."""
    qid = {"question_id": question.id}
    answer = question.answer
    if question.type == "multiple_choice":
        wrong = next(c for c in question.choices if c != answer)
        return qid | {"choice": answer if right else wrong}
    if question.type == "true_false":
        return qid | {"truth": "true" if answer == right else "false"}
    if question.type == "ordering":
        positions = [str(i + 1) for i in range(len(answer))]
        return qid | {"item": answer, "position": positions if right else positions[::-1]}
    if question.type == "matching":
        rights = list(answer.values())
        return qid | {"left": list(answer), "right": rights if right else rights[1:] + rights[:1]}
    return qid | {"text": answer if right else "Lima"}


class QuizDB:
    """Read helpers over the test database (each call in its own app context)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def attempt(self, attempt_id: int) -> QuizAttempt:
        """A detached copy of the attempt."""
        with self.app.app_context():
            attempt = db.session.get_one(QuizAttempt, attempt_id)
            db.session.expunge(attempt)
            return attempt

    def questions(self, attempt_id: int) -> list[QuestionRow]:
        """The attempt's questions in order (detached)."""
        with self.app.app_context():
            attempt = db.session.get_one(QuizAttempt, attempt_id)
            rows = [db.session.get_one(QuestionRow, qid) for qid in attempt.question_ids]
            for row in rows:
                db.session.expunge(row)
            return rows

    def answers(self, attempt_id: int) -> list[QuizAnswer]:
        """The stored answers of an attempt (detached)."""
        with self.app.app_context():
            rows = list(db.session.execute(
                db.select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id)
                .order_by(QuizAnswer.position)).scalars())
            for row in rows:
                db.session.expunge(row)
            return rows

    def logs(self, user_id: int) -> list[ReviewLog]:
        """The student's review log (detached)."""
        with self.app.app_context():
            rows = list(db.session.execute(
                db.select(ReviewLog).where(ReviewLog.user_id == user_id)
                .order_by(ReviewLog.id)).scalars())
            for row in rows:
                db.session.expunge(row)
            return rows

    def count(self, model: type[Any]) -> int:
        """Rows in a table."""
        with self.app.app_context():
            return db.session.execute(
                db.select(db.func.count()).select_from(model)).scalar_one()


@pytest.fixture(name="qdb")
def qdb_fixture(app: Flask) -> QuizDB:
    """Read helpers over the test database."""
    return QuizDB(app)


def seed_quiz_app(app: Flask, username: str, password: str) -> None:
    """The six-question bank and a student ``username`` in ``app``'s database (for a live
    server, whose browser tests log in through the page)."""
    from werkzeug.security import generate_password_hash

    from quizapp.content.services import save_bank
    from quizapp.models import User

    with app.app_context():
        save_bank(quiz_bank())
        db.session.add(User(username=username, password_hash=generate_password_hash(password)))
        db.session.commit()
