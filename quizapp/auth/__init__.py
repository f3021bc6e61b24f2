"""Accounts: register, log in, log out, change password, delete account."""

from quizapp.auth.views import bp

__all__ = ["bp"]
