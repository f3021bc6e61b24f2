"""The security checklist (docs: security-and-reliability.md), one test per item.

Items 4, 5 and 16-19 also have HTTP-level tests here once the routes exist; the parsers' own
hostile-input tests live in tests/imports/.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from support import PASSWORD, client_from, csrf_token, login, make_test_app

from quizapp.bank.schema import Bank, Question, SetInfo, SourceRef
from quizapp.extensions import db
from quizapp.models import Base, Card, ReviewLog, User

# Endpoints an anonymous visitor may reach. Everything else must send them to the login page.
PUBLIC_ENDPOINTS = {"static", "main.healthz", "main.index", "main.about", "auth.login",
                    "auth.register"}
TEMPLATES = Path(__file__).resolve().parents[2] / "quizapp" / "templates"


def _sample_url(app: Flask, rule: Any, values: dict[str, Any] | None = None) -> str:
    args: dict[str, Any] = {}
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__
        args[name] = (values or {}).get(name, 1 if converter == "IntegerConverter" else "peru")
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **args)


def _rules(app: Flask, *, method: str) -> list[Any]:
    return [r for r in app.url_map.iter_rules()
            if method in (r.methods or set()) and r.endpoint not in PUBLIC_ENDPOINTS]


def _row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def test_item01_post_without_or_with_foreign_csrf_token_is_400(csrf_app, make_user) -> None:
    make_user("ana")
    client, other = csrf_app.test_client(), csrf_app.test_client()
    assert client.post("/login", data={"username": "ana", "password": PASSWORD}).status_code == 400
    foreign = csrf_token(other)
    response = client.post("/login", data={"username": "ana", "password": PASSWORD,
                                           "csrf_token": foreign})
    assert response.status_code == 400
    own = csrf_token(client)
    assert client.post("/login", data={"username": "ana", "password": PASSWORD,
                                       "csrf_token": own}).status_code == 302


def test_item02_every_route_is_public_by_allowlist_or_needs_login(app, peru_set) -> None:
    client = app.test_client()
    checked = 0
    for method in ("GET", "POST"):
        for rule in _rules(app, method=method):
            url = _sample_url(app, rule)
            response = client.open(url, method=method)
            assert response.status_code in (302, 401), (method, url, response.status_code)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], (method, url)
            checked += 1
    assert checked > 20


def test_item03_no_get_changes_state(app, peru_set, user_client) -> None:
    clients = [user_client(), user_client("instructor"), user_client("admin")]
    before = _row_counts(app)
    for rule in _rules(app, method="GET"):
        for client in clients:
            client.get(_sample_url(app, rule))
    assert _row_counts(app) == before
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("auth.logout", "study.review", "study.undo"):
            assert "GET" not in (rule.methods or set())


def test_item06_extra_fields_cannot_raise_role_or_change_owner(app, client, user_client) -> None:
    client.post("/register", data={"username": "mallory", "password": "a long passphrase here",
                                   "confirm": "a long passphrase here", "role": "admin",
                                   "active": "0", "session_version": "99"})
    student = user_client()
    student.post("/settings", data={"new_per_day": "10", "max_reviews_per_day": "100",
                                    "desired_retention": "0.9", "maximum_interval": "365",
                                    "timezone": "America/Lima", "role": "admin", "id": "1",
                                    "user_id": "1", "username": "root"})
    with app.app_context():
        mallory = db.session.execute(select(User).where(User.username == "mallory")).scalar_one()
        assert (mallory.role, mallory.active) == ("student", True)
        assert mallory.session_version != 99
        me = db.session.get(User, student.user.id)
        assert (me.role, me.username, me.new_per_day) == ("student", student.user.username, 10)


def test_item07_failed_logins_are_throttled_alike_for_known_and_unknown_names(
        app, make_user) -> None:
    make_user("ana")
    # Counts live in the database, so two "workers" (two clients of separate sessions) share
    # them; a known and an unknown name get the same answers at every step.
    first, second = app.test_client(), app.test_client()
    known, unknown = [], []
    for i in range(7):
        client = first if i % 2 else second
        known.append(login(client, "ana", "wrong password"))
        unknown.append(login(client, "nobody", "wrong password"))
    assert [r.status_code for r in known] == [r.status_code for r in unknown] \
        == [200] * 5 + [429] * 2
    assert [_main(r) for r in known] == [_main(r) for r in unknown]
    assert login(app.test_client(), "ana").status_code == 429  # the right one waits here too
    owner = client_from(app, "198.51.100.7")
    assert login(owner, "ana").status_code == 302  # ... but not from elsewhere


def test_item08_unknown_user_and_wrong_password_look_the_same(app, make_user, monkeypatch) -> None:
    make_user("ana")
    from quizapp.auth import services

    calls: list[str] = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash",
                        lambda h, p: calls.append("hash") or real(h, p))
    unknown = login(app.test_client(), "nobody", "some password")
    wrong = login(app.test_client(), "ana", "some password")
    assert unknown.status_code == wrong.status_code == 200
    assert _main(unknown) == _main(wrong)
    assert calls == ["hash", "hash"], "both paths must verify one hash (same cost)"


def _main(response: Any) -> str:
    html = response.get_data(as_text=True)
    html = re.sub(r'value="[^"]*"', "", html)
    return html[html.index("<main"):html.index("</main>")]


def test_item09_password_rules(client) -> None:
    def register(name: str, password: str) -> str:
        return client.post("/register", data={"username": name, "password": password,
                                               "confirm": password}).get_data(as_text=True)

    assert "at least 8 characters" in register("shorty", "1234567")
    assert "too common" in register("common", "password1")
    passphrase = "correct horse battery staple " * 6
    register("poet", passphrase)
    with client.application.app_context():
        stored = db.session.execute(select(User.password_hash).where(User.username == "poet"))
        assert stored.scalar_one().startswith(("scrypt:", "pbkdf2:"))
    assert login(client.application.test_client(), "poet", passphrase[:-1]).status_code == 200


def test_item10_old_session_cookie_is_dead_after_logout_password_change_or_deactivation(
    app, make_user
) -> None:
    user = make_user("ana")
    client = app.test_client()
    login(client, "ana")
    cookie = client.get_cookie("session").value
    client.post("/logout")
    client.set_cookie("session", cookie)
    assert client.get("/account").status_code == 302
    # A password changed on the laptop ends the session on the phone.
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "ana")
    login(phone, "ana")
    new_password = "a brand new passphrase"
    assert laptop.post("/account/password", data={
        "current": PASSWORD, "password": new_password, "confirm": new_password,
    }).status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    login(client, "ana", new_password)
    cookie = client.get_cookie("session").value
    with app.app_context():
        from quizapp.auth.services import set_active

        set_active(db.session.get(User, user.id), False)
        db.session.commit()
    client.set_cookie("session", cookie)
    assert client.get("/account").status_code == 302


def test_item11_production_cookies_and_startup_checks(tmp_path, monkeypatch) -> None:
    from quizapp import create_app
    from quizapp.config import ConfigError

    monkeypatch.setenv("QUIZAPP_PRODUCTION", "1")
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "k" * 64)
    with pytest.raises(ConfigError, match="debug"):
        create_app({"PRODUCTION": True, "DEBUG": True, "SECRET_KEY": "k" * 64})
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    app = create_app()
    with app.app_context():
        db.create_all()
        db.session.add(User(username="ana", password_hash=_hash()))
        db.session.commit()
    client = app.test_client()
    token = csrf_token(client)
    response = client.post("/login", data={"username": "ana", "password": PASSWORD,
                                           "csrf_token": token, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def _hash() -> str:
    from support import password_hash

    return password_hash()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "https:/evil.example", "\\\\evil.example"])
def test_item12_next_never_leaves_the_site(app, make_user, target) -> None:
    make_user("ana")
    response = app.test_client().post(f"/login?next={target}",
                                      data={"username": "ana", "password": PASSWORD})
    assert response.headers["Location"] == "/"


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def _hostile_bank() -> Bank:
    return Bank(SetInfo("hostile", f"Set {HOSTILE}", description=HOSTILE), (
        Question("h1", "groups", "short_answer", f"Prompt {HOSTILE}", f"Answer {HOSTILE}",
                 accept=(HOSTILE,), source=SourceRef(HOSTILE, f"Quote {HOSTILE}")),
    ))


def test_item13_question_text_is_escaped_in_pages_and_exports(app, save_set, user_client) -> None:
    save_set(_hostile_bank())
    client = user_client()
    pages = [client.get("/"), client.get("/sets/hostile"), client.get("/study/hostile?reveal=1")]
    qid = re.search(r'name="question_id" type="hidden" value="(\d+)"', pages[-1].get_data(as_text=True))
    pages.append(client.get(f"/study/hostile?reveal={qid.group(1)}"))
    pages.append(client.get("/sets/hostile/export.tsv"))
    for response in pages:
        body = response.get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in pages[-2].get_data(as_text=True)
    apkg = client.get("/sets/hostile/export.apkg").data
    assert b"<script>alert" not in apkg
    # GIFT cannot escape markup; Moodle reads text marked [plain] as text, never as HTML.
    from quizapp.export.gift import bank_to_gift

    gift = bank_to_gift(_hostile_bank())
    question_lines = [line for line in gift.splitlines() if line.startswith("::")]
    assert question_lines and all(re.match(r"::[^:]+::\[plain\]", line) for line in question_lines)


def test_item14_security_headers_and_no_inline_script(app, peru_set, user_client) -> None:
    client = user_client()
    for path in ("/", "/login", "/study/peru", "/progress", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert not re.search(r"\sstyle\s*=", text), template


def test_item15_upload_over_the_limit_is_413(tmp_path) -> None:
    app = make_test_app(tmp_path, MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_item20_downloads_are_attachments_with_a_type(peru_set, user_client) -> None:
    client = user_client()
    for path, mimetype in (("/sets/peru/export.apkg", "application/apkg"),
                           ("/sets/peru/export.tsv", "text/tab-separated-values")):
        response = client.get(path)
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.mimetype == mimetype


def test_item22_errors_show_a_generic_page_and_logs_hold_no_secrets(tmp_path, caplog) -> None:
    app = make_test_app(tmp_path, PROPAGATE_EXCEPTIONS=False, TESTING=False)

    def explode() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode", view_func=explode)
    with caplog.at_level(logging.INFO):
        client = app.test_client()
        response = client.get("/explode")
        login(client, "someone", "hunter2-password-value")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in body
    assert "Traceback" not in body and "secret internals" not in body
    assert "secret internals" in caplog.text  # logged for the operator
    assert "hunter2-password-value" not in caplog.text
    assert "test-secret" not in caplog.text


def test_item04_students_get_403_on_every_instructor_route(app, peru_set, user_client) -> None:
    student = user_client()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("instructor.")]
    assert len(rules) > 10
    for rule in rules:
        url = _sample_url(app, rule)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            assert student.open(url, method=method).status_code == 403, (method, url)


def test_item05_other_students_attempts_and_other_instructors_sets_are_404(
    app, peru_set, user_client
) -> None:
    ana, ben = user_client(username="ana"), user_client(username="ben")
    start = ana.post("/quiz/peru", data={
        "count": "3", "feedback": "each", "topics": ["groups", "leaders"],
        "types": ["multiple_choice", "short_answer"]})
    assert start.status_code == 302
    attempt_url = start.headers["Location"]
    attempt_id = int(re.search(r"/attempt/(\d+)", attempt_url).group(1))
    quiz_rules = [r for r in app.url_map.iter_rules()
                  if r.endpoint.startswith("quiz.") and "attempt_id" in r.arguments]
    assert quiz_rules
    for rule in quiz_rules:
        url = _sample_url(app, rule, {"attempt_id": attempt_id})
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            assert ben.open(url, method=method).status_code == 404, (method, url)
    teacher, other = user_client("instructor", "teacher"), user_client("instructor", "other")
    teacher.post("/instructor/sets/new", data={"title": "Private set", "description": "",
                                               "status": "draft"})
    with app.app_context():
        from quizapp.models import QuestionSet

        slug = db.session.execute(select(QuestionSet.slug).where(
            QuestionSet.title == "Private set")).scalar_one()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("instructor.") and "slug" in rule.arguments:
            url = _sample_url(app, rule, {"slug": slug, "fmt": "yaml", "qtype": "cloze",
                                          "direction": "up"})
            assert other.get(url).status_code in (404, 405), url


def _upload(client, filename: str, data: bytes) -> Any:
    import io

    return client.post("/instructor/import", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), filename), "target": "", "title": ""})


def _zip(members: dict[str, bytes], compression: int = 8) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _apkg_with_trigger(tmp_path: Path) -> bytes:
    import sqlite3

    path = tmp_path / "collection.anki2"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, flds TEXT,"
            " tags TEXT); CREATE TABLE col (models TEXT);"
            " CREATE TRIGGER evil AFTER INSERT ON notes BEGIN DELETE FROM col; END;")
    return _zip({"collection.anki2": path.read_bytes()})


def _refused_and_nothing_written(app, user_client, tmp_path, filename: str, data: bytes,
                                 message: str = "") -> None:
    """Upload as an instructor: 400 with a message, no rows, no staged file, nothing outside."""
    teacher = user_client("instructor")
    before = _row_counts(app)
    uploads = Path(app.instance_path) / "uploads"
    staged_before = set(uploads.glob("*")) if uploads.exists() else set()
    response = _upload(teacher, filename, data)
    assert response.status_code == 400, filename
    body = response.get_data(as_text=True)
    assert "Nothing was imported" in body and message in body, filename
    assert _row_counts(app) == before
    assert (set(uploads.glob("*")) if uploads.exists() else set()) == staged_before
    assert not (tmp_path.parent / "evil.txt").exists()
    assert not Path("/tmp/evil.txt").exists()


@pytest.mark.parametrize("filename,data,message", [
    ("broken.csv", b"topic,type,prompt,answer\ngroups,nonsense,Q,A\n", "line 2"),
    ("broken.gift", b"::q1:: Who? {=A ~B\n", "line 1"),
    ("broken.yaml", b"set: [unclosed\n", "line"),
    ("deck.apkg", b"this is not a zip file", "zip"),
    ("empty.apkg", _zip({"media": b"{}"}), "collection"),
], ids=["csv", "gift", "yaml", "not-a-zip", "no-collection"])
def test_item16_malformed_uploads_are_400_naming_the_place_and_write_nothing(
    app, user_client, tmp_path, filename, data, message
) -> None:
    _refused_and_nothing_written(app, user_client, tmp_path, filename, data, message)


def _many_members() -> bytes:
    return _zip({f"m{i}": b"" for i in range(5000)} | {"collection.anki2": b"x"}, compression=0)


@pytest.mark.parametrize("data", [
    _zip({"collection.anki2": b"\0" * 30_000_000}),
    _many_members(),
], ids=["huge-ratio", "too-many-entries"])
def test_item17_zip_bombs_are_refused_before_reading(app, user_client, tmp_path, data) -> None:
    _refused_and_nothing_written(app, user_client, tmp_path, "bomb.apkg", data)


@pytest.mark.parametrize("member", ["../../evil.txt", "/tmp/evil.txt"], ids=["dotdot", "absolute"])
def test_item18_zip_slip_writes_nothing_outside(app, user_client, tmp_path, member) -> None:
    data = _zip({member: b"x", "collection.anki2": b"x"})
    _refused_and_nothing_written(app, user_client, tmp_path, "slip.apkg", data)


def test_item19_hostile_sqlite_inside_an_apkg_is_refused(app, user_client, tmp_path) -> None:
    _refused_and_nothing_written(app, user_client, tmp_path, "trigger.apkg",
                                 _apkg_with_trigger(tmp_path))


def test_item21_a_review_submitted_twice_is_stored_once_and_applied_once(
    app, peru_set, user_client
) -> None:
    """Double click, second tab, retry: the same client id twice is one log and one scheduling
    step; the duplicate is answered like a success (the form's redirect, then 200), not an error."""
    client = user_client()
    page = client.get("/study/peru").get_data(as_text=True)
    question_id = re.search(r'name="question_id" type="hidden" value="(\d+)"', page).group(1)
    answer = {"question_id": question_id, "rating": "3", "client_id": "tab-1-answer-1"}
    first = client.post("/study/peru/review", data=answer, follow_redirects=True)
    with app.app_context():
        card = db.session.execute(select(Card).where(Card.question_id == int(question_id))
                                  ).scalar_one()
        after_first = (card.reps, card.due, card.state)
    again = client.post("/study/peru/review", data=answer, follow_redirects=True)
    assert first.status_code == again.status_code == 200
    with app.app_context():
        logs = db.session.execute(select(ReviewLog).where(
            ReviewLog.question_id == int(question_id))).scalars().all()
        card = db.session.execute(select(Card).where(Card.question_id == int(question_id))
                                  ).scalar_one()
        assert len(logs) == 1
        assert (card.reps, card.due, card.state) == after_first == (1, card.due, card.state)
