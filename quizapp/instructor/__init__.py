"""Instructor area: question sets, editor, imports, drafts from a profile, analytics."""

# The view modules register their routes on ``bp`` when imported.
from quizapp.instructor import import_views, question_views, report_views  # noqa: F401
from quizapp.instructor.views import bp

__all__ = ["bp"]
