"""GIFT import: Moodle's documented examples, escapes, comments, categories and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.schema import OTHER_ANSWER, NumericRange
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
    assert q.tags == ("moodle-docs", "tomb", "category:Ulysses Grant/Tomb")


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


def test_numerical_tolerance_partial_credit_and_feedback(moodle: ParsedImport) -> None:
    tolerant, partial = by_prompt(moodle, "When was Ulysses S. Grant born?")
    assert (tolerant.type, tolerant.topic, tolerant.answer) == ("short_answer", "dates", "1822")
    assert tolerant.numeric == (NumericRange("1817", "1827", 100.0),)
    assert partial.numeric == (NumericRange("1822", "1822", 100.0),
                               NumericRange("1820", "1824", 50.0))
    assert partial.feedback == {"1822": "Correct! Full credit.",
                                "1820..1824": "He was born in 1822. Half credit for being close."}
    assert tolerant.key != partial.key


def test_numerical_decimal_range_is_kept_whole(moodle: ParsedImport) -> None:
    (pi,) = by_prompt(moodle, "What is the value of pi")
    assert (pi.type, pi.answer) == ("short_answer", "3.1415")
    assert pi.numeric == (NumericRange("3.141", "3.142", 100.0),)
    assert not any("3.141..3.142" in w for w in moodle.warnings)


def test_escaped_equals_signs_are_text(moodle: ParsedImport) -> None:
    (q,) = by_prompt(moodle, "Which answer equals 5?")
    assert q.choices == ("= 2 + 2", "= 2 + 3", "= 2 + 4")
    assert q.answer == "= 2 + 3"


def test_unsupported_questions_are_skipped_with_warnings(moodle: ParsedImport) -> None:
    assert len(moodle.questions) == 12
    assert moodle.warnings == (
        "question 12 (line 48): essay questions (an empty answer block) are not supported, "
        "skipped",
        "question 13 (line 50): descriptions (text without an answer block) are not "
        "supported, skipped",
    )


def test_multiple_answers_keep_their_weights(moodle: ParsedImport) -> None:
    (q,) = by_prompt(moodle, "What two people are entombed")
    assert (q.type, q.answer) == ("multiple_response", ["Grant", "Grant's wife"])
    assert q.choices == ("No one", "Grant", "Grant's wife", "Grant's father")
    assert q.weights == {"No one": -100, "Grant": 50, "Grant's wife": 50, "Grant's father": -100}


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


def test_html_format_marker_keeps_sanitized_html_beside_the_text() -> None:
    text = ("[html]<p>Who <b>led</b> it?<script>alert(1)</script></p>\n<pre>a\n  b</pre>"
            "<a href=\"javascript:x()\" onclick=\"x()\">listen</a> {=Guzmán}")
    (q,) = parse_gift(text, slug_hint="s").questions
    assert q.prompt == "Who led it?\na b\nlisten"
    assert q.prompt_html == ('<p>Who <b>led</b> it?</p>\n<pre>a\n  b</pre>'
                             '<a rel="noopener noreferrer">listen</a>')


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("\n\n// c\nUnclosed {=a\n", 4, "never closed"),
        ("Q {=a}\n\nTwo blocks {=a} and {=b}\n", 3, "only one answer block"),
        ("Q1 {=a}\n\n::no end title {=a}\n", 3, "title"),
        ("Q {#abc}\n", 1, "not a number"),
        ("Q {~a ~b ~c}\n", 1, "needs a right answer"),
        ("Q {=a -> b =c}\n", 1, "left -> right"),
        ("Q {=a -> b =a -> c}\n", 1, "appears twice"),
        ("// [id:x]\nQ {=a}\n\n// [id:x]\nR {=b}\n", 5, "duplicate id"),
        ("// [id:bad id]\nQ {=a}\n", 2, "id 'bad id'"),
        ("Q {=a ~a ~b}\n", 1, "the same"),
        ("Q {#=%150%3}\n", 1, "not 0-100"),
        ("Description only.\n\nEssay {}\n", None, "holds no question"),
        ("// quizapp: [1]\nQ {=a}\n", 2, "metadata"),
    ],
)
def test_malformed_gift_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_gift(text, slug_hint="s")
    assert info.value.line == line
    if line is not None:
        assert str(info.value).startswith(f"line {line}: ")
    assert words in str(info.value)


def test_matching_distractor_and_answer_feedback_are_kept() -> None:
    text = "Match. {=a -> 1 =b -> 2 = -> 3}\n\nQ? {=yes#good}\n"
    parsed = parse_gift(text, slug_hint="s")
    assert parsed.questions[0].answer == {"a": "1", "b": "2"}
    assert parsed.questions[0].choices == ("3",)
    assert parsed.questions[1].feedback == {"yes": "good"}
    assert parsed.warnings == ()


def test_two_option_choice_imports() -> None:
    text = ("::q:: Is it? {=yes ~no}\n\n"
            "In ____ it began. {=Ayacucho ~Lima}\n")
    parsed = parse_gift(text, slug_hint="s")
    assert [(q.type, q.choices, q.answer) for q in parsed.questions] == [
        ("multiple_choice", ("yes", "no"), "yes"),
        ("multiple_choice", ("Ayacucho", "Lima"), "Ayacucho")]
    assert parsed.warnings == ()


MOODLE_FIXTURE_LINES = """\
// From Moodle's own GIFT tests (question/format/gift/tests).
::Q7:: What is 3 + 2? {#3:2~#Completely wrong}

::Q8:: Which of these are seasons? {= spring = summer = winter = autumn ~ easter}

::Q9:: Say one. {One}

::Q10:: Where was Jesus born? {=Bethlehem =%25%Nazareth#Close, he grew up there}

[markdown]Is **this** a *question*? {T#No, it is#Yes, it is}

$CATEGORY: $course$/Default for New Features
"""


def test_moodle_fixtures_refused_before_now_import_as_moodle_reads_them() -> None:
    q7, q8, q9, q10, md = parse_gift(MOODLE_FIXTURE_LINES, slug_hint="m").questions
    assert (q7.type, q7.answer, q7.numeric) == ("short_answer", "3",
                                                (NumericRange("1", "5", 100.0),))
    assert q7.feedback == {OTHER_ANSWER: "Completely wrong"}
    assert (q8.type, q8.answer, q8.choices[-1]) == ("multiple_choice", "spring", "easter")
    assert q8.weights == {"summer": 100, "winter": 100, "autumn": 100}
    assert (q9.type, q9.answer) == ("short_answer", "One")
    assert (q10.answer, q10.accept, q10.weights) == ("Bethlehem", ("Nazareth",),
                                                     {"Nazareth": 25})
    assert q10.feedback == {"Nazareth": "Close, he grew up there"}
    assert (md.prompt, md.prompt_html) == ("Is this a question?",
                                           "<p>Is <strong>this</strong> a <em>question</em>?</p>")
    assert md.feedback == {"false": "No, it is", "true": "Yes, it is"}


def test_category_path_keeps_every_part_as_topic_and_tag() -> None:
    text = ("$CATEGORY: $course$/top/Peru/Armed Groups\n\nQ? {=a}\n\n"
            "$CATEGORY: $course$/Default for New Features\n\nR? {=b}\n")
    first, second = parse_gift(text, slug_hint="s").questions
    assert (first.topic, first.tags) == ("armed groups", ("category:Peru/Armed Groups",))
    assert second.tags == ("category:Default for New Features",)


def test_answer_format_markers_are_not_left_in_the_text() -> None:
    (q,) = parse_gift("Pick. {=[plain]one ~[html]<b>two</b> ~[moodle]three}",
                      slug_hint="s").questions
    assert q.choices == ("one", "two", "three")
