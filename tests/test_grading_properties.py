"""Property-based tests for quizapp.grading (hypothesis, derandomized so runs are reproducible)."""

from __future__ import annotations

import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.grading import grade, grade_matching, grade_ordering, grade_text, normalise
from quizapp.grading.outcome import clean_option

REPRODUCIBLE = settings(derandomize=True, max_examples=300, deadline=None, database=None)

# Names, accents, ñ, digits, punctuation, odd Unicode (full-width, ligatures, combining marks).
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.ascii_letters + string.digits + " .,'-’ñÑáéíóúÁ"),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)
NON_BLANK = TEXT.filter(lambda text: text.strip() != "")
TEXTS = st.lists(TEXT, max_size=4)
QUESTION_TYPES = [
    "multiple_choice",
    "true_false",
    "short_answer",
    "cloze",
    "ordering",
    "matching",
]
ANY_SUBMISSION = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
ANSWERS: dict[str, object] = {
    "multiple_choice": "Lima",
    "true_false": False,
    "short_answer": "Jorge Quispe Palomino",
    "cloze": "Ayacucho",
    "ordering": ["1980", "1992", "2012"],
    "matching": {"Raúl": "Jorge Quispe Palomino", "José": "Victor Quispe Palomino"},
}


@REPRODUCIBLE
@given(given_text=TEXT, answer=NON_BLANK, accept=TEXTS, others=TEXTS)
def test_grade_text_never_raises_and_scores_all_or_nothing(
    given_text: str, answer: str, accept: list[str], others: list[str]
) -> None:
    result = grade_text(given_text, answer, accept, others=others)
    assert result.score == (1.0 if result.correct else 0.0)
    assert result.message


@REPRODUCIBLE
@given(question_type=st.sampled_from(QUESTION_TYPES), submission=ANY_SUBMISSION)
def test_dispatcher_never_raises_on_any_submission(question_type: str, submission: object) -> None:
    result = grade(question_type, ANSWERS[question_type], submission)
    assert 0.0 <= result.score <= 1.0
    assert result.correct is (result.score == 1.0)


@REPRODUCIBLE
@given(answer=NON_BLANK, accept=TEXTS, others=TEXTS)
def test_an_answer_always_grades_correct_against_itself(
    answer: str, accept: list[str], others: list[str]
) -> None:
    result = grade_text(answer, answer, accept, others=others)
    assert result.correct and result.reason == "exact"


@REPRODUCIBLE
@given(answer=NON_BLANK, accept=TEXTS, others=st.lists(NON_BLANK, min_size=1, max_size=4))
def test_another_entity_is_never_accepted(
    answer: str, accept: list[str], others: list[str]
) -> None:
    rival = others[0]
    accepted = {normalise(answer)} | {normalise(alias) for alias in accept}
    assume(normalise(rival) not in accepted)
    result = grade_text(rival, answer, accept, others=others)
    assert not result.correct
    assert result.reason == "near_miss_other_entity"


# Lower-case single words of 4+ letters: always within the typo allowance of a one-letter change.
WORD = st.text(alphabet=string.ascii_lowercase + "áéíñü", min_size=4, max_size=16)


@REPRODUCIBLE
@given(answer=WORD, data=st.data())
def test_a_rival_one_letter_away_is_never_accepted(answer: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(answer) - 1))
    letter = data.draw(st.sampled_from(string.ascii_lowercase + "ñ"))
    rival = answer[:position] + letter + answer[position + 1 :]
    assume(normalise(rival) != normalise(answer))
    # Without the rival the same input is a forgivable typo; with it, it must be refused.
    assert grade_text(rival, answer).reason == "typo"
    guarded = grade_text(rival, answer, others=[rival])
    assert (guarded.correct, guarded.reason) == (False, "near_miss_other_entity")


@REPRODUCIBLE
@given(
    items=st.lists(
        st.text(alphabet=string.ascii_letters, min_size=1), min_size=1, max_size=7, unique=True
    ),
    data=st.data(),
)
def test_ordering_score_is_full_only_for_the_right_order(
    items: list[str], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(items))
    result = grade_ordering(order, items)
    assert 0.0 <= result.score <= 1.0
    assert (result.score == 1.0) is (list(order) == items) is result.correct


@REPRODUCIBLE
@given(
    items=st.lists(
        st.text(alphabet=string.ascii_letters, min_size=1), min_size=2, max_size=7, unique=True
    ),
)
def test_reversed_order_gets_no_credit(items: list[str]) -> None:
    assert grade_ordering(items[::-1], items).score == 0.0


@REPRODUCIBLE
@given(submission=st.lists(TEXT, max_size=6), answer=st.lists(TEXT, min_size=1, max_size=5))
def test_ordering_of_arbitrary_lists_stays_in_range(
    submission: list[str], answer: list[str]
) -> None:
    result = grade_ordering(submission, answer)
    assert 0.0 <= result.score <= 1.0
    if result.correct:
        assert list(map(clean_option, submission)) == list(map(clean_option, answer))


@REPRODUCIBLE
@given(
    answer=st.dictionaries(TEXT, NON_BLANK, min_size=1, max_size=5),
    submission=st.dictionaries(TEXT, TEXT, max_size=6),
)
def test_matching_score_is_the_share_of_right_pairs(
    answer: dict[str, str], submission: dict[str, str]
) -> None:
    result = grade_matching(submission, answer)
    assert 0.0 <= result.score <= 1.0
    assert result.correct is (result.score == 1.0)
    assert grade_matching(answer, answer).correct
