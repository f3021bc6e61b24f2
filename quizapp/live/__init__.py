"""Live class quizzes: an instructor hosts, students answer on their phones, and every answer
moves the student's own flashcard schedule (as a quiz answer does)."""

from quizapp.live.views import bp

__all__ = ["bp"]
