"""Table tests for quizapp.grading: what a student typing or picking an answer would see."""

from __future__ import annotations

import pytest

from quizapp.grading import (
    grade,
    grade_choice,
    grade_matching,
    grade_ordering,
    grade_text,
    grade_true_false,
    normalise,
)

ARTEMIO = "Florindo Eleuterio Flores"
JORGE = "Jorge Quispe Palomino"
VICTOR = "Victor Quispe Palomino"
MRTA_LONG = "Túpac Amaru Revolutionary Movement"

TYPED_CASES = [
    # given, answer, accept, others, reason, correct
    pytest.param("Abimael Guzman", "Abimael Guzmán", (), (), "exact", True, id="accent-folded"),
    pytest.param("ABIMAEL GUZMÁN", "Abimael Guzmán", (), (), "exact", True, id="case"),
    pytest.param("ano", "año", (), (), "wrong", False, id="enye-kept-3-chars"),
    pytest.param("pena", "Peña", (), (), "typo", True, id="enye-kept-costs-an-edit"),
    pytest.param("Sendero-Luminoso!", "Sendero Luminoso", (), (), "exact", True, id="punctuation"),
    pytest.param("Peru's coast", "Peru’s coast", (), (), "exact", True, id="apostrophes"),
    pytest.param("the Shining Path", "Shining Path", (), (), "exact", True, id="article-given"),
    pytest.param("Oroya", "La Oroya", (), (), "exact", True, id="article-in-answer"),
    pytest.param("MRTA", MRTA_LONG, ("MRTA",), (), "alias", True, id="acronym-alias"),
    pytest.param(
        "tupac amaru revolutionary movement",
        "MRTA",
        (MRTA_LONG,),
        (),
        "alias",
        True,
        id="long-name-alias",
    ),
    pytest.param(
        "comrade artemio", ARTEMIO, ("Comrade Artemio",), (), "alias", True, id="nickname-alias"
    ),
    pytest.param(
        "Comrade Artemo", ARTEMIO, ("Comrade Artemio",), (), "typo", True, id="alias-with-typo"
    ),
    pytest.param("Ena", "Ene", (), (), "wrong", False, id="3-chars-no-typo"),
    pytest.param("Lina", "Lima", (), (), "typo", True, id="4-chars-one-edit"),
    pytest.param("Ayacuho", "Ayacucho", (), (), "typo", True, id="one-deletion"),
    pytest.param("Ayacucoh", "Ayacucho", (), (), "typo", True, id="transposition-is-one-edit"),
    pytest.param("Kajamarka", "Cajamarca", (), (), "wrong", False, id="9-chars-two-edits"),
    pytest.param("Sam Martim", "San Martín", (), (), "typo", True, id="10-chars-two-edits"),
    pytest.param("Tupak Amarru", "Túpac Amaru", (), (), "typo", True, id="11-chars-two-edits"),
    pytest.param("Tupak Amarruu", "Túpac Amaru", (), (), "wrong", False, id="three-edits"),
    pytest.param("1993", "1992", (), (), "wrong", False, id="year-exact"),
    pytest.param("1992.", "1992", (), (), "exact", True, id="year-punctuation"),
    pytest.param("70000", "70,000", (), (), "exact", True, id="thousands-comma"),
    pytest.param("70 000", "70000", (), (), "exact", True, id="thousands-space"),
    pytest.param("70,001", "70,000", (), (), "wrong", False, id="count-exact"),
    pytest.param("VRAE", "VRAEM", (), (), "wrong", False, id="acronym-exact"),
    pytest.param("MRTS", MRTA_LONG, ("MRTA",), (), "wrong", False, id="acronym-alias-exact"),
    pytest.param("vraem", "VRAEM", (), (), "exact", True, id="acronym-any-case"),
    pytest.param(VICTOR, JORGE, (), (VICTOR,), "near_miss_other_entity", False, id="other-entity"),
    pytest.param(
        "Victor Quispe Palomin",
        JORGE,
        (),
        (VICTOR,),
        "near_miss_other_entity",
        False,
        id="other-entity-typo",
    ),
    pytest.param(
        "Jorge Quispe Palomin", JORGE, (), (VICTOR,), "typo", True, id="typo-closer-to-answer"
    ),
    pytest.param(
        "Tarna",
        "Tacna",
        (),
        ("Tarma",),
        "near_miss_other_entity",
        False,
        id="typo-as-close-to-other",
    ),
    pytest.param("Tarna", "Tacna", (), (), "typo", True, id="same-typo-without-rival"),
    pytest.param(JORGE, JORGE, (), (JORGE, VICTOR), "exact", True, id="answer-among-others"),
    pytest.param("Lima", JORGE, (), (VICTOR,), "wrong", False, id="unrelated"),
    pytest.param("", JORGE, (), (), "empty", False, id="empty"),
    pytest.param("   ", JORGE, (), (), "empty", False, id="blank"),
]


@pytest.mark.parametrize(("given", "answer", "accept", "others", "reason", "correct"), TYPED_CASES)
def test_grade_text_table(
    given: str,
    answer: str,
    accept: tuple[str, ...],
    others: tuple[str, ...],
    reason: str,
    correct: bool,
) -> None:
    result = grade_text(given, answer, accept, others=others)
    assert (result.reason, result.correct) == (reason, correct)
    assert result.score == (1.0 if correct else 0.0)


def test_enye_is_kept_while_other_accents_fold() -> None:
    assert normalise("Peña") != normalise("pena")
    assert normalise("Túpac Amaru") == normalise("tupac amaru")


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("  The  O’Brien-Smith, “Peña”!  ", "obrien smith peña"),
        ("Los Angeles", "angeles"),
        ("The", "the"),
        ("ＭＲＴＡ", "mrta"),
        ("70,000 people", "70000 people"),
    ],
)
def test_normalise_policy(raw: str, folded: str) -> None:
    assert normalise(raw) == folded


def test_messages_quote_the_right_spelling() -> None:
    assert grade_text("Tupak Amaru", "Túpac Amaru").message == (
        "Accepted with a typo — the spelling is Túpac Amaru."
    )
    alias = grade_text("Comrade Artemio", ARTEMIO, ("Comrade Artemio",))
    assert alias.message == f"Accepted: “Comrade Artemio” is another name for {ARTEMIO}."
    assert alias.matched == "Comrade Artemio"
    assert grade_text("abimael guzman", "Abimael Guzmán").message == (
        "Correct — the spelling is Abimael Guzmán."
    )
    assert grade_text("Abimael Guzmán", "Abimael Guzmán").message == "Correct."
    near = grade_text(VICTOR, JORGE, others=(VICTOR,))
    assert VICTOR in near.message and JORGE in near.message
    assert grade_text("1993", "1992").message == "Not right — the answer is 1992."


@pytest.mark.parametrize(
    ("given", "reason", "correct"),
    [
        ("Lima", "exact", True),
        ("  Lima ", "exact", True),
        ("lima", "wrong", False),
        ("Cusco", "wrong", False),
        ("", "empty", False),
    ],
)
def test_grade_choice_by_exact_option_text(given: str, reason: str, correct: bool) -> None:
    result = grade_choice(given, "Lima")
    assert (result.reason, result.correct) == (reason, correct)


@pytest.mark.parametrize(
    ("given", "answer", "reason", "correct"),
    [
        (True, True, "exact", True),
        (False, True, "wrong", False),
        ("true", True, "exact", True),
        ("False", False, "exact", True),
        ("false", True, "wrong", False),
        ("t", True, "exact", True),
        ("maybe", True, "invalid", False),
        ("", False, "empty", False),
        (None, False, "empty", False),
    ],
)
def test_grade_true_false(
    given: bool | str | None, answer: bool, reason: str, correct: bool
) -> None:
    result = grade_true_false(given, answer)
    assert (result.reason, result.correct) == (reason, correct)


TIMELINE = ["Shining Path declares war (1980)", "Guzmán captured (1992)", "Artemio captured (2012)"]
A, B, C = TIMELINE


@pytest.mark.parametrize(
    ("given", "score", "reason"),
    [
        ([A, B, C], 1.0, "exact"),
        ([B, A, C], 2 / 3, "partial"),  # pairs AB wrong, AC and BC right
        ([A, C, B], 2 / 3, "partial"),
        ([C, A, B], 1 / 3, "partial"),  # only AB right
        ([C, B, A], 0.0, "wrong"),
        ([A, B], 0.0, "invalid"),
        ([A, B, C, C], 0.0, "invalid"),
        ([A, B, "Fujimori elected (1990)"], 0.0, "invalid"),
        ([], 0.0, "empty"),
    ],
)
def test_grade_ordering_partial_credit(given: list[str], score: float, reason: str) -> None:
    result = grade_ordering(given, TIMELINE)
    assert result.score == pytest.approx(score)
    assert result.reason == reason
    assert result.correct is (score == 1.0)


def test_ordering_of_four_counts_six_pairs() -> None:
    # One adjacent swap among 4 items breaks 1 of the 6 pairs.
    result = grade_ordering(["a", "c", "b", "d"], ["a", "b", "c", "d"])
    assert result.score == pytest.approx(5 / 6)
    assert result.message.startswith("Partly right: 5 of 6 pairs in the right order.")


ALIASES = {"Comrade Artemio": ARTEMIO, "Raúl": JORGE, "José": VICTOR}


@pytest.mark.parametrize(
    ("given", "score", "reason"),
    [
        (dict(ALIASES), 1.0, "exact"),
        ({"Comrade Artemio": ARTEMIO, "Raúl": VICTOR, "José": JORGE}, 1 / 3, "partial"),
        ({"Comrade Artemio": ARTEMIO, "Raúl": JORGE}, 2 / 3, "partial"),
        ({"Comrade Artemio": JORGE, "Raúl": VICTOR, "José": ARTEMIO}, 0.0, "wrong"),
        ({"Comrade Artemio": "", "Raúl": ""}, 0.0, "empty"),
        ({}, 0.0, "empty"),
    ],
)
def test_grade_matching_partial_credit(given: dict[str, str], score: float, reason: str) -> None:
    result = grade_matching(given, ALIASES)
    assert result.score == pytest.approx(score)
    assert result.reason == reason
    assert result.correct is (score == 1.0)


@pytest.mark.parametrize(
    ("question_type", "answer", "given", "reason"),
    [
        ("multiple_choice", "Lima", "Lima", "exact"),
        ("true_false", True, "true", "exact"),
        ("short_answer", JORGE, "Jorge Quispe Palomin", "typo"),
        ("cloze", "Ayacucho", "ayacucho", "exact"),
        ("ordering", TIMELINE, [B, A, C], "partial"),
        ("matching", ALIASES, {"Raúl": JORGE}, "partial"),
    ],
)
def test_dispatcher_routes_each_type(
    question_type: str, answer: object, given: object, reason: str
) -> None:
    assert grade(question_type, answer, given).reason == reason


def test_dispatcher_passes_accept_and_others() -> None:
    assert grade("short_answer", ARTEMIO, "Comrade Artemio", accept=["Comrade Artemio"]).correct
    guarded = grade("short_answer", JORGE, VICTOR, others=[VICTOR])
    assert guarded.reason == "near_miss_other_entity"


QUESTIONS = {
    "multiple_choice": "Lima",
    "true_false": True,
    "short_answer": "Lima",
    "cloze": "Lima",
    "ordering": TIMELINE,
    "matching": ALIASES,
}
NOT_TEXT: list[object] = [42, 1.5, b"Lima", ["Lima"], {"Lima": "Lima"}, object()]
WRONG_PYTHON_TYPES: dict[str, list[object]] = {
    "multiple_choice": NOT_TEXT,
    "short_answer": NOT_TEXT,
    "cloze": NOT_TEXT,
    "true_false": [1, 0, 1.0, ["true"], {"true": "true"}, object()],
    "ordering": [" ".join(TIMELINE), 42, [1, 2, 3], [A, None, C], {A: B}, object()],
    "matching": ["Raúl=" + JORGE, [("Raúl", JORGE)], {"Raúl": 1}, {1: JORGE}, 42, object()],
}


@pytest.mark.parametrize(
    ("question_type", "given"),
    [(qtype, given) for qtype, values in WRONG_PYTHON_TYPES.items() for given in values],
)
def test_dispatcher_grades_wrong_python_types_as_invalid(question_type: str, given: object) -> None:
    result = grade(question_type, QUESTIONS[question_type], given)
    assert (result.reason, result.correct, result.score) == ("invalid", False, 0.0)
    assert result.message.startswith("Answer not understood — the answer is")


EMPTY_SUBMISSIONS: dict[str, list[object]] = {
    "multiple_choice": [None, "", "  "],
    "short_answer": [None, "", "  "],
    "cloze": [None, "", "  "],
    "true_false": [None, "", "  "],
    "ordering": [None, [], ()],
    "matching": [None, {}, {"Raúl": "", "José": " "}],
}


@pytest.mark.parametrize(
    ("question_type", "given"),
    [(qtype, given) for qtype, values in EMPTY_SUBMISSIONS.items() for given in values],
)
def test_dispatcher_empty_answer_is_wrong_not_an_error(question_type: str, given: object) -> None:
    result = grade(question_type, QUESTIONS[question_type], given)
    assert (result.reason, result.correct, result.score) == ("empty", False, 0.0)
    assert result.message.startswith("No answer given — the answer is")


def test_dispatcher_rejects_bank_bugs() -> None:
    with pytest.raises(ValueError, match="unknown question type"):
        grade("essay", "x", "x")
    with pytest.raises(ValueError, match="expected a bool answer"):
        grade("true_false", "true", "true")
    with pytest.raises(ValueError, match="ordering answer"):
        grade("ordering", [], ["a"])
