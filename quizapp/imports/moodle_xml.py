"""Moodle XML import: the question-bank format Moodle backs up to, read as Moodle's own reader
(question/format/xml/format.php) reads it.

``<quiz>`` holds ``<question type=...>`` elements; a ``category`` one sets the topic of the
questions after it (the path's last part; the whole path becomes a ``category:`` tag, as in GIFT
import). Per type: ``multichoice`` (``<single>`` false: multiple response), ``truefalse``,
``shortanswer`` (a ``_____`` in the text: Moodle's missing word, a cloze), ``numerical``
(tolerances as numeric ranges), ``matching`` (a subquestion without text is a right-hand
distractor, kept in ``choices``), ``ordering`` (core since Moodle 4.4) and a ``cloze`` with one
gap. Fractions become weights and per-answer feedback is kept, as GIFT import keeps them; HTML
text is kept sanitized beside its plain text, and the question text's embedded images
(``<file encoding="base64">``) are kept with the set (:mod:`quizapp.imports.moodle_media`).
Other types (essay, description, calculated, drag and drop...) and files elsewhere are skipped
with a warning naming the question. The XML is read with defusedxml: entity declarations and
external references are refused.
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.bank.schema import CLOZE_GAP, KEY_RE, Question
from quizapp.imports.apkg_media import shown_images
from quizapp.imports.common import (
    MAX_QUESTIONS,
    Draft,
    ParsedImport,
    Where,
    check_question_cap,
    check_something_imports,
    finalize,
)
from quizapp.imports.errors import ImportFormatError
from quizapp.imports.gift import MOODLE_BLANK, _Category, _category
from quizapp.imports.gift_answers import (
    Answers,
    Skip,
    _choice,
    _multiple_response,
    _Option,
    check_moodle_grade,
)
from quizapp.imports.moodle_answers import (
    CLOZE_GAP_PATTERN,
    cloze_answers,
    numeric_answers,
    typed_answers,
)
from quizapp.imports.moodle_media import EmbeddedImages
from quizapp.imports.richtext import plain_text, rich_html

#: Moodle's text format names and the richtext format each is read as (unknown ones: html,
#: as Moodle assumes). Moodle's own format allows HTML and turns line breaks into ``<br>``.
_FORMATS = {"html": "html", "moodle_auto_format": "moodle_auto", "plain_text": "plain",
            "wiki_like": "plain", "markdown": "markdown"}
_SKIPPED = {
    "essay": "essay questions (graded by hand) are not supported",
    "description": "descriptions (text without a question) are not supported",
    "random": "random questions (drawn from a category in a Moodle quiz) are not supported",
}
# A file embedded in the text, referred to as @@PLUGINFILE@@/name.
_EMBEDDED = re.compile(r"<(?:img|audio|video|source)\b[^>]*@@PLUGINFILE@@[^>]*>", re.IGNORECASE)
# Markup that adds nothing to the plain text (Moodle's editor wraps every text in <p>).
_BARE_MARKUP = re.compile(r"</?p\b[^>]*>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class _Header:
    """What every question type has: name, key, texts, tags, and notes on what was dropped."""

    name: str
    key: str
    topic: str
    prompt: str
    prompt_html: str
    explanation: str
    tags: tuple[str, ...]
    notes: tuple[str, ...]


class _LineNumbers(ET.TreeBuilder):
    """A tree builder that remembers the line each ``<question>`` starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        # defusedxml's parser is ElementTree's Python one, whose expat parser knows the line.
        line = getattr(getattr(self.parser, "parser", None), "CurrentLineNumber", None)
        if tag == "question" and isinstance(line, int):
            self.lines[id(element)] = line
        return element


def looks_like_moodle_xml(text: str) -> bool:
    """Whether text is an XML document (declaration and comments aside) whose root is ``<quiz>``."""
    head = re.sub(r"<\?xml[^>]*\?>|<!--.*?-->", "", text[:4096].lstrip("\ufeff"), flags=re.S)
    return re.match(r"\s*<quiz[\s>/]", head) is not None


def parse_moodle_xml(text: str, *, slug_hint: str,
                     max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse a Moodle XML question file; raise :class:`ImportFormatError` naming the question
    (and its line) at fault. Nothing importable at all is an error too."""
    root, lines = _document(text)
    category = _Category()
    drafts: list[Draft] = []
    warnings: list[str] = []
    images = EmbeddedImages()
    number = 0
    for element in root.iterfind("question"):  # as Moodle: quiz/question only
        kind = (element.get("type") or "").strip().lower()
        if kind == "category":
            category = _category(element.findtext("category/text") or "")
            continue
        number += 1
        where = Where(line=lines.get(id(element)))
        check_question_cap(number, max_questions, where)
        label = _label(number, element, where)
        result = _question(element, kind, category, label, images)
        if isinstance(result, Skip):
            warnings.append(f"{label}: {result.reason}, skipped")
            continue
        draft, notes = result
        drafts.append(replace(draft, where=where))
        warnings.extend(f"{label}: {note}" for note in notes)
    check_something_imports(drafts, warnings)
    questions = finalize(drafts, slug_hint)
    shown = {sha for q in questions for sha in shown_images(q.prompt_html)}
    return ParsedImport(questions, None, tuple(warnings),
                        tuple(m for m in images.media if m.sha256 in shown))


def _document(text: str) -> tuple[ET.Element, dict[int, int]]:
    """The ``<quiz>`` root, and the line of each question; refuses entities and non-XML."""
    builder = _LineNumbers()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(text.removeprefix("\ufeff"))
        root = parser.close()
    except DefusedXmlException:
        raise ImportFormatError(
            "the file declares XML entities or refers to external files, which quizapp refuses "
            "for safety (Moodle's own exports have neither)") from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ImportFormatError(f"this is not well-formed XML ({str(exc).split(':')[0]})",
                                line=line) from None
    if root.tag != "quiz":
        raise ImportFormatError(f"a Moodle XML file has a <quiz> root element, not <{root.tag}>")
    return root, builder.lines


def _label(number: int, element: ET.Element, where: Where) -> str:
    name = " ".join((element.findtext("name/text") or "").split())[:60]
    place = f", {where.label()}" if where.line is not None else ""
    return f"question {number}" + (f" {name!r}" if name else "") + place


def _question(element: ET.Element, kind: str, category: _Category, label: str,
              images: EmbeddedImages
              ) -> tuple[Draft, tuple[str, ...]] | Skip:
    if kind in _SKIPPED:
        return Skip(_SKIPPED[kind])
    reader = _READERS.get(kind)
    if reader is None:
        return Skip(f"Moodle's {kind or 'untyped'!r} questions have no quizapp type")
    header = _header(element, category, images, gaps=reader is _multianswer)
    if not header.prompt:
        return Skip("the question has no text (only an image?)")
    try:
        answers = reader(element, header)
    except ValueError as exc:
        raise ImportFormatError(f"{label}: {exc}") from None
    if isinstance(answers, Skip):
        return answers
    lost = ("the question text's images are left out (a cloze shows plain text)",) if (
        answers.type == "cloze" and "<img" in header.prompt_html) else ()
    return _draft(header, answers), header.notes + answers.notes + lost


def _draft(header: _Header, answers: Answers) -> Draft:
    """The question; ``answers.gap`` says Moodle's blank ``_____`` in the text is the gap."""
    prompt = header.prompt.replace(MOODLE_BLANK, CLOZE_GAP, 1) if answers.gap else header.prompt
    question = Question(
        key=header.key, topic=header.topic, type=answers.type, prompt=prompt,
        answer=answers.answer, accept=answers.accept, choices=answers.choices,
        explanation=header.explanation, tags=header.tags, weights=answers.weights,
        feedback=answers.feedback, numeric=answers.numeric,
        prompt_html="" if answers.type == "cloze" else header.prompt_html)
    return Draft(question, Where())


def _header(element: ET.Element, category: _Category, images: EmbeddedImages, *,
            gaps: bool = False) -> _Header:
    """The parts every type has; with ``gaps``, a cloze's gaps (``{1:SA:...}``) become ``____``.
    The question text's images are kept; files elsewhere (answers, feedback) are named."""
    text = element.find("questiontext")
    shown = set(text.iterfind("file")) if text is not None else set()
    notes = tuple(f"the embedded file {f.get('name') or '(unnamed)'!r} outside the question "
                  "text is not imported" for f in element.iter("file") if f not in shown)
    legacy, legacy_notes = _legacy_image(element)
    notes += legacy_notes
    prompt, prompt_html, image_notes = _question_text(text, images, gaps=gaps, legacy=legacy)
    notes += image_notes
    tags = tuple(t for t in (" ".join((e.text or "").split())
                             for e in element.iterfind("tags/tag/text")) if t)
    if category.tag and category.tag not in tags:
        tags += (category.tag,)
    key = (element.findtext("idnumber") or "").strip() or _plain(element.find("name"))
    return _Header(
        name=_plain(element.find("name")), key=key if KEY_RE.match(key) else "",
        topic=category.topic, prompt=prompt, prompt_html=prompt_html,
        explanation=_rich_text(element.find("generalfeedback"))[0], tags=tags, notes=notes)


def _legacy_image(element: ET.Element) -> tuple[dict[str, str], tuple[str, ...]]:
    """Moodle 1.9's old image field (``<image>name</image><image_base64>...``) as a file
    embedded in the question text, as Moodle's reader takes it (it needs both parts)."""
    name = (element.findtext("image") or "").strip().replace("/", "_")
    encoded = (element.findtext("image_base64") or "").strip()
    if name and encoded:
        return {name: encoded}, ()
    if name or encoded:
        return {}, ("the image in Moodle 1.9's old image field has no name or no embedded "
                    "copy, left out",)
    return {}, ()


def _question_text(element: ET.Element | None, images: EmbeddedImages, *, gaps: bool,
                   legacy: dict[str, str] | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Plain text and HTML of the question text with its images kept, and notes on those not
    kept; a text that is only images reads ``[image]``. A ``legacy`` image (name: base64)
    is shown after the text, as Moodle's reader appends it."""
    if element is None:
        return "", "", ()
    raw = (element.findtext("text") or "").strip()
    for name in legacy or {}:
        raw += f' <img src="@@PLUGINFILE@@/{urllib.parse.quote(name)}" />'
    raw, notes = images.resolve(element, raw, extra_files=legacy)
    notes += ("an embedded sound or video is left out",) if _EMBEDDED.search(raw) else ()
    plain, markup = _rich_text(element, raw, gaps=gaps)
    return plain or ("[image]" if "<img" in markup else ""), markup, notes


def _rich_text(element: ET.Element | None, raw: str | None = None, *, gaps: bool = False
               ) -> tuple[str, str]:
    """The plain text and, when it has more than paragraphs, the sanitized HTML of a text
    element (``<questiontext format="html"><text>...</text></questiontext>``), or of ``raw``
    in that element's format."""
    if element is None:
        return "", ""
    if raw is None:
        raw = (element.findtext("text") or "").strip()
    raw = _EMBEDDED.sub("", raw)
    if gaps:
        raw = CLOZE_GAP_PATTERN.sub(CLOZE_GAP, raw)
    text_format = _FORMATS.get((element.get("format") or "html").strip(), "html")
    if text_format == "moodle_auto":
        text_format, raw = "html", raw.replace("\n", "<br>")
    if text_format == "html" and "<" not in raw and "&" not in raw:
        # No markup and no entity: the text itself (sanitizing it changes nothing). Most
        # answers and feedback are such; skipping nh3 for them halves a large file's time.
        return " ".join(raw.split()), ""
    markup = rich_html(raw, text_format)
    plain = plain_text(raw, text_format)
    return plain, markup if "<" in _BARE_MARKUP.sub("", markup) else ""


def _plain(element: ET.Element | None) -> str:
    """Text Moodle keeps as typed (a name, a short answer): trimmed, as Moodle trims it."""
    return (element.findtext("text") or "").strip() if element is not None else ""


def _fraction(answer: ET.Element) -> Decimal:
    raw = (answer.get("fraction") or "0").strip()
    try:
        fraction = Decimal(raw)
    except ArithmeticError:
        fraction = Decimal("NaN")
    if not fraction.is_finite():
        raise ValueError(f"the answer fraction {raw!r} is not a number")
    return fraction


def _options(element: ET.Element, *, typed: bool) -> list[_Option]:
    """The ``<answer>`` elements: typed ones (short answer, numerical) as written, others
    (choices) as the plain text of their HTML; each with its fraction and feedback."""
    options = []
    for answer in element.iterfind("answer"):
        text = _plain(answer) if typed else _rich_text(answer)[0]
        fraction = _fraction(answer)
        check_moodle_grade(fraction)
        options.append(_Option("=" if fraction >= 100 else "~", fraction, text,
                               _rich_text(answer.find("feedback"))[0]))
    return options


def _is_false(value: str | None) -> bool:
    """Moodle's ``trans_single``: ``false``, ``0`` or empty are false."""
    return value is not None and value.strip() in ("false", "0", "")


def _multichoice(element: ET.Element, header: _Header) -> Answers | Skip:
    options = _options(element, typed=False)
    if any(not o.text for o in options):
        return Skip("an option has no text (only an image?)")
    notes = ("the options' fixed order is not kept (quizapp shuffles them)",) if _is_false(
        element.findtext("shuffleanswers")) else ()
    single = element.findtext("single")
    if _is_false(single):
        result: Answers | Skip = _multiple_response(
            [replace(o, mark="~") for o in options])
    elif not any(o.mark == "=" for o in options):
        raise ValueError("a single-answer multichoice question needs an answer worth 100%")
    else:
        result = _choice(options)
    return replace(result, notes=result.notes + notes) if isinstance(result, Answers) else result


def _truefalse(element: ET.Element, header: _Header) -> Answers:
    options = _options(element, typed=True)
    if not options:
        raise ValueError("a true/false question needs its true and false answers")
    answer, feedback = True, {}
    for position, option in enumerate(options):
        # Old files may name the answers in another language: then true comes first.
        word = option.text if option.text in ("true", "false") else ("false", "true")[
            position == 0]
        answer = (option.weight == 100) == (word == "true")  # as Moodle: the last one decides
        if option.feedback:
            feedback[word] = option.feedback
    return Answers("true_false", answer, feedback=feedback)


def _shortanswer(element: ET.Element, header: _Header) -> Answers:
    case_sensitive = (element.findtext("usecase") or "0").strip() not in ("0", "")
    result = typed_answers(_options(element, typed=True), case_sensitive=case_sensitive)
    return replace(result, type="cloze" if _has_blank(header) else "short_answer",
                   gap=_has_blank(header))


def _has_blank(header: _Header) -> bool:
    return header.prompt.count(MOODLE_BLANK) == 1


def _numerical(element: ET.Element, header: _Header) -> Answers:
    specs = [option if option.text == "*" else replace(option, text=f"{option.text}:{tolerance}")
             for option, tolerance in zip(_options(element, typed=True), _tolerances(element),
                                          strict=True)]
    notes = ("units are not kept",) if element.find("units/unit") is not None else ()
    return replace(numeric_answers(specs), type="cloze" if _has_blank(header) else "short_answer",
                   gap=_has_blank(header), notes=notes)


def _tolerances(element: ET.Element) -> list[str]:
    return [(answer.findtext("tolerance") or "").strip() or "0"
            for answer in element.iterfind("answer")]


def _matching(element: ET.Element, header: _Header) -> Answers | Skip:
    pairs: dict[str, str] = {}
    distractors: list[str] = []
    notes: tuple[str, ...] = ()
    for sub in element.iterfind("subquestion"):
        left, right = _rich_text(sub)[0], " ".join(_plain(sub.find("answer")).split())
        if not left and (sub.findtext("text") or "").strip():
            return Skip("a matching item has no text (only an image?)")
        if not right:
            notes += (f"the item {left!r} has no match and is left out",) if left else ()
            continue
        if not left:
            if right not in distractors:
                distractors.append(right)
        elif left in pairs:
            raise ValueError(f"the left-hand item {left!r} appears twice")
        else:
            pairs[left] = right
    extra = tuple(d for d in distractors if d not in pairs.values())
    return Answers("matching", pairs, choices=extra, notes=notes)


def _multianswer(element: ET.Element, header: _Header) -> Answers | Skip:
    """A cloze (the header's prompt already has ``____`` for its gap)."""
    return cloze_answers(element.findtext("questiontext/text") or "")


def _ordering(element: ET.Element, header: _Header) -> Answers | Skip:
    """Moodle's ordering type: the items in the order of their answers' fractions."""
    answers = sorted(element.iterfind("answer"), key=_fraction)
    items = [_rich_text(answer)[0] for answer in answers]
    if any(not item for item in items):
        return Skip("an item has no text (only an image?)")
    if len(items) < 3:
        return Skip(f"an ordering of {len(items)} items: quizapp orders at least 3")
    if len(set(items)) != len(items):
        raise ValueError("two items of this ordering question are the same")
    count = (element.findtext("selectcount") or "0").strip()
    shown = int(count) if count.isdigit() else 0
    notes = (f"Moodle shows {shown} of its {len(items)} items; quizapp asks for all",) if (
        0 < shown < len(items)) else ()
    return Answers("ordering", items, notes=notes)


_READERS = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
            "numerical": _numerical, "matching": _matching, "match": _matching,
            "cloze": _multianswer, "multianswer": _multianswer, "ordering": _ordering}
