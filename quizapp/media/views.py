"""The media route: a set's image by its hash, for users who may see the set."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, request
from flask_login import current_user, login_required

from quizapp.content import services as content
from quizapp.media.services import stored_image
from quizapp.quiz.reports import shown_prompt

bp = Blueprint("media", __name__)
bp.add_app_template_filter(shown_prompt, "shown_prompt")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: The bytes behind a hash never change: browsers may keep them (privately: sets can be drafts).
CACHE_CONTROL = "private, max-age=31536000, immutable"


@bp.get("/media/<slug>/<sha>")
@login_required  # type: ignore[untyped-decorator]
def image(slug: str, sha: str) -> Response:
    """One image of a visible set, with the type sniffed at import; 404 for anything else."""
    if not _SHA256.match(sha):
        abort(404)
    qset = content.visible_summary_or_404(current_user, slug)
    stored = stored_image(qset.id, sha)
    if stored is None:
        abort(404)
    if sha in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(stored.data, mimetype=stored.content_type)
        response.headers["Content-Disposition"] = f'inline; filename="{stored.name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(sha)
    return response
