"""Instructor views."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("instructor", __name__, url_prefix="/instructor")
