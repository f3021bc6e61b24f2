"""Instructor area: question sets, editor, imports, drafts from a profile, analytics."""

from quizapp.instructor.views import bp

__all__ = ["bp"]
