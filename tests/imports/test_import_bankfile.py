"""Bank YAML/JSON import: exact round trip, JSON with positions, errors naming the entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.bank.schema import Bank, bank_to_dict, dump_bank
from quizapp.imports import ImportFormatError, parse_bank_file, parse_upload

SAMPLE = Path(__file__).parent / "fixtures" / "peru_sample.yaml"


def test_yaml_round_trip_is_byte_exact() -> None:
    text = SAMPLE.read_text("utf-8")
    parsed = parse_bank_file(text)
    assert parsed.info is not None and parsed.info.slug == "peru-sample"
    assert dump_bank(Bank(parsed.info, parsed.questions)) == text
    assert parsed.warnings == ()


def test_json_upload_gives_the_same_bank() -> None:
    yaml_parsed = parse_bank_file(SAMPLE.read_text("utf-8"))
    assert yaml_parsed.info is not None
    data = json.dumps(bank_to_dict(Bank(yaml_parsed.info, yaml_parsed.questions)), indent=2)
    json_parsed = parse_upload("peru.json", data.encode())
    assert json_parsed == yaml_parsed


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_upload("peru.json", b'{\n  "set": {"slug": "x",}\n}')
    assert info.value.line == 2 and "not valid JSON" in str(info.value)


def test_invalid_question_names_the_entry() -> None:
    text = SAMPLE.read_text("utf-8").replace("answer: true", "answer: maybe")
    with pytest.raises(ImportFormatError) as info:
        parse_bank_file(text)
    assert info.value.entry == "questions[1].answer"
    assert str(info.value) == "questions[1].answer: must be true or false"


def test_duplicate_ids_are_refused() -> None:
    text = SAMPLE.read_text("utf-8").replace("id: peru-dates-guzman-tf", "id: peru-leaders-artemio")
    with pytest.raises(ImportFormatError) as info:
        parse_bank_file(text)
    assert info.value.entry == "questions[1].id" and "duplicate id" in str(info.value)


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_bank_file("set:\n  slug: x\n  title: [unclosed\nquestions: []\n")
    assert info.value.line is not None and "not valid YAML" in str(info.value)


@pytest.mark.parametrize("text", ["a: 2021-02-30\n", "- 1\n- 2\n", "just words", "{set: 1}"])
def test_other_yaml_that_is_no_bank_is_an_import_error(text: str) -> None:
    with pytest.raises(ImportFormatError):
        parse_bank_file(text)
