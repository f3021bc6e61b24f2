"""Typed SQLAlchemy 2 models, one module per domain."""

from quizapp.models.base import Base, UTCDateTime, utcnow
from quizapp.models.classes import ClassMember, ClassSet, SchoolClass
from quizapp.models.content import Question, QuestionSet
from quizapp.models.limits import LoginThrottle, RateLimitCounter
from quizapp.models.live import LiveAnswer, LivePlayer, LiveSession
from quizapp.models.media import MediaFile
from quizapp.models.quiz import QuizAnswer, QuizAttempt
from quizapp.models.staging import ImportJob, StagedQuestion
from quizapp.models.study import Card, ReviewLog
from quizapp.models.users import ROLES, User

__all__ = [
    "Base", "UTCDateTime", "utcnow", "ClassMember", "ClassSet", "SchoolClass", "Question",
    "QuestionSet", "QuizAnswer", "QuizAttempt", "Card", "ReviewLog", "ROLES", "User",
    "LoginThrottle", "RateLimitCounter",
    "ImportJob", "StagedQuestion", "MediaFile", "LiveAnswer", "LivePlayer", "LiveSession",
]
