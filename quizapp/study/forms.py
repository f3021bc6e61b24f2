"""Study forms."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange


class RatingForm(FlaskForm):
    """One flashcard answer: which card, how well, and a client id that makes it idempotent."""

    question_id = HiddenField(validators=[DataRequired()])
    rating = HiddenField(validators=[DataRequired()])
    client_id = HiddenField(validators=[DataRequired()])
    duration_ms = HiddenField()


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
