"""Flashcard study views."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("study", __name__)
