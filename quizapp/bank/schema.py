"""The question-bank file format: typed records and YAML reading/writing.

This module is the contract shared by the generator, the loader behind ``quizapp serve``, the
instructors' imports and exports. It is pure: no flask, no sqlalchemy.

The format is documented in the README ("Question bank format"); in short::

    set: {slug, title, description, source: {file, title, publisher, license, url}}
    questions: [{id, topic, type, prompt, answer, accept, choices, explanation,
                 source: {section, quote}, tags}]

``choices`` are the options of a multiple-choice or multiple-response question; for a matching
question they are its distractors, right-hand items that match no left item (empty without).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias

import yaml

QUESTION_TYPES: tuple[str, ...] = (
    "multiple_choice",
    "true_false",
    "short_answer",
    "cloze",
    "ordering",
    "matching",
)
#: Types the generator never writes, brought by imports (Moodle's multiple-answer choice).
IMPORTED_TYPES: tuple[str, ...] = ("multiple_response",)
ALL_QUESTION_TYPES: tuple[str, ...] = QUESTION_TYPES + IMPORTED_TYPES
CORE_TOPICS: tuple[str, ...] = ("groups", "leaders", "regions", "dates")
CLOZE_GAP = "____"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# A generated multiple-choice question offers its answer and at least 2 wrong options.
MIN_CHOICES = 3
# Any valid choice question (Moodle allows two options, e.g. yes/no).
MIN_VALID_CHOICES = 2
# Slugs that name pages beside the sets' own (/study/all, /quiz/history, /instructor/sets/new).
RESERVED_SLUGS = frozenset({"all", "history", "new", "unsuspend"})
#: The ``feedback`` key for any answer that matched none of the others (Moodle's ``~#...``).
OTHER_ANSWER = "*"
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")

#: str for most types; bool for true_false; list for ordering and multiple_response (the right
#: choices); dict (left -> right) for matching, whose ``choices`` are its distractors: extra
#: right-hand items that match no left item (Moodle's ``= -> item``), offered with the others.
Answer: TypeAlias = str | bool | list[str] | dict[str, str]


class BankFormatError(ValueError):
    """A bank file or record is malformed; ``where`` names the entry (``questions[3].answer``)."""

    def __init__(self, message: str, where: str = "") -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class SourceRef:
    """Where a question comes from: the profile section heading and the verbatim sentence(s)."""

    section: str = ""
    quote: str = ""


@dataclass(frozen=True)
class NumericRange:
    """Numbers from ``low`` to ``high`` (decimal text, inclusive) earn ``percent`` credit."""

    low: str
    high: str
    percent: float = 100.0

    @property
    def label(self) -> str:
        """``low..high``, or the number when the range is one value (keys its feedback)."""
        return self.low if self.low == self.high else f"{self.low}..{self.high}"


@dataclass(frozen=True)
class SetSource:
    """The document a set was made from, with its licence and attribution."""

    file: str = ""
    title: str = ""
    publisher: str = ""
    license: str = ""
    url: str = ""

    @property
    def attribution(self) -> str:
        """One line crediting the source, e.g. for card backs and page footers."""
        parts = [p for p in (self.title, self.publisher) if p]
        text = " — ".join(parts)
        if self.license:
            text = f"{text} ({self.license})" if text else self.license
        return text


@dataclass(frozen=True)
class SetInfo:
    """A question set's own metadata."""

    slug: str
    title: str
    description: str = ""
    source: SetSource = field(default_factory=SetSource)


@dataclass(frozen=True)
class Question:
    """One question of a bank. ``key`` is the stable, unique id (``id`` in the file).

    ``choices`` are the options of a choice question, or the distractors of a matching one
    (right-hand items that match no left item, shown among the others).
    """

    key: str
    topic: str
    type: str
    prompt: str
    answer: Answer
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    explanation: str = ""
    source: SourceRef = field(default_factory=SourceRef)
    tags: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    numeric: tuple[NumericRange, ...] = ()
    prompt_html: str = ""


#: The optional grading and display fields, stored together (the ``details`` of a question row).
DETAIL_FIELDS: tuple[str, ...] = ("weights", "feedback", "numeric", "prompt_html")


@dataclass(frozen=True)
class Bank:
    """A whole question set: metadata plus questions in display order."""

    info: SetInfo
    questions: tuple[Question, ...] = ()


# --------------------------------------------------------------------------- validation


def question_errors(q: Question) -> list[str]:
    """Return human-readable problems with one question (empty list when it is valid)."""
    errors: list[str] = []
    if not KEY_RE.match(q.key):
        errors.append(f"id {q.key!r} must be 1-200 letters, digits or . _ : -")
    if q.type not in ALL_QUESTION_TYPES:
        errors.append(f"type {q.type!r} is not one of {', '.join(ALL_QUESTION_TYPES)}")
        return errors
    if not q.topic.strip():
        errors.append("topic is empty")
    if not q.prompt.strip():
        errors.append("prompt is empty")
    errors.extend(_answer_errors(q))
    errors.extend(_detail_errors(q))
    return errors


def _answer_errors(q: Question) -> list[str]:
    a = q.answer
    if q.type == "true_false":
        return [] if isinstance(a, bool) else ["a true_false answer must be true or false"]
    if q.type == "ordering":
        if not isinstance(a, list) or len(a) < 3 or not all(isinstance(x, str) and x for x in a):
            return ["an ordering answer must be a list of at least 3 items"]
        return [] if len(set(a)) == len(a) else ["ordering items must be distinct"]
    if q.type == "matching":
        return _matching_errors(a, q.choices)
    if q.type == "multiple_response":
        return _response_errors(a, q.choices)
    if not isinstance(a, str) or not a.strip():
        return ["the answer must be non-empty text"]
    if q.type == "multiple_choice":
        return _choice_errors(a, q.choices)
    if q.type == "cloze" and CLOZE_GAP not in q.prompt:
        return [f"a cloze prompt must mark its gap with {CLOZE_GAP}"]
    return []


def _matching_errors(answer: Answer, distractors: tuple[str, ...]) -> list[str]:
    """Pairs with distinct right-hand items; the distractors (``choices``) are further
    right-hand items: non-empty, distinct, and none of them the right item of a pair."""
    if not isinstance(answer, dict) or len(answer) < 2:
        return ["a matching answer must map at least 2 left items to right items"]
    if len(set(answer.values())) != len(answer):
        return ["matching right-hand items must be distinct"]
    if not all(d.strip() for d in distractors):
        return ["a matching question's extra right-hand items (choices) must not be empty"]
    if len(set(distractors)) != len(distractors):
        return ["a matching question's extra right-hand items (choices) must be distinct"]
    taken = sorted(set(distractors) & set(answer.values()))
    if taken:
        return [f"the extra right-hand item {taken[0]!r} is already the match of a left item"]
    return []


def _choice_errors(answer: str, choices: tuple[str, ...]) -> list[str]:
    if len(choices) < MIN_VALID_CHOICES:
        return ["a multiple_choice question needs the answer and at least 1 wrong choice"]
    if len(set(choices)) != len(choices):
        return ["choices must be distinct"]
    if choices.count(answer) != 1:
        return ["the answer must be exactly one of the choices"]
    return []


def _response_errors(answer: Answer, choices: tuple[str, ...]) -> list[str]:
    if not isinstance(answer, list) or not answer or not all(isinstance(x, str) for x in answer):
        return ["a multiple_response answer must be the list of its right choices"]
    if len(choices) < MIN_VALID_CHOICES or len(set(choices)) != len(choices):
        return ["a multiple_response question needs at least 2 distinct choices"]
    if len(set(answer)) != len(answer) or not set(answer) <= set(choices):
        return ["every right answer must be one of the choices, once"]
    return []


def _detail_errors(q: Question) -> list[str]:
    errors: list[str] = []
    answers = set(q.choices) | set(q.accept) | ({q.answer} if isinstance(q.answer, str) else set())
    if q.weights and q.type not in ("multiple_choice", "multiple_response", "short_answer",
                                    "cloze"):
        errors.append(f"weights do not apply to {q.type} questions")
    elif not set(q.weights) <= answers:
        errors.append("every weight must name one of the choices or accepted answers")
    if any(not -100 <= w <= 100 for w in q.weights.values()):
        errors.append("weights must be percentages from -100 to 100")
    if q.numeric and q.type not in ("short_answer", "cloze"):
        errors.append("numeric ranges apply to short_answer and cloze questions only")
    for r in q.numeric:
        low, high = _decimal_or_none(r.low), _decimal_or_none(r.high)
        if low is None or high is None or low > high or not 0 <= r.percent <= 100:
            errors.append(f"the numeric range {r.low}..{r.high} ({r.percent}%) is not valid")
    return errors


def _decimal_or_none(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


# --------------------------------------------------------------------------- plain data <-> records


def _text(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BankFormatError("must be text", where)
    text = str(value)
    if required and not text.strip():
        raise BankFormatError("is required", where)
    return text


def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise BankFormatError("must be a list", where)
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


def _answer(value: Any, qtype: str, where: str) -> Answer:
    if qtype == "true_false":
        if not isinstance(value, bool):
            raise BankFormatError("must be true or false", where)
        return value
    if qtype in ("ordering", "multiple_response"):
        return list(_text_list(value, where))
    if qtype == "matching":
        if not isinstance(value, dict):
            raise BankFormatError("must be a mapping of left: right", where)
        return {_text(k, where): _text(v, f"{where}.{k}") for k, v in value.items()}
    return _text(value, where)


def question_from_dict(data: Any, where: str = "question") -> Question:
    """Build a :class:`Question` from a plain mapping; :class:`BankFormatError` if malformed."""
    if not isinstance(data, dict):
        raise BankFormatError("must be a mapping", where)
    qtype = _text(data.get("type"), f"{where}.type")
    source = data.get("source") or {}
    if not isinstance(source, dict):
        raise BankFormatError("must be a mapping with section and quote", f"{where}.source")
    question = Question(
        key=_text(data.get("id"), f"{where}.id"),
        topic=_text(data.get("topic"), f"{where}.topic"),
        type=qtype,
        prompt=_text(data.get("prompt"), f"{where}.prompt"),
        answer=_answer(data.get("answer"), qtype, f"{where}.answer"),
        accept=_text_list(data.get("accept"), f"{where}.accept"),
        choices=_text_list(data.get("choices"), f"{where}.choices"),
        explanation=_text(data.get("explanation"), f"{where}.explanation", required=False),
        source=SourceRef(
            section=_text(source.get("section"), f"{where}.source.section", required=False),
            quote=_text(source.get("quote"), f"{where}.source.quote", required=False),
        ),
        tags=_text_list(data.get("tags"), f"{where}.tags"),
        **details_from_dict(data, where),
    )
    problems = question_errors(question)
    if problems:
        raise BankFormatError("; ".join(problems), where)
    return question


def question_to_dict(q: Question) -> dict[str, Any]:
    """Plain mapping of a question in file order, omitting empty optional fields."""
    data: dict[str, Any] = {"id": q.key, "topic": q.topic, "type": q.type, "prompt": q.prompt}
    data["answer"] = dict(q.answer) if isinstance(q.answer, dict) else q.answer
    if isinstance(q.answer, list):
        data["answer"] = list(q.answer)
    if q.accept:
        data["accept"] = list(q.accept)
    if q.choices:
        data["choices"] = list(q.choices)
    if q.explanation:
        data["explanation"] = q.explanation
    if q.source.section or q.source.quote:
        data["source"] = {"section": q.source.section, "quote": q.source.quote}
    if q.tags:
        data["tags"] = list(q.tags)
    data.update(details_to_dict(q))
    return data


def details_to_dict(q: Question) -> dict[str, Any]:
    """The question's optional grading and display fields as plain data (empty ones left out)."""
    data: dict[str, Any] = {}
    if q.weights:
        data["weights"] = {k: _plain_number(v) for k, v in q.weights.items()}
    if q.feedback:
        data["feedback"] = dict(q.feedback)
    if q.numeric:
        data["numeric"] = [{"min": r.low, "max": r.high, "percent": _plain_number(r.percent)}
                           for r in q.numeric]
    if q.prompt_html:
        data["prompt_html"] = q.prompt_html
    return data


def details_from_dict(data: dict[str, Any], where: str = "question") -> dict[str, Any]:
    """The :class:`Question` keyword arguments for the optional fields of ``data``."""
    weights = data.get("weights") or {}
    feedback = data.get("feedback") or {}
    numeric = data.get("numeric") or []
    if not isinstance(weights, dict) or not all(_is_number(v) for v in weights.values()):
        raise BankFormatError("must map answers to percentages", f"{where}.weights")
    if not isinstance(feedback, dict):
        raise BankFormatError("must map answers to feedback text", f"{where}.feedback")
    if not isinstance(numeric, list) or not all(isinstance(r, dict) for r in numeric):
        raise BankFormatError("must be a list of {min, max, percent}", f"{where}.numeric")
    return {
        "weights": {_text(k, f"{where}.weights"): float(v) for k, v in weights.items()},
        "feedback": {_text(k, f"{where}.feedback"): _text(v, f"{where}.feedback.{k}")
                     for k, v in feedback.items()},
        "numeric": tuple(_numeric_range(r, f"{where}.numeric[{i}]") for i, r in enumerate(numeric)),
        "prompt_html": _text(data.get("prompt_html"), f"{where}.prompt_html", required=False),
    }


def _numeric_range(data: dict[str, Any], where: str) -> NumericRange:
    percent = data.get("percent", 100)
    if not _is_number(percent):
        raise BankFormatError("must be a number", f"{where}.percent")
    return NumericRange(_text(data.get("min"), f"{where}.min"), _text(data.get("max"),
                        f"{where}.max"), float(percent))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _set_info(data: Any) -> SetInfo:
    if not isinstance(data, dict):
        raise BankFormatError("must be a mapping with slug and title", "set")
    slug = _text(data.get("slug"), "set.slug")
    if not SLUG_RE.match(slug):
        raise BankFormatError("must be lower-case letters, digits and hyphens", "set.slug")
    if slug in RESERVED_SLUGS:
        raise BankFormatError(f"{slug!r} is reserved for a page of the app; choose another",
                              "set.slug")
    src = data.get("source") or {}
    if not isinstance(src, dict):
        raise BankFormatError("must be a mapping", "set.source")
    return SetInfo(
        slug=slug,
        title=_text(data.get("title"), "set.title"),
        description=_text(data.get("description"), "set.description", required=False),
        source=SetSource(
            **{k: _text(src.get(k), f"set.source.{k}", required=False)
               for k in ("file", "title", "publisher", "license", "url")}
        ),
    )


def bank_from_dict(data: Any) -> Bank:
    """Build a :class:`Bank` from plain data (parsed YAML or JSON), validating every entry."""
    if not isinstance(data, dict) or "set" not in data:
        raise BankFormatError("a bank file needs a 'set' mapping and a 'questions' list")
    info = _set_info(data["set"])
    raw = data.get("questions") or []
    if not isinstance(raw, list):
        raise BankFormatError("must be a list", "questions")
    questions = tuple(question_from_dict(q, f"questions[{i}]") for i, q in enumerate(raw))
    seen: set[str] = set()
    for i, q in enumerate(questions):
        if q.key in seen:
            raise BankFormatError(f"duplicate id {q.key!r}", f"questions[{i}].id")
        seen.add(q.key)
    return Bank(info=info, questions=questions)


def bank_to_dict(bank: Bank) -> dict[str, Any]:
    """Plain data for a bank, ready for YAML or JSON."""
    src = bank.info.source
    source = {k: getattr(src, k) for k in ("file", "title", "publisher", "license", "url")}
    return {
        "set": {
            "slug": bank.info.slug,
            "title": bank.info.title,
            "description": bank.info.description,
            "source": {k: v for k, v in source.items() if v},
        },
        "questions": [question_to_dict(q) for q in bank.questions],
    }


# --------------------------------------------------------------------------- YAML


class _BankDumper(yaml.SafeDumper):
    """Block style, long lines kept whole, multi-line strings as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _str_representer)


def dump_bank(bank: Bank) -> str:
    """Serialise a bank to YAML text; the same bank always gives byte-identical text."""
    return yaml.dump(
        bank_to_dict(bank),
        Dumper=_BankDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )


# The C loader (libyaml) is ~10x faster on large banks; fall back to pure Python without it.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_bank(text: str) -> Bank:
    """Parse YAML (or JSON, a subset of YAML) bank text; :class:`BankFormatError` if invalid."""
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise BankFormatError(f"not valid YAML ({getattr(exc, 'problem', exc)})", where) from None
    return bank_from_dict(data)
