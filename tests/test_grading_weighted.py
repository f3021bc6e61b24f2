"""Moodle-style credit: multiple response, partly right options, numbers, feedback."""

from __future__ import annotations

import pytest

from quizapp.bank.schema import NumericRange, dump_bank, load_bank
from quizapp.grading import grade
from quizapp.grading.weighted import answer_feedback

CHOICES = ("No one", "Grant", "Grant's wife", "Grant's father")
WEIGHTS = {"No one": -100.0, "Grant": 50.0, "Grant's wife": 50.0, "Grant's father": -100.0}


@pytest.mark.parametrize(("ticked", "score"), [
    (["Grant", "Grant's wife"], 1.0), (["Grant"], 0.5), (["Grant", "No one"], 0.0),
    (["No one", "Grant's father"], 0.0), ([], 0.0)])
def test_multiple_response_sums_the_chosen_weights_clamped(ticked, score) -> None:
    result = grade("multiple_response", ["Grant", "Grant's wife"], ticked, choices=CHOICES,
                   weights=WEIGHTS)
    assert result.score == score and result.correct is (score == 1.0)


def test_multiple_response_without_weights_takes_back_for_wrong_ticks() -> None:
    right = ["a", "b"]
    def score(ticked):
        return grade("multiple_response", right, ticked, choices=("a", "b", "c")).score
    assert (score(["a", "b"]), score(["a"]), score(["a", "b", "c"])) == (1.0, 0.5, 0.5)


def test_a_partly_right_choice_and_alias_earn_their_weight() -> None:
    choice = grade("multiple_choice", "Bethlehem", "Nazareth",
                   weights={"Nazareth": 25.0})
    typed = grade("short_answer", "Bethlehem", "nazaret", accept=("Nazareth",),
                  weights={"Nazareth": 25.0})
    assert (choice.score, typed.score, typed.matched) == (0.25, 0.25, "Nazareth")


def test_numbers_within_the_first_matching_range() -> None:
    ranges = (NumericRange("1822", "1822"), NumericRange("1820", "1824", 50.0))
    def score(text):
        return grade("short_answer", "1822", text, numeric=ranges).score
    assert [score(t) for t in ("1822", "1,822.0", "1823", "1830", "soon")] == [
        1.0, 1.0, 0.5, 0.0, 0.0]


def test_feedback_follows_the_answer_given() -> None:
    feedback = {"true": "Yes", "false": "No", "*": "Other"}
    assert answer_feedback("true_false", feedback, False, None) == ["No"]
    assert answer_feedback("short_answer", {"x": "X!", "*": "Other"}, "y", None) == ["Other"]
    assert answer_feedback("multiple_response", {"a": "A!", "c": "C!"}, ["a", "b"], None) == [
        "A!"]


def test_new_fields_round_trip_through_the_bank_yaml() -> None:
    text = """\
set: {slug: s, title: S}
questions:
- id: mr
  topic: t
  type: multiple_response
  prompt: Which?
  answer: [a, b]
  choices: [a, b, c]
  weights: {a: 50, b: 50, c: -100}
  feedback: {c: 'not this one'}
- id: n
  topic: t
  type: short_answer
  prompt: Pi?
  answer: '3.1415'
  numeric: [{min: '3.141', max: '3.142', percent: 100}]
  prompt_html: <p>Pi?</p>
"""
    bank = load_bank(text)
    assert bank.questions[0].weights == {"a": 50, "b": 50, "c": -100}
    assert bank.questions[1].numeric == (NumericRange("3.141", "3.142"),)
    assert load_bank(dump_bank(bank)) == bank


def test_a_weight_on_no_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="weight must name one of the choices"):
        load_bank("set: {slug: s, title: S}\nquestions:\n- {id: q, topic: t, type: "
                  "multiple_choice, prompt: P, answer: a, choices: [a, b], weights: {z: 50}}\n")
