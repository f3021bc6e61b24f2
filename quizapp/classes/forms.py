"""Class forms (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length


class ClassForm(FlaskForm):
    """A new class's name."""

    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])


class JoinForm(FlaskForm):
    """The join code a student got from the instructor."""

    code = StringField("Join code", validators=[DataRequired(), Length(max=20)])


class AssignForm(FlaskForm):
    """A set to assign to the class (choices filled by the view)."""

    set_id = SelectField("Question set", coerce=int, validate_choice=True)
