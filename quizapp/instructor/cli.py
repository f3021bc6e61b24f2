"""``quizapp import FILE``: the web import from the command line (same parsers and services)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from quizapp.content.services import get_set
from quizapp.database import write_unit
from quizapp.extensions import db
from quizapp.imports import ImportFormatError, ParsedImport, parse_upload
from quizapp.instructor import importing, services
from quizapp.maintenance import prepare_database
from quizapp.models import User

NO_OWNER_NOTE = ("Note: without --owner nobody owns this set: it is a draft that only admins can "
                 "see (under /instructor) and publish. To give a new set to an instructor, "
                 "import it with --owner USERNAME.")

BUNDLED_NOTE = ("'{slug}' is a bundled set: it is reloaded from questions/{slug}.yaml at every "
                "start, which would undo this import, so it is read-only. Nothing was imported. "
                "Import into a copy instead (Copy on the set's page), or without --set for a "
                "new set.")


def _owner(username: str | None) -> User | None:
    if username is None:
        return None
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    if not user.is_instructor:
        raise click.ClickException(f"{username!r} is a student; only instructors own sets")
    return user


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--set", "slug", help="Import into this existing set (default: a new set).")
@click.option("--owner", help="Username of the instructor who owns a new set (without it, only "
              "admins see the new draft).")
@click.option("--title", default="", help="Title of a new set (default: from the file).")
@click.option("--separator", default=None, help="Read a text file as front/back flashcards "
              "split by this (tab, comma, semicolon, pipe or one character), as Quizlet "
              "exports them; Anki's plain-text exports and tab-separated files need none.")
@with_appcontext
def import_command(file: Path, slug: str | None, owner: str | None, title: str,
                   separator: str | None) -> None:
    """Import a bank YAML/JSON, CSV, Moodle GIFT, Moodle XML, flashcard text (Anki, Quizlet)
    or Anki .apkg file, all or nothing."""
    for line in prepare_database():  # a fresh database works too
        click.echo(line)
    try:
        parsed = parse_upload(file.name, file.read_bytes(),
                              slug_hint=services.slugify(file.stem),
                              max_questions=current_app.config["IMPORT_MAX_QUESTIONS"],
                              separator=separator)
    except ImportFormatError as exc:
        raise click.ClickException(f"{file.name}: {exc}. Nothing was imported.") from None
    with write_unit():
        _save_import(parsed, file.name, slug=slug, owner=owner, title=title)


def _save_import(parsed: ParsedImport, filename: str, *, slug: str | None, owner: str | None,
                 title: str) -> None:
    user = _owner(owner)
    target = get_set(slug) if slug else None
    if slug and target is None:
        raise click.ClickException(f"no set with the slug {slug!r}")
    if target is not None and target.bundled:
        raise click.ClickException(BUNDLED_NOTE.format(slug=target.slug))
    plan = importing.plan_import(parsed, target=target, title=title, filename=filename)
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    # Saved in short transactions: students keep answering while a big file goes in.
    with click.progressbar(length=len(plan.questions), label="Saving questions") as bar:
        qset = importing.save_import(plan, owner=user, on_progress=bar.update)
    click.echo(f"Set '{qset.slug}' ({qset.status}): {len(plan.created)} new, "
               f"{len(plan.updated)} updated, {plan.unchanged} unchanged.")
    if target is None and user is None:
        click.echo(NO_OWNER_NOTE)
    elif target is not None and user is not None:
        click.echo(f"Note: --owner is ignored when importing into an existing set; "
                   f"'{qset.slug}' keeps its owner.")
