"""Moodle GIFT export of a bank (pure).

Every type GIFT can express is written as that type, with ``// [id:key] [tag:...]`` and one
``$CATEGORY:`` line per run of questions of the same topic. GIFT has no ordering type: those
questions become a ``//`` comment block listing the items, so they are visible, never dropped
(Moodle skips them; quizapp's importer reads them back). A cloze whose gap starts the question
is written as Moodle exports a missing-word question: ``_____`` in the text, answers last.
A matching question's distractors are written as Moodle writes them, ``= -> item``.
Text is marked ``[plain]``, so a ``<script>`` in a question reaches Moodle as text, not markup.
What GIFT cannot carry (source quote and section, aliases of a multiple-choice answer) goes in a
``// quizapp: {json}`` comment that Moodle ignores and quizapp's importer reads back.
"""

from __future__ import annotations

import json
from typing import Any

from quizapp.bank.schema import CLOZE_GAP, OTHER_ANSWER, Bank, Question, question_to_dict
from quizapp.imports.common import topic_name
from quizapp.imports.gift import CATEGORY_TAG, META_PREFIX, MOODLE_BLANK, ORDERING_MARK
from quizapp.imports.gift_answers import moodle_grade
from quizapp.imports.gift_syntax import escape

_NATIVE_ACCEPT = ("short_answer", "cloze")


def bank_to_gift(bank: Bank) -> str:
    """The whole bank as GIFT text, questions in bank order."""
    title = _one_line(bank.info.title)
    parts = [f"// {title} ({bank.info.slug}), exported by quizapp"]
    if bank.info.source.attribution:
        parts[0] += f"\n// Source: {_one_line(bank.info.source.attribution)}"
    category: str | None = None
    for question in bank.questions:
        if category_path(question, bank.info.slug) != category:
            category = category_path(question, bank.info.slug)
            parts.append(f"$CATEGORY: $course$/top/{category}")
        parts.append(question_to_gift(question, slug=bank.info.slug))
    return "\n\n".join(parts) + "\n"


def category_path(question: Question, slug: str) -> str:
    """The Moodle category: the one the question was imported from, else set/topic."""
    for tag in question.tags:
        if tag.startswith(CATEGORY_TAG) and _one_line(tag) == tag:
            return tag.removeprefix(CATEGORY_TAG)
    return f"{slug}/{_category(question.topic)}"


def question_to_gift(question: Question, *, slug: str = "") -> str:
    """One question as a GIFT block (or a comment block for an ordering question)."""
    if question.type == "ordering":
        return _ordering_comment(question)
    lines = [" ".join([f"// [id:{question.key}]", *_tag_marks(question)])]
    meta = _meta(question, slug)
    if meta:
        lines.append(f"// {META_PREFIX} {json.dumps(meta, ensure_ascii=False, sort_keys=True)}")
    # [plain]: Moodle shows the text (and, by default, the answers) as written, never as HTML.
    title = f"::{escape(question.key)}::[plain]"
    before, _, after = question.prompt.partition(CLOZE_GAP)
    if question.type == "cloze" and before.strip() and after.strip():
        lines.append(f"{title}{escape(before)}{_block(question)}{escape(after)}")
    elif question.type == "cloze":
        # A gap that starts or ends the question: as Moodle exports a missing-word question
        # (its blank in the text, the answers last). GIFT readers other than Moodle's need
        # text before '{', and with nothing after '}' Moodle would show no blank at all.
        text = before + MOODLE_BLANK + after
        lines.append(f"{title}{escape(text)} {_block(question)}")
    else:
        lines.append(f"{title}{escape(question.prompt)} {_block(question)}")
    return "\n".join(lines)


def _block(question: Question) -> str:
    """The ``{...}`` answer block."""
    general = f"####{escape(question.explanation)}" if question.explanation else ""
    answer = question.answer
    if question.type == "true_false":
        return "{" + ("TRUE" if answer else "FALSE") + _truth_feedback(question) + general + "}"
    if question.type == "matching" and isinstance(answer, dict):
        rows = [f"\t={escape(left)} -> {escape(right)}" for left, right in answer.items()]
        rows += [f"\t= -> {escape(extra)}" for extra in question.choices]  # distractors
        return _multiline(rows, general)
    if question.type in ("multiple_choice", "multiple_response"):
        return _multiline([f"\t{_choice_mark(question, c)}{_with_feedback(question, c)}"
                           for c in question.choices], general)
    if question.numeric:
        rows = [f"\t=%{_percent(r.percent)}%{r.low}..{r.high}"
                + _feedback_mark(question, r.label) for r in question.numeric]
        if question.feedback.get(OTHER_ANSWER):
            rows.append(f"\t~{_feedback_mark(question, OTHER_ANSWER)}")
        return "{#\n" + "\n".join([*rows, *([f"\t{general}"] if general else [])]) + "\n}"
    rights = [f"={_weight_mark(question, r)}{_with_feedback(question, r)}"
              for r in (str(answer), *question.accept)]
    return "{" + " ".join([*rights, general]).strip() + "}"


def _choice_mark(question: Question, choice: str) -> str:
    if question.type == "multiple_choice" and choice == question.answer:
        return "="
    if question.type == "multiple_response":
        weight = question.weights.get(choice)
        if weight is None:  # no weights: the grader's own default, written out for Moodle
            right = question.answer if isinstance(question.answer, list) else []
            share = 100 / len(right) if right else 0
            weight = share if choice in right else -share
        return f"~%{_percent(weight)}%"
    return "~" + _weight_mark(question, choice)


def _weight_mark(question: Question, answer: str) -> str:
    weight = question.weights.get(answer)
    return "" if weight is None else f"%{_percent(weight)}%"


def _percent(weight: float) -> str:
    """The weight as Moodle's import accepts it: one of its grades (the exact weight, when it
    is not one, travels in the quizapp comment)."""
    grade = moodle_grade(weight)
    return str(int(grade)) if float(grade).is_integer() else f"{grade:.5f}".rstrip("0")


def _with_feedback(question: Question, answer: str) -> str:
    return escape(answer) + _feedback_mark(question, answer)


def _feedback_mark(question: Question, answer: str) -> str:
    text = question.feedback.get(answer)
    return f"#{escape(text)}" if text else ""


def _truth_feedback(question: Question) -> str:
    """Moodle's ``#wrong#right`` feedback of a true/false question."""
    given_right = "true" if question.answer else "false"
    given_wrong = "false" if question.answer else "true"
    wrong, right = question.feedback.get(given_wrong, ""), question.feedback.get(given_right, "")
    if not wrong and not right:
        return ""
    return f"#{escape(wrong)}" + (f"#{escape(right)}" if right else "")


def _multiline(rows: list[str], general: str) -> str:
    if general:
        rows = [*rows, f"\t{general}"]
    return "{\n" + "\n".join(rows) + "\n}"


def _tag_marks(question: Question) -> list[str]:
    if not _tags_fit(question):
        return []
    return [f"[tag:{tag}]" for tag in question.tags]


def _tags_fit(question: Question) -> bool:
    """Tags survive as ``[tag:x]`` marks: no brackets, line breaks or outer spaces in them."""
    return all(
        tag and tag == tag.strip() and not any(c in tag for c in "[]\r\n") for tag in question.tags
    )


def _meta(question: Question, slug: str) -> dict[str, Any]:
    """Fields the GIFT text cannot carry for this question (empty when none)."""
    meta: dict[str, Any] = {}
    if question.prompt_html:
        meta["prompt_html"] = question.prompt_html
    if question.accept and question.type not in _NATIVE_ACCEPT:
        meta["accept"] = list(question.accept)
    if question.source.section or question.source.quote:
        meta["source"] = {"section": question.source.section, "quote": question.source.quote}
    own_category = CATEGORY_TAG + category_path(question, slug)
    if not _tags_fit(question) or own_category not in question.tags:
        meta["tags"] = list(question.tags)  # the reader would add the category as a tag
    if topic_name(_category(question.topic)) != question.topic:
        meta["topic"] = question.topic
    if any(moodle_grade(w) != w for w in question.weights.values()):
        meta["weights"] = dict(question.weights)  # Moodle reads the nearest of its grades
    return meta


def _category(topic: str) -> str:
    return _one_line(topic).replace("/", "-")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ordering_comment(question: Question) -> str:
    """A comment block Moodle skips, naming the question and its items for a reader, with the
    whole question as ``// quizapp: {"question": ...}`` for quizapp's importer."""
    items = question.answer if isinstance(question.answer, list) else []
    whole = json.dumps({"question": question_to_dict(question)}, ensure_ascii=False,
                       sort_keys=True)
    lines = [
        f"// {ORDERING_MARK}: GIFT has no ordering type.",
        f"// id: {question.key} | topic: {_one_line(question.topic)}",
        f"// Put in order: {_one_line(question.prompt)}",
        *(f"//   {n}. {_one_line(item)}" for n, item in enumerate(items, start=1)),
    ]
    if question.explanation:
        lines.append(f"// Explanation: {_one_line(question.explanation)}")
    lines.append(f"// {META_PREFIX} {whole}")
    return "\n".join(lines)
