"""Engine tuning: SQLite pragmas, and transactions that take SQLite's write lock when needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, has_request_context, request
from sqlalchemy import Engine, event

from quizapp.extensions import db

_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
View = TypeVar("View", bound=Callable[..., Any])


def tune_engine(engine: Engine) -> None:
    """Apply SQLite pragmas and immediate transactions; other databases are left as they are."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (below); pysqlite's implicit BEGIN is DEFERRED.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Reads through memory-mapped pages (no read() call per page; 128 MB, as Rails 8 sets) and
    # a 32 MB page cache per connection.
    cursor.execute("PRAGMA mmap_size=134217728")
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.close()


def reads_before_writing(view: View) -> View:
    """Mark a view that reads in a shared transaction and calls :func:`begin_write` before
    its first write, so that SQLite's single write lock is held only for the writes."""
    view.reads_before_writing = True  # type: ignore[attr-defined]
    return view


def begin_write() -> None:
    """End the request's read transaction and take the write lock (SQLite); what was read
    stays loaded, what is read from here on is current and cannot change under the writes.
    PostgreSQL needs nothing: its writers lock rows, not the database."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin(connection: Any) -> None:
    # A deferred transaction that reads then writes fails at once with "database is locked"
    # under WAL whatever the busy timeout; taking the write lock up front makes writers queue.
    # Safe-method requests never write (no state change on GET), so they read concurrently,
    # as do views marked reads_before_writing until they call begin_write().
    # Sent straight to the driver: this runs on every request that touches the database.
    deferred = has_request_context() and (request.method in _READ_ONLY_METHODS or getattr(
        current_app.view_functions.get(request.endpoint or ""), "reads_before_writing", False))
    connection.connection.driver_connection.execute("BEGIN" if deferred else "BEGIN IMMEDIATE")
