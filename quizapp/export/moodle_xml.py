"""Moodle XML export of a bank (pure, standard library): the format Moodle's question bank
imports and backs up to (question/format/xml/format.php).

A ``category`` question before each run of one topic (the imported Moodle category when the
question has one), then per type: ``multichoice`` (``single`` false for multiple response, the
fractions from the weights), ``truefalse``, ``shortanswer`` (a cloze as Moodle's missing word:
``_____`` in the text), ``numerical`` (each range as its midpoint and tolerance), ``matching``
(``subquestion`` pairs; a distractor, a subquestion with empty text), ``ordering`` (Moodle 4.4's
core type, the items in order). Typed answers escape Moodle's ``*`` wildcard; a weight Moodle
does not accept is written as the nearest grade it does, with a comment. Text is HTML-escaped
(a ``<script>`` in a prompt stays text); a rich prompt goes as its sanitized HTML.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from decimal import Decimal

from quizapp.bank.schema import CLOZE_GAP, OTHER_ANSWER, Bank, NumericRange, Question
from quizapp.export.anki import package_names
from quizapp.export.gift import category_path
from quizapp.imports.apkg_media import shown_images
from quizapp.imports.common import MediaFile
from quizapp.imports.gift import CATEGORY_TAG, MOODLE_BLANK
from quizapp.imports.gift_answers import moodle_grade

_APP_IMAGE_TAG = re.compile(r'<img\b[^>]*?(/media/[^"/]*/([0-9a-f]{64}))"[^>]*>', re.IGNORECASE)
#: Moodle's question ``idnumber`` column holds 100 characters.
MOODLE_IDNUMBER_LENGTH = 100


def bank_to_moodle_xml(bank: Bank, *, media: Sequence[MediaFile] = ()) -> str:
    """The whole bank as a Moodle XML ``<quiz>`` document, questions in bank order; ``media``
    (the set's images) embeds those a rich prompt shows, as Moodle embeds them."""
    images = {image.sha256: image for image in media}
    quiz = ET.Element("quiz")
    category: str | None = None
    for question in bank.questions:
        path = category_path(question, bank.info.slug)
        if path != category:
            category = path
            quiz.append(_category(path))
        quiz.append(question_element(question, images))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _category(path: str) -> ET.Element:
    element = ET.Element("question", type="category")
    _text(ET.SubElement(element, "category"), f"$course$/top/{path}")
    return element


def question_element(question: Question,
                     images: Mapping[str, MediaFile] | None = None) -> ET.Element:
    """One question as Moodle XML; ``images`` (by hash) are those its prompt may show."""
    kind = _MOODLE_TYPES.get(question.type, "shortanswer")
    if question.numeric:
        kind = "numerical"
    element = ET.Element("question", type=kind)
    _text(ET.SubElement(element, "name"), question.key)
    _embed_images(_html(element, "questiontext", _prompt_html(question)), images or {})
    _html(element, "generalfeedback", _escaped(question.explanation))
    ET.SubElement(element, "defaultgrade").text = "1"
    if len(question.key) <= MOODLE_IDNUMBER_LENGTH:  # a longer one does not fit Moodle's column
        ET.SubElement(element, "idnumber").text = question.key
    _BODIES[kind](element, question)
    tags = ET.SubElement(element, "tags")
    # The category a question came from is its <category> already (read back as this tag).
    category = CATEGORY_TAG + category_path(question, "")
    for tag in question.tags:
        if tag != category:
            _text(ET.SubElement(tags, "tag"), tag)
    return element


_MOODLE_TYPES = {"multiple_choice": "multichoice", "multiple_response": "multichoice",
                 "true_false": "truefalse", "matching": "matching", "ordering": "ordering"}


def _prompt_html(question: Question) -> str:
    if question.prompt_html:
        return question.prompt_html
    prompt = question.prompt
    if question.type == "cloze":
        prompt = prompt.replace(CLOZE_GAP, MOODLE_BLANK, 1)
    return _escaped(prompt)


def _embed_images(text: ET.Element, images: Mapping[str, MediaFile]) -> None:
    """The app's own images in a question text as Moodle's: ``@@PLUGINFILE@@/name`` in the text
    and a base64 ``<file>`` beside it; an image not at hand is left out (its path means nothing
    to Moodle)."""
    node = text.find("text")
    if node is None or not node.text or "<img" not in node.text:
        return
    shown = [images[sha] for sha in shown_images(node.text) if sha in images]
    names = package_names(shown)

    def moodle_image(match: re.Match[str]) -> str:
        if match.group(2) not in names:
            return ""
        return match.group(0).replace(match.group(1), f"@@PLUGINFILE@@/{names[match.group(2)]}")

    node.text = _APP_IMAGE_TAG.sub(moodle_image, node.text)
    for sha, name in sorted(names.items(), key=lambda item: item[1]):
        file = ET.SubElement(text, "file", name=name, path="/", encoding="base64")
        file.text = base64.b64encode(images[sha].data).decode("ascii")


def _escaped(text: str) -> str:
    """Plain text as HTML that shows it the same: escaped, its line breaks as ``<br>``."""
    return html.escape(text).replace("\n", "<br>")


def _text(parent: ET.Element, value: str) -> None:
    ET.SubElement(parent, "text").text = value


def _html(parent: ET.Element, tag: str, markup: str) -> ET.Element:
    element = ET.SubElement(parent, tag, format="html")
    _text(element, markup)
    return element


def _answer(parent: ET.Element, text: str, fraction: float, feedback: str = "", *,
            typed: bool = False) -> ET.Element:
    """An ``<answer>``: HTML for a choice, the plain text a student types when ``typed``
    (a ``*`` in it escaped: alone or inside, Moodle reads it as a wildcard)."""
    grade = moodle_grade(fraction)
    answer = ET.SubElement(parent, "answer", fraction=_fraction(grade),
                           format="moodle_auto_format" if typed else "html")
    if grade != fraction:
        answer.append(ET.Comment(f" quizapp weight {_fraction(fraction)}%, written as the "
                                 "nearest grade Moodle accepts "))
    _text(answer, text.replace("*", "\\*") if typed else _escaped(text))
    _html(answer, "feedback", _escaped(feedback))
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
    _any_other_answer(element, question)


def _any_other_answer(element: ET.Element, question: Question) -> None:
    """Moodle's ``*`` answer (any other response) carrying the question's feedback for it."""
    if question.feedback.get(OTHER_ANSWER):
        answer = _answer(element, "", 0.0, question.feedback[OTHER_ANSWER], typed=True)
        answer.find("text").text = "*"  # type: ignore[union-attr]


def _numerical(element: ET.Element, question: Question) -> None:
    for numeric in question.numeric:
        answer = _answer(element, "", numeric.percent, question.feedback.get(numeric.label, ""),
                         typed=True)
        answer.find("text").text, tolerance = _midpoint(numeric)  # type: ignore[union-attr]
        ET.SubElement(answer, "tolerance").text = tolerance
    _any_other_answer(element, question)


def _midpoint(numeric: NumericRange) -> tuple[str, str]:
    low, high = Decimal(numeric.low), Decimal(numeric.high)
    return format((low + high) / 2, "f"), format((high - low) / 2, "f")


def _matching(element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    pairs = question.answer if isinstance(question.answer, dict) else {}
    # A distractor is a subquestion with empty text, as Moodle stores and exports it.
    for left, right in [*pairs.items(), *(("", extra) for extra in question.choices)]:
        sub = _html(element, "subquestion", html.escape(left))
        _text(ET.SubElement(sub, "answer"), right)


def _ordering(element: ET.Element, question: Question) -> None:
    """Moodle's ordering type (core since Moodle 4.4; the qtype_ordering plugin before): the
    items in the right order, each answer's fraction its position; graded, as quizapp grades
    it, by the share of items in the right order relative to each other."""
    element.append(ET.Comment(" ordering: Moodle 4.4 or later, or the qtype_ordering plugin "))
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                       ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
                       ("showgrading", "SHOW"), ("numberingstyle", "none")):
        ET.SubElement(element, tag).text = value
    items = question.answer if isinstance(question.answer, list) else []
    for position, item in enumerate(items, 1):
        answer = ET.SubElement(element, "answer", fraction=str(position), format="html")
        _text(answer, _escaped(item))
        _html(answer, "feedback", "")


_BODIES = {"multichoice": _choice, "truefalse": _true_false, "shortanswer": _short_answer,
           "numerical": _numerical, "matching": _matching, "ordering": _ordering}
