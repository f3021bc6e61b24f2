"""Download views for set exports."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("export", __name__)
