"""The quiz start form (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.atlas.where import LABEL as WHERE_LABEL
from quizapp.atlas.where import WHERE_IS_IT
from quizapp.quiz.services import QuizConfig

TYPE_LABELS = {
    "multiple_choice": "Multiple choice", "multiple_response": "Multiple response",
    "true_false": "True or false",
    "short_answer": "Short answer", "cloze": "Fill the gap", "ordering": "Put in order",
    "matching": "Matching", WHERE_IS_IT: WHERE_LABEL,
}


class CheckboxesField(SelectMultipleField):
    """Several choices shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StartForm(FlaskForm):
    """How many questions, which topics and types, and when to show feedback."""

    count = IntegerField("Number of questions", default=10,
                         validators=[InputRequired("Enter a number from 1 to 50."),
                                     NumberRange(1, 50, "Enter a number from 1 to 50.")])
    topics = CheckboxesField("Topics", validators=[DataRequired("Choose at least one topic.")])
    types = CheckboxesField("Question types",
                            validators=[DataRequired("Choose at least one question type.")])
    due_only = BooleanField("Only cards that are due or that I missed last time")
    feedback = RadioField("Show feedback", default="each",
                          choices=[SelectChoice("each", "After each question"),
                                   SelectChoice("end", "At the end")])

    @classmethod
    def for_set(cls, topics: list[str], types: list[str]) -> StartForm:
        """The form with the set's topics and types offered, all ticked by default."""
        form = cls(data={"topics": topics, "types": types})
        form.topics.choices = [SelectChoice(t, t.replace("_", " ").capitalize()) for t in topics]
        form.types.choices = [SelectChoice(t, TYPE_LABELS.get(t, t)) for t in types]
        return form

    def config(self) -> QuizConfig:
        """The validated choices as a quiz configuration."""
        return QuizConfig(count=self.count.data or 10, topics=tuple(self.topics.data or ()),
                          types=tuple(self.types.data or ()), due_only=bool(self.due_only.data),
                          feedback=self.feedback.data or "each")
