"""Map and timeline views."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("atlas", __name__)
