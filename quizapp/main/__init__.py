"""Home page, set pages, health check."""

from quizapp.main.views import bp

__all__ = ["bp"]
