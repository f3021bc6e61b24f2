"""Request limits are counted in the application's database (``quizapp-db://``): they hold
whichever worker answers, and class joins are limited per student and per address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from support import client_from, login, make_test_app

from quizapp.extensions import db
from quizapp.models import RateLimitCounter


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    """The suite's app with the limiter on, as in production."""
    return make_test_app(tmp_path, RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="5 per minute",
                         CLASS_JOIN_LIMIT_PER_STUDENT="3 per hour",
                         CLASS_JOIN_LIMIT_PER_ADDRESS="5 per hour")


def _another_worker(app: Flask, tmp_path: Path) -> Flask:
    """A second app on the same database: its limiter storage is a new object, as in another
    process, so only counts kept in the database carry over."""
    return make_test_app(tmp_path, fresh=False, **{k: app.config[k] for k in (
        "SQLALCHEMY_DATABASE_URI", "RATELIMIT_ENABLED", "LOGIN_LIMIT_PER_ADDRESS",
        "CLASS_JOIN_LIMIT_PER_STUDENT", "CLASS_JOIN_LIMIT_PER_ADDRESS")})


def test_the_default_storage_is_the_application_database(app) -> None:
    assert app.config["RATELIMIT_STORAGE_URI"] == "quizapp-db://"


def test_the_login_limit_per_address_holds_across_workers(app, tmp_path) -> None:
    first = client_from(app, "192.0.2.1")
    for n in range(3):
        assert login(first, f"name{n}", "guess").status_code == 200
    other = _another_worker(app, tmp_path)
    second = client_from(other, "192.0.2.1")
    answers = [login(second, f"other{n}", "guess").status_code for n in range(4)]
    assert answers == [200, 200, 429, 429]  # 5 in all, whichever worker counted them
    assert login(client_from(other, "192.0.2.2"), "name0", "guess").status_code == 200
    with other.app_context():
        assert db.session.execute(select(func.count()).select_from(RateLimitCounter)
                                  ).scalar_one() == 2


def _join(client, code: str) -> int:
    return client.post("/classes/join", data={"code": code}).status_code


def _new_class(client) -> str:
    response = client.post("/classes/new", data={"name": "Crime 101"})
    html = client.get(response.location).get_data(as_text=True)
    match = re.search(r'id="join-code">([A-Z0-9]{8})<', html)
    assert match
    return match.group(1)


def _student(app, make_user, address: str):
    user = make_user()
    client = client_from(app, address)
    assert login(client, user.username).status_code == 302
    return client


def test_class_joins_are_limited_per_student(app, make_user) -> None:
    guesser = _student(app, make_user, "192.0.2.10")
    assert [_join(guesser, f"WRONG{n:03d}") for n in range(4)] == [302, 302, 302, 429]
    teacher = make_user(role="instructor")
    ana = client_from(app, "192.0.2.11")
    login(ana, teacher.username)
    code = _new_class(ana)
    assert _join(guesser, code) == 429  # even the right code, until the hour is over
    assert _join(_student(app, make_user, "192.0.2.12"), code) == 302


def test_class_joins_are_limited_per_address(app, make_user) -> None:
    same_room = [_student(app, make_user, "192.0.2.20") for _ in range(3)]
    answers = [_join(same_room[n % 3], f"WRONG{n:03d}") for n in range(6)]
    assert answers == [302] * 5 + [429]
    assert _join(_student(app, make_user, "192.0.2.21"), "WRONG999") == 302


def test_a_whole_class_registers_from_one_school_address(app) -> None:
    """Forty students behind one NAT address all get their accounts."""
    answers = []
    for n in range(40):
        student = client_from(app, "198.51.100.7")
        answers.append(student.post("/register", data={
            "username": f"pupil{n:02d}", "password": "a long class passphrase",
            "confirm": "a long class passphrase"}).status_code)
    assert answers == [302] * 40
