"""Instructor journeys in the browser: a GIFT import published to a class that a student joins;
a set built, published and filtered on a phone by keyboard alone; a syntax error that keeps
the import form; screenshots of the set page and its question list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import PASSWORD, password_hash, screenshot

pytestmark = pytest.mark.e2e

GIFT = Path(__file__).parent.parent / "instructor" / "fixtures" / "small.gift"


@pytest.fixture
def accounts(live_app) -> None:
    """An instructor and a student in the live app's database."""
    from quizapp.extensions import db
    from quizapp.models import User

    with live_app.app_context():
        db.session.add(User(username="teacher", role="instructor", password_hash=password_hash()))
        db.session.add(User(username="pupil", password_hash=password_hash()))
        db.session.commit()


def _log_in(page, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Question sets").wait_for()


def _nav(page, name: str) -> None:
    """Follow a header link, opening the phone's menu first when the links are folded."""
    link = page.get_by_role("banner").get_by_role("link", name=name, exact=True)
    menu = page.locator(".site-menu > summary")
    if not link.is_visible() and menu.count() and menu.is_visible():
        menu.click()
    link.click()


def _import_and_publish(page, url: str) -> None:
    _nav(page, "Teach")
    page.get_by_role("button", name="Import a file").click()
    page.get_by_label("File").set_input_files(str(GIFT))
    page.get_by_label("Title of the new set").fill("Peru from Moodle")
    screenshot(page, "instructor-import-form")
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Import preview").wait_for()
    assert "Who was known by the alias “Comrade Artemio”?" in page.locator("main").inner_text()
    screenshot(page, "instructor-import-preview")
    page.get_by_role("button", name="Confirm import").click()
    page.get_by_role("heading", name="3 questions").wait_for()
    screenshot(page, "instructor-set-editor")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Published: students can now study this set.").wait_for()


def _class_with_set(page) -> str:
    _nav(page, "Classes")
    page.get_by_role("button", name="New class").click()
    page.get_by_label("Class name").fill("Crime 101")
    page.get_by_role("button", name="Create class").click()
    page.get_by_label("Question set").select_option(label="Peru from Moodle (published)")
    page.get_by_role("button", name="Assign set").click()
    page.get_by_text("Assigned Peru from Moodle.").wait_for()
    screenshot(page, "instructor-class")
    return page.locator("#join-code").inner_text()


def test_import_gift_publish_to_class_and_student_sees_it(server, page, browser,
                                                          accounts) -> None:
    _log_in(page, server.url, "teacher")
    _import_and_publish(page, server.url)
    code = _class_with_set(page)
    student = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _log_in(student, server.url, "pupil")
    _nav(student, "Classes")
    student.get_by_label("Join code").fill(code.lower())
    student.get_by_role("button", name="Join class").click()
    student.get_by_text("You joined Crime 101.").wait_for()
    assert student.get_by_role("link", name="Peru from Moodle").is_visible()
    screenshot(student, "instructor-student-sees-class-390")
    student.context.close()


PHONE = {"width": 375, "height": 812}


def _press(page, locator) -> None:
    """Operate a control from the keyboard: focus it, then Enter."""
    locator.focus()
    page.keyboard.press("Enter")


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def _add_short_answer(page, topic: str, prompt: str, answer: str) -> None:
    _press(page, page.get_by_role("button", name="Add a question"))
    _press(page, page.get_by_role("link", name="Short answer"))
    page.get_by_label("Topic").fill(topic)
    page.get_by_label("Question").fill(prompt)
    page.get_by_label("Answer", exact=True).fill(answer)
    _press(page, page.get_by_role("button", name="Save question"))
    page.get_by_text("Question added.").wait_for()


def test_phone_keyboard_create_add_publish_and_filter(server, browser, accounts) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(10_000)
    _log_in(page, server.url, "teacher")
    page.goto(server.url + "/instructor/sets/new")
    page.get_by_label("Title").fill("Keyboard set")
    _press(page, page.get_by_role("button", name="Create set"))
    page.get_by_text("Set created. Add its first question.").wait_for()
    assert page.locator(".set-status").inner_text().startswith("Draft")
    _no_sideways_scroll(page)

    _add_short_answer(page, "leaders", "Who founded the Shining Path?", "Abimael Guzmán")
    _add_short_answer(page, "regions", "Where did the insurgency begin?", "Ayacucho")
    main = page.locator("main")
    assert "Abimael Guzmán" in main.inner_text()  # the answer shows in the list

    _press(page, page.get_by_role("button", name="Publish", exact=True))
    page.get_by_text("Published: students can now study this set.").wait_for()
    assert page.locator(".set-status").inner_text().startswith("Published")
    assert page.get_by_role("button", name="Unpublish").is_visible()
    # The "Add a question" menu opens with Enter and closes with Escape, focus kept on it.
    add = page.get_by_role("button", name="Add a question")
    _press(page, add)
    assert page.get_by_role("link", name="Short answer").is_visible()
    page.keyboard.press("Escape")
    assert not page.get_by_role("link", name="Short answer").is_visible()
    assert add.evaluate("el => el === document.activeElement")

    # Search by an answer (Enter in the search box submits), then filter by topic.
    page.get_by_label("Search prompts and answers").fill("ayacucho")
    page.get_by_label("Search prompts and answers").press("Enter")
    page.get_by_role("heading", name="1 matching question").wait_for()
    assert "Where did the insurgency begin?" in main.inner_text()
    _press(page, page.get_by_role("button", name="Clear"))
    page.get_by_role("heading", name="2 questions").wait_for()
    topic = page.get_by_label("Topic")
    topic.focus()
    page.keyboard.press("ArrowDown")  # "All topics" → "leaders"
    assert topic.input_value() == "leaders"
    _press(page, page.get_by_role("button", name="Filter"))
    page.get_by_role("heading", name="1 matching question").wait_for()
    assert "Who founded the Shining Path?" in main.inner_text()
    assert "Where did the insurgency begin?" not in main.inner_text()
    assert "topic=leaders" in page.url
    _no_sideways_scroll(page)
    page.context.close()


def test_gift_syntax_error_keeps_the_import_form(server, page, accounts, tmp_path) -> None:
    broken = tmp_path / "broken.gift"
    broken.write_text("::q1:: Who? {=Guzmán ~Artemio}\n\n::q2:: Where? {=Lima ~Cusco\n",
                      encoding="utf-8")
    _log_in(page, server.url, "teacher")
    page.goto(server.url + "/instructor/import")
    page.get_by_label("File").set_input_files(str(broken))
    page.get_by_label("Title of the new set").fill("Kept title")
    page.get_by_role("button", name="Preview the import").click()
    error = page.locator("#file-errors")
    error.wait_for()
    assert "line 3" in error.inner_text() and "Nothing was imported" in error.inner_text()
    assert page.get_by_label("Title of the new set").input_value() == "Kept title"
    assert page.get_by_role("button", name="Preview the import").is_visible()
    screenshot(page, "instructor-import-error")


def _copy_with_answers(live_app, slug: str) -> None:
    """Eight finished quizzes on the copy: its first question always missed (too hard), its
    second always right (too easy), so the list shows flags."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import QuestionSet, QuizAnswer, QuizAttempt, User

    now = datetime(2026, 1, 5, tzinfo=UTC)
    with live_app.app_context():
        qset = db.session.execute(select(QuestionSet).where(QuestionSet.slug == slug)).scalar_one()
        pupil = db.session.execute(select(User).where(User.username == "pupil")).scalar_one()
        first, second = sorted((q for q in qset.questions if not q.retired),
                               key=lambda q: q.position)[:2]
        for _ in range(8):
            attempt = QuizAttempt(user_id=pupil.id, set_id=qset.id,
                                  question_ids=[first.id, second.id], started_at=now,
                                  finished_at=now, score=0.5)
            db.session.add(attempt)
            db.session.flush()
            for position, (question, mark) in enumerate(((first, 0), (second, 1))):
                db.session.add(QuizAnswer(attempt_id=attempt.id, question_id=question.id,
                                          position=position, given="x", correct=bool(mark),
                                          score=float(mark), reason="exact", answered_at=now))
        db.session.commit()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_set_page_and_question_list_screenshots(server, browser, live_app, accounts,
                                                scheme) -> None:
    """The set page and its question list at 375 and 1280 px in both themes, for people to
    look at; on the phone nothing scrolls sideways."""
    slug = ""
    for width, height in ((375, 812), (1280, 900)):
        page = browser.new_context(viewport={"width": width, "height": height},
                                   color_scheme=scheme).new_page()
        page.set_default_timeout(10_000)
        _log_in(page, server.url, "teacher")
        if width == 375:
            page.goto(server.url + "/instructor/sets/peru")
            page.get_by_role("button", name="Copy to edit").click()
            page.get_by_text("Copied into a new draft set you can edit.").wait_for()
            slug = page.url.rsplit("/", 1)[-1]
            _copy_with_answers(live_app, slug)
        page.goto(f"{server.url}/instructor/sets/{slug}")
        page.get_by_role("button", name="Add a question").wait_for()
        assert page.locator(".question-row").count() == 25
        rows = page.locator(".question-row")
        assert "too hard" in rows.nth(0).locator(".flag").all_inner_texts()
        assert "too easy" in rows.nth(1).locator(".flag").all_inner_texts()
        assert not rows.nth(2).locator(".flag").count()
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=_shot(f"instructor-set-page-{width}-{scheme}"))
        page.goto(f"{server.url}/instructor/sets/{slug}?topic=leaders&type=multiple_choice")
        page.get_by_role("heading", name=re.compile(r"matching question")).wait_for()
        screenshot(page, f"instructor-question-list-{width}-{scheme}")
        page.locator("#questions-heading").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('.flag-note').getBoundingClientRect().top - 8)")
        page.screenshot(path=_shot(f"instructor-question-list-view-{width}-{scheme}"))
        page.context.close()


def _shot(name: str) -> str:
    """Where a viewport-sized screenshot (the top of the page) goes."""
    from support import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")
