"""Admin area: user accounts (roles, deactivation)."""

from quizapp.admin.views import bp

__all__ = ["bp"]
