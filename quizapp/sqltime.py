"""Portable SQL date arithmetic: datetime columns to and from seconds since the epoch."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[float]):  # noqa: N801 - reads like a SQL function
    """``epoch_seconds(column)``: a UTC datetime column as seconds since 1970 (float)."""

    type = Float()
    inherit_cache = True


@compiles(epoch_seconds)
def _epoch_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff+00:00'; julianday understands it.
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


class from_epoch(FunctionElement[Any]):  # noqa: N801 - reads like a SQL function
    """``from_epoch(seconds)``: a timestamp comparable with a UTC datetime column.

    On SQLite it is the text 'YYYY-MM-DD HH:MM:SS', which sorts against the stored
    'YYYY-MM-DD HH:MM:SS.ffffff' exactly as the instants do for whole seconds.
    """

    inherit_cache = True


@compiles(from_epoch)
def _from_epoch_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_timestamp({compiler.process(element.clauses, **kw)})"


@compiles(from_epoch, "sqlite")
def _from_epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"datetime({compiler.process(element.clauses, **kw)}, 'unixepoch')"
