"""Every main page: no serious axe-core violations, and no sideways scrolling on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import PASSWORD, screenshot

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE, LAPTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}

# (name, path, role) — role None means a visitor; pages are loaded after logging in as role.
PAGES = [
    ("welcome", "/", None),
    ("login", "/login", None),
    ("register", "/register", None),
    ("about", "/about", None),
    ("home", "/", "student"),
    ("set", "/sets/peru", "student"),
    ("study-overview", "/study", "student"),
    ("study-card", "/study/peru", "student"),
    ("progress", "/progress", "student"),
    ("settings", "/settings", "student"),
    ("account", "/account", "student"),
    ("not-found", "/no-such-page", "student"),
    ("quiz-start", "/quiz/peru", "student"),
    ("quiz-history", "/quiz/history", "student"),
    ("classes-student", "/classes/", "student"),
    ("map", "/sets/peru/map", "student"),
    ("place", "/sets/peru/places/vraem", "student"),
    ("timeline", "/sets/peru/timeline", "student"),
    ("map-quiz", "/sets/peru/map/quiz", "student"),
    ("instructor-sets", "/instructor/", "instructor"),
    ("instructor-set", "/instructor/sets/peru", "instructor"),
    ("instructor-new-set", "/instructor/sets/new", "instructor"),
    ("instructor-import", "/instructor/import", "instructor"),
    ("instructor-generate", "/instructor/generate", "instructor"),
    ("classes-new", "/classes/new", "instructor"),
    ("admin-users", "/admin/users", "admin"),
]


@pytest.fixture
def page(browser):
    """A page whose CSP lets the test inject axe-core (the app itself never runs inline script)."""
    context = browser.new_context(viewport=LAPTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def users(live_app):
    from support import password_hash

    from quizapp.extensions import db
    from quizapp.models import User

    with live_app.app_context():
        for role in ("student", "instructor", "admin"):
            db.session.add(User(username=f"a11y-{role}", role=role, password_hash=password_hash()))
        db.session.commit()


def _login(page, base: str, role: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(f"a11y-{role}")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    page.add_script_tag(content=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def check_page(page, base: str, name: str, path: str) -> None:
    """Load a page at phone and laptop width: axe-clean, fits the phone, screenshots saved."""
    for label, size in (("375", PHONE), ("1280", LAPTOP)):
        page.set_viewport_size(size)
        page.goto(base + path)
        assert page.title(), f"{path} has no title"
        assert page.get_attribute("html", "lang") == "en"
        if label == "375":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width}px wide on a phone"
        screenshot(page, f"{name}-{label}")
    assert axe_violations(page) == [], path


@pytest.mark.parametrize("name,path,role", PAGES, ids=[p[0] for p in PAGES])
def test_main_pages_are_accessible_and_fit_a_phone(server, page, users, name, path, role) -> None:
    if role:
        _login(page, server.url, role)
    check_page(page, server.url, name, path)


def test_quiz_question_feedback_and_results_are_accessible(server, page, users) -> None:
    _login(page, server.url, "student")
    page.goto(server.url + "/quiz/peru")
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start quiz").click()
    page.wait_for_url("**/attempt/**")
    check_page(page, server.url, "quiz-question", page.url.removeprefix(server.url))
    for _ in range(2):
        page.locator("form.quiz-answer button[type=submit], main form button[type=submit]").first.click()
        page.wait_for_load_state("load")
        if "/feedback/" in page.url:
            check_page(page, server.url, "quiz-feedback", page.url.removeprefix(server.url))
            page.locator("main a[role=button], main button[type=submit]").first.click()
            page.wait_for_load_state("load")
        if "/results" in page.url:
            break
    assert "/results" in page.url
    check_page(page, server.url, "quiz-results", page.url.removeprefix(server.url))


def test_editor_and_class_analytics_are_accessible(server, page, users) -> None:
    _login(page, server.url, "instructor")
    page.goto(server.url + "/instructor/sets/new")
    page.get_by_label("Title").fill("Accessible set")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/instructor/sets/**")
    slug = page.url.rstrip("/").split("/")[-1]
    check_page(page, server.url, "instructor-editor", f"/instructor/sets/{slug}")
    for qtype in ("multiple_choice", "ordering", "matching"):
        check_page(page, server.url, f"instructor-question-{qtype}",
                   f"/instructor/sets/{slug}/questions/new/{qtype}")
    page.goto(server.url + "/classes/new")
    page.get_by_label("Name").fill("Criminology 101")
    page.get_by_role("button", name="Create class").click()
    page.wait_for_load_state("load")
    class_id = page.url.rstrip("/").split("/")[-1]
    check_page(page, server.url, "class-manage", f"/classes/{class_id}")
    check_page(page, server.url, "class-analytics", f"/instructor/classes/{class_id}/analytics")


def test_revealed_card_is_accessible(server, page, users) -> None:
    _login(page, server.url, "student")
    page.goto(server.url + "/study/peru")
    page.keyboard.press("Space")
    page.locator("#card-back").wait_for(state="visible")
    assert axe_violations(page) == []
