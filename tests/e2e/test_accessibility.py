"""Every main page, with data in it, at phone and laptop width and in the light and dark themes:
no serious or critical axe-core violations, no sideways scrolling on a phone, a title of its own.

One server and one database serve the whole module, seeded once (a class whose students finished
quizzes, a student with a review history, an owned set with every question type); each theme
and role has one logged-in browser tab, reused from test to test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from support import (
    PASSWORD,
    LiveServer,
    add_history,
    make_test_app,
    password_hash,
    peru_bank,
    screenshot,
)

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.classes import services as classes
from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.models import Card, QuizAnswer, QuizAttempt, User, utcnow
from quizapp.models import Question as QuestionRow

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE, LAPTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}
SCHEMES = ("light", "dark")
GIFT = Path(__file__).parent.parent / "imports" / "fixtures" / "moodle_examples.gift"
OWNED = "a11y-owned"

# (name, path, role): role None is a visitor; "newbie" is a student who has answered nothing.
# Paths may name seeded rows: {mc}, {matching}, … (question ids of the owned set), {klass},
# {quiet_klass} (a class whose students finished no quiz).
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
    ("progress-empty", "/progress", "newbie"),
    ("settings", "/settings", "student"),
    ("account", "/account", "student"),
    ("not-found", "/no-such-page", "student"),
    ("quiz-start", "/quiz/peru", "student"),
    ("quiz-history", "/quiz/history", "student"),
    ("quiz-history-empty", "/quiz/history", "newbie"),
    ("classes-student", "/classes/", "student"),
    ("map", "/sets/peru/map", "student"),
    ("place", "/sets/peru/places/vraem", "student"),
    ("timeline", "/sets/peru/timeline", "student"),
    ("map-quiz", "/sets/peru/map/quiz", "student"),
    ("instructor-sets", "/instructor/", "instructor"),
    ("instructor-set", "/instructor/sets/peru", "instructor"),
    ("instructor-editor", f"/instructor/sets/{OWNED}", "instructor"),
    ("instructor-set-settings", f"/instructor/sets/{OWNED}/settings", "instructor"),
    ("instructor-new-set", "/instructor/sets/new", "instructor"),
    *((f"instructor-question-new-{t}", f"/instructor/sets/{OWNED}/questions/new/{t}", "instructor")
      for t in ("multiple_choice", "ordering", "matching")),
    *((f"instructor-question-edit-{t}", f"/instructor/sets/{OWNED}/questions/{{{t}}}/edit",
       "instructor") for t in ("multiple_choice", "matching")),
    *((f"instructor-question-preview-{t}", f"/instructor/sets/{OWNED}/questions/{{{t}}}/preview",
       "instructor") for t in ("multiple_choice", "ordering", "matching")),
    ("instructor-question-delete", f"/instructor/sets/{OWNED}/questions/{{multiple_choice}}/delete",
     "instructor"),
    ("instructor-import", "/instructor/import", "instructor"),
    ("instructor-generate", "/instructor/generate", "instructor"),
    ("classes-instructor", "/classes/", "instructor"),
    ("classes-new", "/classes/new", "instructor"),
    ("class-manage", "/classes/{klass}", "instructor"),
    ("class-analytics", "/instructor/classes/{klass}/analytics", "instructor"),
    ("class-analytics-empty", "/instructor/classes/{quiet_klass}/analytics", "instructor"),
    ("admin-users", "/admin/users", "admin"),
]

# ----------------------------------------------------------------------------- seeded data

# Four class members' marks on (multiple choice, true/false, short answer, cloze, ordering):
# the short answer discriminates negatively, the cloze is too easy and the ordering too hard.
MARKS = {"ana": (1, 1, 1, 1, 0), "ben": (1, 1, 0, 1, 0), "cy": (0, 1, 0, 1, 0),
         "dee": (0, 0, 1, 1, 0)}
PICKS = {"ana": "Abimael Guzmán", "ben": "Abimael Guzmán", "cy": "Comrade Artemio",
         "dee": "Víctor Quispe Palomino"}


def _owned_bank() -> Bank:
    """A set of every question type, owned by the instructor (so Edit, ↑, ↓ and Delete show)."""
    questions = (
        Question(key="multiple_choice", topic="leaders", type="multiple_choice",
                 prompt="Who founded the Shining Path?", answer="Abimael Guzmán",
                 choices=("Abimael Guzmán", "Comrade Artemio", "Víctor Quispe Palomino")),
        Question(key="true_false", topic="dates", type="true_false",
                 prompt="Abimael Guzmán was captured in 1992.", answer=True),
        Question(key="short_answer", topic="regions", type="short_answer",
                 prompt="In which region did the insurgency begin?", answer="Ayacucho"),
        Question(key="cloze", topic="regions", type="cloze",
                 prompt="The VRAEM is a valley of the rivers Apurímac, Ene and ____.",
                 answer="Mantaro"),
        Question(key="ordering", topic="dates", type="ordering",
                 prompt="Put these events in order, earliest first.",
                 answer=["The armed struggle begins", "Guzmán is captured",
                         "Artemio is captured"]),
        Question(key="matching", topic="leaders", type="matching",
                 prompt="Match each leader to his alias.",
                 answer={"Abimael Guzmán": "Presidente Gonzalo",
                         "Florindo Flores": "Comrade Artemio",
                         "Víctor Quispe Palomino": "Comrade José"}),
    )
    return Bank(SetInfo(slug=OWNED, title="Accessible set",
                        description="Every question type, for the accessibility checks."),
                questions)


def _user(username: str, role: str = "student") -> User:
    user = User(username=username, role=role, password_hash=password_hash())
    db.session.add(user)
    db.session.flush()
    return user


def _finished_quiz(user: User, set_id: int, qids: list[int], marks: tuple[int, ...],
                   givens: list[Any], when: Any) -> None:
    attempt = QuizAttempt(user_id=user.id, set_id=set_id, question_ids=qids, started_at=when,
                          finished_at=when, score=sum(marks) / len(marks))
    db.session.add(attempt)
    db.session.flush()
    for position, (qid, mark, given) in enumerate(zip(qids, marks, givens, strict=True)):
        db.session.add(QuizAnswer(attempt_id=attempt.id, question_id=qid, position=position,
                                  given=given, correct=bool(mark), score=float(mark),
                                  reason="exact", answered_at=when))


def _seed(app: Flask) -> dict[str, int]:
    """Users, sets, two classes, finished quizzes and a review history; the ids paths need."""
    now = utcnow()
    with app.app_context():
        peru = save_bank(peru_bank(), bundled=True).question_set
        student, _newbie = _user("a11y-student"), _user("a11y-newbie")
        teacher, _admin = _user("a11y-instructor", "instructor"), _user("a11y-admin", "admin")
        owned = save_bank(_owned_bank(), owner=teacher, status="published").question_set
        ids = {q.key: q.id for q in owned.questions}
        klass = classes.create_class(teacher, "Criminology 101")
        classes.assign_set(klass, owned)  # not Peru: 300 rows of statistics make a slow page
        quiet = classes.create_class(teacher, "Evening class")
        classes.assign_set(quiet, owned)
        quizzed = [ids[k] for k in ("multiple_choice", "true_false", "short_answer", "cloze",
                                    "ordering")]
        for name, marks in MARKS.items():
            member = _user(name)
            classes.join_class(member, klass.join_code)
            givens = [PICKS[name], bool(marks[1]), "Ayacucho" if marks[2] else "Lima",
                      "Mantaro", ["Guzmán is captured", "The armed struggle begins",
                                  "Artemio is captured"]]
            _finished_quiz(member, owned.id, quizzed, marks, givens, now - timedelta(days=2))
        classes.join_class(student, klass.join_code)
        peru_ids = list(db.session.execute(
            select(QuestionRow.id).where(QuestionRow.set_id == peru.id)
            .order_by(QuestionRow.position).limit(3)).scalars())
        _finished_quiz(student, peru.id, peru_ids[:2], (1, 0), ["?", "?"],
                       now - timedelta(days=1))
        db.session.add(Card(user_id=student.id, question_id=peru_ids[2], state="review",
                            reps=9, lapses=8, stability=1.0, difficulty=9.0, due=now,
                            suspended=True, leech=True))
        ids.update(klass=klass.id, quiet_klass=quiet.id)
        db.session.commit()
    add_history(app, "a11y-student", peru_ids[0], days=25, per_day=4)
    return ids


Tab = Callable[[str, str | None], Any]  # tab(scheme, role) → a logged-in page


@dataclass
class Site:
    """The module's live server and the ids its seeded pages need."""

    url: str
    ids: dict[str, int]

    def path(self, template: str) -> str:
        return template.format(**self.ids)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app = make_test_app(tmp_path_factory.mktemp("a11y"), WTF_CSRF_ENABLED=True)
    ids = _seed(app)
    with LiveServer(app) as server:
        yield Site(server.url, ids)
    with app.app_context():
        db.engine.dispose()


def _login(page: Any, base: str, role: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(f"a11y-{role}")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


@pytest.fixture(scope="module")
def tab(browser: Any, site: Site) -> Iterator[Tab]:
    """``tab(scheme, role)``: that role's page in the light or dark theme, logged in once per
    role (the session is copied to the other theme). The CSP is bypassed only so that the test
    can inject axe-core; the app itself never runs inline script."""
    sessions: dict[str, Any] = {}
    pages: dict[tuple[str, str | None], Any] = {}

    def get(scheme: str, role: str | None) -> Any:
        if (scheme, role) not in pages:
            context = browser.new_context(viewport=LAPTOP, bypass_csp=True, color_scheme=scheme,
                                          storage_state=sessions.get(role or ""))
            page = context.new_page()
            page.set_default_timeout(10_000)
            if role and role not in sessions:
                _login(page, site.url, role)
                sessions[role] = context.storage_state()
            pages[scheme, role] = page
        return pages[scheme, role]

    yield get
    for page in pages.values():
        page.context.close()


# ----------------------------------------------------------------------------- checks

def axe_violations(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


_TITLES: dict[str, str] = {}  # page-specific part of a title → the route that first had it
_SMALL_WORDS = {"the", "and", "for", "your", "you", "this", "that", "from", "all", "with", "are"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2 and w not in _SMALL_WORDS}


def check_title(page: Any, path: str) -> None:
    """The title is "<something> · quizapp", and that something names this page: it shares a
    word with the page's h1, or no other route's page has the same title."""
    title = page.title()
    specific = title.removesuffix(" · quizapp").strip()
    assert title.endswith(" · quizapp") and specific and specific.casefold() != "quizapp", (
        f"{path}: the title {title!r} does not name the page")
    heading = page.locator("h1").first.inner_text() if page.locator("h1").count() else ""
    if _words(specific) & _words(heading):
        return
    route = re.sub(r"\d+", "N", path.split("?")[0])
    first = _TITLES.setdefault(specific, route)
    assert first == route, (f"{path}: the title {title!r} shares no word with the heading "
                            f"{heading!r} and is also the title of {first}")


def check_page(page: Any, base: str, name: str, path: str, scheme: str = "light",
               status: int = 200) -> None:
    """Load a page on a phone: it answers ``status``, has a title of its own, fits the screen.
    Then, on the phone and widened to a laptop, it has no serious axe violation; a screenshot of
    each is saved."""
    suffix = "" if scheme == "light" else f"-{scheme}"
    page.set_viewport_size(PHONE)
    response = page.goto(base + path)
    assert response is not None and response.status == status, f"{path}: {response and response.status}"
    check_title(page, path)
    assert page.get_attribute("html", "lang") == "en"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a phone ({scheme})"
    problems: list[str] = []
    for label, size in (("375", PHONE), ("1280", LAPTOP)):
        page.set_viewport_size(size)  # the same page, laid out again (no reload: half the time)
        screenshot(page, f"{name}{suffix}-{label}")
        problems += [f"{label} px, {scheme}: {v}" for v in axe_violations(page)]
    assert problems == [], path


def _path(page: Any, base: str) -> str:
    return str(page.url).removeprefix(base)


# ----------------------------------------------------------------------------- tests

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name,path,role", PAGES, ids=[p[0] for p in PAGES])
def test_main_pages_are_accessible_and_fit_a_phone(site: Site, tab: Tab, scheme: str, name: str,
                                                   path: str, role: str | None) -> None:
    check_page(tab(scheme, role), site.url, name, site.path(path), scheme,
               status=404 if name == "not-found" else 200)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quiz_question_feedback_and_results_are_accessible(site: Site, tab: Tab,
                                                           scheme: str) -> None:
    page = tab(scheme, "student")
    page.goto(site.url + "/quiz/peru")
    page.get_by_text("More options").click()  # the full form is folded away
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start quiz").click()
    page.wait_for_url("**/attempt/**")
    check_page(page, site.url, "quiz-question", _path(page, site.url), scheme)
    # Each screen comes in place (quiz.js) or as a page; check_page loads it as a page.
    next_screen = page.locator("form.quiz-answer, .results-page").first
    for _ in range(2):
        page.locator("form.quiz-answer button[type=submit]").first.click()
        page.wait_for_url("**/feedback/**")
        axe_in_place = axe_violations(page)
        assert axe_in_place == [], axe_in_place
        check_page(page, site.url, "quiz-feedback", _path(page, site.url), scheme)
        page.locator("main a[role=button]").first.click()
        next_screen.wait_for()
        if "/results" in page.url:
            break
    assert "/results" in page.url
    check_page(page, site.url, "quiz-results", _path(page, site.url), scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_revealed_card_is_accessible(site: Site, tab: Tab, scheme: str) -> None:
    page = tab(scheme, "student")
    page.goto(site.url + "/study/peru")
    page.keyboard.press("Space")
    page.locator("#card-back").wait_for(state="visible")
    assert axe_violations(page) == []
    # The same card revealed by the server (the link "Show answer" follows without script).
    check_page(page, site.url, "study-back", page.locator("#reveal").get_attribute("href"), scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_import_preview_is_accessible(site: Site, tab: Tab, scheme: str) -> None:
    page = tab(scheme, "instructor")
    page.goto(site.url + "/instructor/import")
    page.get_by_label("File").set_input_files(str(GIFT))
    page.get_by_label("Title of the new set").fill("Moodle's examples")
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Import preview").wait_for()
    check_page(page, site.url, "instructor-import-preview", _path(page, site.url), scheme)
