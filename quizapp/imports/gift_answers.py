"""GIFT answer blocks (the text between ``{`` and ``}``) read into quizapp answer fields.

Follows Moodle's reader (question/format/gift/format.php): ``#`` starts a numerical block,
any ``~`` makes a choice question (several answers to tick when no ``=`` marks a right one),
``=a -> b`` pairs a matching question (``= -> b`` adds a distractor), ``T``/``F`` a true/false
one, anything else is a short answer (a bare ``{One}`` too). Weights (``%50%``), per-answer
feedback (``#...``) and text-format markers on answers are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from quizapp.bank.schema import OTHER_ANSWER, NumericRange
from quizapp.grading.weighted import response_weights
from quizapp.imports.gift_syntax import clean, find_unescaped, split_unescaped
from quizapp.imports.richtext import plain_text, split_marker

_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_WEIGHT = re.compile(r"^\s*%(-?\d*(?:\.\d+)?)%")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})$")


@dataclass(frozen=True)
class Skip:
    """A question that quizapp cannot represent, with the reason."""

    reason: str


@dataclass(frozen=True)
class Answers:
    """The quizapp fields an answer block determines.

    Attributes:
        gap: The answer sits inside the sentence (text follows the block): the prompt gets a
            ``____`` where the block was.
        notes: Things simplified on the way (warnings for the instructor).
    """

    type: str
    answer: str | bool | list[str] | dict[str, str]
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    explanation: str = ""
    gap: bool = False
    notes: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    numeric: tuple[NumericRange, ...] = ()


@dataclass(frozen=True)
class _Option:
    mark: str  # "=" right, "~" wrong, "" text before any mark
    weight: Decimal | None
    text: str
    feedback: str


def read_answers(raw: str, *, has_text_after: bool, text_format: str = "moodle") -> Answers | Skip:
    """Read one answer block; raise ``ValueError`` (with a reason) when it is malformed.

    ``text_format`` is the question's own format, the default of its answers and feedback.
    """
    general = find_unescaped(raw, "####")
    explanation = _text(raw[general + 4 :], text_format) if general >= 0 else ""
    block = (raw[:general] if general >= 0 else raw).strip()
    if not block:
        return Skip("essay questions (an empty answer block) are not supported")
    result: Answers | Skip
    if block.startswith("#"):
        result = _numerical(block[1:], text_format)
    elif find_unescaped(block, "~") >= 0:
        result = _choice(_options(block, text_format))
    elif find_unescaped(block, "=") >= 0 and find_unescaped(block, "->") >= 0:
        result = _matching(_options(block, text_format))
    elif clean(split_unescaped(block, "#")[0][1]).upper() in _TRUE_FALSE:
        result = _true_false(block, text_format)
    else:
        result = _short_answer(_options(block, text_format, marks="="))
    if isinstance(result, Skip):
        return result
    if result.type == "short_answer" and has_text_after:
        result = replace(result, type="cloze")
    return replace(result, explanation=explanation, gap=has_text_after)


def _text(raw: str, default_format: str) -> str:
    text_format, body = split_marker(clean(raw), default_format)
    return plain_text(body, text_format)


#: The answer grades (percent, and their negatives) Moodle's question bank accepts
#: (``question_bank::fraction_options_full``). Moodle refuses a whole GIFT or XML import with
#: any other (``match_grade_options``, "error if grade not listed", its default), comparing
#: fractions within 0.00001, that is percents within 0.001.
MOODLE_GRADES: tuple[int | Decimal, ...] = (
    100, 90, Decimal("83.33333"), 80, 75, 70, Decimal("66.66667"), 60, 50, 40,
    Decimal("33.33333"), 30, 25, 20, Decimal("16.66667"), Decimal("14.28571"), Decimal("12.5"),
    Decimal("11.11111"), 10, 5, 0)
_MOODLE_GRADE_SLACK = Decimal("0.001")


def moodle_grade(percent: float) -> float:
    """``percent`` itself when Moodle's question bank accepts it as an answer's grade (it
    refuses any other when importing), else the nearest grade it accepts: what an export
    writes, so that Moodle and quizapp read the file back."""
    nearest = float(min(MOODLE_GRADES, key=lambda grade: abs(abs(percent) - float(grade))))
    if abs(abs(percent) - nearest) < float(_MOODLE_GRADE_SLACK):
        return percent
    return -nearest if percent < 0 else nearest


def check_moodle_grade(percent: Decimal) -> None:
    """Raise ``ValueError`` for an answer grade Moodle's import refuses (``%33%``)."""
    if not any(abs(abs(percent) - grade) < _MOODLE_GRADE_SLACK for grade in MOODLE_GRADES):
        raise ValueError(f"the answer grade {percent}% is not one Moodle accepts (100, 90, "
                         "83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, "
                         "16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, or minus one of them)")


def _options(block: str, text_format: str, marks: str = "=~") -> list[_Option]:
    pieces = split_unescaped(block, marks)
    if not pieces[0][1].strip():
        pieces = pieces[1:]
    options = []
    for mark, piece in pieces:
        weight_match = _WEIGHT.match(piece)
        weight = None
        if weight_match:
            weight = _decimal(weight_match.group(1) or "0", "answer weight")
            if abs(weight) <= 100:  # beyond: refused below with the range GIFT allows
                check_moodle_grade(weight)
            piece = piece[weight_match.end() :]
        text_part, *feedback = [p for _, p in split_unescaped(piece, "#")]
        options.append(_Option(mark, weight, _text(text_part, text_format),
                               _text("#".join(feedback), text_format)))
    return options


def _percent(option: _Option, right_by_default: bool) -> float:
    if option.weight is not None:
        return float(option.weight)
    return 100.0 if option.mark == "=" or (right_by_default and not option.mark) else 0.0


def _feedback(options: list[_Option]) -> dict[str, str]:
    return {o.text: o.feedback for o in options if o.feedback}


def _choice(options: list[_Option]) -> Answers | Skip:
    texts = [o.text for o in options]
    if len(options) < 2:
        raise ValueError("a choice question needs at least 2 options")
    if len(set(texts)) != len(texts):
        raise ValueError("two options of this choice question are the same")
    if not any(o.mark == "=" for o in options):
        return _multiple_response(options)
    weights = {o.text: _percent(o, False) for o in options}
    right = [t for t in texts if weights[t] >= 100]
    if not right:
        raise ValueError("a choice question with = needs a fully right option")
    partial = {t: w for t, w in weights.items() if t != right[0] and w != 0}
    return Answers("multiple_choice", right[0], choices=tuple(texts), weights=partial,
                   feedback=_feedback(options))


def _multiple_response(options: list[_Option]) -> Answers:
    weights = {o.text: _percent(o, False) for o in options}
    right = [t for t, w in weights.items() if w > 0]
    if not right:
        raise ValueError("a choice question needs a right answer: mark it with = or give it "
                         "a positive %weight%")
    default = response_weights(tuple(weights), right, {})
    if all(abs(weights[c] - default[c]) < 1e-3 for c in weights):
        weights = {}  # the weights quizapp grades with anyway (and its export writes out)
    return Answers("multiple_response", right, choices=tuple(weights or default),
                   weights=weights, feedback=_feedback(options))


def _matching(options: list[_Option]) -> Answers:
    """Pairs ``=left -> right``; ``= -> item`` (no left side) is a distractor, an extra
    right-hand item. As in Moodle, an item offered twice is offered once, and an empty
    ``= ->`` is no item at all."""
    pairs: dict[str, str] = {}
    extras: list[str] = []
    for option in options:
        arrow = option.text.find("->")
        if option.mark != "=" or arrow < 0:
            raise ValueError(f"a matching pair must read '=left -> right', not {option.text!r}")
        left, right = option.text[:arrow].strip(), option.text[arrow + 2 :].strip()
        if not left:
            extras.append(right)
            continue
        if left in pairs:
            raise ValueError(f"the left-hand item {left!r} appears twice")
        pairs[left] = right
    offered = set(pairs.values())
    distractors = tuple(dict.fromkeys(e for e in extras if e and e not in offered))
    notes = ("feedback on matching pairs is not kept",) if any(o.feedback for o in options) else ()
    return Answers("matching", pairs, choices=distractors, notes=notes)


def _true_false(block: str, text_format: str) -> Answers:
    parts = [_text(p, text_format) for _, p in split_unescaped(block, "#")]
    answer = _TRUE_FALSE[parts[0].upper()]
    # Moodle: the first feedback is for a wrong answer, the second for a right one.
    wrong, right = (parts[1:] + ["", ""])[:2]
    given = {"true": right if answer else wrong, "false": wrong if answer else right}
    return Answers("true_false", answer, feedback={k: v for k, v in given.items() if v})


def _short_answer(options: list[_Option]) -> Answers:
    if not options:
        raise ValueError("no answer: write right answers as =answer")
    weights = {o.text: _percent(o, True) for o in options}
    kept = [o for o in options if weights[o.text] > 0]
    if not kept:
        raise ValueError("a short answer needs an answer that earns credit")
    best = max(kept, key=lambda o: weights[o.text])
    others = tuple(o.text for o in kept if o is not best)
    # "=%0%*#Completely wrong": Moodle's feedback for any other answer, kept as such.
    other = [o for o in options if o.text == OTHER_ANSWER and weights[o.text] <= 0]
    wrong = len(options) - len(kept) - len(other)
    notes = ("answers marked wrong (0% or less) are not kept",) if wrong else ()
    feedback = _feedback(kept)
    if other and other[0].feedback:
        feedback[OTHER_ANSWER] = other[0].feedback
    return Answers(
        "short_answer", best.text, accept=others, notes=notes,
        weights={o.text: weights[o.text] for o in kept if weights[o.text] < 100},
        feedback=feedback,
    )


def _numerical(block: str, text_format: str) -> Answers:
    wrong = find_unescaped(block, "~")
    feedback: dict[str, str] = {}
    if wrong >= 0:
        other = _options(block[wrong:], text_format)
        if other and other[0].feedback:
            feedback[OTHER_ANSWER] = other[0].feedback
        block = block[:wrong]
    options = _options(block, text_format, marks="=")
    if not options:
        raise ValueError("a numerical question needs a right answer")
    ranges = tuple(_numeric_range(o.text, _percent(o, True)) for o in options)
    best = max(range(len(ranges)), key=lambda i: ranges[i].percent)
    for option, numbers in zip(options, ranges, strict=True):
        if option.feedback:
            feedback[numbers.label] = option.feedback
    return Answers("short_answer", _value_text(options[best].text), numeric=ranges,
                   feedback=feedback)


def _numeric_range(spec: str, percent: float) -> NumericRange:
    """The numbers ``value``, ``value:tolerance`` or ``low..high`` stand for."""
    if ".." in spec:
        low_text, high_text = spec.split("..", 1)
        low, high = _decimal(low_text, "range start"), _decimal(high_text, "range end")
        if low > high:
            raise ValueError(f"the range {spec!r} ends before it starts")
    else:
        value_text, _, tolerance_text = spec.partition(":")
        value = _decimal(value_text, "number")
        tolerance = abs(_decimal(tolerance_text, "tolerance")) if tolerance_text.strip() else 0
        low, high = value - tolerance, value + tolerance
    if not 0 <= percent <= 100:
        raise ValueError(f"the weight {percent}% of a numerical answer is not 0-100")
    return NumericRange(_number_text(low), _number_text(high), percent)


def _value_text(spec: str) -> str:
    """The number to show as the answer: the value, or the middle of a range."""
    if ".." in spec:
        low, high = (_decimal(p, "number") for p in spec.split("..", 1))
        return _number_text((low + high) / 2)
    return spec.partition(":")[0].strip()


def _decimal(text: str, what: str) -> Decimal:
    # Plain decimals only: exponents would let a tiny file ask for huge arithmetic.
    if not _NUMBER.match(text.strip()):
        raise ValueError(f"the {what} {text.strip()!r} is not a number")
    return Decimal(text.strip())


def _number_text(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(number.to_integral_value())
    return format(number.normalize(), "f")
