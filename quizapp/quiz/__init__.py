"""Quizzes: start, answer (six question types), feedback quoting the source, results, history."""

from quizapp.quiz.views import bp

__all__ = ["bp"]
