"""A newcomer's first run, exactly as the README tells it, in a real browser.

From this checkout: build the wheel and install it (not editable) into a fresh virtual
environment; from an unrelated folder, on a fresh instance folder and with no ``quizapp setup``
first, start ``quizapp serve`` (then ``--production --workers 2``); register a student in
Chromium, study three cards with the keyboard, take a short quiz and download the Anki deck,
while a second process imports a GIFT file and creates an instructor against the same instance.
Every write must succeed on the very first start (a first run once held SQLite's write lock
forever, and nobody could register).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import TEST_DATABASE_URL, free_port, screenshot, wait_until_serving

pytestmark = [
    pytest.mark.slow, pytest.mark.e2e,
    pytest.mark.skipif(TEST_DATABASE_URL is not None,
                       reason="a newcomer's first run is on the embedded SQLite (the SQLite pass runs it)"),
]

ROOT = Path(__file__).resolve().parent.parent
GIFT = ROOT / "tests" / "instructor" / "fixtures" / "small.gift"
STUDENT_PASSWORD = "a newcomer's long passphrase"
INSTRUCTOR_PASSWORD = "the first instructor's passphrase"


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout (not editable)."""
    root = tmp_path_factory.mktemp("newcomer")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(root / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((root / "dist").glob("quizapp-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return venv


@dataclass
class Newcomer:
    """A server started from the installed app, and how to run a second command beside it."""

    url: str
    env: dict[str, str]
    cwd: Path
    quizapp: Path

    def command(self, *args: str) -> subprocess.Popen[str]:
        """Start ``quizapp ARGS`` in the background against the same instance."""
        return subprocess.Popen([str(self.quizapp), *args], env=self.env, cwd=self.cwd,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _newcomer_env(instance: Path | None, production: bool) -> dict[str, str]:
    """The environment of someone who just installed the app: none of the tests' settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    if instance is not None:
        env["QUIZAPP_INSTANCE_PATH"] = str(instance)
    if production:  # the README's Production section sets a secret key
        env["QUIZAPP_SECRET_KEY"] = "a-long-random-secret-for-the-newcomer-test"
    return env


@pytest.fixture(params=["development", "production"])
def newcomer(request: pytest.FixtureRequest, venv: Path,
             tmp_path: Path) -> Iterator[Newcomer]:
    """``quizapp serve`` (or ``serve --production --workers 2``) on a fresh instance folder."""
    production = request.param == "production"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Development uses the default instance folder of the fresh venv, as the README's command
    # does; production gets a fresh folder of its own.
    instance = tmp_path / "instance" if production else None
    env = _newcomer_env(instance, production)
    port = free_port()
    quizapp = venv / "bin" / "quizapp"
    args = [str(quizapp), "serve", "--port", str(port)]
    if production:
        args += ["--production", "--workers", "2"]
    server = subprocess.Popen(args, env=env, cwd=elsewhere, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server, attempts=600)
        yield Newcomer(url=base, env=env, cwd=elsewhere, quizapp=quizapp)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Loaded set 'peru'" in output
    assert "Traceback" not in output and "database is locked" not in output, output[-4000:]
    assert not [line for line in output.splitlines() if '" 500 ' in line or " 500 -" in line]


def _register(page, url: str) -> None:
    page.goto(url + "/")
    page.get_by_role("button", name="Create a free account").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill(STUDENT_PASSWORD)
    page.get_by_label("Repeat password").fill(STUDENT_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question sets").wait_for()


# A new card's front is on show (whether the page reloaded or swapped the card in place).
_NEXT_CARD_SHOWN = """previous => {
  const prompt = document.querySelector(".front .prompt");
  return document.readyState === "complete" && prompt !== null && prompt.offsetParent !== null
      && prompt.innerText !== previous;
}"""


def _study_three_cards_by_keyboard(page) -> None:
    page.get_by_role("button", name="Study flashcards").first.click()
    prompts = []
    for _ in range(3):
        page.wait_for_load_state("load")  # the keys work once the page's script has run
        prompts.append(page.locator(".front .prompt").inner_text())
        page.keyboard.press("Space")  # reveal
        page.locator("#card-back").wait_for(state="visible")
        page.keyboard.press("3")  # Good
        page.wait_for_function(_NEXT_CARD_SHOWN, arg=prompts[-1])
    assert len(set(prompts)) == 3, prompts
    page.goto(page.url.split("/study")[0] + "/progress")
    assert int(page.locator("#stat-done").inner_text()) == 3


def _take_a_short_quiz(page, url: str) -> None:
    page.goto(url + "/quiz/peru")
    page.get_by_text("More options").click()  # the full form is folded under the quick quiz
    page.get_by_label("Number of questions").fill("3")
    for box in page.locator("input[name=types]").all():
        if box.get_attribute("value") not in ("multiple_choice", "true_false"):
            box.uncheck()
    page.get_by_role("button", name="Start quiz").click()
    for _ in range(3):
        page.get_by_role("button", name="Submit answer").wait_for()
        page.locator(".quiz-answer input[type=radio]").first.check()
        page.get_by_role("button", name="Submit answer").click()
        page.locator(".feedback-title").wait_for()
        assert "Source: " in page.locator("main").inner_text()  # the quote and its section
        page.get_by_role("button", name="Next question").or_(
            page.get_by_role("button", name="See results")).click()
    page.get_by_role("heading", name="Quiz results").wait_for()


def _download_the_deck(page, url: str, tmp_path: Path) -> None:
    page.goto(url + "/sets/peru")
    with page.expect_download() as download:
        page.get_by_role("link", name="Anki deck (.apkg)").click()
    path = tmp_path / "peru.apkg"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as deck:
        assert {"collection.anki2", "media"} <= set(deck.namelist())


def test_first_run_serves_every_write(newcomer: Newcomer, browser, tmp_path: Path) -> None:
    importing = newcomer.command("import", str(GIFT))
    creating = newcomer.command("create-user", "--username", "teacher", "--password",
                                INSTRUCTOR_PASSWORD, "--role", "instructor")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        _register(page, newcomer.url)
        _study_three_cards_by_keyboard(page)
        _take_a_short_quiz(page, newcomer.url)
        screenshot(page, f"newcomer-quiz-results-{newcomer.url.rsplit(':', 1)[1]}")
        _download_the_deck(page, newcomer.url, tmp_path)
    finally:
        context.close()
    outputs = {}
    for name, process in (("import", importing), ("create-user", creating)):
        outputs[name] = process.communicate(timeout=120)[0]
        assert process.returncode == 0, outputs[name][-3000:]
    assert "3 new" in outputs["import"] and "Created instructor 'teacher'" in outputs["create-user"]
    _instructor_sees_the_import(browser, newcomer.url)


def _instructor_sees_the_import(browser, url: str) -> None:
    """The instructor created beside the running server logs in."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "/login")
        page.get_by_label("Username").fill("teacher")
        page.get_by_label("Password").fill(INSTRUCTOR_PASSWORD)
        page.keyboard.press("Enter")
        page.get_by_role("link", name="Teach", exact=True).wait_for()
    finally:
        context.close()
