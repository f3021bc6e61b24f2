"""Class forms (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

DUE_DATE_MESSAGE = "Enter the due date as a real date, for example 2026-12-09."
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE = date(2100, 12, 31)


class DueDateField(DateField):
    """An optional <input type="date">; what is not a real date gets one clear message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(DUE_DATE_MESSAGE) from error


def _plausible(form: FlaskForm, field: DueDateField) -> None:
    if field.data is not None and not EARLIEST_DUE <= field.data <= LATEST_DUE:
        raise ValidationError(DUE_DATE_MESSAGE)


def _due_field() -> DueDateField:
    return DueDateField("Due date (optional)", validators=[Optional(), _plausible])


class ClassForm(FlaskForm):
    """A new class's name."""

    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])


class JoinForm(FlaskForm):
    """The join code a student got from the instructor."""

    code = StringField("Join code", validators=[DataRequired(), Length(max=20)])


class AssignForm(FlaskForm):
    """A set to assign to the class (choices filled by the view)."""

    set_id = SelectField("Question set", coerce=int, validate_choice=True)
    due_on = _due_field()


class DueDateForm(FlaskForm):
    """Change an assigned set's due date; empty (or the Clear button) clears it."""

    due_on = _due_field()
    clear = SubmitField("Clear")
