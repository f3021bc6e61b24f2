"""The live quiz's forms: a student joins with a PIN; an instructor sets up a game
(CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from quizapp.live.services import (
    DEFAULT_COUNT,
    NAME_LENGTH,
    PIN_DIGITS,
    SECONDS_CHOICES,
    HostChoices,
)
from quizapp.models import QuestionSet, SchoolClass


class JoinForm(FlaskForm):
    """The game's PIN and the name the leaderboard shows."""

    pin = StringField("Game PIN", validators=[
        DataRequired("Enter the PIN shown on the screen."),
        Regexp(rf"^\s*\d{{{PIN_DIGITS}}}\s*$",
               message=f"The PIN is {PIN_DIGITS} digits, as shown on the screen.")],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12})
    name = StringField("Your name on the leaderboard", validators=[
        DataRequired("Choose a name for the leaderboard."),
        Length(max=NAME_LENGTH, message=f"At most {NAME_LENGTH} characters.")],
        render_kw={"maxlength": NAME_LENGTH, "autocomplete": "nickname"})


class HostForm(FlaskForm):
    """Which set (and class), how many questions, how long for each, names on the board."""

    set_slug = SelectField("Question set", validators=[DataRequired("Choose a set.")])
    class_id = SelectField("Class", coerce=int, default=0)
    count = IntegerField("Number of questions", default=DEFAULT_COUNT, validators=[
        InputRequired("Enter a number from 1 to 30."),
        NumberRange(1, 30, "Enter a number from 1 to 30.")])
    most_missed = BooleanField("Ask the questions this class missed most (when it has "
                               "quiz results)")
    seconds = SelectField("Time per question", coerce=int, default=20,
                          choices=[SelectChoice(s, f"{s} seconds") for s in SECONDS_CHOICES])
    hide_names = BooleanField("Hide names on the projector (players still see their own rank)")

    @classmethod
    def for_host(cls, sets: Sequence[QuestionSet], taught: Sequence[SchoolClass], *,
                 set_slug: str = "", class_id: int | None = None) -> HostForm:
        """The form offering the host's visible sets and classes, preselected from a link."""
        form = cls()
        form.set_slug.choices = [SelectChoice(s.slug, s.title) for s in sets]
        form.class_id.choices = [SelectChoice(0, "No class (anyone with the PIN)"),
                                 *(SelectChoice(k.id, k.name) for k in taught)]
        if not form.is_submitted():
            if set_slug:
                form.set_slug.data = set_slug
            if class_id:
                form.class_id.data = class_id
        return form

    def choices(self) -> HostChoices:
        """The validated options."""
        return HostChoices(count=self.count.data or DEFAULT_COUNT,
                           seconds=self.seconds.data or 20,
                           hide_names=bool(self.hide_names.data),
                           most_missed=bool(self.most_missed.data))
