"""The measurable targets of issue 3, on the Peru profile and on a second profile (Ecuador)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bank_quality import (
    ROOT,
    bad_choices,
    extractive_grounding,
    leaks,
    quotes_not_verbatim,
)

from quizapp.bank.generator import GenerationResult, generate
from quizapp.bank.schema import CORE_TOPICS, QUESTION_TYPES, dump_bank, load_bank, question_errors

# (fixture name, profile fixture, smallest share of the bank per core topic): fewer, better
# questions than issue 3's bank (315 for Peru), still no core topic left thin, and none taking
# over (a bank of dates is a drill).
BANKS = [("peru", "peru_text", 0.08), ("ecuador", "ecuador_text", 0.08)]
LARGEST_TOPIC_SHARE = 0.4


@pytest.fixture(params=BANKS, ids=[b[0] for b in BANKS])
def case(request: pytest.FixtureRequest) -> tuple[GenerationResult, str, float]:
    name, text_fixture, minimum = request.param
    return request.getfixturevalue(name), request.getfixturevalue(text_fixture), minimum


def test_every_quote_is_verbatim(case: tuple[GenerationResult, str, float]) -> None:
    result, text, _ = case
    assert quotes_not_verbatim(result.bank, text) == []


def test_extractive_answers_are_in_their_quote(case: tuple[GenerationResult, str, float]) -> None:
    assert extractive_grounding(case[0].bank) >= 0.95


def test_no_answer_is_written_in_its_prompt(case: tuple[GenerationResult, str, float]) -> None:
    assert leaks(case[0].bank) == []


def test_multiple_choice_has_four_distinct_options_one_correct(
    case: tuple[GenerationResult, str, float],
) -> None:
    assert bad_choices(case[0].bank) == []


def test_every_type_is_present(case: tuple[GenerationResult, str, float]) -> None:
    types = Counter(q.type for q in case[0].bank.questions)
    assert set(types) == set(QUESTION_TYPES)


def test_each_core_topic_has_its_share(case: tuple[GenerationResult, str, float]) -> None:
    result, _, smallest = case
    topics = Counter(q.topic for q in result.bank.questions)
    total = len(result.bank.questions)
    assert all(smallest <= topics[t] / total <= LARGEST_TOPIC_SHARE for t in CORE_TOPICS), topics


def test_questions_are_valid_and_ids_unique(case: tuple[GenerationResult, str, float]) -> None:
    bank = case[0].bank
    assert all(question_errors(q) == [] for q in bank.questions)
    assert len({q.key for q in bank.questions}) == len(bank.questions)
    assert load_bank(dump_bank(bank)) == bank


def test_true_false_has_both_answers(case: tuple[GenerationResult, str, float]) -> None:
    """A bank whose statements are all true (or all false) teaches to answer without reading;
    one or two statements make no such pattern."""
    answers = Counter(q.answer for q in case[0].bank.questions if q.type == "true_false")
    assert answers.total() < 3 or (answers[True] >= 1 and answers[False] >= 1)


def test_generation_is_byte_identical(peru_text: str) -> None:
    first = dump_bank(generate(peru_text, slug="peru").bank)
    second = dump_bank(generate(peru_text, slug="peru").bank)
    assert first == second


def test_ids_come_from_content_not_position(peru: GenerationResult, peru_text: str) -> None:
    """Adding a paragraph at the top keeps the ids of the questions it does not touch."""
    extra = "Peru hosted a trade summit in 1999 in the Cusco region.\n\n\n"
    shifted = generate(extra + peru_text, slug="peru").bank
    before = {q.key for q in peru.bank.questions}
    after = {q.key for q in shifted.questions}
    assert len(before & after) >= 0.9 * len(before)


def test_committed_bank_is_the_generator_output(peru: GenerationResult) -> None:
    committed = Path(ROOT / "questions" / "peru.yaml").read_text(encoding="utf-8")
    assert committed == dump_bank(peru.bank)


def test_set_metadata_defaults(peru: GenerationResult) -> None:
    info = peru.bank.info
    assert info.title == "Organized Crime in Peru"
    assert info.source.file == "sources/peru.txt"
    assert info.source.title == "Peru Profile"
    assert info.source.publisher == "InSight Crime"
    assert info.source.license.startswith("CC BY-NC")


def test_report_lists_counts_and_unused_facts(peru: GenerationResult) -> None:
    report = peru.report()
    for part in ("By topic:", "By type:", "Facts found", "never asked about", "ordering"):
        assert part in report


def test_windows_line_endings_give_the_same_bank(peru: GenerationResult, peru_text: str) -> None:
    crlf = generate(peru_text.replace("\n", "\r\n"), slug="peru").bank
    assert dump_bank(crlf) == dump_bank(peru.bank)


def test_a_result_built_from_a_bank_alone_still_reports(peru: GenerationResult) -> None:
    report = GenerationResult(bank=peru.bank).report()
    assert report.startswith("Organized Crime in Peru:") and "By type:" in report
