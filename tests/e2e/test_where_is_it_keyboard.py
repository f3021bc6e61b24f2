""""Where is it?" in a real browser: the numbered markers' radio buttons sit on the map, and a
student answers with the keyboard alone (arrow keys within the radio group, Enter submits)."""

from __future__ import annotations

import pytest
from support import PASSWORD, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def student(live_app) -> str:
    """A student account on the live app (which holds the Peru set)."""
    from werkzeug.security import generate_password_hash

    from quizapp.extensions import db
    from quizapp.models import User

    with live_app.app_context():
        db.session.add(User(username="mapper", password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
    return "mapper"


def _right_place(live_app, attempt_id: int) -> tuple[list[str], str, str]:
    """The offered place ids of the attempt's first question, and the right one's id and name."""
    from quizapp.atlas.places import answer_place, load_places
    from quizapp.atlas.where import offered_places
    from quizapp.extensions import db
    from quizapp.models import Question, QuizAttempt

    with live_app.app_context():
        attempt = db.session.get_one(QuizAttempt, attempt_id)
        question = db.session.get_one(Question, attempt.question_ids[0])
        offered = list(offered_places(attempt.config, question.id))
        places = [p for p in load_places() if p.id in offered]
        right = answer_place(places, [question.answer, *(question.accept or ())])
        assert right is not None
        return offered, right.id, right.name


def test_where_is_it_answered_with_the_keyboard_only(server, live_app, student, page) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Username").fill(student)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question sets").wait_for()

    page.goto(server.url + "/quiz/peru")
    page.get_by_text("More options").click()  # the full form is folded away
    page.get_by_label("Number of questions").fill("1")
    for box in page.locator("input[name=types]").all():
        box.set_checked(box.get_attribute("value") == "where_is_it")
    page.get_by_role("button", name="Start quiz").click()
    page.wait_for_url("**/quiz/attempt/**")
    attempt_id = int(page.url.rstrip("/").split("/")[-1])

    form = page.locator("form.quiz-answer")
    assert form.get_attribute("data-type") == "where_is_it"
    offered, right_id, right = _right_place(live_app, attempt_id)
    radios = page.get_by_role("radio")
    assert radios.count() == len(offered) >= 3

    # The radio buttons are the markers: each sits over the map, inside the map's box.
    board = page.locator("[data-where-map]")
    assert "is-on-map" in (board.get_attribute("class") or "")
    box = page.locator("[data-where-map] svg").bounding_box()
    for i in range(radios.count()):
        spot = radios.nth(i).bounding_box()
        centre = (spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
        assert box["x"] < centre[0] < box["x"] + box["width"]
        assert box["y"] < centre[1] < box["y"] + box["height"]
    screenshot(page, "where-is-it-question-1280")

    # Keyboard only: the first place has the focus; arrow keys move and choose, Enter submits.
    first = radios.first
    assert first.evaluate("el => el === document.activeElement")
    # Markers are numbered, not named, until the answer is given.
    numbers = [str(n) for n in range(1, len(offered) + 1)]
    assert [radios.nth(i).get_attribute("value") for i in range(radios.count())] == numbers
    assert right not in board.inner_text()
    index = offered.index(right_id)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    marker = page.get_by_role("radio", name=f"Marker {index + 1}", exact=True)
    assert marker.is_checked()
    page.keyboard.press("Enter")

    page.locator(".feedback-title").wait_for()
    assert "Right" in page.locator(".feedback-title").inner_text()
    text = page.locator("main").inner_text()
    assert right in page.locator(".answer-given").inner_text() and "Right answer" not in text
    page.get_by_role("img", name=f"Map: {right} is marked in green.").wait_for()
    screenshot(page, "where-is-it-feedback-1280")
    page.keyboard.press("Enter")  # "See results" has the focus
    page.get_by_role("heading", name="Quiz results: 100%").wait_for()
