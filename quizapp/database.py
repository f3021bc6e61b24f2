"""Engine tuning: SQLite pragmas and BEGIN IMMEDIATE for write-safe concurrency."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy import Engine, event

_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def tune_engine(engine: Engine) -> None:
    """Apply SQLite pragmas and immediate transactions; other databases are left as they are."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin_immediate)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (below); pysqlite's implicit BEGIN is DEFERRED.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads then writes fails at once with "database is locked"
    # under WAL whatever the busy timeout; taking the write lock up front makes writers queue.
    # Safe-method requests never write (no state change on GET), so they read concurrently.
    if has_request_context() and request.method in _READ_ONLY_METHODS:
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
