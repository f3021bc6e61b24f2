"""GIFT answer blocks (the text between ``{`` and ``}``) read into quizapp answer fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from quizapp.bank.schema import MIN_CHOICES
from quizapp.imports.gift_syntax import clean, find_unescaped, split_unescaped

_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_WEIGHT = re.compile(r"^\s*%(-?\d*(?:\.\d+)?)%")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})$")
_MAX_LISTED_NUMBERS = 21  # a numeric range this small is kept as the list of accepted integers


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
    answer: str | bool | dict[str, str]
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    explanation: str = ""
    gap: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Option:
    mark: str  # "=" right, "~" wrong
    weight: Decimal | None
    text: str
    feedback: bool


def read_answers(raw: str, *, has_text_after: bool) -> Answers | Skip:
    """Read one answer block; raise ``ValueError`` (with a reason) when it is malformed."""
    general = find_unescaped(raw, "####")
    explanation = clean(raw[general + 4 :]) if general >= 0 else ""
    block = (raw[:general] if general >= 0 else raw).strip()
    if not block:
        return Skip("essay questions are not supported") if general < 0 else _no_answer()
    result: Answers | Skip
    if block.startswith("#"):
        result = _numerical(block[1:], has_text_after)
    elif find_unescaped(block, "~") >= 0:
        result = _multiple_choice(_options(block), has_text_after)
    elif find_unescaped(block, "=") >= 0 and find_unescaped(block, "->") >= 0:
        result = _matching(_options(block))
    elif clean(split_unescaped(block, "#")[0][1]).upper() in _TRUE_FALSE:
        result = _true_false(block)
    else:
        result = _short_answer(_options(block), has_text_after)
    if isinstance(result, Skip):
        return result
    return replace(result, explanation=explanation)


def _no_answer() -> Skip:
    return Skip("essay questions (empty answer block) are not supported")


def _options(block: str) -> list[_Option]:
    pieces = split_unescaped(block, "=~")
    if pieces[0][1].strip():
        raise ValueError(f"unexpected text {clean(pieces[0][1])!r} before the first = or ~")
    options = []
    for mark, piece in pieces[1:]:
        weight_match = _WEIGHT.match(piece)
        weight = None
        if weight_match:
            weight = _decimal(weight_match.group(1) or "0", "answer weight")
            piece = piece[weight_match.end() :]
        text_part, *feedback = [p for _, p in split_unescaped(piece, "#")]
        options.append(_Option(mark, weight, clean(text_part), bool(feedback)))
    return options


def _is_right(option: _Option) -> bool:
    if option.weight is not None:
        return option.weight >= 100
    return option.mark == "="


def _feedback_notes(options: list[_Option]) -> tuple[str, ...]:
    if any(o.feedback for o in options):
        return ("feedback on individual answers is not kept",)
    return ()


def _multiple_choice(options: list[_Option], gap: bool) -> Answers | Skip:
    right = [o for o in options if _is_right(o)]
    partial = [o for o in options if not _is_right(o) and o.weight is not None and o.weight > 0]
    if len(right) != 1:
        if not right and partial:
            return Skip("multiple-answer questions (several partly right options) are unsupported")
        count = len(right)
        raise ValueError(f"a multiple-choice question needs exactly one right answer, not {count}")
    if len(options) < MIN_CHOICES:
        return Skip("multiple choice with a single wrong option is not supported "
                    "(quizapp needs at least 2 wrong options)")
    notes = _feedback_notes(options)
    if partial:
        notes += ("partial credit for some options is not kept: they count as wrong",)
    return Answers(
        "multiple_choice", right[0].text, choices=tuple(o.text for o in options), gap=gap,
        notes=notes,
    )


def _matching(options: list[_Option]) -> Answers:
    pairs: dict[str, str] = {}
    notes = _feedback_notes(options)
    for option in options:
        arrow = option.text.find("->")
        if option.mark != "=" or arrow < 0:
            raise ValueError(f"a matching pair must read '=left -> right', not {option.text!r}")
        left, right = option.text[:arrow].strip(), option.text[arrow + 2 :].strip()
        if not left:
            notes += (f"the extra right-hand item {right!r} (a distractor) is not kept",)
            continue
        if left in pairs:
            raise ValueError(f"the left-hand item {left!r} appears twice")
        pairs[left] = right
    return Answers("matching", pairs, notes=notes)


def _true_false(block: str) -> Answers:
    parts = split_unescaped(block, "#")
    notes = ("feedback on individual answers is not kept",) if len(parts) > 1 else ()
    return Answers("true_false", _TRUE_FALSE[clean(parts[0][1]).upper()], notes=notes)


def _short_answer(options: list[_Option], gap: bool) -> Answers:
    if not options:
        raise ValueError("no answer: write right answers as =answer")
    right = [o for o in options if _is_right(o)] or options[:1]
    others = [o for o in options if o is not right[0] and (o.weight is None or o.weight > 0)]
    notes = _feedback_notes(options)
    if any(o.weight is not None and 0 < o.weight < 100 for o in options):
        notes += ("partly right answers are accepted in full",)
    if len(others) < len(options) - 1:
        notes += ("answers marked wrong (0% or less) are not kept",)
    return Answers(
        "cloze" if gap else "short_answer", right[0].text,
        accept=tuple(o.text for o in others), gap=gap, notes=notes,
    )


def _numerical(block: str, gap: bool) -> Answers:
    if find_unescaped(block, "=") >= 0:
        options = [o for o in _options(block) if _is_right(o)]
        if not options:
            raise ValueError("a numerical question needs a right answer")
        spec, feedback = options[0].text, any(o.feedback for o in options)
    else:
        text_part, *rest = [p for _, p in split_unescaped(block, "#")]
        spec, feedback = clean(text_part), bool(rest)
    answer, accept, notes = _numeric_answer(spec)
    if feedback:
        notes += ("feedback on individual answers is not kept",)
    return Answers("cloze" if gap else "short_answer", answer, accept=accept, gap=gap, notes=notes)


def _numeric_answer(spec: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Answer text, accepted alternatives and notes for ``value``, ``value:tol`` or ``lo..hi``."""
    if ".." in spec:
        low_text, high_text = spec.split("..", 1)
        low, high = _decimal(low_text, "range start"), _decimal(high_text, "range end")
        if low > high:
            raise ValueError(f"the range {spec!r} ends before it starts")
        answer = _number_text((low + high) / 2)
    else:
        value_text, _, tolerance_text = spec.partition(":")
        value = _decimal(value_text, "number")
        tolerance = abs(_decimal(tolerance_text, "tolerance")) if tolerance_text.strip() else 0
        low, high, answer = value - tolerance, value + tolerance, value_text.strip()
    if low == high:
        return answer, (), ()
    if low == low.to_integral_value() and high == high.to_integral_value():
        if high - low < _MAX_LISTED_NUMBERS:
            others = [str(n) for n in range(int(low), int(high) + 1) if str(n) != answer]
            return answer, tuple(others), ()
    return answer, (), (f"only {answer} is accepted: the range {spec!r} is not kept",)


def _decimal(text: str, what: str) -> Decimal:
    # Plain decimals only: exponents would let a tiny file ask for huge arithmetic.
    if not _NUMBER.match(text.strip()):
        raise ValueError(f"the {what} {text.strip()!r} is not a number")
    return Decimal(text.strip())


def _number_text(number: Decimal) -> str:
    return str(number.to_integral_value()) if number == number.to_integral_value() else str(number)
