"""A mixed quiz taken with the keyboard alone, in a real browser, at laptop and phone widths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support import PASSWORD, screenshot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "quiz"))
from quizkit import ORDER, PAIRS, seed_quiz_app  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def quiz_server(live_app, server):
    """The live server with the six-question bank and a student ``keyboarder``."""
    seed_quiz_app(live_app, "keyboarder", PASSWORD)
    return server


def _focused(page, locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def _tab_to(page, locator, *, limit: int = 40) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if _focused(page, locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError("could not reach the control with Tab")


def _fits(page, name: str) -> None:
    """Screenshot at 1280 px, then at 375 px where nothing may scroll sideways."""
    screenshot(page, f"quiz-{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, f"quiz-{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 375, f"{name}: page is {width}px wide at 375px"


def _submit(page) -> None:
    _tab_to(page, page.get_by_role("button", name="Submit answer"))
    page.keyboard.press("Enter")


def _answer_multiple_choice(page) -> None:
    options = page.locator("label.quiz-option").all_inner_texts()
    index = next(i for i, text in enumerate(options) if text.strip().endswith("Shining Path"))
    page.keyboard.press(str(index + 1))  # keys 1–4 choose
    assert page.get_by_role("radio", name="Shining Path").is_checked()
    page.keyboard.press("Enter")


def _answer_true_false(page) -> None:
    page.keyboard.press("ArrowDown")  # arrow keys move within the radio group: False
    assert page.get_by_role("radio", name="False").is_checked()
    page.keyboard.press("Enter")


def _answer_typed(page, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _answer_ordering(page) -> None:
    # Without moving anything, the position numbers follow the order shown.
    assert [s.input_value() for s in page.locator("select.order-pos").all()] == ["1", "2", "3"]
    for target, item in enumerate(ORDER):
        current = page.locator(".order-text").all_inner_texts().index(item)
        button = page.get_by_role("button", name=f"Move up: {item}")
        if current > target:
            _tab_to(page, button)
            for _ in range(current - target):
                page.keyboard.press("Enter")  # the focus moves up with the item
    assert page.locator(".order-text").all_inner_texts() == ORDER
    assert [s.input_value() for s in page.locator("select.order-pos").all()] == ["1", "2", "3"]
    _submit(page)


def _answer_matching(page) -> None:
    options = [""] + sorted(PAIRS.values(), key=str.casefold)
    for left, right in PAIRS.items():
        select = page.get_by_label(left, exact=True)
        _tab_to(page, select)
        for _ in range(options.index(right)):
            page.keyboard.press("ArrowDown")
        assert select.input_value() == right
    _submit(page)


def _log_in(page, url: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill("keyboarder")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question sets").wait_for()


def test_mixed_quiz_by_keyboard_then_results(quiz_server, page) -> None:
    _log_in(page, quiz_server.url)

    page.goto(quiz_server.url + "/quiz/mini-peru")
    _fits(page, "start")
    _tab_to(page, page.get_by_role("button", name="Start quick quiz"))
    page.keyboard.press("Enter")  # 10 questions, every topic and type, feedback after each

    seen = []
    page.get_by_role("button", name="Submit answer").wait_for()
    page.evaluate("window.sameDocument = true")  # gone if a screen loads a page
    for number in range(1, 7):
        page.get_by_role("button", name="Submit answer").wait_for()
        assert page.evaluate("window.sameDocument === true"), "a question loaded a page"
        assert page.title() == f"Question {number} of 6 · quizapp"
        kind = page.locator(".quiz-answer").get_attribute("data-type")
        seen.append(kind)
        _fits(page, f"question-{kind}")
        {
            "multiple_choice": _answer_multiple_choice,
            "true_false": _answer_true_false,  # deliberately wrong
            "short_answer": lambda p: _answer_typed(p, "Tupak Amaru"),  # a typo
            "cloze": lambda p: _answer_typed(p, "ayacucho"),
            "ordering": _answer_ordering,
            "matching": _answer_matching,
        }[kind](page)
        page.locator(".feedback-title").wait_for()
        assert page.evaluate("window.sameDocument === true"), "feedback loaded a page"
        assert "/feedback/" in page.url  # the address follows: reload shows this feedback
        text = page.locator("main").inner_text()
        assert "Quote backing" in text
        assert page.locator("#quiz-announcer").inner_text().startswith(
            page.locator(".feedback-title").inner_text().strip())
        if kind == "short_answer":
            assert "Accepted with a typo — mind the spelling." in text
            assert text.count("Túpac Amaru") == 1  # the right answer, stated once
            _fits(page, "feedback-typo")
        if kind == "true_false":
            assert "Wrong" in text
            _fits(page, "feedback-wrong")
        page.keyboard.press("Enter")  # the next action has the focus

    assert sorted(seen) == sorted(["multiple_choice", "true_false", "short_answer", "cloze",
                                   "ordering", "matching"])
    page.get_by_role("heading", name="Quiz results: 83%").wait_for()
    text = page.locator("main").inner_text()
    assert "Review my mistakes (1)" in text
    _fits(page, "results")

    page.keyboard.press("Enter")  # "Review my mistakes" has the focus
    page.get_by_text("Question 1 of 1").wait_for()
    assert "Abimael Guzmán was captured in 1992." in page.locator("main").inner_text()

    page.goto(quiz_server.url + "/quiz/history")
    page.get_by_role("img", name="Scores of finished quizzes, oldest to newest").wait_for()
    assert "83%" in page.locator("table").inner_text()
    _fits(page, "history")


def _start_quiz_of(page, url: str, kind: str) -> None:
    """Log in and start a quiz of one question type, through the start form's options."""
    _log_in(page, url)
    page.goto(url + "/quiz/mini-peru")
    page.get_by_text("More options").click()
    for box in page.locator("input[name=types]").all():
        box.set_checked(box.get_attribute("value") == kind)
    page.get_by_role("button", name="Start quiz").click()


def test_ordering_items_move_with_alt_arrows_and_by_drag_and_drop(quiz_server, page) -> None:
    _start_quiz_of(page, quiz_server.url, "ordering")
    page.locator(".order-item").first.wait_for()

    texts = page.locator(".order-text")
    first = texts.all_inner_texts()[0]
    page.get_by_role("button", name=f"Move down: {first}").focus()
    page.keyboard.press("Alt+ArrowDown")
    assert texts.all_inner_texts()[1] == first
    assert [s.input_value() for s in page.locator("select.order-pos").all()] == ["1", "2", "3"]

    if texts.all_inner_texts() == ORDER:
        page.keyboard.press("Alt+ArrowDown")  # out of order again, so that dragging has work
    dragged = 0
    for target, item in enumerate(ORDER):
        current = texts.all_inner_texts().index(item)
        if current != target:
            page.locator(".order-item").nth(current).drag_to(page.locator(".order-item").nth(target))
            dragged += 1
    assert dragged and texts.all_inner_texts() == ORDER
    assert [s.input_value() for s in page.locator("select.order-pos").all()] == ["1", "2", "3"]
    page.get_by_role("button", name="Submit answer").click()
    page.locator(".feedback-title").wait_for()
    assert "Right" in page.locator(".feedback-title").inner_text()


def test_feedback_shown_in_place_survives_a_reload_and_back_leaves_it(quiz_server, page) -> None:
    _start_quiz_of(page, quiz_server.url, "true_false")
    page.get_by_role("button", name="Submit answer").wait_for()
    question_url = page.url
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Submit answer").click()
    verdict = page.locator(".feedback-title")
    verdict.wait_for()
    said, feedback_url = verdict.inner_text(), page.url
    assert feedback_url != question_url and "/feedback/" in feedback_url

    page.reload()
    assert page.url == feedback_url and page.locator(".feedback-title").inner_text() == said
    page.evaluate("window.sameDocument = true")
    page.locator("a[href='#main']").first.focus()  # the skip link
    page.keyboard.press("Enter")
    assert page.url == feedback_url + "#main"
    page.go_back()  # back from the jump: the same page, not reloaded
    assert page.url == feedback_url and page.evaluate("window.sameDocument === true")
    page.go_back()  # the question's address: the only question is answered, so the results
    page.get_by_role("heading", name="Quiz results").wait_for()
