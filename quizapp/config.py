"""Configuration: defaults, then the instance config file, then QUIZAPP_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

DEFAULTS: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    # The limiter's counters in the application's database (quizapp.ratelimit); redis://...
    # for large deployments, memory:// counts per process.
    "RATELIMIT_STORAGE_URI": "quizapp-db://",
    "RATELIMIT_HEADERS_ENABLED": False,
    "PRODUCTION": False,
    "LOAD_BUNDLED_SETS": True,
    # Commands migrate the database first; test apps build it with create_all instead.
    "AUTO_MIGRATE": True,
    # Failed logins (quizapp.auth.throttle): free failures of one name from one address, the
    # wait after them (doubling up to the maximum), and failures of one name per hour from
    # all addresses before every address waits.
    "LOGIN_FREE_FAILURES": 5,
    "LOGIN_FIRST_DELAY_SECONDS": 30,
    "LOGIN_MAX_DELAY_SECONDS": 900,
    "LOGIN_NAME_CEILING": 100,
    # Login requests per address, whatever the names (Flask-Limiter, quizapp-db:// counters).
    "LOGIN_LIMIT_PER_ADDRESS": "60 per minute",
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0 = none).
    "PROXY_FIX": 0,
    # Seconds between background checkpoints of an SQLite database; 0 for none; unset: 0.1 in
    # production, else none (quizapp.database.start_checkpoints).
    "CHECKPOINT_SECONDS": None,
    # Class joins (guessing a join code): tries per student and per address.
    "CLASS_JOIN_LIMIT_PER_STUDENT": "20 per hour",
    "CLASS_JOIN_LIMIT_PER_ADDRESS": "100 per hour",
    # Live game joins (guessing a PIN among a million): tries per student and per address (a
    # class of 300 behind one school address joins within the second limit).
    "LIVE_JOIN_LIMIT_PER_STUDENT": "20 per 10 minutes",
    "LIVE_JOIN_LIMIT_PER_ADDRESS": "1000 per hour",
    # Questions one imported file may hold (quizapp.imports.common.MAX_QUESTIONS).
    "IMPORT_MAX_QUESTIONS": 10_000,
}

#: QUIZAPP_<NAME> environment variables read into config; values are strings unless listed in _BOOL.
ENV_KEYS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "RATELIMIT_STORAGE_URI",
    "PRODUCTION",
    "MAX_CONTENT_LENGTH",
    "PROXY_FIX",
    "CHECKPOINT_SECONDS",
    "IMPORT_MAX_QUESTIONS",
)
_BOOL = {"PRODUCTION"}
_INT = {"MAX_CONTENT_LENGTH", "PROXY_FIX", "IMPORT_MAX_QUESTIONS"}
_FLOAT = {"CHECKPOINT_SECONDS"}

# Small, frequent checkpoints: the benchmark's review p99 fell from about 47 ms (every second) to
# about 40 ms (every 0.1 s); a checkpoint with nothing to copy takes about 0.1 ms.
PRODUCTION_CHECKPOINT_SECONDS = 0.1


def _env_overrides() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in ENV_KEYS:
        raw = os.environ.get(f"QUIZAPP_{key}")
        if raw is None:
            continue
        if key in _BOOL:
            values[key] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif key in _INT or key in _FLOAT:
            values[key] = _number(key, raw)
        else:
            values[key] = raw
    return values


def _number(key: str, raw: str) -> int | float:
    convert = int if key in _INT else float
    try:
        value = convert(raw)
    except ValueError:
        raise ConfigError(f"QUIZAPP_{key} must be a number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"QUIZAPP_{key} must not be negative")
    return value


def _instance_secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, creating it (mode 0600) on first start."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Apply defaults, instance config, environment and test config, then derive the rest."""
    app.config.from_mapping(DEFAULTS)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(_env_overrides())
    else:
        app.config.update(test_config)
    if app.config["PRODUCTION"]:
        _check_production(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)
    url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'quizapp.sqlite'}"
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", url)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"]))
    if app.config["CHECKPOINT_SECONDS"] is None:
        app.config["CHECKPOINT_SECONDS"] = PRODUCTION_CHECKPOINT_SECONDS \
            if app.config["PRODUCTION"] else 0
    if app.config["PRODUCTION"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    if app.config["PROXY_FIX"]:
        _trust_proxies(app, int(app.config["PROXY_FIX"]))
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("quizapp-db://"):
        import quizapp.ratelimit  # noqa: F401  (defining its storage registers quizapp-db://)


def _engine_options(url: str) -> dict[str, Any]:
    """A server database's connections can drop between requests: test each on checkout.
    An SQLite file cannot, so its requests skip that extra round trip."""
    return {} if url.startswith("sqlite") else {"pool_pre_ping": True}


def _trust_proxies(app: Flask, hops: int) -> None:
    """Take the client address, scheme and host from the proxies' X-Forwarded-* headers."""
    app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
        app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete."""


def _check_production(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        raise ConfigError("production mode needs QUIZAPP_SECRET_KEY (a long random string)")
    if app.debug:
        raise ConfigError("production mode refuses to run with debug on")
