"""The ``quizapp`` command line: serve, generate, import, export, users, backups.

Commands call the same services as the web UI; each commits once at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from quizapp.database import write_unit
from quizapp.extensions import db


def _create_app() -> Flask:
    from quizapp import create_app
    from quizapp.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:  # a setting to fix, not a bug: no traceback
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True,
             add_version_option=False)
def main() -> None:
    """quizapp: study organized crime from published country profiles."""


def prepare_database() -> None:
    """Migrate the database and load the bundled sets, saying which sets changed."""
    from quizapp.maintenance import prepare_database as prepare

    for line in prepare():
        click.echo(line)


@click.command("setup")
@with_appcontext
def setup() -> None:
    """Migrate the database and load the bundled question sets, then exit."""
    prepare_database()
    click.echo("Database ready.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--production", is_flag=True, envvar="QUIZAPP_PRODUCTION",
              help="Run gunicorn (one worker per core) with debug off.")
@click.option("--workers", default=0, type=int, help="gunicorn workers (default: one per core).")
@with_appcontext
def serve(host: str, port: int, production: bool, workers: int) -> None:
    """Migrate, load the bundled sets, and serve the app."""
    if production:
        _refuse_bad_production_config()
    prepare_database()
    # The serving processes open their own connections (gunicorn's workers after the fork).
    db.engine.dispose()
    click.echo(f"Instance folder (database, secret key, config.py): {current_app.instance_path}")
    click.echo(f"quizapp is running on http://{host}:{port}/  (Ctrl+C to stop)")
    if production:
        _warn_about_plain_http(host)
        _run_gunicorn(host, port, workers or (os.cpu_count() or 1))
    else:
        # app.run() refuses to start inside a Flask CLI command; call werkzeug directly.
        from werkzeug.serving import run_simple

        run_simple(host, port, current_app._get_current_object(), threaded=True)


def _refuse_bad_production_config() -> None:
    """Build the app the workers will build, before touching the database: a missing secret
    key is a message now, not a traceback from every worker later."""
    from quizapp import create_app
    from quizapp.config import ConfigError

    os.environ["QUIZAPP_PRODUCTION"] = "1"
    try:
        create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _warn_about_plain_http(host: str) -> None:
    """Production session cookies are Secure: browsers keep them only over HTTPS (or on the
    machine itself), so a LAN address over plain http cannot log anyone in."""
    from quizapp.web import LOOPBACK_HOSTS

    if host not in LOOPBACK_HOSTS:
        click.echo(f"Note: --production sends session cookies over HTTPS only. Put a TLS proxy "
                   f"in front (README, 'Production'); over plain http://{host} browsers drop the "
                   f"cookie and every form fails. To try the app on a LAN, run 'quizapp serve' "
                   f"without --production.", err=True)


def _run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    class _App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            os.environ["QUIZAPP_PRODUCTION"] = "1"
            from quizapp import create_app

            return create_app()

    _App().run()


@click.command("create-user")
@click.option("--username", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(["student", "instructor", "admin"]), default="student",
              show_default=True)
@click.option("--email", default="")
@with_appcontext
def create_user(username: str, password: str, role: str, email: str) -> None:
    """Create an account (e.g. the first instructor or admin)."""
    from quizapp.auth.services import AccountError
    from quizapp.auth.services import create_user as create

    prepare_database()
    with write_unit():
        try:
            create(username, password, role=role, email=email)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    click.echo(f"Created {role} '{username}'.")


@click.command("generate")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Bank file to write (default: print to standard output).")
@click.option("--slug", help="Set slug (default: the source file's name).")
@click.option("--title", help="Set title (default: derived from the profile).")
@click.option("--report", is_flag=True, help="Print counts per topic and type and unused facts.")
def generate(source: Path, output: Path | None, slug: str | None, title: str | None,
             report: bool) -> None:
    """Generate a question bank (YAML) from a profile text, deterministically."""
    from quizapp.bank.generator import ProfileError, read_profile
    from quizapp.bank.generator import generate as run
    from quizapp.bank.schema import dump_bank

    try:
        result = run(read_profile(source), slug=slug or _slug_from(source), title=title)
    except (ProfileError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    text = dump_bank(result.bank)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"))
        click.echo(f"Wrote {len(result.bank.questions)} questions to {output}", err=True)
    if report:
        click.echo(result.report(), err=output is None)


@click.command("export-anki")
@click.argument("slug")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .apkg file to write.")
@with_appcontext
def export_anki(slug: str, output: Path) -> None:
    """Export a question set as an Anki package (.apkg)."""
    from quizapp.content.services import get_set
    from quizapp.export.services import set_apkg

    prepare_database()
    qset = get_set(slug)
    if qset is None:
        raise click.ClickException(f"No set with slug {slug!r}. Sets: {_set_slugs()}")
    write_atomically(output, set_apkg(qset))
    click.echo(f"Wrote {len([q for q in qset.questions if not q.retired])} notes to {output}")


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(output: Path) -> None:
    """Copy the SQLite database with SQLite's online backup API (safe while serving)."""
    from quizapp.maintenance import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(db.engine, output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backed up {pages} pages to {output}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(source: Path, yes: bool) -> None:
    """Replace the database's content with a backup made by 'quizapp backup'."""
    from quizapp.maintenance import BackupError, restore_sqlite

    if not yes:
        click.confirm("This replaces every account, set and review with the backup's. Go on?",
                      abort=True)
    try:
        restore_sqlite(db.engine, source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored the database from {source}")


def _set_slugs() -> str:
    from sqlalchemy import select

    from quizapp.models import QuestionSet

    return ", ".join(db.session.execute(select(QuestionSet.slug)).scalars()) or "none"


def _slug_from(path: Path) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "profile"


def _plain_file_mode() -> int:
    """The mode a new file gets from open(): 0666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename: never a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _plain_file_mode())  # mkstemp's 0600 would hide the file from others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _register_commands() -> None:
    from quizapp.instructor.cli import import_command

    for command in (serve, setup, generate, create_user, export_anki, backup, restore,
                    import_command):
        main.add_command(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
