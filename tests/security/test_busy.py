"""A write that cannot get SQLite's write lock in time answers 503 with Retry-After, not 500."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select
from support import PASSWORD, TEST_DATABASE_URL, login, make_test_app, password_hash

from quizapp.extensions import db
from quizapp.models import ReviewLog, User

pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's write lock")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The suite's app, whose connections wait 50 ms for the lock instead of 5 s."""
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'busy.sqlite'}")
    with app.app_context():
        event.listen(db.engine, "connect",
                     lambda conn, _record: conn.execute("PRAGMA busy_timeout=50"))
        db.engine.dispose()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def busy_app(app: Flask, tmp_path: Path) -> tuple[Flask, Path]:
    """The app and its database file."""
    return app, tmp_path / "busy.sqlite"


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_write_that_finds_the_database_locked_is_503_with_retry_after(
        busy_app, make_user, peru_set) -> None:
    app, path = busy_app
    make_user("ana")
    client = app.test_client()
    assert login(client, "ana").status_code == 302
    page = client.get("/study/peru").get_data(as_text=True)
    question_id = re.search(r'name="question_id" type="hidden" value="(\d+)"', page)[1]
    answer = {"question_id": question_id, "rating": "3", "client_id": "c-1"}
    holder = _hold_write_lock(path)
    try:
        busy = client.post("/study/peru/review", data=answer)
        as_json = client.post("/study/peru/review", data=answer,
                              headers={"Accept": "application/json"})
    finally:
        holder.rollback()
        holder.close()
    assert busy.status_code == as_json.status_code == 503
    assert busy.headers["Retry-After"] == as_json.headers["Retry-After"] == "2"
    assert "Busy, try again" in busy.get_data(as_text=True)
    assert as_json.get_json()["error"] == "busy"
    # Sent again once the lock is free: stored once.
    assert client.post("/study/peru/review", data=answer).status_code == 302
    assert client.post("/study/peru/review", data=answer).status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one() == 1


def test_a_login_that_finds_the_database_locked_is_503(busy_app, make_user) -> None:
    app, path = busy_app
    make_user("ana")
    holder = _hold_write_lock(path)
    try:
        response = login(app.test_client(), "ana")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"


@pytest.mark.e2e
def test_the_flashcard_page_sends_an_answer_again_once_after_a_503(live_app, server,
                                                                   page) -> None:
    """The first try meets a busy server (503, Retry-After: 1); the page sends it once more,
    by itself, and the answer is stored once."""
    with live_app.app_context():
        db.session.add(User(username="ana", password_hash=password_hash()))
        db.session.commit()
    page.goto(server.url + "/login")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question sets").wait_for()
    tries: list[int] = []

    def busy_once(route: Any) -> None:
        tries.append(1)
        if len(tries) == 1:
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="busy")
        else:
            route.continue_()

    page.route("**/study/peru/review", busy_once)
    page.goto(server.url + "/study/peru")
    first = page.locator(".front .prompt").inner_text()
    page.keyboard.press("Space")
    page.locator("#card-back").wait_for(state="visible")
    page.keyboard.press("3")
    page.wait_for_function("p => { const e = document.querySelector('.front .prompt');"
                           " return e && e.innerText !== p; }", arg=first)  # in place
    assert len(tries) == 2
    with live_app.app_context():
        assert db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one() == 1
