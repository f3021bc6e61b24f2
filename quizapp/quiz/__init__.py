"""Quizzes: start, answer (six question types, and "where is it?" on the map), feedback quoting
the source, results, history."""

from quizapp.quiz.views import bp

__all__ = ["bp"]
