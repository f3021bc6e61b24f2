"""Class views."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("classes", __name__, url_prefix="/classes")
