"""Quiz views."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("quiz", __name__, url_prefix="/quiz")
