"""Engine tuning and the transaction policy: SQLite pragmas, transactions that take SQLite's
write lock only inside a unit of work that writes, and checkpoints of SQLite's write-ahead log
away from the requests."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Engine, event

from quizapp.extensions import db

log = logging.getLogger(__name__)
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
View = TypeVar("View", bound=Callable[..., Any])

# Set inside write_unit(): the command's transactions write.
_IN_WRITE_UNIT: ContextVar[bool] = ContextVar("quizapp_in_write_unit", default=False)


FALLBACK_CHECKPOINT_PAGES = 10_000  # 40 MB of log at 4 KiB pages


def tune_engine(engine: Engine) -> None:
    """Apply SQLite pragmas and immediate transactions; other databases are left as they are."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "do_connect", _private_file_first)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin)


def _private_file_first(_dialect: Any, _record: Any, cargs: Any, _cparams: Any) -> None:
    # Opened at the first connection, not when the app is built: a refused start (production
    # without a secret key) leaves no file behind.
    if cargs and isinstance(cargs[0], str):
        private_sqlite_file(cargs[0])


def private_sqlite_file(path: str) -> None:
    """Create an SQLite database file readable by its owner only (0600) before SQLite does,
    and tighten an existing one: it holds password hashes. SQLite gives the -wal and -shm
    files the database file's mode."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.chmod(path + suffix, 0o600)
    except OSError:  # a folder that does not exist yet, or someone else's file: SQLite says
        return


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
    # A checkpoint copies the log back into the database file and syncs it (milliseconds of
    # disk wait). SQLite's default runs one inside the commit that passes 1,000 pages: about
    # every hundred answers, a request waits. A server runs them in the background instead
    # (start_checkpoints); this larger bound is the fallback, for one-off commands, and for a
    # log that constant readers keep from restarting (its pages are then already copied).
    cursor.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_CHECKPOINT_PAGES}")
    cursor.close()


def begins_writing() -> bool:
    """The transaction policy, in one place: does the transaction beginning now write?

    Yes in a unit of work that writes: a request whose method may change state (POST, PUT,
    PATCH, DELETE; no route changes state on GET), or a command's block inside
    :func:`write_unit`. On SQLite such a transaction takes the write lock when it begins, so
    writers queue (busy timeout) instead of failing half way. Everything else begins deferred
    and holds no lock while it reads: pages, start-up, background threads, a command's reads,
    and the views marked :func:`reads_before_writing` until they call :func:`begin_write`
    (the imports, which parse a large file before they write, and a flashcard answer, which
    reads the signed-in user and the set first, then reads, schedules and writes the card in
    one writing transaction). A request that has called :func:`finish_writing` only reads
    from then on: the page it shows after its writes holds no lock while it is built.
    """
    if has_request_context():
        if request.method in _READ_ONLY_METHODS or g.get("quizapp_writes_done", False):
            return False
        view = current_app.view_functions.get(request.endpoint or "")
        return not getattr(view, "reads_before_writing", False)
    return _IN_WRITE_UNIT.get()


@contextmanager
def write_unit() -> Iterator[None]:
    """Run a command's writes as one unit of work: its transactions take SQLite's write lock
    when they begin, and when the block ends the session is closed (what was not committed is
    rolled back), so no transaction, and no lock, outlives the block. Nested units share the
    outermost one."""
    if _IN_WRITE_UNIT.get():
        yield
        return
    token = _IN_WRITE_UNIT.set(True)
    try:
        yield
    finally:
        db.session.close()
        _IN_WRITE_UNIT.reset(token)


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
        driver = connection.connection.driver_connection
        assert driver is not None  # checked out: the session's connection is open
        driver.execute("COMMIT")
        driver.execute("BEGIN IMMEDIATE")


def finish_writing() -> None:
    """Commit the request's unit of work; the transactions it begins after this only read
    (on SQLite they begin deferred, so the write lock is released before the response is
    built, and the other workers' writers need not wait for it).

    What the request loaded stays loaded (not expired by the commit): the page it draws next
    reads the signed-in user again, which would otherwise cost one more query (0.17 ms, 6 % of
    an answer in place). Nothing it shows is stale: its writes are flushed, and it writes no
    more.
    """
    session = db.session()
    session.expire_on_commit = False  # this request's session only: it ends with the request
    session.commit()
    g.quizapp_writes_done = True


# SQLite's "database is locked" / "database table is locked", PostgreSQL's lock_not_available.
_LOCK_TIMEOUT_SQLSTATES = frozenset({"55P03"})


def is_lock_timeout(error: BaseException) -> bool:
    """True when a statement failed only because the database was busy: it waited for a lock
    (SQLite's busy timeout, PostgreSQL's lock_timeout) and did not get it. Retrying is safe."""
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.OperationalError):
        primary = getattr(original, "sqlite_errorcode", 0) & 0xFF  # extended codes too
        return primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return getattr(original, "sqlstate", None) in _LOCK_TIMEOUT_SQLSTATES


def _sqlite_begin(connection: Any) -> None:
    # A deferred transaction that reads then writes fails at once with "database is locked"
    # under WAL whatever the busy timeout; a writing one takes the lock up front.
    # Sent straight to the driver: this runs on every request that touches the database.
    connection.connection.driver_connection.execute(
        "BEGIN IMMEDIATE" if begins_writing() else "BEGIN")


class _Checkpointer:
    """A daemon thread per process that checkpoints an SQLite database every few seconds, on
    its own connection. PASSIVE checkpoints never block readers or writers; with several
    worker processes, one checkpoints at a time and the others find nothing left to do."""

    def __init__(self, path: str, interval: float) -> None:
        self.path, self.interval = path, interval
        self._pid: int | None = None
        self._stopped = threading.Event()

    def ensure_running(self) -> None:
        """Start the thread in this process (once; again in each forked worker)."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True).start()

    def stop(self) -> None:
        """End the thread after its current checkpoint."""
        self._stopped.set()

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            while not self._stopped.wait(self.interval):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    log.exception("checkpoint of %s failed", self.path)
        finally:
            connection.close()


def start_checkpoints(app: Flask, engine: Engine, interval: float) -> None:
    """Checkpoint an SQLite file database in the background while the app serves requests
    (the thread starts with the first request of each process, so forked workers get theirs)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return
    checkpointer = _Checkpointer(path, interval)
    app.extensions["quizapp_checkpoints"] = checkpointer
    app.before_request(checkpointer.ensure_running)
