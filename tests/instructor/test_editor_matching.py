"""The editor and a matching question's distractors (extra right-hand items that match no
left item): shown, added, changed, checked, previewed as students see them, and an edit keeps
what an import brought."""

from __future__ import annotations

import html
import re

import pytest
from instructor_helpers import set_rows

from quizapp.bank.schema import Bank, SetInfo
from quizapp.bank.schema import Question as BankQuestion

COMMON = {"topic": "animals", "explanation": "", "section": "", "quote": "", "tags": ""}
MATCH = BankQuestion(
    key="sounds", topic="animals", type="matching", prompt="Match each animal to its sound.",
    answer={"cat": "miaou", "dog": "wouf"}, choices=("Chat",),
    prompt_html="<p>Match each <em>animal</em> to its sound.</p>")


@pytest.fixture
def ana(user_client, save_set):
    """An instructor owning a set with one matching question that has a distractor."""
    client = user_client("instructor")
    save_set(Bank(SetInfo(slug="zoo", title="Zoo"), (MATCH,)), owner_id=client.user.id,
             status="draft")
    return client


def _row(app):
    (row,) = set_rows(app, "zoo")
    return row


def _edit_url(app) -> str:
    return f"/instructor/sets/zoo/questions/{_row(app).id}/edit"


def _form(**fields: str) -> dict[str, str]:
    return {**COMMON, "prompt": MATCH.prompt, "pairs": "cat -> miaou\ndog -> wouf",
            "distractors": "Chat", **fields}


def test_the_editor_shows_the_extra_right_hand_items(app, ana) -> None:
    page = html.unescape(ana.get(_edit_url(app)).get_data(as_text=True))
    assert "Extra right-hand items (optional; one per line)" in page
    assert "cat -> miaou\ndog -> wouf" in page
    box = re.search(r'<textarea[^>]*name="distractors"[^>]*>(.*?)</textarea>', page, re.S)
    assert box is not None and box.group(1).strip() == "Chat"


def test_distractors_can_be_added_and_changed_and_the_details_stay(app, ana) -> None:
    before = _row(app)
    response = ana.post(_edit_url(app), data=_form(distractors="coin-coin\n\nChat\n"))
    assert response.status_code == 302
    after = _row(app)
    assert (after.id, after.key) == (before.id, before.key)
    assert after.answer == {"cat": "miaou", "dog": "wouf"}
    assert after.choices == ["coin-coin", "Chat"]
    assert after.details == before.details  # the imported formatted prompt is kept


def test_emptying_the_box_removes_the_distractors(app, ana) -> None:
    assert ana.post(_edit_url(app), data=_form(distractors="")).status_code == 302
    assert _row(app).choices == []


def test_a_new_matching_question_can_have_distractors(app, ana) -> None:
    response = ana.post("/instructor/sets/zoo/questions/new/matching",
                        data=_form(prompt="Who says what?", distractors="meuh"))
    assert response.status_code == 302
    added = set_rows(app, "zoo")[-1]
    assert (added.type, added.answer, added.choices) == (
        "matching", {"cat": "miaou", "dog": "wouf"}, ["meuh"])


@pytest.mark.parametrize(("distractors", "message"), [
    ("wouf", "'wouf' already matches a left item: an extra item must match none."),
    ("Chat\nChat", "Each extra right-hand item must be different."),
])
def test_bad_distractors_are_refused_and_nothing_changes(app, ana, distractors,
                                                         message) -> None:
    response = ana.post(_edit_url(app), data=_form(distractors=distractors))
    assert response.status_code == 200
    assert message in html.unescape(response.get_data(as_text=True))
    assert _row(app).choices == ["Chat"]


def test_the_preview_offers_the_distractor_among_the_right_hand_items(app, ana) -> None:
    page = ana.get(f"/instructor/sets/zoo/questions/{_row(app).id}/preview")
    text = page.get_data(as_text=True)
    assert text.count('<option value="Chat">Chat</option>') == 2
