"""The app's shell on a phone and a laptop: a one-row header whose links fold behind "Menu" on
a phone (opened by keyboard or by tap), and tables that become cards with their action in sight."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support import PASSWORD, LiveServer, password_hash, screenshot

pytestmark = pytest.mark.e2e

PHONE, LAPTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}


@pytest.fixture
def student(live_app: Any) -> str:
    """A student in the live app's database; returns the username."""
    from quizapp.extensions import db
    from quizapp.models import User

    with live_app.app_context():
        db.session.add(User(username="pupil", password_hash=password_hash()))
        db.session.commit()
    return "pupil"


@pytest.fixture
def phone(browser: Any, server: LiveServer, student: str) -> Iterator[Callable[..., Any]]:
    """Opens a signed-in page at 375 px (``touch=True``: a touch screen)."""
    contexts: list[Any] = []

    def open_page(*, touch: bool = False) -> Any:
        context = browser.new_context(viewport=PHONE, has_touch=touch, is_mobile=touch)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(server.url + "/login")
        page.get_by_label("Username").fill(student)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(server.url + "/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def _header_height(page: Any) -> float:
    return float(page.locator(".site-header").bounding_box()["height"])


def test_phone_header_is_one_row_with_a_menu(phone: Callable[..., Any]) -> None:
    page = phone()
    screenshot(page, "shell-header-375")
    assert _header_height(page) <= 60
    assert page.get_by_text("Menu", exact=True).is_visible()
    assert not page.get_by_role("link", name="Quizzes").is_visible()


def test_phone_menu_opens_by_keyboard_and_a_link_works(phone: Callable[..., Any],
                                                      server: LiveServer) -> None:
    page = phone()
    for _ in range(5):  # skip link, brand, then the menu
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    quizzes = page.get_by_role("link", name="Quizzes")
    assert quizzes.is_visible()
    screenshot(page, "shell-menu-open-375")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Study, then Quizzes
    assert page.evaluate("document.activeElement.textContent.trim()") == "Quizzes"
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/quiz/history")
    assert page.get_by_role("heading", name="My quizzes").is_visible()


def test_phone_menu_opens_by_tap(phone: Callable[..., Any], server: LiveServer) -> None:
    page = phone(touch=True)
    page.get_by_text("Menu", exact=True).tap()
    page.get_by_role("link", name="Study", exact=True).tap()
    page.wait_for_url(server.url + "/study")
    assert page.get_by_role("heading", name="Study", exact=True).is_visible()


def test_laptop_header_is_a_row_of_links(phone: Callable[..., Any]) -> None:
    page = phone()
    page.set_viewport_size(LAPTOP)
    assert not page.get_by_text("Menu", exact=True).is_visible()
    links = [page.get_by_role("link", name=name, exact=True) for name in ("Study", "Quizzes", "pupil")]
    assert all(link.is_visible() for link in links)
    assert len({round(link.bounding_box()["y"]) for link in links}) == 1
    assert _header_height(page) <= 70


def test_a_table_is_a_list_of_cards_on_a_phone_with_its_action_in_sight(
        phone: Callable[..., Any], server: LiveServer) -> None:
    page = phone()
    page.goto(server.url + "/study")
    row = page.locator(".table-cards tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    label = row.locator("td.count-new").evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert label == '"New"'
    study = row.get_by_role("button", name="Study")
    box = study.bounding_box()
    assert study.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "shell-study-cards-375")


def test_escape_closes_the_phone_menu(phone: Callable[..., Any]) -> None:
    page = phone()
    page.get_by_text("Menu", exact=True).click()
    assert page.get_by_role("link", name="Quizzes").is_visible()
    page.keyboard.press("Escape")
    assert not page.get_by_role("link", name="Quizzes").is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"


@pytest.mark.parametrize("touch", [True, False])
def test_key_hints_only_without_a_touch_screen(phone: Callable[..., Any], server: LiveServer,
                                               touch: bool) -> None:
    page = phone(touch=touch)
    page.goto(server.url + "/study/peru")
    assert page.get_by_role("button", name="Show answer").is_visible()
    hints = page.locator("kbd").all()
    assert hints and any(kbd.is_visible() for kbd in hints) is not touch
