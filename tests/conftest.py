"""Shared fixtures: app, database, clients, factories, and a live server for browser tests."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    login,
    make_test_app,
    password_hash,
    peru_bank,
)

from quizapp.bank.schema import Bank
from quizapp.content.services import save_bank
from quizapp.extensions import db as _db
from quizapp.models import QuestionSet, User

# Keep instance folders (secret key, default database) out of the checkout during tests.
os.environ.setdefault("QUIZAPP_INSTANCE_PATH", tempfile.mkdtemp(prefix="quizapp-instance-"))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A fresh application and database for each test (CSRF off; see ``csrf_app``)."""
    app = make_test_app(tmp_path)
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def csrf_app(tmp_path: Path) -> Iterator[Flask]:
    """Like ``app`` but with CSRF protection on, as in production."""
    app = make_test_app(tmp_path, WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Override pytest-flask's autouse fixture: one pushed request context per test leaks
    Flask-Login's cached user between two clients of the same test."""


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database handle inside an application context."""
    with app.app_context():
        yield _db


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Factory: ``make_user("ana", role="instructor")`` → a committed user (password PASSWORD)."""
    counter = iter(range(1, 10_000))

    def make(username: str | None = None, *, role: str = "student", **fields: Any) -> User:
        with app.app_context():
            user = User(username=username or f"user{next(counter)}", role=role,
                        password_hash=password_hash(), **fields)
            _db.session.add(user)
            _db.session.commit()
            _db.session.refresh(user)
            _db.session.expunge(user)
            return user

    return make


@pytest.fixture
def peru_set(app: Flask) -> QuestionSet:
    """The bundled Peru set saved in the test database (detached row)."""
    with app.app_context():
        qset = save_bank(peru_bank(), bundled=True).question_set
        _db.session.commit()
        _db.session.refresh(qset)
        _db.session.expunge(qset)
        return qset


@pytest.fixture
def save_set(app: Flask) -> Callable[..., QuestionSet]:
    """Factory: save any bank (optionally owned by a user id) and return the detached set."""

    def save(bank: Bank, *, owner_id: int | None = None, status: str = "published") -> QuestionSet:
        with app.app_context():
            owner = _db.session.get(User, owner_id) if owner_id else None
            qset = save_bank(bank, owner=owner, status=status).question_set
            _db.session.commit()
            _db.session.refresh(qset)
            _db.session.expunge(qset)
            return qset

    return save


@pytest.fixture
def user_client(app: Flask, make_user: Callable[..., User]) -> Callable[..., FlaskClient]:
    """Factory: a test client logged in as a new user of the given role."""

    def make(role: str = "student", username: str | None = None) -> FlaskClient:
        user = make_user(username, role=role)
        client = app.test_client()
        response = login(client, user.username)
        assert response.status_code == 302, "login failed in fixture"
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


# ----------------------------------------------------------------------------- browser tests

@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[Flask]:
    """An app for browser tests: Peru set loaded, CSRF on like production."""
    app = make_test_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        save_bank(peru_bank(), bundled=True)
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def server(live_app: Flask) -> Iterator[LiveServer]:
    """A live server for ``live_app``."""
    with LiveServer(live_app) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium driven by Playwright; a missing chromium fails, never skips."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: browser tests need Debian's chromium "
                    "(apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (own cookies) at laptop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
