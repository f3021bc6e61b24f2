"""Login throttling by name and address together (OWASP ASVS V2.2), counted in the database.

Every failed login, for an account that exists or not, counts against two keys: the username
from this address, and the username from anywhere. The first gets an exponential delay once it
passes a few free failures, so a stranger guessing from one address slows down without locking
the owner, who logs in from elsewhere. The second is a ceiling per username and hour against
guessing from many addresses. Unknown names are throttled exactly like real ones, so neither the
answer nor its timing says which names exist. Services flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from quizapp.extensions import db
from quizapp.models import LoginThrottle


@dataclass(frozen=True)
class ThrottlePolicy:
    """How failed logins slow down further attempts.

    Attributes:
        free_failures: Failures of one name from one address before the delays start.
        first_delay: The wait after the last free failure; it doubles with each further one.
        max_delay: The longest wait of one name from one address.
        name_ceiling: Failures of one name from all addresses per ``window`` before every
            address waits for the window to end (ASVS 2.2.1: at most 100 an hour).
        window: How long failures are remembered.
    """

    free_failures: int = 5
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(minutes=15)
    name_ceiling: int = 100
    window: timedelta = timedelta(hours=1)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ThrottlePolicy:
        """The policy set by ``LOGIN_*`` configuration values."""
        return cls(free_failures=int(config["LOGIN_FREE_FAILURES"]),
                   first_delay=timedelta(seconds=float(config["LOGIN_FIRST_DELAY_SECONDS"])),
                   max_delay=timedelta(seconds=float(config["LOGIN_MAX_DELAY_SECONDS"])),
                   name_ceiling=int(config["LOGIN_NAME_CEILING"]))

    def delay(self, failures: int) -> timedelta | None:
        """The wait after ``failures`` failures of one name from one address, if any."""
        if failures < self.free_failures:
            return None
        doublings = min(failures - self.free_failures, 20)
        return min(self.first_delay * 2**doublings, self.max_delay)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def throttle_keys(username: str, address: str) -> tuple[str, str]:
    """The keys of the name-and-address pair and of the name alone."""
    name = username.strip().lower()
    return _digest("pair", name, address), _digest("name", name)


def wait_seconds(username: str, address: str, *, now: datetime) -> int:
    """Seconds before this name may try again from this address (0: now)."""
    waits = [0.0]
    for key in throttle_keys(username, address):
        row = db.session.get(LoginThrottle, key)
        if row is not None and row.expires_at > now and row.blocked_until is not None:
            waits.append((row.blocked_until - now).total_seconds())
    return math.ceil(max(waits))


def record_failure(username: str, address: str, *, now: datetime,
                   policy: ThrottlePolicy) -> None:
    """Count a failed login of this name from this address (whether the account exists)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.expires_at <= now))
    pair_key, name_key = throttle_keys(username, address)
    pair = _fresh_row(pair_key, now=now, window=policy.window)
    pair.failures += 1
    delay = policy.delay(pair.failures)
    pair.blocked_until = now + delay if delay else None
    pair.expires_at = max(now, pair.blocked_until or now) + policy.window
    name = _fresh_row(name_key, now=now, window=policy.window)
    name.failures += 1
    if name.failures >= policy.name_ceiling:
        name.blocked_until = name.expires_at
    db.session.flush()


def record_success(username: str, address: str) -> None:
    """Forget this pair's failures (the name's count stays: it ages out with its window)."""
    pair_key, _ = throttle_keys(username, address)
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == pair_key))


def _fresh_row(key: str, *, now: datetime, window: timedelta) -> LoginThrottle:
    """The row for ``key``, locked for update; created, or reset when it expired."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(insert(LoginThrottle).values(
        key=key, failures=0, blocked_until=None, expires_at=now + window,
    ).on_conflict_do_nothing())
    row = db.session.get_one(LoginThrottle, key, with_for_update=True, populate_existing=True)
    if row.expires_at <= now:
        row.failures, row.blocked_until, row.expires_at = 0, None, now + window
    return row
