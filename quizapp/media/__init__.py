"""A set's media (images imported with it), served to whoever may see the set."""

from quizapp.media.views import bp

__all__ = ["bp"]
