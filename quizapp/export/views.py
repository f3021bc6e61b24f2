"""Download views: any visible set as an Anki deck or tab-separated text; a student's own deck."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from quizapp.content import services as content
from quizapp.export import services
from quizapp.export.tsv import bank_to_tsv

bp = Blueprint("export", __name__)
APKG_MIMETYPE = "application/apkg"


def attachment(data: bytes | str, filename: str, mimetype: str) -> Response:
    """A download response (never rendered inline by the browser)."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/sets/<slug>/export.apkg")
@login_required
def download_apkg(slug: str) -> Response:
    """The set as an Anki package; re-importing a newer one updates notes in place."""
    qset = content.visible_set_or_404(current_user, slug)
    return attachment(services.set_apkg(qset), f"{qset.slug}.apkg", APKG_MIMETYPE)


@bp.get("/sets/<slug>/export.tsv")
@login_required
def download_tsv(slug: str) -> Response:
    """The set as front<TAB>back text for Anki's "Import File" or Quizlet."""
    qset = content.visible_set_or_404(current_user, slug)
    text = bank_to_tsv(content.to_bank(qset))
    return attachment(text, f"{qset.slug}.txt", "text/tab-separated-values; charset=utf-8")


@bp.get("/my-deck.apkg")
@login_required
def my_deck() -> Response | BaseResponse:
    """The sets the student studies, as one Anki package with suspended cards tagged."""
    sets = services.studied_sets(current_user)
    if not sets:
        flash("Study a few cards first: your deck holds the sets you study.", "info")
        return redirect(url_for("study.progress"))
    return attachment(services.my_deck_apkg(current_user, sets), "my-quizapp-deck.apkg",
                      APKG_MIMETYPE)
