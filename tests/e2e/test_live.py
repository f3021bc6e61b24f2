"""A whole live class quiz in real browsers: one host on a 1280 px laptop (the projector) and
three students on phones, each in a context of their own, in the light and dark themes.

The host sets the game up at /live/new, reads the PIN off the lobby, sees the three names,
starts with Enter; the students join at /live with the PIN, tap or type their answers (one
always right, one always wrong, one right once); the host's screen reveals by itself when all
have answered, with the distribution and the leaderboard, and each phone shows its verdict,
the source quote and its rank; the final results close the game. A student reloading comes
back to the same question (or to "Answer in"), the host reloading keeps the game, and a
double tap or a replayed answer is stored once. Afterwards each student's quiz history shows
a live attempt and each answered card was scheduled exactly once. Every screen is checked
with axe-core, for sideways scrolling on the phones, and for CSP reports, and screenshotted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from support import PASSWORD, password_hash, screenshot

from quizapp.extensions import db
from quizapp.models import Card, LiveAnswer, LivePlayer, Question, QuizAnswer, ReviewLog, User

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
QUESTIONS = 3
TEACHER = "teacher"
# Each student's display name and which questions (0-based) they answer right: Ana every one,
# Ben none, Cy the first. So the leaderboard is Ana, Cy, Ben whatever the answers' speed.
STUDENTS = {"ana": ("Ana", {0, 1, 2}), "ben": ("Ben", set()), "cy": ("Cy", {0})}


@pytest.fixture
def accounts(live_app: Flask) -> None:
    """The instructor and the three students."""
    with live_app.app_context():
        db.session.add(User(username=TEACHER, role="instructor", password_hash=password_hash()))
        for username in STUDENTS:
            db.session.add(User(username=username, password_hash=password_hash()))
        db.session.commit()


@dataclass
class Screen:
    """One person's browser tab, and the CSP reports its console printed."""

    page: Any
    csp_reports: list[str]


@pytest.fixture
def screens(browser: Any) -> Iterator[Callable[..., Screen]]:
    """``open_screen(scheme, phone=..., script=...)``: a fresh context (own cookies) at laptop
    or phone size; the phone has a touch screen. The CSP stays on (axe is injected by the
    driver; with ``script=False`` the page's JavaScript is off and nothing can be evaluated)."""
    contexts: list[Any] = []

    def open_screen(scheme: str, *, phone: bool, script: bool = True) -> Screen:
        options: dict[str, Any] = ({"viewport": PHONE, "has_touch": True, "is_mobile": True}
                                   if phone else {"viewport": LAPTOP})
        context = browser.new_context(color_scheme=scheme, java_script_enabled=script,
                                      **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        reports: list[str] = []
        page.on("console", lambda message: reports.append(message.text)
                if "Content Security Policy" in message.text else None)
        return Screen(page, reports)

    yield open_screen
    for context in contexts:
        context.close()


# ----------------------------------------------------------------------------- helpers


def _log_in(page: Any, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def _axe(page: Any) -> list[str]:
    """Serious and critical axe-core violations (axe evaluated by the driver: no CSP bypass)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def _check(screen: Screen, name: str, scheme: str) -> None:
    """Screenshot; no serious axe violation; no CSP report; a phone never scrolls sideways."""
    page = screen.page
    screenshot(page, f"live-{name}-{scheme}")
    assert _axe(page) == [], name
    assert screen.csp_reports == [], name
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: {width}px wide in a {viewport}px window"


def _answer_key(app: Flask, question_id: int) -> tuple[str, Any]:
    """The question's type and right answer, read from the database (the page never shows it
    before the reveal)."""
    with app.app_context():
        question = db.session.get_one(Question, question_id)
        return question.type, question.answer


def _question_id(page: Any) -> int:
    field = page.locator("form.live-answer-form input[name=question_id]")
    field.wait_for(state="attached")
    return int(field.input_value())


def _form_of(page: Any) -> dict[str, str]:
    """The answer form's hidden fields and the game's id, as the page holds them."""
    form = page.locator("form.live-answer-form")
    game = re.search(r"/live/(\d+)/", page.url)
    assert game is not None
    return {"csrf_token": form.locator("input[name=csrf_token]").input_value(),
            "question_id": form.locator("input[name=question_id]").input_value(),
            "session": game.group(1)}


def _right_form(fields: dict[str, str], kind: str, answer: Any) -> dict[str, str]:
    posted = {"csrf_token": fields["csrf_token"], "question_id": fields["question_id"]}
    if kind == "multiple_choice":
        return {**posted, "choice": str(answer)}
    if kind == "true_false":
        return {**posted, "truth": str(answer).lower()}
    return {**posted, "text": str(answer)}


def _choose(page: Any, kind: str, answer: Any, right: bool, *, keyboard: bool = False,
            double_tap: bool = False) -> None:
    """Answer right or wrong: tap an option (sent at once), or with ``keyboard`` press its
    number and Enter; or type an answer and send it with the keyboard's Go (or a double tap
    on "Send answer" with ``double_tap``)."""
    if kind in ("multiple_choice", "true_false"):
        name = "choice" if kind == "multiple_choice" else "truth"
        radios = page.locator(f"form.live-answer-form input[name={name}]")
        radios.first.wait_for(state="attached")  # the phone's panel may be mid-poll
        values = radios.evaluate_all("els => els.map(e => e.value)")
        assert len(values) >= 2, values
        wanted = str(answer).lower() if kind == "true_false" else answer
        value = wanted if right else next(v for v in values if v != wanted)
        if keyboard:
            page.keyboard.press(str(values.index(value) + 1))
            assert radios.nth(values.index(value)).is_checked()
            assert page.locator("form.live-answer-form").count() == 1  # chosen, not yet sent
            page.keyboard.press("Enter")
        else:
            page.locator("label.quiz-option").filter(
                has=page.locator(f"input[value='{value}']")).tap()
        return
    text = page.locator("#answer-text")
    text.tap()
    text.fill(str(answer) if right else "Lima, surely")
    if double_tap:
        page.get_by_role("button", name="Send answer").dblclick()
    else:
        text.press("Enter")  # the phone keyboard's Go


def _answered(page: Any) -> None:
    page.locator("#live-panel").get_by_text("Answer in").wait_for()


def _stored_answers(app: Flask, username: str) -> list[tuple[int, Any]]:
    """The live answers stored for this student: (question id, what was given)."""
    with app.app_context():
        rows = db.session.execute(
            select(LiveAnswer.question_id, QuizAnswer.given)
            .join(QuizAnswer, QuizAnswer.id == LiveAnswer.quiz_answer_id)
            .join(LivePlayer, LivePlayer.id == LiveAnswer.player_id)
            .join(User, User.id == LivePlayer.user_id)
            .where(User.username == username).order_by(LiveAnswer.id)).all()
        return [(row.question_id, row.given) for row in rows]


def _open_lobby(host: Any, questions: int, *, seconds: int, script: bool = True) -> str:
    """Fill in the host's new-game form (on the page already) and return the lobby's PIN
    (``script=False``: the page's JavaScript is off, where Playwright cannot evaluate)."""
    host.get_by_label("Question set").select_option(label="Organized Crime in Peru")
    host.get_by_label("Number of questions").fill(str(questions))
    host.get_by_label("Time per question").select_option(label=f"{seconds} seconds")
    host.get_by_role("button", name="Open the lobby").click()
    host.wait_for_url(re.compile(r"/live/\d+/host$"))
    pin = str(host.locator(".live-pin").inner_text()).strip()
    assert re.fullmatch(r"\d{6}", pin)
    if script:
        assert host.locator("img.live-qr").evaluate("i => i.complete && i.naturalWidth > 0")
    host.locator("#live-panel").get_by_text("Waiting for students").wait_for()
    return pin


def _join(page: Any, pin: str, name: str) -> None:
    """On the join page: type the PIN and a name, tap Join, land in the game's lobby."""
    page.get_by_label("Game PIN").fill(pin)
    page.get_by_label("Your name on the leaderboard").fill(name)
    page.get_by_role("button", name="Join", exact=True).tap()
    page.locator("#live-panel").get_by_text(f"You're in, {name}!").wait_for()


# ----------------------------------------------------------------------------- the game


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_whole_game_with_one_host_and_three_phones(server: Any, live_app: Flask,
                                                     accounts: None, screens: Any,
                                                     scheme: str) -> None:
    url = server.url
    host = screens(scheme, phone=False)
    hp = host.page
    _log_in(hp, url, TEACHER)

    # The instructor sets up a short game from the Teach page and opens the lobby.
    hp.goto(url + "/instructor/")
    hp.get_by_role("button", name="Host a live quiz").click()
    hp.wait_for_url(url + "/live/new")
    _check(host, "host-new", scheme)
    pin = _open_lobby(hp, QUESTIONS, seconds=60)
    _check(host, "host-lobby-empty", scheme)

    # Three students join on their phones with the PIN and a name of their choosing.
    phones: dict[str, Screen] = {}
    for username, (shown, _) in STUDENTS.items():
        phone = screens(scheme, phone=True)
        _log_in(phone.page, url, username)
        phone.page.goto(url + "/live")
        if username == "ana":
            _check(phone, "player-join", scheme)
        _join(phone.page, pin, shown)
        phones[username] = phone
    _check(phones["ana"], "player-lobby", scheme)

    hp.get_by_role("heading", name="3 players joined").wait_for()
    assert hp.locator(".live-names li").all_inner_texts() == ["Ana", "Ben", "Cy"]
    _check(host, "host-lobby", scheme)

    hp.keyboard.press("Enter")  # the projector's key for the main move: start
    asked: list[int] = []
    for index in range(QUESTIONS):
        hp.locator("#live-panel").get_by_text(f"Question {index + 1} of {QUESTIONS}").wait_for()
        ids = {username: _question_id(phone.page) for username, phone in phones.items()}
        assert len(set(ids.values())) == 1, ids
        question_id = ids["ana"]
        asked.append(question_id)
        kind, answer = _answer_key(live_app, question_id)
        _check(host, f"host-question-{kind}", scheme)
        _check(phones["ana"], f"player-question-{kind}", scheme)
        if index == 0:
            # Reloading before answering comes back to the same question.
            phones["cy"].page.reload()
            assert _question_id(phones["cy"].page) == question_id
        if index == 1:
            # The host reloads: the game goes on at the same question, answers kept.
            hp.reload()
            hp.locator("#live-panel").get_by_text(f"Question 2 of {QUESTIONS}").wait_for()
            # p pauses: the clock stops on the projector and the phones hide the question
            # (answers wait for the resume); p again brings it back.
            hp.keyboard.press("p")
            hp.locator(".live-countdown[data-paused] .chip", has_text="paused").wait_for()
            ana = phones["ana"].page
            ana.locator("#live-panel").get_by_text("Paused.").wait_for()
            assert ana.locator("form.live-answer-form").count() == 0
            _check(host, "host-paused", scheme)
            _check(phones["ana"], "player-paused", scheme)
            hp.keyboard.press("p")
            hp.locator(".live-countdown:not([data-paused])").wait_for()
            assert _question_id(ana) == question_id

        replay = _form_of(phones["ben"].page) if index == 0 else None
        for username, phone in phones.items():
            _, right_ones = STUDENTS[username]
            _choose(phone.page, kind, answer, index in right_ones, keyboard=username == "ben",
                    double_tap=index == 0 and username == "cy")
            _answered(phone.page)
            if index == 0 and username == "ana":
                _check(phone, "player-answered", scheme)
                # Reloading after answering shows "Answer in", not the question again.
                phone.page.reload()
                _answered(phone.page)
                assert phone.page.locator("form.live-answer-form").count() == 0

        if replay is not None:
            # Ben's phone sends the same form again, now with the right answer (a retry after
            # a lost response, or a second tap): his first answer stands, stored once.
            first = _stored_answers(live_app, "ben")
            response = phones["ben"].page.request.post(
                f"{url}/live/{replay['session']}/answer", form=_right_form(replay, kind, answer))
            assert response.ok
            assert _stored_answers(live_app, "ben") == first and len(first) == 1
            assert len(_stored_answers(live_app, "cy")) == 1  # Cy's double tap: one answer

        # Everyone answered: the projector reveals by itself.
        hp.get_by_role("heading", name="Leaderboard").wait_for()
        assert hp.locator("#live-panel").get_by_text("3 of 3 answered").is_visible()
        counts = [int(c) for c in hp.locator(".live-bar-count").all_inner_texts()]
        assert sum(counts) == 3
        right_bar = hp.locator(".live-bar.is-right .live-bar-count").all_inner_texts()
        expected_right = sum(index in right for _, right in STUDENTS.values())
        assert sum(int(c) for c in right_bar) == expected_right
        leaders = hp.locator(".live-leaders .live-name").all_inner_texts()
        assert leaders[0] == "Ana" and leaders[-1] == "Ben"

        for username, phone in phones.items():
            page = phone.page
            _, right_ones = STUDENTS[username]
            page.locator(".feedback-title").wait_for()
            verdict = page.locator(".feedback-title").inner_text()
            assert verdict.startswith("Right" if index in right_ones else "Wrong"), verdict
            assert page.locator(".source-quote blockquote").is_visible()
            # A screen reader hears the verdict and the rank (the region outside the panel).
            heard = page.locator("#live-announce").text_content() or ""
            assert verdict.split(" ")[0] in heard and "You are #" in heard, heard
            line = page.locator(".live-rank-line").inner_text()
            # Ana and Cy both answered the first one right: Cy is second unless tied on speed.
            ranks = {"ana": {1}, "cy": {1, 2} if index == 0 else {2}, "ben": {3}}[username]
            assert any(f"You are #{rank} of 3" in line for rank in ranks), (username, line)
        if index == 0:
            _check(host, "host-reveal", scheme)
            _check(phones["ana"], "player-reveal-right", scheme)
            _check(phones["ben"], "player-reveal-wrong", scheme)
        hp.keyboard.press("Enter")  # next question, or the final results after the last

    hp.get_by_role("heading", name="Final results").wait_for()
    assert hp.locator(".live-leaders .live-name").all_inner_texts() == ["Ana", "Cy", "Ben"]
    _check(host, "host-final", scheme)
    for username, phone in phones.items():
        place = {"ana": 1, "cy": 2, "ben": 3}[username]
        phone.page.locator("#live-panel").get_by_text(f"you came #{place} of 3").wait_for()
    _check(phones["cy"], "player-final", scheme)

    # Every answer went into the student's own quiz history and flashcards, once.
    for username, phone in phones.items():
        page = phone.page
        page.get_by_role("button", name="See your answers").tap()
        page.wait_for_url(re.compile(r"/quiz/"))
        page.goto(url + "/quiz/history")
        assert page.locator("td .chip", has_text="live").count() == 1, username
        with live_app.app_context():
            user_id = db.session.execute(
                select(User.id).where(User.username == username)).scalar_one()
            logged = db.session.execute(
                select(ReviewLog.question_id, func.count()).where(ReviewLog.user_id == user_id)
                .group_by(ReviewLog.question_id)).all()
            cards = db.session.execute(
                select(func.count()).select_from(Card).where(Card.user_id == user_id,
                                                             Card.question_id.in_(asked))
            ).scalar_one()
        assert dict(logged) == dict.fromkeys(asked, 1), username
        assert cards == QUESTIONS, username
        assert [qid for qid, _ in _stored_answers(live_app, username)] == asked


def test_time_up_reveals_by_itself_and_skipping_the_last_question_ends_the_game(
        server: Any, live_app: Flask, accounts: None, screens: Any) -> None:
    url = server.url
    host, phone = screens("light", phone=False), screens("light", phone=True)
    hp, pp = host.page, phone.page
    _log_in(hp, url, TEACHER)
    hp.goto(url + "/live/new")
    pin = _open_lobby(hp, 2, seconds=10)
    _log_in(pp, url, "ana")
    pp.goto(url + "/live?pin=" + pin)  # the QR code's link fills the PIN in
    assert pp.get_by_label("Game PIN").input_value() == pin
    _join(pp, pin, "Ana")
    hp.get_by_role("heading", name="1 player joined").wait_for()
    hp.get_by_role("button", name="Start the quiz").click()

    # Nobody answers: at the end of the 10 seconds the projector shows the results by itself.
    _question_id(pp)
    hp.get_by_role("heading", name="Leaderboard").wait_for(timeout=20_000)
    assert hp.locator(".live-bar", has_text="No answer").locator(".live-bar-count").inner_text() == "1"
    pp.locator(".feedback-title", has_text="Not answered").wait_for()
    assert "You are #1 of 1 with 0 points." in pp.locator(".live-rank-line").inner_text()

    hp.keyboard.press("Enter")  # the next (last) question
    _question_id(pp)
    hp.keyboard.press("s")  # skipping the last question ends the game
    hp.get_by_role("heading", name="Final results").wait_for()
    pp.locator("#live-panel").get_by_text("Game over").wait_for()
    assert _stored_answers(live_app, "ana") == []
    _check(phone, "player-final-unanswered", "light")


def test_a_game_works_without_javascript(server: Any, live_app: Flask, accounts: None,
                                         screens: Any) -> None:
    """Every move and answer is a form and a "Refresh" link reloads: no script needed."""
    url = server.url
    host = screens("light", phone=False, script=False)
    phone = screens("light", phone=True, script=False)
    hp, pp = host.page, phone.page
    _log_in(hp, url, TEACHER)
    hp.goto(url + "/live/new")
    pin = _open_lobby(hp, 1, seconds=60, script=False)
    _log_in(pp, url, "ben")
    pp.goto(url + "/live")
    _join(pp, pin, "Ben")
    hp.get_by_role("link", name="Refresh").click()
    hp.get_by_role("heading", name="1 player joined").wait_for()
    hp.get_by_role("button", name="Start the quiz").click()
    hp.locator("#live-panel").get_by_text("Question 1 of 1").wait_for()

    pp.get_by_role("link", name="Refresh").click()
    kind, answer = _answer_key(live_app, _question_id(pp))
    if kind in ("multiple_choice", "true_false"):
        pp.locator("label.quiz-option").first.tap()
    else:
        pp.locator("#answer-text").fill(str(answer))
    pp.get_by_role("button", name="Send answer").tap()
    pp.locator("#live-panel").get_by_text("Answer in").wait_for()
    screenshot(pp, "live-player-answered-noscript-light")

    hp.get_by_role("button", name="Show results").click()
    hp.get_by_role("heading", name="Leaderboard").wait_for()
    pp.get_by_role("link", name="Refresh").click()
    pp.locator(".feedback-title").wait_for()
    hp.get_by_role("button", name="Final results").click()
    hp.get_by_role("heading", name="Final results").wait_for()
    pp.get_by_role("link", name="Refresh").click()
    pp.locator("#live-panel").get_by_text("you came #1 of 1").wait_for()
    assert len(_stored_answers(live_app, "ben")) == 1


def test_a_class_game_with_hidden_names(server: Any, live_app: Flask, accounts: None,
                                        screens: Any) -> None:
    """A class member finds the class's game on the Live page without the PIN; with names
    hidden the projector shows no name, while the phone still shows the player's rank."""
    from quizapp.classes import services as classes

    with live_app.app_context():
        teacher = db.session.execute(select(User).where(User.username == TEACHER)).scalar_one()
        klass = classes.create_class(teacher, "Criminology 101")
        member = db.session.execute(select(User).where(User.username == "cy")).scalar_one()
        classes.join_class(member, klass.join_code)
        db.session.commit()
    url = server.url
    host, phone = screens("light", phone=False), screens("dark", phone=True)
    hp, pp = host.page, phone.page
    _log_in(hp, url, TEACHER)
    hp.goto(url + "/live/new")
    hp.get_by_label("Class", exact=True).select_option(label="Criminology 101")
    hp.get_by_label("Hide names on the projector").check()
    _open_lobby(hp, 1, seconds=60)

    _log_in(pp, url, "cy")
    pp.goto(url + "/live")
    join = pp.get_by_role("button", name="Join the Criminology 101 game as cy")
    _check(phone, "player-join-class", "dark")
    join.tap()
    pp.locator("#live-panel").get_by_text("You're in, cy!").wait_for()
    hp.locator("#live-panel").get_by_text("Names are hidden on this screen.").wait_for()
    assert hp.locator(".live-names").count() == 0
    _check(host, "host-lobby-hidden-names", "light")

    hp.keyboard.press("Enter")
    kind, answer = _answer_key(live_app, _question_id(pp))
    _choose(pp, kind, answer, True)
    hp.get_by_role("heading", name="Leaderboard").wait_for()
    assert hp.locator(".live-leaders .live-name").all_inner_texts() == ["Player 1"]
    assert "cy" not in hp.locator("#live-panel").inner_text()
    assert "You are #1 of 1" in pp.locator(".live-rank-line").inner_text()
    pp.goto(url + "/live")  # the game is still running: the Live page leads back to it
    pp.get_by_role("button", name="Back to the Criminology 101 game").tap()
    pp.locator(".feedback-title").wait_for()
