"""Import views (upload → preview → confirm) and drafts generated from a profile text.

Between preview and confirmation the upload waits in a private folder under the instance path,
bound to the uploader by a random token; nothing is written to the database before confirming.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice

from quizapp.bank.generator import ProfileError
from quizapp.database import reads_before_writing
from quizapp.extensions import db
from quizapp.imports import ImportFormatError, ParsedImport, parse_upload
from quizapp.instructor import importing, services, staging
from quizapp.instructor.forms import NEW_SET, GenerateForm, ImportForm
from quizapp.instructor.views import bp, load_set
from quizapp.models import QuestionSet


def _uploads() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _parse(filename: str, data: bytes, separator: str = "") -> ParsedImport:
    """The parsed file; ImportFormatError names the line or note at fault."""
    return parse_upload(filename, data, slug_hint=services.slugify(Path(filename).stem),
                        max_questions=current_app.config["IMPORT_MAX_QUESTIONS"],
                        separator=separator or None)


def _format_error(filename: str, exc: ImportFormatError) -> str:
    return f"{filename}: {exc}. Nothing was imported."


def _refused(template: str, form: FlaskForm, field: Field, message: str) -> tuple[str, int]:
    """The form again with ``message`` by ``field``, as a 400: nothing was imported."""
    field.errors = [*field.errors, message]
    return render_template(template, form=form), 400


def _target(slug: str) -> QuestionSet | None:
    return load_set(slug, write=True) if slug else None


def _staged(token: str) -> staging.StagedUpload:
    upload = staging.load(_uploads(), token, current_user.id)
    if upload is None:
        abort(404)
    return upload


@bp.route("/import", methods=["GET", "POST"])
@reads_before_writing  # writes no row: parsing a big file must not hold the write lock
def import_upload() -> Any:
    """Upload a bank YAML/JSON, CSV, GIFT or .apkg file; a valid file goes to the preview."""
    form = ImportForm(target=request.args.get("target", ""))
    form.target.choices = [NEW_SET, *(SelectChoice(s.slug, s.title)
                                      for s in services.own_sets(current_user))]
    if form.validate_on_submit():
        filename = Path(form.file.data.filename or "upload").name
        data = form.file.data.read()
        separator = form.separator.data or ""
        try:
            _parse(filename, data, separator)
        except ImportFormatError as exc:
            return _refused("instructor/import.html", form, form.file, _format_error(filename, exc))
        _target(form.target.data or "")
        token = staging.stage(_uploads(), staging.StagedUpload(
            current_user.id, filename, form.target.data or "", form.title.data or "", data,
            separator))
        return redirect(url_for("instructor.import_preview", token=token))
    return render_template("instructor/import.html", form=form)


def _plan(upload: staging.StagedUpload) -> importing.ImportPlan:
    # The upload parsed when it was staged; a failure now (a changed limit) is a plain 400.
    try:
        parsed = _parse(upload.filename, upload.data, upload.separator)
    except ImportFormatError as exc:
        abort(400, description=_format_error(upload.filename, exc))
    return importing.plan_import(parsed, target=_target(upload.target), title=upload.title,
                                 filename=upload.filename)


@bp.get("/import/<token>")
def import_preview(token: str) -> str:
    """What the import will create and update, with a button to confirm it."""
    upload = _staged(token)
    return render_template("instructor/import_preview.html", token=token, upload=upload,
                           plan=_plan(upload))


@bp.post("/import/<token>")
@reads_before_writing
def import_confirm(token: str) -> Any:
    """Save the previewed import, all or nothing, in short transactions (students' answers
    get the write lock between them; reading and parsing hold none)."""
    upload = _staged(token)
    plan = _plan(upload)
    qset = importing.save_import(plan, owner=current_user)
    staging.discard(_uploads(), token)
    flash(f"Imported {len(plan.created)} new and {len(plan.updated)} updated questions.",
          "success")
    return redirect(url_for("instructor.set_detail", slug=qset.slug))


@bp.post("/import/<token>/cancel")
def import_cancel(token: str) -> Any:
    """Drop a previewed upload without importing it."""
    _staged(token)
    staging.discard(_uploads(), token)
    flash("Import cancelled; nothing was imported.", "info")
    return redirect(url_for("instructor.index"))


def _profile_text(form: GenerateForm) -> str:
    """The pasted text or the uploaded file's (UnicodeDecodeError when it is not UTF-8)."""
    upload = form.file.data
    if getattr(upload, "filename", ""):
        return str(upload.read().decode("utf-8-sig"))
    return form.text.data or ""


@bp.route("/generate", methods=["GET", "POST"])
def generate_draft() -> Any:
    """Generate a draft set from a pasted or uploaded profile text."""
    form = GenerateForm()
    if form.validate_on_submit():
        try:
            text = _profile_text(form)
        except UnicodeDecodeError:
            return _refused("instructor/generate.html", form, form.file,
                            "The profile file is not UTF-8 text; save it as UTF-8.")
        try:
            qset = importing.generate_draft(current_user, text, title=form.title.data or "")
        except ProfileError as exc:
            return _refused("instructor/generate.html", form, form.text,
                            f"The profile could not be used: {exc}. Nothing was saved.")
        db.session.commit()
        flash("Draft generated. Review, edit or delete its questions, then publish it.", "success")
        return redirect(url_for("instructor.set_detail", slug=qset.slug))
    return render_template("instructor/generate.html", form=form)
