"""Moodle XML export of a bank (pure, standard library): the format Moodle's question bank
imports and backs up to (question/format/xml/format.php).

A ``category`` question before each run of one topic (the imported Moodle category when the
question has one), then per type: ``multichoice`` (``single`` false for multiple response, the
fractions from the weights), ``truefalse``, ``shortanswer`` (a cloze as Moodle's missing word:
``_____`` in the text), ``numerical`` (each range as its midpoint and tolerance), ``matching``
(``subquestion`` pairs). Moodle's core has no ordering type: an ordering question becomes an
XML comment naming it and its items, never a silent drop. Text is HTML-escaped (a
``<script>`` in a prompt stays text); a rich prompt goes as its sanitized HTML.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import cast

from quizapp.bank.schema import CLOZE_GAP, OTHER_ANSWER, Bank, NumericRange, Question
from quizapp.export.gift import category_path
from quizapp.imports.gift import MOODLE_BLANK


def bank_to_moodle_xml(bank: Bank) -> str:
    """The whole bank as a Moodle XML ``<quiz>`` document, questions in bank order."""
    quiz = ET.Element("quiz")
    category: str | None = None
    for question in bank.questions:
        path = category_path(question, bank.info.slug)
        if path != category:
            category = path
            quiz.append(_category(path))
        quiz.append(question_element(question))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _category(path: str) -> ET.Element:
    element = ET.Element("question", type="category")
    _text(ET.SubElement(element, "category"), f"$course$/top/{path}")
    return element


def question_element(question: Question) -> ET.Element:
    """One question as Moodle XML (a comment for an ordering question)."""
    if question.type == "ordering":
        items = question.answer if isinstance(question.answer, list) else []
        listing = "; ".join(f"{n}. {item}" for n, item in enumerate(items, 1))
        note = (f" ORDERING QUESTION {question.key}, NOT EXPORTED: Moodle has no ordering type. "
                f"{question.prompt} {listing} ")
        return cast(ET.Element, ET.Comment(note.replace("--", "- -")))
    kind = _MOODLE_TYPES.get(question.type, "shortanswer")
    if question.numeric:
        kind = "numerical"
    element = ET.Element("question", type=kind)
    _text(ET.SubElement(element, "name"), question.key)
    _html(element, "questiontext", _prompt_html(question))
    _html(element, "generalfeedback", html.escape(question.explanation))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "idnumber").text = question.key
    _BODIES[kind](element, question)
    tags = ET.SubElement(element, "tags")
    for tag in question.tags:
        _text(ET.SubElement(tags, "tag"), tag)
    return element


_MOODLE_TYPES = {"multiple_choice": "multichoice", "multiple_response": "multichoice",
                 "true_false": "truefalse", "matching": "matching"}


def _prompt_html(question: Question) -> str:
    if question.prompt_html:
        return question.prompt_html
    prompt = question.prompt
    if question.type == "cloze":
        prompt = prompt.replace(CLOZE_GAP, MOODLE_BLANK, 1)
    return html.escape(prompt).replace("\n", "<br>")


def _text(parent: ET.Element, value: str) -> None:
    ET.SubElement(parent, "text").text = value


def _html(parent: ET.Element, tag: str, markup: str) -> ET.Element:
    element = ET.SubElement(parent, tag, format="html")
    _text(element, markup)
    return element


def _answer(parent: ET.Element, text: str, fraction: float, feedback: str = "", *,
            typed: bool = False) -> ET.Element:
    """An ``<answer>``: HTML for a choice, the plain text a student types when ``typed``."""
    answer = ET.SubElement(parent, "answer", fraction=_fraction(fraction),
                           format="moodle_auto_format" if typed else "html")
    _text(answer, text if typed else html.escape(text))
    _html(answer, "feedback", html.escape(feedback))
    return answer


def _fraction(percent: float) -> str:
    return format(Decimal(str(round(percent, 7))).normalize(), "f")


def _choice(element: ET.Element, question: Question) -> None:
    single = question.type == "multiple_choice"
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    right = question.answer if isinstance(question.answer, list) else [question.answer]
    share = 100.0 / len(right) if right else 0.0
    for choice in question.choices:
        default = (100.0 if single else share) if choice in right else (0.0 if single else -share)
        _answer(element, choice, question.weights.get(choice, default),
                question.feedback.get(choice, ""))


def _true_false(element: ET.Element, question: Question) -> None:
    for value in (True, False):
        word = "true" if value else "false"
        _answer(element, word, 100.0 if question.answer is value else 0.0,
                question.feedback.get(word, ""))


def _short_answer(element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "usecase").text = "0"
    for text in (str(question.answer), *question.accept):
        _answer(element, text, question.weights.get(text, 100.0), question.feedback.get(text, ""),
                typed=True)
    if question.feedback.get(OTHER_ANSWER):
        _answer(element, "*", 0.0, question.feedback[OTHER_ANSWER], typed=True)


def _numerical(element: ET.Element, question: Question) -> None:
    for numeric in question.numeric:
        answer = _answer(element, "", numeric.percent, question.feedback.get(numeric.label, ""),
                         typed=True)
        answer.find("text").text, tolerance = _midpoint(numeric)  # type: ignore[union-attr]
        ET.SubElement(answer, "tolerance").text = tolerance
    if question.feedback.get(OTHER_ANSWER):
        _answer(element, "*", 0.0, question.feedback[OTHER_ANSWER], typed=True)


def _midpoint(numeric: NumericRange) -> tuple[str, str]:
    low, high = Decimal(numeric.low), Decimal(numeric.high)
    return format((low + high) / 2, "f"), format((high - low) / 2, "f")


def _matching(element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    pairs = question.answer if isinstance(question.answer, dict) else {}
    for left, right in pairs.items():
        sub = _html(element, "subquestion", html.escape(left))
        _text(ET.SubElement(sub, "answer"), right)


_BODIES = {"multichoice": _choice, "truefalse": _true_false, "shortanswer": _short_answer,
           "numerical": _numerical, "matching": _matching}
