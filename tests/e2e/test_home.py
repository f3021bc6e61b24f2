"""The home page as a student's dashboard, in a real browser: one tap (or one key press) from
home to the next card, on a phone without sideways scrolling; screenshots in both themes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from support import PASSWORD, add_history, password_hash, screenshot

from quizapp.bank.schema import Bank, SetInfo
from quizapp.bank.schema import Question as BankQuestion
from quizapp.classes import services as classes
from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.models import Question, QuestionSet, QuizAttempt, User, utcnow

pytestmark = pytest.mark.e2e

PHONE, LAPTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}


@pytest.fixture
def student(live_app) -> str:
    """A student with a few days of answers and two finished quizzes on the Peru set."""
    with live_app.app_context():
        db.session.add(User(username="homer", password_hash=password_hash()))
        db.session.commit()
        qids = list(db.session.execute(select(Question.id).order_by(Question.position)
                                       .limit(10)).scalars())
        user_id = db.session.execute(select(User.id).where(User.username == "homer")).scalar_one()
        set_id = db.session.execute(select(Question.set_id).limit(1)).scalar_one()
        now = utcnow()
        for days, score in ((1, 0.8), (3, 0.6)):
            db.session.add(QuizAttempt(user_id=user_id, set_id=set_id, question_ids=qids,
                                       started_at=now - timedelta(days=days),
                                       finished_at=now - timedelta(days=days), score=score))
        db.session.commit()
    add_history(live_app, "homer", qids[0], days=4, per_day=3)
    return "homer"


@pytest.fixture
def teacher(live_app, student) -> str:
    """An instructor with a draft set of their own and a class, which the student joined,
    that is assigned the Peru set."""
    with live_app.app_context():
        owner = User(username="teacher", role="instructor", password_hash=password_hash())
        db.session.add(owner)
        db.session.flush()
        draft = Bank(SetInfo(slug="draft", title="Colombia: first draft"), tuple(
            BankQuestion(key=f"d{i}", topic="groups", type="true_false",
                         prompt=f"Statement {i}.", answer=True) for i in range(12)))
        save_bank(draft, owner=owner, status="draft")
        klass = classes.create_class(owner, "Criminology 101")
        classes.assign_set(klass, db.session.execute(
            select(QuestionSet).where(QuestionSet.slug == "peru")).scalar_one())
        pupil = db.session.execute(select(User).where(User.username == student)).scalar_one()
        classes.join_class(pupil, klass.join_code)
        db.session.commit()
    return "teacher"


@pytest.fixture
def rested(live_app) -> str:
    """A student who takes no new cards and has no review due before three days from now."""
    with live_app.app_context():
        db.session.add(User(username="rested", password_hash=password_hash(), new_per_day=0))
        db.session.commit()
        question = db.session.execute(select(Question.id).limit(1)).scalar_one()
    add_history(live_app, "rested", question, days=2, per_day=1)  # its card is due in 3 days
    return "rested"


def _log_in(page, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Today", exact=True).wait_for()


def _no_sideways_scroll(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_on_a_phone_one_tap_on_continue_opens_the_next_card(server, browser, student) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _log_in(page, server.url, student)
        _no_sideways_scroll(page)
        go = page.get_by_role("button", name="Continue")
        box = go.bounding_box()
        assert box["height"] >= 44 and box["y"] + box["height"] <= PHONE["height"], box
        text = page.locator("main").inner_text()
        assert "days in a row" in text and "80%" in text  # the streak and the latest score
        go.tap()
        page.wait_for_url("**/study/peru")
        page.locator(".front .prompt").wait_for()
        _no_sideways_scroll(page)
    finally:
        context.close()


def test_by_keyboard_alone_continue_is_reached_and_opens_study(server, page, student) -> None:
    _log_in(page, server.url, student)
    page.locator("body").focus()
    presses = 0
    while "home-continue" not in page.evaluate("document.activeElement.className"):
        assert presses < 12, "Continue should follow the skip link and the menu"
        page.keyboard.press("Tab")
        presses += 1
    assert page.locator("a.home-continue:focus-visible").count() == 1  # its focus ring shows
    page.keyboard.press("Enter")
    page.wait_for_url("**/study/peru")
    page.locator(".front .prompt").wait_for()


def test_a_rested_student_is_told_when_to_come_back(server, page, rested) -> None:
    _log_in(page, server.url, rested)
    text = page.locator(".home-done").inner_text()
    assert "All done for today" in text and "Next review in 3 days." in text
    assert page.get_by_role("button", name="Continue").count() == 0
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)


def _shots(page, url: str, name: str, scheme: str) -> None:
    for width, viewport in (("1280", LAPTOP), ("375", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(url + "/")
        _no_sideways_scroll(page)
        screenshot(page, f"{name}-{width}-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_at_phone_and_laptop_width(server, browser, student, teacher, rested,
                                               scheme) -> None:
    for username, name in ((None, "welcome"), (student, "home"), (rested, "home-done"),
                           (teacher, "home-instructor")):
        context = browser.new_context(viewport=LAPTOP)
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            page.emulate_media(color_scheme=scheme)
            if username:
                _log_in(page, server.url, username)
            _shots(page, server.url, name, scheme)
        finally:
            context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_with_no_set_yet_the_page_says_how_to_get_one(server, browser, live_app, scheme) -> None:
    with live_app.app_context():
        db.session.execute(QuestionSet.__table__.update().values(status="draft"))
        db.session.add(User(username="newbie", password_hash=password_hash()))
        db.session.commit()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.emulate_media(color_scheme=scheme)
        _log_in(page, server.url, "newbie")
        assert "No question sets yet" in page.locator("main").inner_text()
        page.get_by_role("button", name="Join a class").wait_for()
        _no_sideways_scroll(page)
        screenshot(page, f"home-empty-375-{scheme}")
        page.get_by_role("button", name="Join a class").click()
        page.wait_for_url("**/classes/")
    finally:
        context.close()
