"""The editor and what imports bring: multiple response, partial credit, per-answer feedback,
numeric ranges and formatted prompts are shown, edited and never wiped by a save."""

from __future__ import annotations

import html

import pytest
from instructor_helpers import set_rows

from quizapp.bank.schema import Bank, NumericRange, SetInfo
from quizapp.bank.schema import Question as BankQuestion
from quizapp.instructor import details_text

COMMON = {"topic": "colours", "explanation": "", "section": "", "quote": "", "tags": ""}
RESPONSE = BankQuestion(
    key="colours", topic="colours", type="multiple_response",
    prompt="What two colours make up the flag?", answer=["yellow", "off-beige"],
    choices=("yellow", "off-beige", "red"),
    weights={"yellow": 50.0, "off-beige": 50.0, "red": -100.0},
    feedback={"red": "Red is not on the flag."},
    prompt_html="<p>What <strong>two</strong> colours make up the flag?</p>")
NUMBER = BankQuestion(
    key="pi", topic="maths", type="short_answer", prompt="What is pi?", answer="3.1415",
    numeric=(NumericRange("3.1415", "3.1415"), NumericRange("3.14", "3.15", 50.0)),
    feedback={"3.1415": "Exactly."})


@pytest.fixture
def ana(app, user_client, save_set):
    """An instructor owning a set imported from Moodle."""
    client = user_client("instructor")
    save_set(Bank(SetInfo(slug="moodle", title="From Moodle"), (RESPONSE, NUMBER)),
             owner_id=client.user.id, status="draft")
    return client


def _edit_url(app, key: str) -> str:
    row = next(r for r in set_rows(app, "moodle") if r.key == key)
    return f"/instructor/sets/moodle/questions/{row.id}/edit"


def _row(app, key: str):
    return next(r for r in set_rows(app, "moodle") if r.key == key)


def test_a_multiple_response_question_opens_in_the_editor_with_its_details(app, ana) -> None:
    page = html.unescape(ana.get(_edit_url(app, "colours")).get_data(as_text=True))
    assert "Right options" in page and "yellow\noff-beige" in page
    assert "red = -100" in page and "red -> Red is not on the flag." in page
    assert "also has a formatted version" in page


def test_saving_keeps_weights_feedback_and_the_formatted_prompt(app, ana) -> None:
    """Changing only the explanation used to drop everything Moodle grades with."""
    before = _row(app, "colours")
    form = {**COMMON, "prompt": RESPONSE.prompt, "right": "yellow\noff-beige", "wrong": "red",
            "weights": details_text.format_weights(RESPONSE.weights),
            "feedback": details_text.format_feedback(RESPONSE.feedback),
            "explanation": "Look at the flag."}
    assert ana.post(_edit_url(app, "colours"), data=form).status_code == 302
    after = _row(app, "colours")
    assert after.explanation == "Look at the flag."
    assert after.details == before.details
    assert (after.answer, after.choices) == (["yellow", "off-beige"], before.choices)


def test_changing_the_prompt_text_replaces_the_formatted_prompt(app, ana) -> None:
    form = {**COMMON, "prompt": "Which colours are on the flag?", "right": "yellow\noff-beige",
            "wrong": "red", "weights": "yellow = 50\noff-beige = 50\nred = -100"}
    assert ana.post(_edit_url(app, "colours"), data=form).status_code == 302
    details = _row(app, "colours").details
    assert "prompt_html" not in details and "feedback" not in details
    assert details["weights"] == {"yellow": 50, "off-beige": 50, "red": -100}


def test_numeric_ranges_and_feedback_survive_an_edit_and_can_be_changed(app, ana) -> None:
    page = html.unescape(ana.get(_edit_url(app, "pi")).get_data(as_text=True))
    assert "3.1415 = 100\n3.14..3.15 = 50" in page
    form = {**COMMON, "prompt": "What is pi?", "answer": "3.1415", "accept": "",
            "numeric": "3.1415 = 100\n3.1..3.2 = 25", "feedback": "3.1415 -> Exactly."}
    assert ana.post(_edit_url(app, "pi"), data=form).status_code == 302
    details = _row(app, "pi").details
    assert details["numeric"] == [{"min": "3.1415", "max": "3.1415", "percent": 100},
                                  {"min": "3.1", "max": "3.2", "percent": 25}]
    assert details["feedback"] == {"3.1415": "Exactly."}


@pytest.mark.parametrize(("fields", "message"), [
    ({"weights": "yellow is half"}, "Line 1 is not written as: answer = percent."),
    ({"weights": "purple = 50"}, "every weight must name one of the choices"),
    ({"feedback": "red: wrong"}, "Line 1 is not written as: answer -> feedback."),
    ({"wrong": "yellow"}, "Each option must be different."),
])
def test_bad_details_are_refused_with_a_message(app, ana, fields, message) -> None:
    form = {**COMMON, "prompt": RESPONSE.prompt, "right": "yellow\noff-beige", "wrong": "red",
            **fields}
    response = ana.post(_edit_url(app, "colours"), data=form)
    assert response.status_code == 200
    assert message in html.unescape(response.get_data(as_text=True))
    assert _row(app, "colours").details["weights"]["red"] == -100


def test_a_new_multiple_response_question_is_added_and_previewed_with_checkboxes(
        app, ana) -> None:
    set_page = ana.get("/instructor/sets/moodle").get_data(as_text=True)
    assert "/questions/new/multiple_response" in set_page
    form = {**COMMON, "prompt": "Which are Peruvian regions?", "right": "Cusco\nPuno",
            "wrong": "Antioquia\nSanta Cruz"}
    response = ana.post("/instructor/sets/moodle/questions/new/multiple_response", data=form)
    assert response.status_code == 302
    added = set_rows(app, "moodle")[-1]
    assert added.type == "multiple_response" and added.answer == ["Cusco", "Puno"]
    assert sorted(added.choices) == ["Antioquia", "Cusco", "Puno", "Santa Cruz"]
    preview = ana.get(f"/instructor/sets/moodle/questions/{added.id}/preview")
    assert preview.get_data(as_text=True).count('type="checkbox"') == 4


def test_the_details_text_reads_back_what_it_writes() -> None:
    assert details_text.parse_weights(details_text.format_weights(RESPONSE.weights)) == \
        RESPONSE.weights
    assert details_text.parse_feedback(details_text.format_feedback(RESPONSE.feedback)) == \
        RESPONSE.feedback
    assert details_text.parse_numeric(details_text.format_numeric(NUMBER.numeric)) == \
        NUMBER.numeric


def test_a_new_prompt_text_keeps_the_prompts_images() -> None:
    """Correcting a typo in an imported picture question keeps its picture, escaped text."""
    image = '<img src="/media/flags/' + "a" * 64 + '" alt="flag.png">'
    old = f"<p>Whose <b>flag</b> is this?</p>{image}"
    assert details_text.prompt_html_after_edit(old, "Whose flag is this?",
                                               "Whose flag is <this>?") == (
        f"<p>Whose flag is &lt;this&gt;?</p>{image}")
    assert details_text.prompt_html_after_edit(old, "Same", "Same") == old
    assert details_text.prompt_html_after_edit("<p><b>bold</b></p>", "bold", "new") == ""
