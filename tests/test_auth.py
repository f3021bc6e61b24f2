"""Accounts: register, log in, log out, redirects, CSRF."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from support import PASSWORD, client_from, csrf_token, login

from quizapp.extensions import db
from quizapp.models import Base, User


def _register(client, username="maria", password="a long enough passphrase", confirm=None):
    return client.post("/register", data={
        "username": username, "password": password, "confirm": confirm or password,
    })


def test_register_logs_in_and_shows_sets(client) -> None:
    response = _register(client)
    assert response.status_code == 302
    assert "Question sets" in client.get("/").get_data(as_text=True)


def test_registered_password_is_hashed(app, client) -> None:
    _register(client, "lucia", "sendero luminoso quiz")
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == "lucia")).scalar_one()
        assert "sendero" not in user.password_hash
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
        assert user.role == "student"


def test_duplicate_username_is_refused_with_a_message(client, make_user) -> None:
    make_user("maria")
    response = _register(client, "Maria")
    assert response.status_code == 200
    assert "That username is taken" in response.get_data(as_text=True)


def test_short_and_common_passwords_are_refused(client) -> None:
    assert "at least 8 characters" in _register(client, "abc1", "short").get_data(as_text=True)
    assert "too common" in _register(client, "abc2", "password123").get_data(as_text=True)


def test_long_passphrase_is_kept_whole(client, app) -> None:
    phrase = "x" * 200 + "tail"
    _register(client, "long", phrase)
    other = app.test_client()
    assert login(other, "long", "x" * 200).status_code == 200  # a prefix is not the password
    assert login(other, "long", phrase).status_code == 302


def test_wrong_password_is_refused(client, make_user) -> None:
    make_user("ana")
    response = login(client, "ana", "not the password")
    assert response.status_code == 200
    assert "Wrong username or password" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_unknown_user_gets_the_same_answer(client) -> None:
    response = login(client, "nobody", "whatever password")
    assert "Wrong username or password" in response.get_data(as_text=True)


def test_logout_is_post_only_and_ends_the_session(client, make_user) -> None:
    make_user("ana")
    login(client, "ana")
    assert client.get("/logout").status_code == 405
    cookie = client.get_cookie("session")
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302
    client.set_cookie("session", cookie.value)  # replay the old cookie
    assert client.get("/account").status_code == 302


def test_next_redirect_stays_on_site(client, make_user) -> None:
    make_user("ana")
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"):
        response = client.post(f"/login?next={target}", data={"username": "ana", "password": PASSWORD})
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target
        client.post("/logout")
    response = client.post("/login?next=/account", data={"username": "ana", "password": PASSWORD})
    assert response.headers["Location"] == "/account"


def test_form_without_csrf_token_is_rejected(csrf_app, make_user) -> None:
    client = csrf_app.test_client()
    response = client.post("/register", data={"username": "eve", "password": "x" * 12, "confirm": "x" * 12})
    assert response.status_code == 400
    token = csrf_token(client, "/register")
    ok = client.post("/register", data={"username": "eve", "password": "a good passphrase",
                                        "confirm": "a good passphrase", "csrf_token": token})
    assert ok.status_code == 302


def test_repeated_failures_make_this_name_wait_here(client, make_user) -> None:
    make_user("ana")
    for _ in range(5):
        login(client, "ana", "wrong password")
    response = login(client, "ana")  # right password, but this name must wait from here
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert 0 < int(response.headers["Retry-After"]) <= 30


def test_the_owner_logs_in_from_elsewhere_while_a_stranger_waits(app, make_user) -> None:
    make_user("ana")
    stranger = client_from(app, "203.0.113.9")
    for _ in range(8):
        login(stranger, "ana", "guess")
    owner = client_from(app, "198.51.100.7")
    assert login(owner, "ana").status_code == 302
    assert login(stranger, "ana").status_code == 429


def test_the_wait_doubles_with_each_further_failure(app, make_user) -> None:
    from datetime import UTC, datetime, timedelta

    from quizapp.auth import services
    from quizapp.auth.throttle import ThrottlePolicy

    make_user("ana")
    start, policy = datetime(2026, 1, 1, tzinfo=UTC), ThrottlePolicy()
    waits = []
    with app.test_request_context(method="POST"):
        now = start
        while len(waits) < 3:
            try:
                assert services.authenticate("ana", "guess", address="a", now=now,
                                             policy=policy) is None
            except services.Throttled as exc:
                waits.append(exc.retry_after)
                now += timedelta(seconds=exc.retry_after)
            app.extensions["sqlalchemy"].session.commit()
    assert waits == [30, 60, 120]


def test_a_name_tried_from_many_addresses_hits_the_ceiling(app, make_user) -> None:
    app.config["LOGIN_NAME_CEILING"] = 10
    make_user("ana")
    for n in range(10):
        login(client_from(app, f"10.0.0.{n}"), "ana", "guess")
    elsewhere = client_from(app, "10.0.1.1")
    response = login(elsewhere, "ana")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 3000  # the rest of the hour


def test_a_right_password_forgets_the_failures_from_that_address(client, make_user) -> None:
    make_user("ana")
    for _ in range(4):
        login(client, "ana", "wrong password")
    assert login(client, "ana").status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert login(client, "ana", "wrong password").status_code == 200


def test_change_password_logs_out_other_sessions(app, make_user) -> None:
    make_user("ana")
    first, second = app.test_client(), app.test_client()
    login(first, "ana")
    login(second, "ana")
    response = first.post("/account/password", data={
        "current": PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase"})
    assert response.status_code == 302
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 302
    assert login(app.test_client(), "ana", "a brand new passphrase").status_code == 302


def test_delete_account_removes_the_user_and_all_their_data(app, client, make_user, peru_set,
                                                           user_client) -> None:
    ana = make_user("ana")
    login(client, "ana")
    _leave_traces(client, user_client)
    assert all(_rows_of(app, ana.id).values()), _rows_of(app, ana.id)
    assert client.post("/account/delete", data={"delete-password": "wrong one!"}).status_code == 400
    assert client.post("/account/delete", data={"delete-password": PASSWORD}).status_code == 302
    with app.app_context():
        assert db.session.execute(select(User).where(User.username == "ana")).first() is None
    assert not any(_rows_of(app, ana.id).values())
    assert login(client, "ana").status_code == 200


def _leave_traces(client, user_client) -> None:
    """A flashcard answer, a quiz attempt, a class membership and a live game joined."""
    page = client.get("/study/peru").get_data(as_text=True)
    question_id = re.search(r'name="question_id" type="hidden" value="(\d+)"', page).group(1)
    client.post("/study/peru/review", data={"question_id": question_id, "rating": "3",
                                            "client_id": "trace-1"})
    client.post("/quiz/peru", data={"count": 3, "topics": ["dates"], "types": ["multiple_choice"],
                                    "feedback": "each"})
    teacher = user_client("instructor")
    class_id = teacher.post("/classes/new", data={"name": "Crime 101"}).location.rsplit("/", 1)[-1]
    code = re.search(r'id="join-code">([A-Z0-9]{8})<',
                     teacher.get(f"/classes/{class_id}").get_data(as_text=True)).group(1)
    game = teacher.post("/live/new", data={"set_slug": "peru", "class_id": 0, "count": 3,
                                           "seconds": 20}).location
    pin = re.search(r'class="live-pin"[^>]*>(\d{6})<', teacher.get(game).get_data(as_text=True))
    client.post("/live/join", data={"pin": pin.group(1), "name": "Ana"})
    client.post("/classes/join", data={"code": code})


def _rows_of(app, user_id: int) -> dict[str, int]:
    """Per table with a user_id column, the rows that belong to the user."""
    with app.app_context():
        return {table.name: db.session.execute(select(func.count()).select_from(table).where(
            table.c.user_id == user_id)).scalar_one()
            for table in Base.metadata.sorted_tables if "user_id" in table.c}


def test_a_deleted_accounts_other_sessions_never_sign_in_as_the_next_account(app) -> None:
    """SQLite hands a deleted account's id to the next new one; ana's phone, still holding her
    old cookie, must land on the login page, not in bob's account."""
    laptop, phone = app.test_client(), app.test_client()
    assert _register(laptop, "ana").status_code == 302
    assert login(phone, "ana", "a long enough passphrase").status_code == 302
    assert laptop.post("/account/delete",
                       data={"delete-password": "a long enough passphrase"}).status_code == 302
    assert _register(app.test_client(), "bob").status_code == 302
    response = phone.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
