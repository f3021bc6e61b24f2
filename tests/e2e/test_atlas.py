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


def _open_phone_map_quiz(atlas_server, live_app, page):
    """Log in, open the map quiz at phone width; the server, the place asked for and the
    number of its marker."""
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
    return server, target, number


def test_where_is_it_answered_by_keyboard_at_phone_width(atlas_server, live_app, page) -> None:
    server, target, number = _open_phone_map_quiz(atlas_server, live_app, page)
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


# Every marker's finger-sized area, and every name a student can see (not hidden, not spare).
_TARGETS = """sel => [...document.querySelectorAll(sel)].map(el => {
  const r = el.getBoundingClientRect(); return [r.width, r.height]; })"""
_VISIBLE_NAMES = """() => [...document.querySelectorAll('svg .markers a text')]
  .filter(t => getComputedStyle(t).display !== 'none' && getComputedStyle(t).visibility !== 'hidden')
  .map(t => { const r = t.getBoundingClientRect();
              return [t.textContent, r.left, r.top, r.right, r.bottom,
                      t.closest('a').getAttribute('href')]; })"""
_HIDDEN_NAMES = """() => [...document.querySelectorAll('svg .markers a text')]
  .filter(t => getComputedStyle(t).display !== 'none').map(t => t.textContent)"""
_DOTS = """() => [...document.querySelectorAll('svg .markers a circle')].map(c => {
  const r = c.getBoundingClientRect(); return [c.closest('a').getAttribute('href'),
  r.left, r.top, r.right, r.bottom]; })"""


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("path,targets", [("/sets/peru/map", "svg a.marker-hit"),
                                          ("/sets/peru/map/quiz", "svg .where-hit")])
def test_phone_markers_are_finger_sized(atlas_server, page, path, targets) -> None:
    server, _ = atlas_server
    _log_in(page, server.url)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server.url + path)
    sizes = page.evaluate(_TARGETS, targets)
    assert len(sizes) >= 7
    assert all(width >= 44 and height >= 44 for width, height in sizes), sizes
    page.get_by_role("button", name="Zoom in").click()  # still a finger's size when zoomed in
    assert all(w >= 44 and h >= 44 for w, h in page.evaluate(_TARGETS, targets))


@pytest.mark.parametrize("width", [375, 1280])
def test_map_names_do_not_collide(atlas_server, page, width) -> None:
    server, _ = atlas_server
    _log_in(page, server.url)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url + "/sets/peru/map")
    names = page.evaluate(_VISIBLE_NAMES)
    assert len(names) >= 7, names
    assert min(bottom - top for _, _, top, _, bottom, _ in names) >= 13  # readable: 12 px letters, not ~7 px
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not _meet(a[1:5], b[1:5]), (a[0], b[0])
    # No name sits on another place's dot ("San Miguel del Ene" on VRAEM's).
    dots = page.evaluate(_DOTS)
    for name, *box, mine in names:
        for place, *dot in dots:
            assert place == mine or not _meet(box, dot), (name, place)
    # Callao and Lima, 8 km apart, are never one row reading "Callao • Lima".
    rows = {n: (top, bottom) for n, _, top, _, bottom, _ in names}
    if "Callao" in rows and "Lima" in rows:
        (top_c, bottom_c), (top_l, bottom_l) = rows["Callao"], rows["Lima"]
        assert bottom_c <= top_l or bottom_l <= top_c
    # Every marker keeps its name for assistive technology, shown or not.
    labels = page.locator("svg a.marker").evaluate_all("els => els.map(e => e.ariaLabel)")
    assert "San Miguel del Ene (5 questions)" in labels and len(labels) >= 7
    screenshot(page, f"atlas-map-names-{width}")
    # A name that waits for room shows once its marker has the focus.
    hidden = [n for n in page.evaluate(_HIDDEN_NAMES) if n not in rows]
    if hidden:
        page.locator("svg a.marker", has_text=hidden[0]).focus()
        assert hidden[0] in [n for n, *_ in page.evaluate(_VISIBLE_NAMES)]


def test_a_tap_beside_a_small_dot_still_hits_it(atlas_server, page) -> None:
    server, _ = atlas_server
    _log_in(page, server.url)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server.url + "/sets/peru/map")
    dot = page.locator("svg a.marker[aria-label^='Peruvian Amazon'] circle").bounding_box()
    page.mouse.click(dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2 + 18)
    page.wait_for_url(re.compile(r"/sets/peru/places/amazon$"))
    # Among close markers whose areas overlap, a tap goes to the nearest: 10 px right of
    # VRAEM's dot is inside San Miguel del Ene's area too (drawn later, so on top).
    page.go_back()
    dot = page.locator("svg a.marker[aria-label^='VRAEM'] circle").bounding_box()
    page.mouse.click(dot["x"] + dot["width"] / 2 + 10, dot["y"] + dot["height"] / 2)
    page.wait_for_url(re.compile(r"/sets/peru/places/vraem$"))


def _map_width(page) -> float:
    return page.locator("svg.atlas-svg").bounding_box()["width"]


def test_zoom_buttons_by_keyboard_alone(atlas_server, page) -> None:
    server, _ = atlas_server
    _log_in(page, server.url)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server.url + "/sets/peru/map")
    start = _map_width(page)
    _tab_until(page, "document.activeElement.getAttribute('aria-label') === 'Zoom in'")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert _map_width(page) == pytest.approx(2 * start, rel=0.02)
    assert page.locator(".zoom-level").inner_text() == "200%"
    _fits(page)  # the map grows inside its window, never the page
    screenshot(page, "atlas-map-zoomed-375")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Zoom out"
    page.keyboard.press("Space")
    assert _map_width(page) == pytest.approx(1.5 * start, rel=0.02)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Reset zoom
    assert _map_width(page) == pytest.approx(start, rel=0.01)
    assert page.locator(".zoom-level").inner_text() == "100%"


def test_zoom_buttons_are_absent_without_javascript(atlas_server, browser) -> None:
    server, _ = atlas_server
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        _log_in(page, server.url)
        page.goto(server.url + "/sets/peru/map")
        assert page.get_by_role("button", name="Zoom in").count() == 0
        page.locator("svg a.marker").first.wait_for()
        _fits(page)
    finally:
        context.close()


def test_where_is_it_tap_beside_the_marker_picks_it(atlas_server, live_app, page) -> None:
    server, target, number = _open_phone_map_quiz(atlas_server, live_app, page)
    dot = page.locator(f".where-marker[data-choice='{number}'] .dot").bounding_box()
    page.mouse.click(dot["x"] + dot["width"] / 2 + 17, dot["y"] + dot["height"] / 2)
    page.get_by_text(f"Right: that is {target.place.name}.").wait_for()
    _fits(page)
    screenshot(page, "atlas-quiz-tapped-375")
