"""Imports are bounded: a cap on questions per file, keys settled in linear time."""

from __future__ import annotations

import pytest

from quizapp.imports import ImportFormatError, parse_upload
from quizapp.imports.common import MAX_QUESTIONS

HEADER = "type,prompt,answer\n"


def _csv(rows: int, prompt: str = "Same prompt?") -> bytes:
    return (HEADER + "".join(f"short_answer,{prompt},yes\n" for _ in range(rows))).encode()


def _gift(questions: int) -> bytes:
    return "\n\n".join(f"Question {i}? {{=yes ~no ~maybe}}" for i in range(questions)).encode()


def test_the_default_cap_is_ten_thousand_questions() -> None:
    assert MAX_QUESTIONS == 10_000
    assert len(parse_upload("ok.csv", _csv(10_000)).questions) == 10_000


@pytest.mark.parametrize(("name", "data", "line"), [
    ("big.csv", _csv(51), 52), ("big.gift", _gift(51), 101)])
def test_a_file_past_the_cap_is_refused_with_a_clear_message(name, data, line) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_upload(name, data, max_questions=50)
    assert "more than 50 questions" in str(caught.value)
    assert "split it into smaller files" in str(caught.value)
    assert caught.value.line == line  # stopped where the cap was passed, the rest unread


def test_a_million_question_gift_is_refused_without_reading_it_all() -> None:
    data = "\n\n".join(f"Q{i}? {{=yes}}" for i in range(1_000_000)).encode()  # 15 MB
    with pytest.raises(ImportFormatError, match="more than 10,000 questions") as caught:
        parse_upload("huge.gift", data)
    assert caught.value.line == 20_001


def test_a_bank_file_past_the_cap_is_refused() -> None:
    items = "".join(f"  - {{id: q{i}, topic: t, type: short_answer, prompt: 'P{i}?', "
                    f"answer: A}}\n" for i in range(3))
    text = f"set: {{slug: s, title: S}}\nquestions:\n{items}".encode()
    with pytest.raises(ImportFormatError, match="more than 2 questions"):
        parse_upload("bank.yaml", text, max_questions=2)


def test_equal_prompts_get_numbered_keys_in_file_order() -> None:
    questions = parse_upload("same.csv", _csv(5_000), slug_hint="same").questions
    keys = [q.key for q in questions]
    assert len(set(keys)) == 5_000
    assert keys[1] == f"{keys[0]}-2" and keys[-1] == f"{keys[0]}-5000"
