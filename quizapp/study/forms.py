"""Study forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, HiddenField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange


@dataclass(frozen=True)
class RatingPost:
    """One flashcard answer: which card, how well, and a client id that makes it idempotent."""

    question_id: int
    rating: int
    client_id: str
    duration_ms: int | None

    MAX_DURATION_MS: ClassVar[int] = 3_600_000


def parse_rating(form: Mapping[str, str]) -> RatingPost | None:
    """The posted answer, or None if a field is missing or malformed. (The busiest form: read
    straight from the request; CSRFProtect has already checked its token, as on every POST.)"""
    question_id, rating = form.get("question_id", ""), form.get("rating", "")
    client_id, duration = form.get("client_id", "").strip(), form.get("duration_ms", "")
    if not question_id.isdigit() or rating not in ("1", "2", "3", "4") or not client_id:
        return None
    duration_ms = min(int(duration), RatingPost.MAX_DURATION_MS) if duration.isdigit() else None
    return RatingPost(int(question_id), int(rating), client_id[:64], duration_ms)


class CardActionForm(FlaskForm):
    """Bury or suspend the shown card."""

    question_id = HiddenField(validators=[DataRequired()])


def _zones() -> list[str]:
    # Plain strings: tuple choices are deprecated in WTForms 3.3.
    return [z for z in sorted(available_timezones()) if "/" in z and not z.startswith("Etc/")]


class SettingsForm(FlaskForm):
    """A student's daily limits, desired retention and time zone."""

    new_per_day = IntegerField("New cards per day",
                               validators=[InputRequired(), NumberRange(0, 9999)])
    max_reviews_per_day = IntegerField("Maximum reviews per day",
                                       validators=[InputRequired(), NumberRange(0, 99999)])
    desired_retention = DecimalField(
        "Desired retention", places=2,
        validators=[InputRequired(), NumberRange(0.70, 0.97, "Choose between 0.70 and 0.97.")])
    maximum_interval = IntegerField("Maximum interval (days)",
                                    validators=[InputRequired(), NumberRange(1, 36500)])
    timezone = SelectField("Time zone (your day starts at 4 AM there)", choices=_zones(),
                           validators=[DataRequired()])
    quiz_uses_new_limit = BooleanField("Quiz answers use up the day's new cards")
