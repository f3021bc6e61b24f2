"""Studying flashcards with the keyboard alone, in a real browser."""

from __future__ import annotations

import pytest
from support import PASSWORD, screenshot

pytestmark = pytest.mark.e2e


def _log_in(page, url: str, make_user) -> None:
    make_user("keyboarder")
    page.goto(url + "/login")
    page.get_by_label("Username").fill("keyboarder")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question sets").wait_for()


@pytest.fixture
def make_user_live(live_app):
    from werkzeug.security import generate_password_hash

    from quizapp.extensions import db
    from quizapp.models import User

    def make(username: str) -> None:
        with live_app.app_context():
            db.session.add(User(username=username, password_hash=generate_password_hash(PASSWORD)))
            db.session.commit()

    return make


def _next_card_shown(page, prompt: str) -> None:
    """Wait until the answered card is replaced in place by the next one."""
    page.wait_for_function("p => { const e = document.querySelector('.front .prompt');"
                           " return e && e.innerText !== p; }", arg=prompt)


def _stat(page, name: str) -> int:
    return int(page.locator(f"#stat-{name}").inner_text())


def test_study_five_cards_by_keyboard_undo_one_and_see_progress(server, page, make_user_live) -> None:
    _log_in(page, server.url, make_user_live)
    page.goto(server.url + "/progress")
    new_before = _stat(page, "new")
    page.goto(server.url + "/study/peru")
    screenshot(page, "study-front-1280")
    prompts = []
    for i in range(5):
        prompt = page.locator(".front .prompt").inner_text()
        prompts.append(prompt)
        page.keyboard.press("Space")  # reveal
        page.locator("#card-back").wait_for(state="visible")
        if i == 0:
            screenshot(page, "study-back-1280")
        page.keyboard.press("4" if i % 2 else "3")
        _next_card_shown(page, prompt)
    assert len(set(prompts)) == 5, "each answer should move on to a different card"
    page.keyboard.press("u")
    page.get_by_text("Undid your last answer.").wait_for()
    assert page.locator(".front .prompt").inner_text() == prompts[4]
    page.goto(server.url + "/progress")
    assert _stat(page, "done") == 4
    assert _stat(page, "new") == new_before - 4
    screenshot(page, "progress-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server.url + "/study/peru")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shown = page.locator(".front .prompt").inner_text()
    page.keyboard.press("Enter")  # reveals ...
    page.locator("#card-back").wait_for(state="visible")
    screenshot(page, "study-back-375")
    page.keyboard.press("Enter")  # ... and, once revealed, means Good
    _next_card_shown(page, shown)
    assert page.locator(".front .prompt").inner_text() != shown
    page.goto(server.url + "/progress")
    assert _stat(page, "done") == 5


def test_twenty_cards_by_keyboard_are_answered_in_place(server, page, make_user_live) -> None:
    _log_in(page, server.url, make_user_live)
    page.goto(server.url + "/study/peru")
    page.evaluate("window.__noReload = 'still here'")  # a page load would wipe it
    progress = page.locator("#session-progress")
    for i in range(20):
        page.keyboard.press("Space")  # reveal, then Good
        page.locator("#card-back").wait_for(state="visible")
        page.keyboard.press("Space")
        page.wait_for_function("n => Number(document.getElementById('session-progress')"
                               ".value) === n", arg=i + 1)
        # focus is back on the next card's reveal link, ready for the keyboard
        assert page.evaluate("document.activeElement.id") in ("reveal", "")
    assert page.evaluate("window.__noReload") == "still here"
    assert progress.get_attribute("value") == "20"
    page.keyboard.press("u")  # undo in place too
    page.get_by_text("Undid your last answer.").wait_for()
    assert page.evaluate("window.__noReload") == "still here"
    page.goto(server.url + "/progress")
    assert _stat(page, "done") == 19


def test_rating_key_badges_are_readable_in_dark_mode(server, page, make_user_live) -> None:
    page.emulate_media(color_scheme="dark")
    _log_in(page, server.url, make_user_live)
    page.goto(server.url + "/study/peru")
    page.keyboard.press("Space")
    page.locator("#card-back").wait_for(state="visible")
    screenshot(page, "study-back-1280-dark")
    colours = page.eval_on_selector_all(
        "button.rate", "buttons => buttons.map(b => [getComputedStyle(b).color,"
        " getComputedStyle(b.querySelector('kbd')).color])")
    assert len(colours) == 4
    for button_text, badge_text in colours:
        assert badge_text == button_text  # Pico's dark kbd colour was near-black on the button


def test_undo_is_disabled_until_the_first_answer_and_after_undoing_it(server, page,
                                                                      make_user_live) -> None:
    _log_in(page, server.url, make_user_live)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(server.url + "/study/peru")
    page.evaluate("window.__noReload = 'still here'")  # a page load would wipe it
    undo = page.locator("#undo")
    assert undo.is_disabled()
    assert undo.get_attribute("title") == "Nothing to undo yet: answer a card first."
    first = page.locator(".front .prompt").inner_text()
    page.keyboard.press("u")  # nothing to undo: no request, the card stays
    page.keyboard.press("Space")
    page.locator("#card-back").wait_for(state="visible")
    with page.expect_response(lambda r: r.url.endswith("/study/peru/review")):
        page.keyboard.press("Space")  # Good
    _next_card_shown(page, first)
    assert not any(url.endswith("/undo") for url in posts), posts
    assert page.locator("#undo").is_enabled()
    page.keyboard.press("u")
    page.get_by_text("Undid your last answer.").wait_for()
    assert page.locator(".front .prompt").inner_text() == first
    assert page.locator("#undo").is_disabled()
    assert page.evaluate("window.__noReload") == "still here"  # all of it in place
