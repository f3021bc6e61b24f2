"""Grade quiz answers: tolerant typed answers, choices, true/false, ordering and matching.

Pure package (no flask, no sqlalchemy). The quiz views call :func:`grade`; the typed-answer
policy is in ``docs/formats-and-grading.md`` ("Typed-answer grading policy").
"""

from quizapp.grading.dispatch import grade
from quizapp.grading.outcome import Grade
from quizapp.grading.structured import (
    grade_choice,
    grade_matching,
    grade_ordering,
    grade_true_false,
)
from quizapp.grading.text import grade_text, normalise

__all__ = [
    "Grade",
    "grade",
    "grade_choice",
    "grade_matching",
    "grade_ordering",
    "grade_text",
    "grade_true_false",
    "normalise",
]
