"""The map, a place page, the timeline and a "where is it?" question, by keyboard, in a browser."""

from __future__ import annotations

import re

import pytest
from support import PASSWORD, password_hash, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def atlas_server(live_app, server):
    """The live server (Peru set loaded) with a student ``mapper``; returns (server, user id)."""
    from quizapp.extensions import db
    from quizapp.models import User

    with live_app.app_context():
        user = User(username="mapper", password_hash=password_hash())
        db.session.add(user)
        db.session.commit()
        return server, user.id


def _log_in(page, url: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill("mapper")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(re.compile(r"/$"))


def _fits(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _tab_until(page, predicate: str, *, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"Tab never reached: {predicate}")


def test_map_marker_by_keyboard_reaches_its_questions(atlas_server, page) -> None:
    server, _ = atlas_server
    _log_in(page, server.url)
    page.goto(server.url + "/sets/peru/map")
    page.get_by_role("heading", name="Where it happens").wait_for()
    _fits(page)
    screenshot(page, "atlas-map-1280")
    _tab_until(page, "document.activeElement.matches('svg a.marker')")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')").split(" (")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sets/peru/places/"))
    assert page.get_by_role("heading", level=1).inner_text() == name
    page.locator("main details summary").first.click()
    assert page.locator("blockquote.atlas-quote").first.is_visible()
    screenshot(page, "atlas-place-1280")


def test_where_is_it_answered_by_keyboard_at_phone_width(atlas_server, live_app, page) -> None:
    from quizapp.atlas import services
    from quizapp.content.services import get_set

    server, user_id = atlas_server
    _log_in(page, server.url)
    with live_app.app_context():
        markers = services.set_markers(get_set("peru"))
        target = services.quiz_target(markers, user_id=user_id, counter=0)
        number = services.quiz_choices(markers, target).index(target) + 1
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server.url + "/sets/peru/map/quiz")
    page.get_by_role("heading", name=f"Where is {target.place.name}?").wait_for()
    _fits(page)
    screenshot(page, "atlas-quiz-375")
    _tab_until(page, f"document.activeElement.getAttribute('aria-label') === 'Marker {number}'")
    page.keyboard.press("Enter")
    page.get_by_text(f"Right: that is {target.place.name}.").wait_for()
    assert page.locator(".where-result blockquote").inner_text().strip()
    assert page.evaluate("document.activeElement.textContent") == "Next place"
    _fits(page)
    screenshot(page, "atlas-quiz-result-375")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"n=1$"))


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_phone_and_laptop(atlas_server, page, width) -> None:
    server, _ = atlas_server
    _log_in(page, server.url)
    page.set_viewport_size({"width": width, "height": 900})
    for path, name in (("/sets/peru/map", "map"), ("/sets/peru/timeline", "timeline"),
                       ("/sets/peru/places/vraem", "place"), ("/sets/peru/map/quiz", "quiz")):
        page.goto(server.url + path)
        _fits(page)
        screenshot(page, f"atlas-{name}-{width}")
    page.goto(server.url + "/sets/peru/timeline")
    years = page.locator("ol.timeline time").all_inner_texts()
    assert years == sorted(years) and "1980" in years
