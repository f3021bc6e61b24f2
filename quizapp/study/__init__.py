"""Flashcards: the study queue, reviews, undo, bury/suspend, settings and the progress dashboard."""

from quizapp.study.views import bp

__all__ = ["bp"]
