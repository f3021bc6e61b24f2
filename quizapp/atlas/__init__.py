"""Where and when: a map of the places the profile names and a timeline of its dated events."""

from quizapp.atlas.views import bp

__all__ = ["bp"]
