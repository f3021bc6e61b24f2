"""`quizapp create-user`: the first instructor or admin, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from quizapp.cli import main


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh instance folder and SQLite file; returns the database URL."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", url)
    monkeypatch.delenv("QUIZAPP_PRODUCTION", raising=False)
    return url


def _create(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["create-user", *args])
    return result.exit_code, result.output


def test_create_user_makes_an_instructor_who_can_log_in(cli_env: str) -> None:
    code, output = _create("--username", "prof", "--password", "a long passphrase",
                           "--role", "instructor")
    assert code == 0 and "Created instructor 'prof'" in output
    engine = create_engine(cli_env)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT role, password_hash FROM users WHERE username = 'prof'")
                           ).one()
    engine.dispose()
    assert row.role == "instructor" and "a long passphrase" not in row.password_hash

    from quizapp import create_app

    client = create_app({"SQLALCHEMY_DATABASE_URI": cli_env, "WTF_CSRF_ENABLED": False,
                         "RATELIMIT_ENABLED": False, "SECRET_KEY": "t"}).test_client()
    login = client.post("/login", data={"username": "prof", "password": "a long passphrase"})
    assert login.status_code == 302
    assert client.get("/instructor/").status_code == 200


@pytest.mark.parametrize(("args", "message"), [
    (["--username", "prof", "--password", "short", "--role", "admin"], "at least 8"),
    (["--username", "prof", "--password", "a long passphrase", "--role", "king"], "king"),
])
def test_create_user_refuses_bad_input_with_a_message(cli_env: str, args: list[str],
                                                      message: str) -> None:
    code, output = _create(*args)
    assert code != 0 and message in output and "Traceback" not in output


def test_create_user_refuses_a_taken_username(cli_env: str) -> None:
    assert _create("--username", "prof", "--password", "a long passphrase")[0] == 0
    code, output = _create("--username", "PROF", "--password", "another passphrase")
    assert code != 0 and "taken" in output.lower()
