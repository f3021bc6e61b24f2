"""Real files from Moodle's own test fixtures (tests/imports/fixtures/real/README.md) import
as Moodle's readers import them, or say per question what was skipped and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.imports import ImportFormatError, ParsedImport, parse_upload

REAL = Path(__file__).parent / "fixtures" / "real"


def upload(name: str) -> ParsedImport:
    return parse_upload(name, (REAL / name).read_bytes(), slug_hint="real")


def test_moodle_1_9_old_image_field_is_shown_after_the_question_text() -> None:
    parsed = upload("sample_questions_with_old_image_tag.xml")
    (question,) = parsed.questions
    assert question.type == "multiple_choice"
    assert question.answer == "right answer"
    (image,) = parsed.media
    assert image.content_type == "image/png"
    assert question.prompt_html.startswith("This is a multichoice question")
    assert question.prompt_html.endswith(f'<img src="/media/_/{image.sha256}">')
    assert not any("old image field" in warning for warning in parsed.warnings)


def test_moodle_cloze_with_several_gaps_is_skipped_with_a_reason() -> None:
    warnings = upload("sample_questions_with_old_image_tag.xml").warnings
    assert any("'cloze question with image'" in w and "5 gaps" in w for w in warnings)


def test_moodle_gift_fixture_imports_every_gradable_question() -> None:
    parsed = upload("moodle_questions.gift")
    types = [question.type for question in parsed.questions]
    assert types == ["matching", "multiple_choice", "multiple_response", "cloze",
                     "short_answer", "true_false", "true_false", "true_false"]
    assert any("essay" in warning and "line 2" in warning for warning in parsed.warnings)
    colours = parsed.questions[2]
    assert colours.weights == {"yellow": 50.0, "red": -100.0, "off-beige": 50.0,
                               "blue": -100.0}


def test_moodle_gift_category_fixture_keeps_the_category_and_the_html() -> None:
    parsed = upload("moodle_questions_in_category.gift")
    assert len(parsed.questions) == 4
    assert all("category:Default for New Features" in q.tags for q in parsed.questions)
    greeting = parsed.questions[1]
    assert greeting.answer == "French"
    assert "bonjour.mp3" in greeting.prompt_html


def test_moodle_xml_nested_categories_become_topics_and_the_essay_is_named() -> None:
    parsed = upload("nested_categories_with_questions.xml")
    assert [q.tags for q in parsed.questions] == [
        ("category:Iota",), ("category:Iota/Kappa",), ("category:Iota/Kappa/Lambda",),
        ("category:Iota/Mu",)]
    assert all(q.type == "true_false" and q.answer is True for q in parsed.questions)
    (warning,) = parsed.warnings
    assert "'Kappa Essay Question'" in warning and "essay" in warning


def test_moodle_xml_true_false_keeps_the_question_image_and_feedback() -> None:
    parsed = upload("truefalse.xml")
    (question,) = parsed.questions
    assert question.answer is False
    assert question.feedback == {"true": "Your answer is incorrect.",
                                 "false": "Your answer is correct."}
    assert len(parsed.media) == 1
    assert f"/media/_/{parsed.media[0].sha256}" in question.prompt_html


def test_moodle_gift_wildcard_at_zero_percent_is_the_feedback_for_any_other_answer() -> None:
    parsed = upload("moodle_questions.gift")
    animal = next(q for q in parsed.questions if q.key == "Shortanswer")
    assert (animal.answer, animal.accept, animal.weights) == ("Frog", ("Cat",), {"Cat": 50.0})
    assert animal.feedback["*"] == "Completely wrong"
    assert not any("marked wrong" in warning for warning in parsed.warnings)


def test_moodle_xml_grade_moodle_does_not_list_refuses_the_file() -> None:
    with pytest.raises(ImportFormatError, match=r"grade 33% is not one Moodle accepts"):
        upload("error_invalid_grades.xml")


@pytest.mark.parametrize("weight", ["33.33333", "-33.33333", "14.28571", "12.5", "-5"])
def test_gift_grades_moodle_lists_are_accepted(weight: str) -> None:
    text = f"::q:: Pick {{~%{weight}%one ~%100%two ~three}}\n"
    (question,) = parse_upload("q.gift", text.encode(), slug_hint="real").questions
    assert question.type == "multiple_response"


@pytest.mark.parametrize("weight", ["33", "37.5", "-12"])
def test_gift_grade_moodle_does_not_list_refuses_the_file(weight: str) -> None:
    text = f"::q:: Pick {{~%{weight}%one ~%100%two ~three}}\n"
    with pytest.raises(ImportFormatError, match=rf"line 1: the answer grade {weight}% is not"):
        parse_upload("q.gift", text.encode(), slug_hint="real")
