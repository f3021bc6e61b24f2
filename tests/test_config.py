"""Application factory and configuration."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import make_test_app

from quizapp import create_app
from quizapp.cli import main
from quizapp.config import ConfigError
from quizapp.extensions import db
from quizapp.models import User


def test_secret_key_is_generated_once_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'a.sqlite'}")
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    first = create_app()
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 32
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_environment_overrides_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", url)
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("QUIZAPP_MAX_CONTENT_LENGTH", "1024")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["MAX_CONTENT_LENGTH"] == 1024


def test_default_database_is_sqlite_in_instance_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("QUIZAPP_DATABASE_URL", raising=False)
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x" * 32)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'quizapp.sqlite'}"


def test_production_refuses_to_start_without_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("QUIZAPP_PRODUCTION", "1")
    with pytest.raises(ConfigError, match="QUIZAPP_SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUIZAPP_PRODUCTION", "1")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "s" * 64)
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    config = create_app().config
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not config["DEBUG"]


def test_sqlite_is_tuned_for_a_web_server(tmp_path: Path) -> None:
    from quizapp.extensions import db

    # Its own SQLite file: the shared fixture may be on PostgreSQL (QUIZAPP_TEST_DATABASE_URL).
    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'tuned.sqlite'}"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -32000  # 32 MB
    with app.app_context():
        db.engine.dispose()


def test_healthz_answers_without_session(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert "Set-Cookie" not in response.headers


def test_proxy_fix_trusts_the_configured_proxy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from flask import request

    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "s" * 64)
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'proxy.sqlite'}")
    direct = create_app()
    monkeypatch.setenv("QUIZAPP_PROXY_FIX", "1")
    proxied = create_app()
    for app in (direct, proxied):
        app.add_url_rule("/client-address", "client_address", lambda: request.remote_addr or "")
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    # Without a trusted proxy a client cannot choose its own address (rate limits are per address).
    assert direct.test_client().get("/client-address", headers=headers).text == "127.0.0.1"
    assert proxied.test_client().get("/client-address", headers=headers).text == "203.0.113.9"


def test_production_checkpoints_sqlite_in_the_background(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "s" * 64)
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    assert create_app().config["CHECKPOINT_SECONDS"] == 0  # development: SQLite's own
    monkeypatch.setenv("QUIZAPP_PRODUCTION", "1")
    assert create_app().config["CHECKPOINT_SECONDS"] == 0.1
    monkeypatch.setenv("QUIZAPP_CHECKPOINT_SECONDS", "0.5")
    assert create_app().config["CHECKPOINT_SECONDS"] == 0.5


@pytest.mark.parametrize("raw", ["soon", "-1"])
def test_a_bad_number_in_the_environment_is_named(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("QUIZAPP_CHECKPOINT_SECONDS", raw)
    with pytest.raises(ConfigError, match="QUIZAPP_CHECKPOINT_SECONDS must"):
        create_app()


def test_the_command_line_names_a_bad_setting_without_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve"], env={
        "QUIZAPP_INSTANCE_PATH": str(tmp_path), "QUIZAPP_CHECKPOINT_SECONDS": "soon"})
    assert result.exit_code == 1
    assert "QUIZAPP_CHECKPOINT_SECONDS must be a number, not 'soon'" in result.output
    assert "Traceback" not in result.output


# ----------------------------------------------------------------- production over plain http

HTTPS_HINT = "sends its session cookie over HTTPS only"


@pytest.mark.parametrize(("base_url", "hinted"), [
    ("http://192.168.1.20:8000", True),   # a LAN address over plain http: the cookie is dropped
    ("https://quiz.example.org", False),
    ("http://127.0.0.1:8000", False),     # browsers keep Secure cookies on the machine itself
    ("http://localhost:8000", False),
])
def test_production_over_plain_http_says_why_forms_fail(tmp_path, base_url, hinted) -> None:
    app = make_test_app(tmp_path, SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login", base_url=base_url).get_data(as_text=True)
    assert (HTTPS_HINT in page) is hinted
    refused = client.post("/login", base_url=base_url, data={"username": "a", "password": "b"})
    assert refused.status_code == 400
    assert (HTTPS_HINT in refused.get_data(as_text=True)) is hinted


def test_development_over_plain_http_shows_no_hint(tmp_path) -> None:
    app = make_test_app(tmp_path)
    page = app.test_client().get("/login", base_url="http://192.168.1.20:5000")
    assert HTTPS_HINT not in page.get_data(as_text=True)


@pytest.fixture
def open_umask() -> Any:
    """A permissive umask (0022, Debian's default), so only the app's own modes protect."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_database_its_log_and_the_secret_key_are_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None) -> None:
    monkeypatch.delenv("QUIZAPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app()
    with app.app_context():
        db.create_all()
        db.session.add(User(username="ana", password_hash="x"))
        db.session.commit()
        instance = tmp_path / "instance"
        files = ["quizapp.sqlite", "quizapp.sqlite-wal", "quizapp.sqlite-shm", "secret_key"]
        modes = {name: stat.S_IMODE((instance / name).stat().st_mode) for name in files}
        db.engine.dispose()
    assert modes == dict.fromkeys(files, 0o600)
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    path.write_bytes(b"")
    path.chmod(0o644)
    make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
