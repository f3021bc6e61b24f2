"""An instructor imports a Moodle GIFT file, publishes it to a class; a student joins and sees it."""

from __future__ import annotations

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


def _import_and_publish(page, url: str) -> None:
    page.get_by_role("link", name="Teach", exact=True).click()
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
    page.get_by_role("button", name="Publish…").click()
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The set is published.").wait_for()


def _class_with_set(page) -> str:
    page.get_by_role("link", name="Classes", exact=True).click()
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
    student.get_by_role("link", name="Classes", exact=True).click()
    student.get_by_label("Join code").fill(code.lower())
    student.get_by_role("button", name="Join class").click()
    student.get_by_text("You joined Crime 101.").wait_for()
    assert student.get_by_role("link", name="Peru from Moodle").is_visible()
    screenshot(student, "instructor-student-sees-class-390")
    student.context.close()
