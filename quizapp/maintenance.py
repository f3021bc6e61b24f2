"""Database maintenance: preparing the database for a command, online backups and restores
of the SQLite database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import Engine

from quizapp.content.services import load_bundled_sets
from quizapp.database import write_unit
from quizapp.extensions import db
from quizapp.paths import migrations_dir


def prepare_database() -> list[str]:
    """Migrate the database to the newest schema and load the bundled question sets, as one
    unit of work that leaves no transaction open. Returns a line per set that changed."""
    changes: list[str] = []
    with write_unit():
        if current_app.config["AUTO_MIGRATE"]:
            upgrade(directory=str(migrations_dir()))
        if current_app.config["LOAD_BUNDLED_SETS"]:
            changes = [f"Loaded set '{s.question_set.slug}': {s.created} new, "
                       f"{s.updated} updated, {s.retired} retired, {s.unchanged} unchanged."
                       for s in load_bundled_sets() if s.changed]
            db.session.commit()
    return changes


class BackupError(RuntimeError):
    """A backup or restore cannot be done; the message says why."""


def _sqlite_path(engine: Engine) -> str:
    if engine.dialect.name != "sqlite":
        raise BackupError("backup/restore work on SQLite; for PostgreSQL use pg_dump/pg_restore")
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError("the database is in memory: nothing to back up")
    return path


def backup_sqlite(engine: Engine, output: Path) -> int:
    """Copy the live database into ``output`` page by page; writers keep working meanwhile.

    Written to a temporary file (mode 0600) and renamed, so ``output`` is never a partial copy.
    """
    source_path = _sqlite_path(engine)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.unlink(missing_ok=True)
    # The copy holds password hashes: readable by its owner only, from its first byte.
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target, pages=1024)
        pages = int(target.execute("PRAGMA page_count").fetchone()[0])
    finally:
        target.close()
        source.close()
    os.replace(tmp, output)
    return pages


def restore_sqlite(engine: Engine, backup: Path) -> None:
    """Replace the live database's content with ``backup`` (checked first) in one step."""
    target_path = _sqlite_path(engine)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup} is damaged (quick_check failed)")
        tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"users", "question_sets", "review_logs"} <= tables:
            raise BackupError(f"{backup} is not a quizapp database")
        engine.dispose()
        target = sqlite3.connect(target_path, timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} is not a readable SQLite database ({exc})") from None
    finally:
        source.close()
