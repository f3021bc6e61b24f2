"""Classes: instructors create them and assign sets; students join with a code."""

from quizapp.classes.views import bp

__all__ = ["bp"]
