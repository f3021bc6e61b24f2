"""Pure quiz helpers: reading answer forms, deterministic choices, the score chart."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.quiz.answers import TamperedAnswer, parse_given
from quizapp.quiz.chart import HEIGHT, score_chart
from quizapp.quiz.selection import pick_questions, quiz_rng, shuffled

ORDER = ["a", "b", "c"]
PAIRS = {"Artemio": "Flores", "Raúl": "Jorge", "José": "Victor"}


def _form(**fields: object) -> MultiDict[str, str]:
    return MultiDict([(k, v) for k, values in fields.items()
                      for v in (values if isinstance(values, list) else [values])])


@pytest.mark.parametrize(("qtype", "fields", "expected"), [
    ("multiple_choice", {"choice": "B"}, "B"),
    ("multiple_choice", {}, None),
    ("true_false", {"truth": "false"}, False),
    ("true_false", {"truth": ""}, None),
    ("short_answer", {"text": " Túpac "}, " Túpac "),
    ("cloze", {}, ""),
    ("ordering", {"item": ["c", "a", "b"], "position": ["3", "1", "2"]}, ["a", "b", "c"]),
    # Two items given the same number keep the order they were listed in.
    ("ordering", {"item": ["c", "a", "b"], "position": ["1", "1", "2"]}, ["c", "a", "b"]),
    ("ordering", {}, None),
    ("matching", {"left": ["Artemio", "José"], "right": ["Flores", ""]}, {"Artemio": "Flores"}),
    ("matching", {}, {}),
])
def test_parse_given(qtype, fields, expected) -> None:
    answer = {"ordering": ORDER, "matching": PAIRS}.get(qtype, "B")
    assert parse_given(qtype, answer, ["A", "B", "C"], _form(**fields)) == expected


@pytest.mark.parametrize(("qtype", "fields"), [
    ("multiple_choice", {"choice": "D"}),
    ("true_false", {"truth": "yes"}),
    ("short_answer", {"text": "x" * 501}),
    ("ordering", {"item": ["a", "b", "b"], "position": ["1", "2", "3"]}),
    ("ordering", {"item": ["a", "b", "c"], "position": ["1", "2", "0"]}),
    ("ordering", {"item": ["a", "b", "c"]}),
    ("matching", {"left": ["Artemio"], "right": ["Nobody"]}),
    ("matching", {"left": ["Guzmán"], "right": ["Flores"]}),
    ("matching", {"left": ["Artemio", "Artemio"], "right": ["Flores", "Jorge"]}),
    ("matching", {"left": ["Artemio", "José"], "right": ["Flores"]}),
])
def test_parse_given_refuses_tampered_forms(qtype, fields) -> None:
    answer = {"ordering": ORDER, "matching": PAIRS}.get(qtype, "B")
    with pytest.raises(TamperedAnswer):
        parse_given(qtype, answer, ["A", "B", "C"], _form(**fields))


def test_selection_is_seeded_not_global() -> None:
    ids = list(range(1, 21))
    first = pick_questions(ids, 5, quiz_rng(7, 0))
    assert first == pick_questions(ids, 5, quiz_rng(7, 0))
    assert first != pick_questions(ids, 5, quiz_rng(7, 1))
    assert first != pick_questions(ids, 5, quiz_rng(8, 0))
    assert len(set(first)) == 5 and set(first) <= set(ids)
    assert sorted(pick_questions(ids[:3], 10, quiz_rng(7, 0))) == ids[:3]


def test_a_quiz_asks_one_question_per_sentence_while_it_can() -> None:
    """Two gaps on one sentence: each passage shows the other's answer, so a quiz takes one,
    unless the set has too few sentences for the count asked."""
    ids = list(range(1, 13))
    source_of = {qid: f"sentence {(qid + 1) // 2}" for qid in ids}  # six pairs of siblings
    for attempt in range(20):
        chosen = pick_questions(ids, 6, quiz_rng(7, attempt), source_of)
        assert len({source_of[q] for q in chosen}) == 6
        assert pick_questions(ids, 6, quiz_rng(7, attempt), source_of) == chosen
    every = pick_questions(ids, 12, quiz_rng(7, 0), source_of)
    assert sorted(every) == ids
    assert len({source_of[q] for q in every[:6]}) == 6  # siblings only after every sentence


def test_shuffled_is_stable_and_never_shows_an_ordering_solved() -> None:
    assert shuffled(ORDER, "1:2") == shuffled(ORDER, "1:2")
    for seed in range(50):
        assert shuffled(ORDER, str(seed), avoid_original=True) != ORDER
        assert sorted(shuffled(ORDER, str(seed), avoid_original=True)) == ORDER


def test_score_chart_bars_scale_with_scores() -> None:
    chart = score_chart([("first", 0.25), ("second", 1.0), ("odd", 1.7)])
    low, high, clamped = chart.bars
    assert high.height == pytest.approx(4 * low.height)
    assert clamped.height == high.height and high.y + high.height <= HEIGHT
    assert [b.label for b in chart.bars] == ["first: 25%", "second: 100%", "odd: 100%"]
    assert low.x < high.x < clamped.x
    assert score_chart([]).bars == ()


def test_a_passage_sharing_a_sentence_with_a_chosen_one_is_a_sibling() -> None:
    """"A. B." shows the answer of the question on "B." alone: the two are siblings."""
    source_of = {1: "Guzmán founded it. It declared war in 1980.", 2: "It declared war in 1980.",
                 3: "Fujimori ruled for a decade.", 4: "Castillo was arrested … Boluarte took over."}
    for attempt in range(20):
        chosen = pick_questions([1, 2, 3, 4], 3, quiz_rng(7, attempt), source_of)
        assert not {1, 2} <= set(chosen), chosen
