"""The few statements every answer runs, sent straight to the SQLite driver.

SQLAlchemy spends about 40 µs of Python on each statement it executes (execution context,
events, result objects); sqlite3 itself takes about 10. The statements every request or every
flashcard runs (the signed-in user, the card to answer, the log insert, the card update, the
study queue, the set's summary) are compiled once by SQLAlchemy and executed on the request's
own DB-API connection, inside its transaction, with SQLAlchemy's own type conversions (UTC
datetimes, booleans, JSON); a driver error is raised as SQLAlchemy's. On other databases
(PostgreSQL) they run through SQLAlchemy as usual.

A statement runs directly when every value comes from its parameters: no Python-side defaults
to compute, no expanding ``IN`` lists, no values computed at execution (:func:`plan` refuses
the rest, which SQLAlchemy runs).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

from quizapp.extensions import db

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Plan:
    """A statement compiled for one dialect and one set of parameter names."""

    sql: str
    names: tuple[str, ...]  # in placeholder order (a name may repeat)
    fixed: Mapping[str, Any]  # values the statement itself binds (literals)
    binds: tuple[Processor, ...]  # per placeholder
    results: tuple[Processor, ...]  # per result column

    def parameters(self, params: Mapping[str, Any]) -> list[Any]:
        """The driver's positional parameters, converted as SQLAlchemy would."""
        values = []
        for name, process in zip(self.names, self.binds, strict=True):
            value = params[name] if name in params else self.fixed[name]
            values.append(value if process is None else process(value))
        return values

    def row(self, raw: tuple[Any, ...]) -> tuple[Any, ...]:
        """A driver row with SQLAlchemy's result conversions."""
        return tuple(value if process is None else process(value)
                     for process, value in zip(self.results, raw, strict=True))


def plan(statement: Executable, dialect: Dialect, names: frozenset[str]) -> Plan:
    """Compile ``statement`` for ``dialect`` with these parameter names.

    Raises:
        ValueError: The statement needs SQLAlchemy at execution time (Python-side column
            defaults, expanding ``IN`` parameters, values from a callable) or the dialect's
            placeholders are not positional.
    """
    compiled: Any = statement.compile(dialect=dialect, column_keys=sorted(names))
    if compiled.insert_prefetch or compiled.update_prefetch:
        raise ValueError("give every column a value: Python-side defaults need SQLAlchemy")
    if compiled.post_compile_params or compiled.literal_execute_params:
        raise ValueError("expanding IN parameters need SQLAlchemy")
    if compiled.positiontup is None:
        raise ValueError(f"{dialect.name} placeholders are not positional")
    positions = tuple(compiled.positiontup)
    binds = compiled.binds
    if any(bind.callable is not None for bind in binds.values()):
        raise ValueError("values computed at execution need SQLAlchemy")
    fixed = {name: bind.effective_value for name, bind in binds.items()
             if name not in names and not bind.required}  # a missing value is a KeyError
    columns = getattr(statement, "exported_columns", ())
    return Plan(
        sql=compiled.string, names=positions, fixed=fixed,
        binds=tuple(binds[name].type.dialect_impl(dialect).bind_processor(dialect)
                    for name in positions),
        results=tuple(c.type.dialect_impl(dialect).result_processor(dialect, None)
                      for c in columns))


class DirectStatement:
    """A Core statement that runs on the SQLite driver where it can (see the module's
    docstring), and through SQLAlchemy elsewhere: on other databases, and for parameters
    :func:`plan` refuses (an expanding ``IN`` list, a column left to its default)."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        # Per engine's dialect (its type processors), then per set of parameter names.
        self._plans: WeakKeyDictionary[Dialect, dict[frozenset[str], Plan | None]] = \
            WeakKeyDictionary()

    def _plan(self, connection: Connection, params: Mapping[str, Any]) -> Plan | None:
        dialect = connection.dialect
        if dialect.name != "sqlite":
            return None
        plans = self._plans.setdefault(dialect, {})
        names = frozenset(params)
        if names not in plans:
            try:
                plans[names] = plan(self.statement, dialect, names)
            except ValueError:
                plans[names] = None
        return plans[names]

    def first(self, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row (of at most a few: all are fetched, so the statement completes),
        or None."""
        connection = db.session.connection()
        found = self._plan(connection, params)
        if found is None:
            row = connection.execute(self.statement, dict(params)).first()
            return None if row is None else tuple(row)
        rows = _run(connection, found, params).fetchall()
        return found.row(rows[0]) if rows else None

    def scalar(self, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None."""
        row = self.first(params)
        return None if row is None else row[0]

    def rowcount(self, params: Mapping[str, Any]) -> int:
        """Run a write; the number of rows it changed."""
        connection = db.session.connection()
        found = self._plan(connection, params)
        if found is None:
            return int(connection.execute(self.statement, dict(params)).rowcount)
        return int(_run(connection, found, params).rowcount)


def _run(connection: Connection, found: Plan, params: Mapping[str, Any]) -> Any:
    """Execute on the driver; its errors become SQLAlchemy's, as on the other path."""
    values = found.parameters(params)
    try:
        return connection.connection.driver_connection.execute(found.sql, values)
    except sqlite3.Error as error:
        raise DBAPIError.instance(found.sql, values, error, sqlite3.Error) from error
