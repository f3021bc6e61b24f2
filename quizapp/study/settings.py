"""A student's study settings: daily limits, desired retention, maximum interval, time zone."""

from __future__ import annotations

import functools
from typing import Any

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import User

SETTING_NAMES = frozenset({"new_per_day", "max_reviews_per_day", "desired_retention",
                           "maximum_interval", "timezone", "quiz_uses_new_limit"})


def scheduler_settings(user: User) -> srs.SchedulerSettings:
    """The student's FSRS settings."""
    return _settings(user.desired_retention, user.maximum_interval)


@functools.lru_cache(maxsize=64)
def _settings(retention: float, maximum_interval: int) -> srs.SchedulerSettings:
    # One settings object per distinct choice, so srs can reuse its cached scheduler.
    return srs.SchedulerSettings(desired_retention=retention, maximum_interval=maximum_interval)


def update_settings(user: User, **values: Any) -> None:
    """Change study settings (already validated by the form)."""
    for name, value in values.items():
        if name not in SETTING_NAMES:
            raise ValueError(f"unknown setting {name}")
        setattr(user, name, value)
    srs.SchedulerSettings(desired_retention=user.desired_retention,
                          maximum_interval=user.maximum_interval)
    db.session.flush()
