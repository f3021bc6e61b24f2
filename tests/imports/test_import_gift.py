"""GIFT import: Moodle's documented examples, escapes, comments, categories and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.imports import ImportFormatError, ParsedImport, parse_gift

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def moodle() -> ParsedImport:
    return parse_gift((FIXTURES / "moodle_examples.gift").read_text("utf-8"), slug_hint="grant")


def by_prompt(parsed: ParsedImport, start: str) -> list:
    return [q for q in parsed.questions if q.prompt.startswith(start)]


def test_moodle_multiple_choice_keeps_title_as_id_and_comment_tags(moodle: ParsedImport) -> None:
    q = moodle.questions[0]
    assert (q.key, q.type, q.topic) == ("Q1", "multiple_choice", "tomb")
    assert q.prompt == "Who's buried in Grant's tomb?"
    assert q.choices == ("Grant", "Jefferson", "no one")
    assert q.answer == "no one"
    assert q.tags == ("moodle-docs", "tomb")


def test_missing_word_with_choices_puts_a_gap_in_the_sentence(moodle: ParsedImport) -> None:
    (q,) = by_prompt(moodle, "Grant is ____")
    assert q.prompt == "Grant is ____ in Grant's tomb."
    assert (q.type, q.answer, q.choices) == ("multiple_choice", "entombed",
                                              ("buried", "entombed", "living"))


def test_true_false_short_and_long_forms(moodle: ParsedImport) -> None:
    (short,) = by_prompt(moodle, "Grant was buried in a tomb in New York City.")
    (long,) = by_prompt(moodle, "Grant is buried in a tomb in New Jersey.")
    assert (short.type, short.answer) == ("true_false", True)
    assert (long.type, long.answer, long.key) == ("true_false", False, "grant-tf-2")


def test_short_answer_and_missing_word_cloze(moodle: ParsedImport) -> None:
    (short,) = by_prompt(moodle, "Who's buried in Grant's tomb?")[1:]
    assert (short.type, short.answer, short.accept) == ("short_answer", "no one", ("nobody",))
    (cloze,) = by_prompt(moodle, "Two plus two")
    assert cloze.prompt == "Two plus two equals ____."
    assert (cloze.type, cloze.answer, cloze.accept) == ("cloze", "four", ("4",))


def test_matching_with_general_feedback_and_category_topic(moodle: ParsedImport) -> None:
    (q,) = by_prompt(moodle, "Match the following countries")
    assert (q.type, q.topic, q.key) == ("matching", "capitals", "Capitals")
    assert q.answer == {"Canada": "Ottawa", "Italy": "Rome", "Japan": "Tokyo",
                        "India": "New Delhi"}
    assert q.explanation == "It's good to know the capitals"


def test_numerical_tolerance_becomes_the_accepted_years(moodle: ParsedImport) -> None:
    tolerant, exact = by_prompt(moodle, "When was Ulysses S. Grant born?")
    assert (tolerant.type, tolerant.topic, tolerant.answer) == ("short_answer", "dates", "1822")
    assert tolerant.accept == ("1817", "1818", "1819", "1820", "1821",
                               "1823", "1824", "1825", "1826", "1827")
    assert (exact.answer, exact.accept) == ("1822", ())
    assert tolerant.key != exact.key


def test_numerical_decimal_range_keeps_the_midpoint_with_a_warning(moodle: ParsedImport) -> None:
    (pi,) = by_prompt(moodle, "What is the value of pi")
    assert (pi.type, pi.answer) == ("short_answer", "3.1415")
    assert any("3.141..3.142" in w and "not kept" in w for w in moodle.warnings)


def test_escaped_equals_signs_are_text(moodle: ParsedImport) -> None:
    (q,) = by_prompt(moodle, "Which answer equals 5?")
    assert q.choices == ("= 2 + 2", "= 2 + 3", "= 2 + 4")
    assert q.answer == "= 2 + 3"


def test_unsupported_questions_are_skipped_with_warnings(moodle: ParsedImport) -> None:
    assert len(moodle.questions) == 11
    text = "\n".join(moodle.warnings)
    assert "essay questions are not supported, skipped" in text
    assert "descriptions (text without an answer block) are not supported, skipped" in text
    assert "multiple-answer questions" in text
    assert "(line 48): essay" in text  # located by line


def test_every_escape_and_newline() -> None:
    text = r"::t\:1::A \{brace\} \~tilde\~ \#hash \= eq \\ back\nline two {=x\:y\=z \#1}"
    (q,) = parse_gift(text, slug_hint="s").questions
    assert q.key == "t:1"
    assert q.prompt == "A {brace} ~tilde~ #hash = eq \\ back\nline two"
    assert q.answer == "x:y=z #1"


def test_comments_blank_lines_and_crlf() -> None:
    text = ("// first comment\r\n\r\n// [id:a-1]\r\nQ one? {=one}\r\n\r\n\r\n"
            "//x\r\nQ two? {=two}\r\n")
    parsed = parse_gift(text, slug_hint="s")
    assert [(q.key, q.prompt) for q in parsed.questions][0] == ("a-1", "Q one?")
    assert parsed.questions[1].prompt == "Q two?"
    assert parsed.questions[1].topic == "imported"


def test_ids_are_stable_and_unique_when_derived() -> None:
    text = "Same? {=a}\n\nSame? {=b}\n"
    first = parse_gift(text, slug_hint="My Set!").questions
    again = parse_gift(text, slug_hint="My Set!").questions
    assert [q.key for q in first] == [q.key for q in again]
    assert first[0].key.startswith("My-Set-") and first[1].key == first[0].key + "-2"


def test_html_format_marker_is_reduced_to_text() -> None:
    text = "[html]<p>Who <b>led</b> it?<script>alert(1)</script></p> {=Guzmán}"
    (q,) = parse_gift(text, slug_hint="s").questions
    assert q.prompt == "Who led it?"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("\n\n// c\nUnclosed {=a\n", 4, "never closed"),
        ("Q {=a}\n\nTwo blocks {=a} and {=b}\n", 3, "only one answer block"),
        ("Q1 {=a}\n\n::no end title {=a}\n", 3, "title"),
        ("Q {#abc}\n", 1, "not a number"),
        ("Q {~a ~b ~c}\n", 1, "exactly one right answer"),
        ("Q {=a -> b =c}\n", 1, "left -> right"),
        ("Q {=a -> b =a -> c}\n", 1, "appears twice"),
        ("// [id:x]\nQ {=a}\n\n// [id:x]\nR {=b}\n", 5, "duplicate id"),
        ("// [id:bad id]\nQ {=a}\n", 2, "id 'bad id'"),
        ("Q {junk =a}\n", 1, "unexpected text"),
        ("Q {=a ~a ~b}\n", 1, "distinct"),
        ("// quizapp: [1]\nQ {=a}\n", 2, "metadata"),
    ],
)
def test_malformed_gift_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_gift(text, slug_hint="s")
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}: ")
    assert words in str(info.value)


def test_matching_distractor_and_answer_feedback_are_reported() -> None:
    text = "Match. {=a -> 1 =b -> 2 = -> 3}\n\nQ? {=yes#good}\n"
    parsed = parse_gift(text, slug_hint="s")
    assert parsed.questions[0].answer == {"a": "1", "b": "2"}
    assert any("distractor" in w for w in parsed.warnings)
    assert any(w.startswith("question 2 (line 3): feedback") for w in parsed.warnings)


def test_multiple_choice_with_a_single_wrong_option_is_skipped_naming_the_line() -> None:
    """Valid GIFT, but quizapp's multiple choice needs 2 wrong options: skip it, import the rest."""
    text = ("::a:: Who led it? {=Guzmán ~Flores ~Quispe}\n\n"
            "// a comment\n::q:: Is it? {=yes ~no}\n\n"
            "In ____ it began. {=Ayacucho ~Lima}\n\n"
            "::b:: Captured in 1992? {T}\n")
    parsed = parse_gift(text, slug_hint="s")
    assert [q.key for q in parsed.questions] == ["a", "b"]
    assert parsed.warnings == (
        "question 2 (line 4): multiple choice with a single wrong option is not supported "
        "(quizapp needs at least 2 wrong options), skipped",
        "question 3 (line 6): multiple choice with a single wrong option is not supported "
        "(quizapp needs at least 2 wrong options), skipped",
    )


def test_a_file_of_only_two_option_questions_imports_nothing_but_does_not_fail() -> None:
    parsed = parse_gift("Is it? {=yes ~no}\n", slug_hint="s")
    assert parsed.questions == () and "line 1" in parsed.warnings[0]
