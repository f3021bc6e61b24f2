"""Test helpers importable from any test module (``from support import ...``).

Fixtures live in conftest.py; plain functions and constants live here, because several folders
have their own conftest.py and ``from conftest import`` would pick whichever was loaded last.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, insert, select
from sqlalchemy.pool import NullPool
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from quizapp import create_app, srs
from quizapp.bank.schema import Bank, load_bank
from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User, utcnow
from quizapp.paths import questions_dir
from quizapp.study.queue import Scope, StudyQuestion, study_queue

PASSWORD = "correct horse battery staple"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TEST_DATABASE_URL = os.environ.get("QUIZAPP_TEST_DATABASE_URL")
SCREENSHOTS = Path(os.environ.get("QUIZAPP_SCREENSHOTS", "test-artifacts/screenshots"))


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The hash of PASSWORD; hashing is deliberately slow, so it is done once per run."""
    return generate_password_hash(PASSWORD)


@lru_cache(maxsize=1)
def peru_bank() -> Bank:
    """The bundled Peru bank, parsed once per run."""
    return load_bank((questions_dir() / "peru.yaml").read_text(encoding="utf-8"))


def _reset_postgres(app: Flask) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()


def make_test_app(tmp_path: Path, *, fresh: bool = True, **overrides: Any) -> Flask:
    """An app on a fresh database (a SQLite file in tmp_path, or QUIZAPP_TEST_DATABASE_URL);
    ``fresh=False`` joins the database as it is (a second worker of the same deployment)."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "LOAD_BUNDLED_SETS": False,
        "AUTO_MIGRATE": False,
        # On PostgreSQL, close connections when released: an app left for the garbage collector
        # would otherwise leave open connections behind (ResourceWarning, an error here).
        **({"SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool}} if TEST_DATABASE_URL else {}),
    }
    config.update(overrides)
    app = create_app(config)
    if TEST_DATABASE_URL and fresh:
        _reset_postgres(app)
    else:
        with app.app_context():
            db.create_all()
    return app


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(base: str, server: subprocess.Popen[Any], attempts: int = 150) -> None:
    """Poll ``base``/healthz until a started server answers; fail with its output if it dies."""
    import pytest
    import requests

    for _ in range(attempts):
        try:
            if requests.get(base + "/healthz", timeout=2).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
        if server.poll() is not None:
            break
    server.kill()
    output = server.communicate()
    pytest.fail(f"server at {base} did not answer: {str(output)[-2000:]}")


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    """Log a test client in through the real form."""
    return client.post("/login", data={"username": username, "password": password})


def client_from(app: Flask, address: str) -> FlaskClient:
    """A test client whose requests come from ``address`` (rate limits count per address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """Fetch a page and read its CSRF token (for apps with CSRF on)."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class LiveServer:
    """The app served by werkzeug in a background thread on a free loopback port."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot for people to look at (not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def add_history(app: Flask, username: str, question_id: int, days: int, per_day: int) -> None:
    """``per_day`` answers (Good, on a card in review) on each of the ``days`` days before
    today, oldest first, written straight to the tables."""
    now = utcnow()
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        card = Card(user_id=user.id, question_id=question_id, state=srs.REVIEW, step=None,
                    stability=30.0, difficulty=5.0, due=now + timedelta(days=3),
                    last_review=now - timedelta(days=1), reps=days * per_day)
        db.session.add(card)
        db.session.flush()
        start = srs.study_day_start(now, user.timezone)
        rows = [dict(user_id=user.id, card_id=card.id, question_id=question_id, rating=srs.GOOD,
                     reviewed_at=start - timedelta(days=d) + timedelta(hours=1, minutes=n),
                     origin="flashcard", client_id=f"h{d}-{n}", prev_state=srs.REVIEW,
                     prev_card={})
                for d in range(days, 0, -1) for n in range(per_day)]
        db.session.execute(insert(ReviewLog), rows)
        db.session.commit()


_CONTROL = re.compile(r"\s*(BEGIN|SAVEPOINT|RELEASE|COMMIT|ROLLBACK)\b", re.IGNORECASE)


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements the app sends through SQLAlchemy while the block runs,
    transaction control left out (every statement goes through SQLAlchemy's execution)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not _CONTROL.match(statement):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def get_card(user_id: int, question_id: int) -> Card | None:
    """The student's card for a question as an ORM object (the app reads cards as plain
    values), for tests that look at what an answer stored."""
    stmt = select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
    return db.session.execute(stmt).scalar_one_or_none()


def next_question(user: User, scope: Scope, now: datetime) -> StudyQuestion | None:
    """The question the study page would show next (see ``study_queue``)."""
    item = study_queue(user, scope, now)[1]
    return item.question if item is not None else None
