"""The rate limiter's counters in the application's own database: ``quizapp-db://``.

A storage for the ``limits`` library (Flask-Limiter's backend) over SQLAlchemy, so that a limit
means the same whichever worker or machine answers, with no extra service (Redis stays an
option: ``QUIZAPP_RATELIMIT_STORAGE_URI=redis://...``). Fixed windows, one row per key.

Inside a request whose transaction has begun (it read the signed-in user, and on SQLite a POST
then holds the write lock) the counter joins that transaction and commits with it: a second
connection would wait for the lock the request itself holds. Otherwise (a login, checked before
the view reads anything) it is counted in a short transaction of its own, committed at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits.storage import Storage
from sqlalchemy import Connection, case, delete, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db
from quizapp.models import RateLimitCounter

COUNTERS = RateLimitCounter.__table__


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@contextmanager
def _connection() -> Iterator[Connection]:
    session = db.session
    if session.registry.has() and session().in_transaction():
        yield session.connection()
        return
    with db.engine.begin() as connection:
        yield connection


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counters`` table."""

    STORAGE_SCHEME = ["quizapp-db"]

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """What a failing database raises."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the key's counter, starting a new window when the old one ended."""
        now = time.time()
        with _connection() as connection:
            connection.execute(delete(COUNTERS).where(COUNTERS.c.expires_at < now - 3600))
            insert = postgresql_insert if connection.dialect.name == "postgresql" \
                else sqlite_insert
            stmt = insert(COUNTERS).values(key=_digest(key), count=amount,
                                           expires_at=now + expiry)
            ended = COUNTERS.c.expires_at <= now
            stmt = stmt.on_conflict_do_update(index_elements=[COUNTERS.c.key], set_={
                "count": case((ended, stmt.excluded.count),
                              else_=COUNTERS.c.count + stmt.excluded.count),
                "expires_at": case((ended, stmt.excluded.expires_at),
                                   else_=COUNTERS.c.expires_at),
            }).returning(COUNTERS.c.count)
            return int(connection.execute(stmt).scalar_one())

    def get(self, key: str) -> int:
        """The key's count in its current window (0 when none)."""
        stmt = select(COUNTERS.c.count).where(COUNTERS.c.key == _digest(key),
                                              COUNTERS.c.expires_at > time.time())
        with _connection() as connection:
            return int(connection.execute(stmt).scalar() or 0)

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now when it has none)."""
        now = time.time()
        stmt = select(COUNTERS.c.expires_at).where(COUNTERS.c.key == _digest(key),
                                                   COUNTERS.c.expires_at > now)
        with _connection() as connection:
            return float(connection.execute(stmt).scalar() or now)

    def check(self) -> bool:
        """The database answers."""
        try:
            with _connection() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter."""
        with _connection() as connection:
            return connection.execute(delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with _connection() as connection:
            connection.execute(delete(COUNTERS).where(COUNTERS.c.key == _digest(key)))
