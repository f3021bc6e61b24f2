"""The quiz screens on a phone and by keyboard: a quick quiz by taps from start to results,
discarding unfinished quizzes with the keyboard, ordering feedback with both orders, and the
start, feedback and results pages at 375 and 1280 px in both themes (axe, no sideways
scrolling, screenshots)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from support import PASSWORD, screenshot
from test_accessibility import axe_violations

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "quiz"))
from quizkit import ORDER, PAIRS, seed_quiz_app  # noqa: E402

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}
LAPTOP = {"width": 1280, "height": 900}
TOUCH = 44  # px, the smallest touch target


@pytest.fixture
def quiz_server(live_app, server):
    """The live server with the six-question bank and a student ``tapper``."""
    seed_quiz_app(live_app, "tapper", PASSWORD)
    return server


def _new_page(browser: Any, *, phone: bool) -> Any:
    """A fresh page; the phone one has a touch screen. The CSP is bypassed only to inject axe."""
    options: dict[str, Any] = {"viewport": PHONE, "has_touch": True, "is_mobile": True} \
        if phone else {"viewport": LAPTOP}
    page = browser.new_context(bypass_csp=True, **options).new_page()
    page.set_default_timeout(10_000)
    return page


def _log_in(page: Any, url: str, *, tap: bool = False) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill("tapper")
    page.get_by_label("Password").fill(PASSWORD)
    button = page.get_by_role("button", name="Log in")
    button.tap() if tap else button.click()
    page.wait_for_url(url + "/")


def _fits_phone(page: Any, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: the page is {width}px wide on a phone"


def _big_enough(locator: Any, what: str) -> None:
    box = locator.bounding_box()
    assert box and box["height"] >= TOUCH - 0.5, f"{what}: {box} is too small to tap"


def _all_views(page: Any, name: str) -> None:
    """The page at 375 and 1280 px, light and dark: no axe violation, nothing scrolling
    sideways on the phone, a screenshot of each to look at."""
    size = page.viewport_size
    problems = []
    # Switching the theme in place would let axe read colors halfway through a transition.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for viewport in (PHONE, LAPTOP):
            page.set_viewport_size(viewport)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{viewport['width']} px, {scheme}: {width}px wide")
            problems += [f"{viewport['width']} px, {scheme}: {v}" for v in axe_violations(page)]
            screenshot(page, f"quiz-v2-{name}-{viewport['width']}-{scheme}")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(size)
    assert not problems, f"{name}: {problems}"


def _tap_answer(page: Any, kind: str) -> None:
    """Answer as a phone user would: tap an option, type a word, pick from the lists."""
    if kind == "multiple_choice":
        page.locator("label.quiz-option", has_text="Shining Path").tap()
    elif kind == "true_false":
        page.locator("label.quiz-option", has_text="True").tap()
    elif kind in ("short_answer", "cloze"):
        page.locator("#answer-text").tap()
        page.keyboard.type("Túpac Amaru" if kind == "short_answer" else "Ayacucho")
    elif kind == "matching":
        for left, right in PAIRS.items():
            page.get_by_label(left, exact=True).select_option(right)
    # ordering: left as shown (never the right order), so the feedback has something to show
    submit = page.get_by_role("button", name="Submit answer")
    _big_enough(submit, "Submit answer")
    submit.tap()


def test_quick_quiz_from_start_to_results_by_taps_on_a_phone(quiz_server, browser) -> None:
    page = _new_page(browser, phone=True)
    _log_in(page, quiz_server.url, tap=True)
    page.goto(quiz_server.url + "/quiz/mini-peru")
    _fits_phone(page, "start")
    quick = page.get_by_role("button", name="Start quick quiz")
    _big_enough(quick, "Start quick quiz")
    assert quick.bounding_box()["y"] < PHONE["height"]  # in sight without scrolling
    assert not page.get_by_label("Number of questions").is_visible()  # folded away
    quick.tap()

    kinds = []
    for number in range(1, 7):
        page.get_by_text(f"Question {number} of 6").first.wait_for()
        kind = page.locator(".quiz-answer").get_attribute("data-type")
        kinds.append(kind)
        _fits_phone(page, f"question {kind}")
        if kind in ("multiple_choice", "true_false"):  # no key badges or key hints on touch
            assert not page.locator(".quiz-option kbd").first.is_visible()
            assert not page.locator(".key-hint").first.is_visible()
        _tap_answer(page, kind)
        page.locator(".feedback-title").wait_for()
        _fits_phone(page, f"feedback {kind}")
        if kind == "ordering":
            # Both orders, item by item: the student's (marked) beside the right one.
            yours = page.locator(".order-compare figure").nth(0)
            right = page.locator(".order-compare figure").nth(1)
            assert yours.locator("figcaption").inner_text() == "Your order"
            assert right.locator("li").all_inner_texts() == ORDER
            shown = [re.sub(r"\s+", " ", t) for t in yours.locator("li").all_inner_texts()]
            assert len(shown) == 3 and yours.locator("li.is-wrong").count() >= 2
            assert any("right place:" in t for t in shown)
        nxt = page.locator("footer.next-step [role=button]")
        assert nxt.evaluate("el => el === document.activeElement")  # Enter would continue too
        _big_enough(nxt, "Next")
        assert nxt.bounding_box()["y"] + TOUCH <= PHONE["height"] + 1  # kept in reach
        nxt.tap()

    assert sorted(kinds) == sorted(["multiple_choice", "true_false", "short_answer", "cloze",
                                    "ordering", "matching"])
    # Five right and the ordering left as shown, which is never the right order but may earn
    # part of its credit (how much depends on the shuffle): from 83% up to, not including, 100%.
    heading = page.get_by_role("heading", name=re.compile(r"^Quiz results: \d+%$"))
    heading.wait_for()
    score = int(re.search(r"(\d+)%", heading.inner_text()).group(1))
    assert 83 <= score < 100, score
    _fits_phone(page, "results")
    assert page.get_by_role("img", name=f"Score: {score}%").is_visible()
    assert page.locator(".miss-list li").count() == 1
    assert not page.locator(".result-list").is_visible()  # the detail is folded away
    page.locator(".miss-list a").tap()
    page.locator(".feedback-title").wait_for()
    assert "Your order" in page.locator("main").inner_text()
    page.context.close()


def _attempts(live_app) -> list[Any]:
    from quizapp.extensions import db
    from quizapp.models import QuizAttempt

    with live_app.app_context():
        rows = list(db.session.execute(db.select(QuizAttempt).order_by(QuizAttempt.id)).scalars())
        for row in rows:
            db.session.expunge(row)
        return rows


def _tab_to(page: Any, locator: Any, *, limit: int = 60) -> None:
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("could not reach the control with Tab")


def test_unfinished_quizzes_are_discarded_with_the_keyboard(quiz_server, live_app,
                                                           browser) -> None:
    page = _new_page(browser, phone=False)
    _log_in(page, quiz_server.url)
    start = quiz_server.url + "/quiz/mini-peru"
    for _ in range(3):  # three quizzes left unanswered
        page.goto(start)
        _tab_to(page, page.get_by_role("button", name="Start quick quiz"))
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Submit answer").wait_for()
    first, second, latest = (a.id for a in _attempts(live_app))

    page.goto(start)
    main = page.locator("main")
    assert "Unfinished quiz" in main.inner_text()
    assert main.get_by_role("button", name=re.compile("^Resume")).count() == 1  # the rest folded
    _all_views(page, "start-unfinished")

    # An older one: open the fold with Enter, then Discard with Enter.
    _tab_to(page, page.get_by_text("2 older unfinished quizzes"))
    page.keyboard.press("Enter")
    older = page.locator(f"form[action$='/attempt/{first}/discard'] button")
    _tab_to(page, older)
    page.keyboard.press("Enter")
    page.get_by_text("Quiz discarded.").wait_for()
    assert "1 older unfinished quiz" in main.inner_text()

    # The latest one, shown with its Resume and Discard.
    latest_discard = page.locator(f"form[action$='/attempt/{latest}/discard'] button")
    _tab_to(page, latest_discard)
    page.keyboard.press("Enter")
    page.get_by_text("Quiz discarded.").wait_for()
    assert "older unfinished" not in main.inner_text()
    assert page.locator(f"a[href$='/attempt/{second}']").count() == 1

    discarded = {a.id for a in _attempts(live_app) if a.discarded_at is not None}
    assert discarded == {first, latest}
    page.goto(quiz_server.url + "/quiz/history")
    assert page.locator(".history-table tbody tr").count() == 1  # discarded ones are gone
    page.context.close()


def test_feedback_and_results_in_both_themes_and_widths(quiz_server, browser) -> None:
    page = _new_page(browser, phone=False)
    _log_in(page, quiz_server.url)
    page.goto(quiz_server.url + "/quiz/mini-peru")
    _all_views(page, "start")
    page.get_by_text("More options").click()
    count = page.get_by_label("Number of questions")
    assert count.bounding_box()["width"] < 160  # sized to two digits, not the page's width
    _all_views(page, "start-options")
    page.get_by_text("More options").click()
    page.get_by_role("button", name="Start quick quiz").click()
    for _ in range(6):
        kind = page.locator(".quiz-answer").get_attribute("data-type")
        if kind == "matching":  # one pair wrong, so that the pairs show right and wrong
            lefts = list(PAIRS)
            page.get_by_label(lefts[0], exact=True).select_option(PAIRS[lefts[1]])
            page.get_by_label(lefts[1], exact=True).select_option(PAIRS[lefts[1]])
        page.get_by_role("button", name="Submit answer").click()
        page.locator(".feedback-title").wait_for()
        if kind in ("ordering", "matching"):
            _all_views(page, f"feedback-{kind}")
        page.locator("footer.next-step [role=button]").click()
    page.get_by_role("heading", name=re.compile("^Quiz results")).wait_for()
    _all_views(page, "results")
    page.get_by_text("Every question in detail").click()
    screenshot(page, "quiz-v2-results-detail-1280-light")
    page.goto(quiz_server.url + "/quiz/history")
    _all_views(page, "history")
    page.context.close()
