"""Export, then import: the same questions, for every question type each format can hold
(hypothesis generates the questions, with the characters each format must escape)."""

from __future__ import annotations

import io
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.bank.schema import (
    CLOZE_GAP,
    Bank,
    NumericRange,
    Question,
    SetInfo,
    SourceRef,
    dump_bank,
    question_errors,
)
from quizapp.export.anki import ExportOptions, write_apkg
from quizapp.export.csvfile import bank_to_csv
from quizapp.export.gift import bank_to_gift
from quizapp.export.moodle_xml import bank_to_moodle_xml
from quizapp.imports import parse_apkg, parse_bank_file, parse_csv, parse_gift
from quizapp.imports.moodle_xml import parse_moodle_xml

SETTINGS = settings(derandomize=True, max_examples=60, deadline=None)
INFO = SetInfo(slug="prop", title="Properties")
# Letters and the characters GIFT, CSV, YAML and HTML treat specially.
CHARACTERS = list("abcXYZ019ñé{}=~#:\\|,;\"'<>&%-/[]*.?!()")
WORD = st.text(alphabet=st.sampled_from(CHARACTERS), min_size=1, max_size=6)
TEXT = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
TAG = st.text(alphabet=st.sampled_from(list("abcxyz019-")), min_size=1, max_size=6)
TOPICS = st.sampled_from(["groups", "leaders", "regions", "dates"])


def _distinct(size: tuple[int, int]) -> st.SearchStrategy[list[str]]:
    return st.lists(TEXT, min_size=size[0], max_size=size[1], unique_by=str.casefold)


@st.composite
def answer_parts(draw: st.DrawFn, qtype: str) -> dict[str, object]:
    """The type's own fields: answer, choices, accepted answers, a cloze prompt."""
    if qtype == "true_false":
        return {"answer": draw(st.booleans())}
    if qtype == "ordering":
        return {"answer": draw(_distinct((3, 4)))}
    if qtype == "matching":
        # Sometimes more right-hand items than left ones: the extras are distractors.
        lefts, rights = draw(_distinct((2, 3))), draw(_distinct((3, 5)))
        return {"answer": dict(zip(lefts, rights, strict=False)),
                "choices": tuple(rights[len(lefts):])}
    if qtype in ("multiple_choice", "multiple_response"):
        choices = draw(_distinct((2, 4)))
        right = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
        answer = [c for c in choices if c in right] if qtype == "multiple_response" else right[0]
        return {"answer": answer, "choices": tuple(choices)}
    answers = draw(_distinct((1, 3)))
    parts: dict[str, object] = {"answer": answers[0], "accept": tuple(answers[1:])}
    if qtype == "cloze":
        before, after = draw(st.sampled_from(["", "x"])), draw(st.sampled_from(["", "y"]))
        parts["prompt"] = " ".join(p for p in (before and draw(TEXT), CLOZE_GAP,
                                               after and draw(TEXT)) if p)
    return parts


@st.composite
def questions(draw: st.DrawFn, types: tuple[str, ...], *, explanation: bool = True,
              details: bool = False) -> Question:
    """A valid question of one of ``types``; Moodle's details when ``details``."""
    qtype = draw(st.sampled_from(types))
    parts = {"prompt": draw(TEXT), **draw(answer_parts(qtype))}
    question = Question(
        key=f"q-{draw(st.integers(0, 10**6))}", topic=draw(TOPICS), type=qtype,
        explanation=draw(TEXT) if explanation and draw(st.booleans()) else "",
        source=SourceRef(draw(st.one_of(st.just(""), TEXT)), draw(st.one_of(st.just(""), TEXT))),
        tags=tuple(draw(st.lists(TAG, max_size=3, unique=True))), **parts)  # type: ignore[arg-type]
    if details:
        question = _with_details(draw, question)
    return question


def _with_details(draw: st.DrawFn, question: Question) -> Question:
    if question.type == "multiple_choice" and draw(st.booleans()):
        # Partial credit (or a penalty) on some wrong options; the answer is fully right.
        weights = {c: float(draw(st.sampled_from([-100, -50, 25, 50])))
                   for c in question.choices if c != question.answer and draw(st.booleans())}
        return Question(**{**question.__dict__, "weights": weights})
    right = list(question.answer) if isinstance(question.answer, list) else []
    if question.type == "multiple_response" and len(right) < len(question.choices) \
            and draw(st.booleans()):
        # Moodle's kind: right choices share 100%, a wrong tick costs nothing (quizapp's
        # default, -share for each wrong choice, is the same as no weights at all).
        share = round(100.0 / len(right), 5)  # GIFT writes five decimals, as Moodle does
        weights = {c: share if c in right else 0.0 for c in question.choices}
        return Question(**{**question.__dict__, "weights": weights})
    if question.type == "short_answer" and draw(st.booleans()):
        ranges = (NumericRange("1992", "1992"), NumericRange("1990", "1994", 50.0))
        return Question(**{**question.__dict__, "answer": "1992", "accept": (),
                           "numeric": ranges})
    return question


def banks(types: tuple[str, ...], **kwargs: bool) -> st.SearchStrategy[Bank]:
    """Banks of 1-5 valid questions with distinct keys."""
    valid = questions(types, **kwargs).filter(lambda q: not question_errors(q))
    return st.lists(valid, min_size=1, max_size=5, unique_by=lambda q: q.key).map(
        lambda qs: Bank(INFO, tuple(qs)))


ALL_TYPES = ("multiple_choice", "multiple_response", "true_false", "short_answer", "cloze",
             "ordering", "matching")


def _round_trip(bank: Bank, export: Callable[[Bank], str],
                parse: Callable[[str], tuple[Question, ...]]) -> None:
    assert parse(export(bank)) == bank.questions


def _no_arrows(bank: Bank) -> bool:
    """CSV and GIFT write a matching pair as ``left -> right`` (Moodle splits at the first
    arrow and reads any answer block with ``=`` and ``->`` as matching, with no escape for
    it): an answer holding an arrow cannot be told apart."""
    return not any("->" in text for q in bank.questions for text in _answer_texts(q))


def _answer_texts(question: Question) -> list[str]:
    answer = question.answer
    sides = [s for pair in answer.items() for s in pair] if isinstance(answer, dict) else []
    return [*question.accept, *question.choices, *sides,
            *([answer] if isinstance(answer, str) else [])]


@SETTINGS
@given(banks(ALL_TYPES, details=True))
def test_yaml_holds_every_type_and_detail(bank: Bank) -> None:
    assert parse_bank_file(dump_bank(bank)).questions == bank.questions


@SETTINGS
@given(banks(ALL_TYPES, details=True).filter(_no_arrows))
def test_gift_holds_every_type_and_detail(bank: Bank) -> None:
    assert parse_gift(bank_to_gift(bank), slug_hint="prop").questions == bank.questions


@SETTINGS
@given(banks(ALL_TYPES, explanation=False).filter(_no_arrows))
def test_csv_holds_every_type_but_explanations_and_details(bank: Bank) -> None:
    assert parse_csv(bank_to_csv(bank), slug_hint="prop").questions == bank.questions


@SETTINGS
@given(banks(ALL_TYPES))
def test_anki_holds_every_type_but_details(bank: Bank) -> None:
    out = io.BytesIO()
    write_apkg([bank], out, options=ExportOptions(timestamp=1_700_000_000))
    parsed = parse_apkg(out.getvalue(), slug_hint="prop").questions
    assert sorted(parsed, key=lambda q: q.key) == sorted(bank.questions, key=lambda q: q.key)


def _moodle_fields(question: Question) -> tuple[object, ...]:
    """What Moodle XML holds (its categories add a ``category:`` tag; no source quotes)."""
    tags = tuple(t for t in question.tags if not t.startswith("category:"))
    return (question.key, question.topic, question.type, question.prompt, question.answer,
            question.accept, question.choices, question.explanation, question.weights,
            question.feedback, question.numeric, question.prompt_html, tags)


@SETTINGS
@given(banks(ALL_TYPES, details=True))
def test_moodle_xml_holds_every_type_and_detail(bank: Bank) -> None:
    parsed = parse_moodle_xml(bank_to_moodle_xml(bank), slug_hint="prop")
    assert parsed.warnings == ()
    assert [_moodle_fields(q) for q in parsed.questions] == [
        _moodle_fields(q) for q in bank.questions]
