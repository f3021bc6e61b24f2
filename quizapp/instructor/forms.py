"""Instructor forms: set metadata, one question form per type, imports and profile drafts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from quizapp.bank.schema import CLOZE_GAP, Answer, SourceRef, question_errors
from quizapp.bank.schema import Question as BankQuestion
from quizapp.instructor import details_text


def lines(text: str | None) -> list[str]:
    """Non-empty, stripped lines of a textarea."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _distinct(items: list[str], what: str) -> None:
    if len(set(items)) != len(items):
        raise ValidationError(f"Each {what} must be different.")


class SetForm(FlaskForm):
    """A set's title, description and status."""

    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    status = SelectField("Status", choices=[
        SelectChoice("draft", "Draft (only you can see it)"),
        SelectChoice("published", "Published (students can study it)")])


class QuestionForm(FlaskForm):
    """Fields every question type has; subclasses add the answer fields of their type."""

    qtype: ClassVar[str] = ""
    label: ClassVar[str] = ""
    answer_fields: ClassVar[tuple[str, ...]] = ()
    #: The Moodle details this type can hold, shown under its answer; the others an edit keeps.
    detail_fields: ClassVar[tuple[str, ...]] = ()
    #: The stored question being edited (None for a new one): checked with its kept details.
    previous: BankQuestion | None = None

    topic = StringField("Topic", validators=[DataRequired(), Length(max=40)],
                        description="e.g. groups, leaders, regions, dates")
    prompt = TextAreaField("Question", validators=[DataRequired(), Length(max=2000)])
    explanation = TextAreaField("Explanation shown after answering",
                                validators=[Optional(), Length(max=4000)])
    section = StringField("Source section", validators=[Optional(), Length(max=200)])
    quote = TextAreaField("Source quote", validators=[Optional(), Length(max=4000)])
    tags = StringField("Tags (comma-separated)", validators=[Optional(), Length(max=400)])
    weights = TextAreaField("Partial credit (optional; one per line: answer = percent, "
                            "negative for a wrong choice)", validators=[Optional()])
    feedback = TextAreaField("Feedback per answer (optional; one per line: answer -> text; "
                             "* for any other answer)", validators=[Optional()])
    numeric = TextAreaField("Numbers that count (optional; one per line: low..high = percent, "
                            "or number = percent)", validators=[Optional()])

    def layout(self) -> list[Field]:
        """Fields in the order people fill them: topic, question, answer, then the rest."""
        names = ("topic", "prompt", *self.answer_fields, *self.detail_fields, "explanation",
                 "section", "quote", "tags")
        return [self[name] for name in names]

    def validate_weights(self, field: Field) -> None:
        """Readable ``answer = percent`` lines."""
        _readable(_DETAIL_PARSERS["weights"], field)

    def validate_feedback(self, field: Field) -> None:
        """Readable ``answer -> text`` lines."""
        _readable(_DETAIL_PARSERS["feedback"], field)

    def validate_numeric(self, field: Field) -> None:
        """Readable ``low..high = percent`` lines."""
        _readable(_DETAIL_PARSERS["numeric"], field)

    def _details(self, previous: BankQuestion | None) -> dict[str, Any]:
        """Weights, feedback and numeric ranges from the shown fields; what this type does
        not show is kept from ``previous``, and so is the rich (HTML) prompt while the
        prompt's text is unchanged (an import's formatting is never wiped by a save); a new
        text keeps the prompt's images."""
        details: dict[str, Any] = {
            name: parse(self[name].data)
            if name in self.detail_fields or previous is None else getattr(previous, name)
            for name, parse in _DETAIL_PARSERS.items()}
        details["prompt_html"] = details_text.prompt_html_after_edit(
            previous.prompt_html, previous.prompt, (self.prompt.data or "").strip()
        ) if previous is not None else ""
        return details

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        """The answer, choices and accepted aliases from the type's fields."""
        raise NotImplementedError

    def load(self, question: BankQuestion) -> None:
        """Fill the form from a stored question (for editing)."""
        self.topic.data, self.prompt.data = question.topic, question.prompt
        self.explanation.data = question.explanation
        self.section.data, self.quote.data = question.source.section, question.source.quote
        self.tags.data = ", ".join(question.tags)
        self.weights.data = details_text.format_weights(question.weights)
        self.feedback.data = details_text.format_feedback(question.feedback)
        self.numeric.data = details_text.format_numeric(question.numeric)
        if question.prompt_html:
            self.prompt.description = ("This question also has a formatted version (from its "
                                       "import). It is kept while you leave this text as it "
                                       "is; change the text and the plain text replaces it.")

    def to_question(self, key: str, previous: BankQuestion | None = None) -> BankQuestion:
        """The question these fields describe, under ``key``."""
        answer, choices, accept = self.answer_parts(previous)
        tags = [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]
        return BankQuestion(
            key=key, topic=(self.topic.data or "").strip(), type=self.qtype,
            prompt=(self.prompt.data or "").strip(), answer=answer, accept=tuple(accept),
            choices=tuple(choices), explanation=(self.explanation.data or "").strip(),
            source=SourceRef(section=(self.section.data or "").strip(),
                             quote=(self.quote.data or "").strip()),
            tags=tuple(tags), **self._details(previous),
        )

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the bank format's own rules for the whole question."""
        if not super().validate(extra_validators):
            return False
        problems = question_errors(self.to_question("check", self.previous))
        self.form_errors.extend(problems)
        return not problems


_DETAIL_PARSERS: dict[str, Callable[[str | None], Any]] = {
    "weights": details_text.parse_weights,
    "feedback": details_text.parse_feedback,
    "numeric": details_text.parse_numeric,
}


def _readable(parse: Callable[[str | None], Any], field: Field) -> None:
    try:
        parse(field.data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class _AcceptMixin:
    accept = TextAreaField("Also accept (one per line)", validators=[Optional()])


class MultipleChoiceForm(_AcceptMixin, QuestionForm):
    """One correct option and at least two wrong ones."""

    qtype, label = "multiple_choice", "Multiple choice"
    answer_fields = ("correct", "wrong", "accept")
    detail_fields = ("weights", "feedback")
    correct = StringField("Correct option", validators=[DataRequired(), Length(max=300)])
    wrong = TextAreaField("Wrong options (one per line, at least 2)", validators=[DataRequired()])

    def validate_wrong(self, field: Field) -> None:
        """At least two distinct wrong options, none equal to the correct one."""
        wrong = lines(field.data)
        if len(wrong) < 2:
            raise ValidationError("Give at least 2 wrong options.")
        _distinct(wrong, "wrong option")
        if (self.correct.data or "").strip() in wrong:
            raise ValidationError("A wrong option repeats the correct one: exactly one option "
                                  "may be correct.")

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        correct = (self.correct.data or "").strip()
        options = [correct, *lines(self.wrong.data)]
        if previous is not None and set(previous.choices) == set(options):
            options = list(previous.choices)  # unchanged options keep the order students saw
        else:
            options = _place_correct(options[1:], correct, self.prompt.data or "")
        return correct, options, lines(self.accept.data)

    def load(self, question: BankQuestion) -> None:
        super().load(question)
        self.correct.data = str(question.answer)
        self.wrong.data = "\n".join(c for c in question.choices if c != question.answer)
        self.accept.data = "\n".join(question.accept)


def _place_correct(wrong: list[str], correct: str, prompt: str) -> list[str]:
    # A position fixed by the prompt: the correct option is not always first, yet stable.
    digest = hashlib.blake2b(prompt.encode("utf-8"), digest_size=4).digest()
    index = int.from_bytes(digest, "big") % (len(wrong) + 1)
    return [*wrong[:index], correct, *wrong[index:]]


class MultipleResponseForm(QuestionForm):
    """Checkboxes: every right option must be ticked (Moodle's multiple-answer choice)."""

    qtype, label = "multiple_response", "Multiple response (tick all that apply)"
    answer_fields = ("right", "wrong")
    detail_fields = ("weights", "feedback")
    right = TextAreaField("Right options (one per line)", validators=[DataRequired()])
    wrong = TextAreaField("Wrong options (one per line)", validators=[Optional()])

    def validate_wrong(self, field: Field) -> None:
        """At least two options in all, each listed once."""
        options = [*lines(self.right.data), *lines(field.data)]
        if len(options) < 2:
            raise ValidationError("Give at least 2 options in all.")
        _distinct(options, "option")

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        right = lines(self.right.data)
        options = [*right, *lines(self.wrong.data)]
        if previous is not None and set(previous.choices) == set(options):
            options = list(previous.choices)  # unchanged options keep the order students saw
        else:
            options = sorted(options, key=lambda o: _stable_rank(self.prompt.data or "", o))
        return right, options, []

    def load(self, question: BankQuestion) -> None:
        super().load(question)
        right = question.answer if isinstance(question.answer, list) else []
        self.right.data = "\n".join(right)
        self.wrong.data = "\n".join(c for c in question.choices if c not in right)


def _stable_rank(prompt: str, option: str) -> bytes:
    # Right options are not always first, yet every save of the same text keeps one order.
    return hashlib.blake2b(f"{prompt}\0{option}".encode(), digest_size=4).digest()


class TrueFalseForm(QuestionForm):
    """A statement that is true or false."""

    qtype, label = "true_false", "True / false"
    answer_fields = ("truth",)
    detail_fields = ("feedback",)
    truth = RadioField("The statement is",
                       choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
                       validators=[DataRequired()])

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        return self.truth.data == "true", [], []

    def load(self, question: BankQuestion) -> None:
        super().load(question)
        self.truth.data = "true" if question.answer is True else "false"


class ShortAnswerForm(_AcceptMixin, QuestionForm):
    """A typed answer, with aliases that also count."""

    qtype, label = "short_answer", "Short answer"
    answer_fields = ("answer", "accept")
    detail_fields = ("weights", "feedback", "numeric")
    answer = StringField("Answer", validators=[DataRequired(), Length(max=300)])

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        return (self.answer.data or "").strip(), [], lines(self.accept.data)

    def load(self, question: BankQuestion) -> None:
        super().load(question)
        self.answer.data = str(question.answer)
        self.accept.data = "\n".join(question.accept)


class ClozeForm(ShortAnswerForm):
    """A sentence with a gap (``____``) to fill in."""

    qtype, label = "cloze", "Fill in the gap"

    def validate_prompt(self, field: Field) -> None:
        """The sentence must show where the gap is."""
        if CLOZE_GAP not in (field.data or ""):
            raise ValidationError(f"Mark the gap with {CLOZE_GAP} (four underscores).")


class OrderingForm(QuestionForm):
    """Items to put in order (at least three)."""

    qtype, label = "ordering", "Ordering"
    answer_fields = ("items",)
    items = TextAreaField("Items in the correct order (one per line, at least 3)",
                          validators=[DataRequired()])

    def validate_items(self, field: Field) -> None:
        """At least three distinct items."""
        items = lines(field.data)
        if len(items) < 3:
            raise ValidationError("Give at least 3 items to order.")
        _distinct(items, "item")

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        return lines(self.items.data), [], []

    def load(self, question: BankQuestion) -> None:
        super().load(question)
        self.items.data = "\n".join(question.answer) if isinstance(question.answer, list) else ""


PAIR_ARROW = "->"


class MatchingForm(QuestionForm):
    """Pairs to match (at least two), written ``left -> right``, and optional distractors:
    extra right-hand items that match no left item (stored as the question's choices)."""

    qtype, label = "matching", "Matching"
    answer_fields = ("pairs", "distractors")
    pairs = TextAreaField("Pairs, one per line as: left -> right (at least 2)",
                          validators=[DataRequired()])
    distractors = TextAreaField(
        "Extra right-hand items (optional; one per line)", validators=[Optional()],
        description="Offered among the right-hand items but matching no left item: "
                    "students must rule them out.")

    def validate_pairs(self, field: Field) -> None:
        """Every line is a pair; at least two; both sides distinct."""
        rows = lines(field.data)
        for number, row in enumerate(rows, 1):
            left, arrow, right = row.partition(PAIR_ARROW)
            if not arrow or not left.strip() or not right.strip():
                raise ValidationError(f"Line {number} is not written as: left -> right.")
        if len(rows) < 2:
            raise ValidationError("Give at least 2 pairs.")
        pairs = self._pairs()
        _distinct([left for left, _ in pairs], "left-hand item")
        _distinct([right for _, right in pairs], "right-hand item")

    def validate_distractors(self, field: Field) -> None:
        """Each extra item listed once and none of them the match of a pair."""
        extras = lines(field.data)
        _distinct(extras, "extra right-hand item")
        matched = {right for _, right in self._pairs()}
        repeated = [extra for extra in extras if extra in matched]
        if repeated:
            raise ValidationError(f"{repeated[0]!r} already matches a left item: an extra item "
                                  "must match none.")

    def _pairs(self) -> list[tuple[str, str]]:
        split = (row.partition(PAIR_ARROW) for row in lines(self.pairs.data))
        return [(left.strip(), right.strip()) for left, _, right in split]

    def answer_parts(self, previous: BankQuestion | None) -> tuple[Answer, list[str], list[str]]:
        return dict(self._pairs()), lines(self.distractors.data), []

    def load(self, question: BankQuestion) -> None:
        super().load(question)
        answer = question.answer if isinstance(question.answer, dict) else {}
        self.pairs.data = "\n".join(f"{k} {PAIR_ARROW} {v}" for k, v in answer.items())
        self.distractors.data = "\n".join(question.choices)


QUESTION_FORMS: dict[str, type[QuestionForm]] = {
    form.qtype: form
    for form in (MultipleChoiceForm, MultipleResponseForm, TrueFalseForm, ShortAnswerForm,
                 ClozeForm, OrderingForm, MatchingForm)
}


NEW_SET = SelectChoice("", "A new set")


class ImportForm(FlaskForm):
    """An uploaded file and where its questions go."""

    file = FileField("File (.yaml, .json, .csv, .gift, .txt, .tsv, .xml or .apkg)")
    target = SelectField("Import into", choices=[NEW_SET], validate_choice=True)
    title = StringField("Title of the new set (optional)", validators=[Optional(), Length(max=200)])
    separator = SelectField("Flashcard text (Anki, Quizlet): front and back split by", choices=[
        SelectChoice("", "Tell by the file (Anki's header, else a tab)"),
        SelectChoice("tab", "Tab"), SelectChoice("comma", "Comma"),
        SelectChoice("semicolon", "Semicolon"), SelectChoice("pipe", "| (pipe)")],
        default="", validators=[Optional()])

    def validate_file(self, field: Field) -> None:
        """A file must be chosen."""
        if not getattr(field.data, "filename", ""):
            raise ValidationError("Choose a file to import.")


class GenerateForm(FlaskForm):
    """Profile text, pasted or uploaded, for a generated draft set."""

    title = StringField("Title (optional)", validators=[Optional(), Length(max=200)])
    text = TextAreaField("Profile text", validators=[Length(max=1_000_000)])
    file = FileField("…or upload the profile as a .txt file")

    def validate_text(self, field: Field) -> None:
        """Either pasted text or a file."""
        if not (field.data or "").strip() and not getattr(self.file.data, "filename", ""):
            raise ValidationError("Paste the profile text or choose a .txt file.")
