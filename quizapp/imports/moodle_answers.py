"""Moodle's answer semantics shared by its XML question types and its cloze gaps: typed answers
(``*`` alone is any other answer, ``\\*`` a star), numerical answers (``value:tolerance``) and a
cloze's single gap (``{1:SHORTANSWER:=Paris#Right~%50%paris}``), read into quizapp answers as
question/type/multianswer and question/type/shortanswer read them.

Pure module: no flask, no sqlalchemy.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from quizapp.bank.schema import OTHER_ANSWER
from quizapp.imports.gift_answers import (
    Answers,
    Skip,
    _choice,
    _multiple_response,
    _numeric_range,
    _Option,
    _short_answer,
)
from quizapp.imports.gift_syntax import clean, split_unescaped
from quizapp.imports.richtext import plain_text

#: A cloze gap in a question text: ``{marks:TYPE:answers}``, ``\}`` escaping a brace.
CLOZE_GAP_PATTERN = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}")
CASE_NOTE = "case-sensitive grading is not kept (quizapp ignores case)"
_CLOZE_TYPES = {
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), "short"),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), "short_case"),
    **dict.fromkeys(("NUMERICAL", "NM"), "numerical"),
    **dict.fromkeys(("MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH",
                     "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS",
                     "MCHS"), "choice"),
    **dict.fromkeys(("MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S",
                     "MRS", "MULTIRESPONSE_HS", "MRHS"), "response"),
}
_CLOZE_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_WILDCARD = re.compile(r"(?<!\\)\*")


def typed_answers(options: list[_Option], *, case_sensitive: bool = False) -> Answers:
    """A short answer: every full answer accepted, partial ones weighted, ``*`` as the
    feedback for any other answer; raise ``ValueError`` when none earns credit."""
    options, other = _any_other(options)
    if not options:
        raise ValueError("a short answer needs an answer")
    notes = tuple(f"the wildcard * in the answer {o.text!r} is kept as a plain *"
                  for o in options if _WILDCARD.search(o.text))
    result = _short_answer([replace(o, mark="=", text=o.text.replace("\\*", "*"))
                            for o in options])
    notes += result.notes + ((CASE_NOTE,) if case_sensitive else ())
    return replace(result, feedback={**result.feedback, **other}, notes=notes)


def numeric_answers(options: list[_Option]) -> Answers:
    """Numerical answers written ``value:tolerance`` (``*``: any other answer) as ranges."""
    options, feedback = _any_other(options)
    if not options:
        raise ValueError("a numerical question needs a right answer")
    ranges = [_numeric_range(o.text, float(o.weight or 0)) for o in options]
    for option, numbers in zip(options, ranges, strict=True):
        if option.feedback:
            feedback[numbers.label] = option.feedback
    best = max(range(len(ranges)), key=lambda i: ranges[i].percent)
    return Answers("short_answer", options[best].text.partition(":")[0].strip(),
                   numeric=tuple(ranges), feedback=feedback)


def cloze_answers(text: str) -> Answers | Skip:
    """The answers of a cloze question text's one gap (several gaps are skipped: a quizapp
    cloze has one); a short-answer or numerical gap makes a ``cloze``."""
    gaps = CLOZE_GAP_PATTERN.findall(text)
    if len(gaps) != 1:
        return Skip(f"a cloze with {len(gaps)} gaps: quizapp's cloze has exactly one")
    _, name, body = gaps[0]
    kind = _CLOZE_TYPES.get(name)
    if kind is None:
        return Skip(f"the cloze gap type {name} is not supported")
    options = _gap_options(body)
    if kind == "choice":
        return _choice(options)
    if kind == "response":
        return _multiple_response([replace(o, mark="~") for o in options])
    if kind == "numerical":
        return replace(numeric_answers(options), type="cloze")
    return replace(typed_answers(options, case_sensitive=kind == "short_case"), type="cloze")


def _any_other(options: list[_Option]) -> tuple[list[_Option], dict[str, str]]:
    """Answers other than Moodle's ``*`` (any other response), and the feedback of ``*``."""
    other = [o.feedback for o in options if o.text == "*" and o.feedback]
    return [o for o in options if o.text != "*"], {OTHER_ANSWER: other[0]} if other else {}


def _gap_options(body: str) -> list[_Option]:
    """A gap's ``~``-separated answers: ``=`` or ``%50%`` before the text, ``#feedback`` after."""
    options = []
    for _, piece in split_unescaped(body, "~"):
        weight = Decimal(0)
        if piece.startswith("="):
            weight, piece = Decimal(100), piece[1:]
        elif match := _CLOZE_WEIGHT.match(piece):
            weight, piece = Decimal(match.group(1)), piece[match.end():]
        text, *feedback = [p for _, p in split_unescaped(piece, "#")]
        options.append(_Option("=" if weight >= 100 else "~", weight,
                               plain_text(clean(text), "html"),
                               plain_text(clean("#".join(feedback)), "html")))
    return options
