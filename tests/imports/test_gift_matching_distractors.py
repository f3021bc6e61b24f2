"""Matching distractors (extra right-hand items, a matching question's ``choices``): read from
GIFT as Moodle writes them (``= -> item``), validated by the bank format, and kept through
YAML, GIFT, CSV and Moodle XML (a subquestion with empty text)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from quizapp.bank.schema import (
    Bank,
    BankFormatError,
    Question,
    SetInfo,
    dump_bank,
    load_bank,
    question_errors,
)
from quizapp.export.csvfile import bank_to_csv
from quizapp.export.gift import bank_to_gift
from quizapp.export.moodle_xml import bank_to_moodle_xml
from quizapp.imports import parse_csv, parse_gift
from quizapp.imports.moodle_xml import parse_moodle_xml

MATCH = Question("cats", "animals", "matching", "Match the sounds.",
                 {"cat": "miaou", "dog": "wouf"}, choices=("Chat", "cui | cui = piou"))
BANK = Bank(SetInfo("sounds", "Sounds"), (MATCH,))


def test_gift_distractor_is_kept_with_no_warning() -> None:
    parsed = parse_gift("::Q:: Match {=cat -> miaou =dog -> wouf = -> Chat}", slug_hint="s")
    (question,) = parsed.questions
    assert (question.type, question.answer) == ("matching", {"cat": "miaou", "dog": "wouf"})
    assert question.choices == ("Chat",)
    assert parsed.warnings == ()


def test_gift_distractors_on_their_own_lines_in_file_order() -> None:
    text = "Match.\n{\n\t= -> zèbre\n\t=cat -> miaou\n\t=dog -> wouf\n\t= -> Chat\n}\n"
    (question,) = parse_gift(text, slug_hint="s").questions
    assert question.answer == {"cat": "miaou", "dog": "wouf"}
    assert question.choices == ("zèbre", "Chat")


def test_gift_item_offered_twice_is_offered_once_as_moodle_does() -> None:
    text = "Match. {=cat -> miaou =dog -> wouf = -> miaou = -> Chat = -> Chat = -> }"
    parsed = parse_gift(text, slug_hint="s")
    assert parsed.questions[0].choices == ("Chat",)
    assert parsed.warnings == ()


@pytest.mark.parametrize("export, parse", [
    (bank_to_gift, lambda text: parse_gift(text, slug_hint="sounds").questions),
    (bank_to_csv, lambda text: parse_csv(text, slug_hint="sounds").questions),
    (dump_bank, lambda text: load_bank(text).questions),
], ids=["gift", "csv", "yaml"])
def test_round_trip_keeps_distractors(export, parse) -> None:
    assert parse(export(BANK)) == BANK.questions


def test_gift_export_writes_distractors_as_moodle_does() -> None:
    text = bank_to_gift(BANK)
    assert "\t=cat -> miaou\n\t=dog -> wouf\n\t= -> Chat\n\t= -> cui | cui \\= piou\n}" in text


def test_yaml_lists_distractors_as_choices() -> None:
    assert "choices:\n  - Chat\n  - cui | cui = piou\n" in dump_bank(BANK)


def test_moodle_xml_distractor_is_a_subquestion_with_empty_text() -> None:
    quiz = ET.fromstring(bank_to_moodle_xml(BANK))
    question = next(q for q in quiz.iter("question") if q.get("type") == "matching")
    subquestions = [(s.findtext("text") or "", s.findtext("answer/text"))
                    for s in question.iter("subquestion")]
    assert subquestions == [("cat", "miaou"), ("dog", "wouf"), ("", "Chat"),
                            ("", "cui | cui = piou")]


def test_moodle_xml_round_trip_keeps_distractors() -> None:
    parsed = parse_moodle_xml(bank_to_moodle_xml(BANK), slug_hint="sounds")
    (question,) = parsed.questions
    assert (question.answer, question.choices) == (MATCH.answer, MATCH.choices)


def test_matching_without_distractors_is_unchanged() -> None:
    plain = replace(MATCH, choices=())
    assert "= ->" not in bank_to_gift(Bank(BANK.info, (plain,)))
    assert "choices" not in dump_bank(Bank(BANK.info, (plain,)))
    assert question_errors(plain) == []


@pytest.mark.parametrize("choices, words", [
    (("miaou",), "'miaou' is already the match of a left item"),
    (("Chat", "Chat"), "extra right-hand items (choices) must be distinct"),
])
def test_schema_refuses_bad_distractors(choices: tuple[str, ...], words: str) -> None:
    question = replace(MATCH, choices=choices)
    assert any(words in problem for problem in question_errors(question))
    yaml_text = dump_bank(Bank(BANK.info, (question,)))
    with pytest.raises(BankFormatError, match=re.escape(words)):
        load_bank(yaml_text)


def test_schema_refuses_an_empty_distractor() -> None:
    problems = question_errors(replace(MATCH, choices=("Chat", "  ")))
    assert problems == ["a matching question's extra right-hand items (choices) must not be "
                        "empty"]


def test_csv_with_a_distractor_equal_to_an_answer_is_refused_whole() -> None:
    text = ("type,prompt,answer,choices\n"
            "matching,Match.,cat -> miaou|dog -> wouf,Chat\n"
            "matching,Again.,cat -> miaou|dog -> wouf,wouf\n")
    with pytest.raises(ValueError, match="'wouf' is already the match of a left item"):
        parse_csv(text, slug_hint="s")
